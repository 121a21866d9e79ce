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
  SignedExtract,
} from './common.ts';

/** The child as declared, from the hospital birth certificate (giấy chứng sinh). */
export const DeclaredChild = z.object({
  fullName: FullName,
  sex: Sex,
  dateOfBirth: CalendarDate,
  placeOfBirth: z.string().trim().min(1).max(300).describe('Hospital or place of birth'),
  birthCertificateNumber: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('Number of the hospital birth certificate (giấy chứng sinh) or its legal substitute'),
  ethnicity: z.string().trim().min(1).max(60).optional().describe('Ethnic group, e.g. Kinh'),
  nationality: z.string().trim().min(2).max(60).optional().describe('Nationality, default Việt Nam'),
});

export const Parent = z.object({
  fullName: FullName,
  personalId: PersonalId,
});

export const RegisterBirth = defineMessage({
  type: 'lienthong.civil-status.register-birth',
  version: 1,
  kind: 'command',
  topic: TOPICS.civilStatusCommands,
  description:
    'Register a birth at the commune People’s Committee and obtain the child’s personal ID number. ' +
    'Idempotent per dossier: a re-sent command resumes the same registration, never a second one.',
  schema: z.object({
    dossierId: z.string().min(1),
    communeCode: CommuneCodeFormat.describe('Commune registering the birth'),
    receivedAt: Instant.describe('When the dossier was received'),
    child: DeclaredChild,
    mother: Parent,
    father: Parent.optional(),
  }),
});

export const BirthRegistrationProgressed = defineMessage({
  type: 'lienthong.civil-status.birth-registration-progressed',
  version: 1,
  kind: 'event',
  topic: TOPICS.civilStatusEvents,
  description: 'The civil-status office is working on the registration (e.g. waiting for an officer).',
  schema: z.object({
    dossierId: z.string().min(1),
    status: ProgressStatus,
    reason: Reason.optional().describe('Why, when it waits (e.g. SUSPECTED_DUPLICATE)'),
  }),
});

export const BirthRegistered = defineMessage({
  type: 'lienthong.civil-status.birth-registered',
  version: 1,
  kind: 'event',
  topic: TOPICS.civilStatusEvents,
  description:
    'The birth is registered and the electronic extract issued. The personal ID number may still be ' +
    'pending (null): the extract stays valid and the number is attached later.',
  schema: z.object({
    dossierId: z.string().min(1),
    certificateNumber: z.string().min(1).describe('Birth registration number in the civil-status book'),
    registeredAt: Instant,
    personalId: PersonalId.nullable().describe('Null while the population database has not answered'),
    extract: SignedExtract,
  }),
});

export const PersonalIdAttached = defineMessage({
  type: 'lienthong.civil-status.personal-id-attached',
  version: 1,
  kind: 'event',
  topic: TOPICS.civilStatusEvents,
  description: 'The population database issued the child’s personal ID number; a new extract carries it.',
  schema: z.object({
    dossierId: z.string().min(1),
    certificateNumber: z.string().min(1),
    personalId: PersonalId,
    extract: SignedExtract,
  }),
});

export const BirthRegistrationRefused = defineMessage({
  type: 'lienthong.civil-status.birth-registration-refused',
  version: 1,
  kind: 'event',
  topic: TOPICS.civilStatusEvents,
  description: 'The civil-status office refused the registration, with its reason.',
  schema: z.object({ dossierId: z.string().min(1), reason: Reason }),
});

export const BirthRegistrationFailed = defineMessage({
  type: 'lienthong.civil-status.birth-registration-failed',
  version: 1,
  kind: 'event',
  topic: TOPICS.civilStatusEvents,
  description:
    'The office could not finish for a technical reason it gave up retrying (e.g. the population ' +
    'database stayed down past the retry budget). An operator can retry the step.',
  schema: z.object({
    dossierId: z.string().min(1),
    reason: Reason,
    certificateNumber: z.string().min(1).optional().describe('Set when the registration itself was done'),
  }),
});
