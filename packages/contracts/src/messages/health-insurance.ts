import { z } from 'zod';
import { defineMessage } from '../message-definition.ts';
import { TOPICS } from '../topics.ts';
import {
  CalendarDate,
  CommuneCodeFormat,
  FullName,
  Instant,
  PersonalId,
  ProgressStatus,
  Reason,
  Sex,
} from './common.ts';

export const IssueChildHealthInsuranceCard = defineMessage({
  type: 'lienthong.health-insurance.issue-child-card',
  version: 1,
  kind: 'command',
  topic: TOPICS.healthInsuranceCommands,
  description:
    'Issue the first health-insurance (BHYT) card of a child under 6 (Vietnam Social Security). ' +
    'Idempotent per dossier.',
  schema: z.object({
    dossierId: z.string().min(1),
    applicationDate: CalendarDate.describe('The day the dossier was received: the age rule is checked on it'),
    communeCode: CommuneCodeFormat,
    child: z.object({ personalId: PersonalId, fullName: FullName, sex: Sex, dateOfBirth: CalendarDate }),
    birthCertificateNumber: z.string().min(1).describe('Birth registration number from civil status'),
    initialCareFacility: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Preferred facility for initial medical care, when chosen'),
  }),
});

export const HealthInsuranceProgressed = defineMessage({
  type: 'lienthong.health-insurance.card-progressed',
  version: 1,
  kind: 'event',
  topic: TOPICS.healthInsuranceEvents,
  description: 'Social Security is working on the card.',
  schema: z.object({ dossierId: z.string().min(1), status: ProgressStatus, reason: Reason.optional() }),
});

export const ChildHealthInsuranceCardIssued = defineMessage({
  type: 'lienthong.health-insurance.child-card-issued',
  version: 1,
  kind: 'event',
  topic: TOPICS.healthInsuranceEvents,
  description: 'The child’s electronic BHYT card is issued.',
  schema: z.object({
    dossierId: z.string().min(1),
    cardNumber: z.string().min(1).describe('Health-insurance card number'),
    socialInsuranceNumber: z
      .string()
      .min(1)
      .describe('Social-insurance number (for a child: the personal ID)'),
    validFrom: CalendarDate,
    validTo: CalendarDate.describe('The day before the child turns 6'),
    issuedAt: Instant,
  }),
});

export const HealthInsuranceRefused = defineMessage({
  type: 'lienthong.health-insurance.card-refused',
  version: 1,
  kind: 'event',
  topic: TOPICS.healthInsuranceEvents,
  description: 'Social Security refused the card, within 1 working day and with its reason.',
  schema: z.object({ dossierId: z.string().min(1), reason: Reason }),
});

export const HealthInsuranceFailed = defineMessage({
  type: 'lienthong.health-insurance.card-failed',
  version: 1,
  kind: 'event',
  topic: TOPICS.healthInsuranceEvents,
  description: 'The card could not be issued for a technical reason.',
  schema: z.object({ dossierId: z.string().min(1), reason: Reason }),
});
