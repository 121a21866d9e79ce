import { z } from 'zod';

/** Vietnamese and English text of the same message. */
export const LocalizedText = z
  .object({
    vi: z.string().min(1).describe('Vietnamese'),
    en: z.string().min(1).describe('English'),
  })
  .describe('The same text in Vietnamese and English');
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Why an agency refused or could not act: a stable code for machines, a message for people. */
export const Reason = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .describe('Stable reason code, e.g. CHILD_NOT_UNDER_SIX'),
    message: LocalizedText,
  })
  .describe('A refusal or failure reason');
export type Reason = z.infer<typeof Reason>;

/** 12 digits per Circular 59/2021/TT-BCA: province (3), century and sex (1), year (2), random (6). */
export const PersonalId = z
  .string()
  .regex(/^\d{12}$/, 'must be 12 digits (Circular 59/2021/TT-BCA)')
  .describe('Personal identification number (12 digits)');
export type PersonalId = z.infer<typeof PersonalId>;

export const Sex = z.enum(['male', 'female']).describe('Sex as registered');
export type Sex = z.infer<typeof Sex>;

export const CalendarDate = z.iso.date().describe('A calendar date, YYYY-MM-DD');
export type CalendarDate = z.infer<typeof CalendarDate>;

export const Instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601 with offset');
export type Instant = z.infer<typeof Instant>;

export const FullName = z.string().trim().min(1).max(120).describe('Full name as on civil-status records');
export type FullName = z.infer<typeof FullName>;

export const CommuneCodeFormat = z
  .string()
  .regex(/^\d{5}$/, 'must be a 5-digit commune code (Decision 19/2025/QĐ-TTg)')
  .describe('Commune-level unit code (Decision 19/2025/QĐ-TTg)');
export type CommuneCodeFormat = z.infer<typeof CommuneCodeFormat>;

/** A signed electronic extract: the compact JWS is the document; anyone verifies it offline. */
export const SignedExtract = z
  .object({
    jws: z.string().min(1).describe('Compact JWS (Ed25519) of the extract'),
    kid: z.string().min(1).describe('Id of the signing key in the published JWKS'),
  })
  .describe('A digitally signed electronic extract');
export type SignedExtract = z.infer<typeof SignedExtract>;

/** Status words an agency reports while it works on a step. */
export const ProgressStatus = z
  .enum(['in_progress', 'id_pending', 'awaiting_officer', 'supplement_requested'])
  .describe('What the agency is doing');
export type ProgressStatus = z.infer<typeof ProgressStatus>;
