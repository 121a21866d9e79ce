/**
 * The HTTP contract of the population registry, one zod schema per message, each sharing its
 * name with its type. The routes validate and document with them, and the client parses
 * answers with them, so a real endpoint that replaces this stand-in is held to the same shapes.
 */
import {
  communeCodeSchema,
  FaultSettingsMembers,
  personalIdSchema,
  requestIdSchema,
  Sex,
} from '@lienthong/stand-in-kit/client';
import { z } from 'zod';
import { REFUSAL_CODES } from './domain/issuance.ts';
import { CURRENT_PROVINCE_CODES } from './domain/provinces.ts';

export { Sex };

export const PersonalId = personalIdSchema('001194003582');
export type PersonalId = z.infer<typeof PersonalId>;

export const RequestId = requestIdSchema('HS-2026-000123:birth-registration');
export type RequestId = z.infer<typeof RequestId>;

const FullName = z.string().trim().min(1).max(200).describe('Full name as on the birth certificate');

export const PersonalIdRequest = z
  .object({
    requestId: RequestId,
    provinceCode: z
      .enum(CURRENT_PROVINCE_CODES)
      .describe(
        '2-digit code of the province where the birth is registered (Decision 19/2025/QĐ-TTg); ' +
          'the number starts with "0" + this code',
      ),
    child: z
      .object({
        fullName: FullName,
        sex: Sex,
        dateOfBirth: z.iso.date().describe('Date of birth, YYYY-MM-DD'),
      })
      .describe('The child to number'),
    mother: z.object({ personalId: PersonalId }).describe('The mother, already on record'),
    father: z
      .object({ personalId: PersonalId })
      .optional()
      .describe('The father, already on record; absent when not declared'),
    callbackUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Where to POST the answer if it comes later (202): { requestId, status, personalId }'),
  })
  .describe('A request for a newborn child’s personal identification number');
export type PersonalIdRequest = z.infer<typeof PersonalIdRequest>;

export const IssuedAnswer = z
  .object({
    requestId: RequestId,
    status: z.literal('issued'),
    personalId: PersonalId,
  })
  .describe('The child has a number');
export type IssuedAnswer = z.infer<typeof IssuedAnswer>;

export const PendingAnswer = z
  .object({
    requestId: RequestId,
    status: z.literal('pending'),
  })
  .describe('Accepted; the answer comes later, by callback or by polling the request');
export type PendingAnswer = z.infer<typeof PendingAnswer>;

export const RefusalCode = z.enum(REFUSAL_CODES).describe('Stable refusal code');
export type RefusalCode = z.infer<typeof RefusalCode>;

export const RefusedAnswer = z
  .object({
    requestId: RequestId,
    status: z.literal('refused'),
    code: RefusalCode,
    reason: z.string().describe('Why, in words; never names the people concerned'),
  })
  .describe('The population database refused the request; sending it again gives the same answer');
export type RefusedAnswer = z.infer<typeof RefusedAnswer>;

export const PersonalIdRequestStatus = z
  .discriminatedUnion('status', [PendingAnswer, IssuedAnswer, RefusedAnswer])
  .describe("A request's current state");
export type PersonalIdRequestStatus = z.infer<typeof PersonalIdRequestStatus>;

export const PersonalIdCallback = z
  .object({
    requestId: RequestId,
    status: z.enum(['issued', 'refused']),
    personalId: PersonalId.optional().describe('When issued'),
    code: RefusalCode.optional().describe('When refused'),
    reason: z.string().optional().describe('When refused'),
  })
  .describe('What a callbackUrl receives once a pending request is decided; answer 2xx to acknowledge');
export type PersonalIdCallback = z.infer<typeof PersonalIdCallback>;

export const PermanentResidence = z
  .object({
    communeCode: communeCodeSchema('Commune-level unit of the residence'),
    address: z
      .string()
      .trim()
      .min(5)
      .max(300)
      .describe('The address within the commune, e.g. house number, street or hamlet'),
    since: z.iso.date().describe('When it was registered, YYYY-MM-DD; not before the date of birth'),
  })
  .describe('The permanent residence (nơi thường trú) on record');
export type PermanentResidence = z.infer<typeof PermanentResidence>;

export const PersonRecord = z
  .object({
    personalId: PersonalId,
    fullName: z.string().describe('Full name'),
    sex: Sex,
    dateOfBirth: z.iso.date().describe('Date of birth, YYYY-MM-DD'),
    status: z.enum(['alive', 'deceased']).describe('Whether the person is alive on record'),
    dateOfDeath: z.iso.date().optional().describe('Date of death, YYYY-MM-DD, when deceased'),
    provinceCode: z
      .string()
      .regex(/^\d{2}$/)
      .optional()
      .describe('2-digit code of the province of birth registration, when known (may be a pre-2025 code)'),
    permanentResidence: PermanentResidence.optional().describe('The permanent residence, when known'),
  })
  .describe('A person on record in the population database');
export type PersonRecord = z.infer<typeof PersonRecord>;

export const NewPerson = z
  .object({
    personalId: PersonalId,
    fullName: FullName,
    sex: Sex,
    dateOfBirth: z.iso.date().describe('Date of birth, YYYY-MM-DD'),
    status: z.enum(['alive', 'deceased']).default('alive').describe('Whether the person is alive'),
    dateOfDeath: z.iso.date().optional().describe('Date of death, YYYY-MM-DD; required when deceased'),
    provinceCode: z
      .string()
      .regex(/^\d{2}$/)
      .optional()
      .describe('2-digit province of birth registration; when given, digits 2–3 of the number must match'),
    motherPersonalId: PersonalId.optional().describe("The mother's number, for duplicate checks"),
    fatherPersonalId: PersonalId.optional().describe("The father's number"),
    permanentResidence: PermanentResidence.optional().describe(
      'The permanent residence, when known; since must not be before the date of birth',
    ),
  })
  .describe('A person to add to the stand-in database (test data)');
export type NewPerson = z.infer<typeof NewPerson>;

/** Active faults as the admin API shows them; an absent member is off. */
export const FaultSettingsView = FaultSettingsMembers.extend({
  outageUntil: FaultSettingsMembers.shape.outageUntil.describe(
    'Every issuance and lookup answers 503 until this time (ISO 8601)',
  ),
  answerLaterMs: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600 * 1000)
    .optional()
    .describe('New issuance requests answer 202 pending and are decided this long after (durable)'),
}).describe('Faults injected into issuance and lookup (test only)');
export type FaultSettingsView = z.infer<typeof FaultSettingsView>;

export const FaultSettingsBody = FaultSettingsView.strict()
  .refine((body) => (body.errorRate ?? 0) + (body.timeoutRate ?? 0) <= 1, {
    message: 'errorRate + timeoutRate must not exceed 1',
    path: ['timeoutRate'],
  })
  .describe('Faults to inject; an absent member is off. Replaces the current settings.');
export type FaultSettingsBody = z.infer<typeof FaultSettingsBody>;
