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

export const RelationshipToHouseholdHead = z
  .enum(['child', 'grandchild', 'niece-nephew', 'sibling', 'other-relative', 'other'])
  .describe('The child’s relationship to the head of the household registering them');

export const RegisterPermanentResidence = defineMessage({
  type: 'lienthong.residence.register-permanent-residence',
  version: 1,
  kind: 'command',
  topic: TOPICS.residenceCommands,
  description: 'Register the newborn’s permanent residence with the commune police. Idempotent per dossier.',
  schema: z.object({
    dossierId: z.string().min(1),
    child: z.object({ personalId: PersonalId, fullName: FullName, sex: Sex, dateOfBirth: CalendarDate }),
    motherPersonalId: PersonalId,
    fatherPersonalId: PersonalId.optional(),
    residence: z.object({
      communeCode: CommuneCodeFormat,
      address: z.string().trim().min(5).max(300).describe('House number, street, hamlet'),
      householdHeadPersonalId: PersonalId,
      relationshipToHouseholdHead: RelationshipToHouseholdHead,
      householdHeadConsent: z
        .boolean()
        .describe('The household head agreed (required when the child will not live with a parent)'),
    }),
  }),
});

export const ResidenceRegistrationProgressed = defineMessage({
  type: 'lienthong.residence.registration-progressed',
  version: 1,
  kind: 'event',
  topic: TOPICS.residenceEvents,
  description: 'The police are working on the residence registration.',
  schema: z.object({ dossierId: z.string().min(1), status: ProgressStatus, reason: Reason.optional() }),
});

export const PermanentResidenceRegistered = defineMessage({
  type: 'lienthong.residence.permanent-residence-registered',
  version: 1,
  kind: 'event',
  topic: TOPICS.residenceEvents,
  description: 'The child is registered as a permanent resident.',
  schema: z.object({
    dossierId: z.string().min(1),
    recordNumber: z.string().min(1).describe('Residence record number'),
    registeredAt: Instant,
  }),
});

export const ResidenceRegistrationRefused = defineMessage({
  type: 'lienthong.residence.registration-refused',
  version: 1,
  kind: 'event',
  topic: TOPICS.residenceEvents,
  description: 'The police refused the residence registration, with their reason.',
  schema: z.object({ dossierId: z.string().min(1), reason: Reason }),
});

export const ResidenceRegistrationFailed = defineMessage({
  type: 'lienthong.residence.registration-failed',
  version: 1,
  kind: 'event',
  topic: TOPICS.residenceEvents,
  description: 'The residence registration could not be done for a technical reason.',
  schema: z.object({ dossierId: z.string().min(1), reason: Reason }),
});
