import { z } from 'zod';
import { defineAgencyAct } from '../agency-act.ts';
import { defineMessage } from '../message-definition.ts';
import { TOPICS } from '../topics.ts';
import {
  CalendarDate,
  CommuneCodeFormat,
  FullName,
  Instant,
  PersonalId,
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

/** Birth registration (civil status, group 1 step 1); undone only by its annulment, at the office. */
export const BirthRegistration = defineAgencyAct({
  name: 'birth-registration',
  prefix: 'lienthong.civil-status.',
  stem: 'birth-registration',
  what: 'the birth registration',
  commandsTopic: TOPICS.civilStatusCommands,
  eventsTopic: TOPICS.civilStatusEvents,
  command: {
    type: 'lienthong.civil-status.register-birth',
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
  },
  succeeded: {
    type: 'lienthong.civil-status.birth-registered',
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
  },
  failedExtra: {
    certificateNumber: z.string().min(1).optional().describe('Set when the registration itself was done'),
  },
});

export const RegisterBirth = BirthRegistration.command;
export const BirthRegistrationProgressed = BirthRegistration.progressed;
export const BirthRegistered = BirthRegistration.succeeded;
export const BirthRegistrationRefused = BirthRegistration.refused;
export const BirthRegistrationFailed = BirthRegistration.failed;

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

/** What an annulment says: shared by the birth and death registrations. */
export const AnnulmentFacts = {
  dossierId: z.string().min(1),
  certificateNumber: z.string().min(1).describe('The annulled registration'),
  reason: Reason.describe('Why it was annulled (duplicate, registered in error, fraud...)'),
  annulledAt: Instant,
  annulledBy: z.string().min(1).describe('The civil-status officer who annulled it (token subject)'),
};

export const BirthRegistrationAnnulled = defineMessage({
  type: 'lienthong.civil-status.birth-registration-annulled',
  version: 1,
  kind: 'event',
  topic: TOPICS.civilStatusEvents,
  description:
    'An authorised civil-status officer annulled a birth registration. Everything that followed ' +
    'from it is undone in reverse order: the residence entry removed, the insurance card revoked.',
  schema: z.object(AnnulmentFacts),
});
