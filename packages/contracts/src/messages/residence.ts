import { z } from 'zod';
import { defineAgencyAct } from '../agency-act.ts';
import { TOPICS } from '../topics.ts';
import { CalendarDate, CommuneCodeFormat, FullName, Instant, PersonalId, Sex } from './common.ts';

export const RelationshipToHouseholdHead = z
  .enum(['child', 'grandchild', 'niece-nephew', 'sibling', 'other-relative', 'other'])
  .describe('The child’s relationship to the head of the household registering them');

/** Permanent residence registration of a newborn (commune police, group 1 step 2a). */
export const ResidenceRegistration = defineAgencyAct({
  name: 'residence-registration',
  prefix: 'lienthong.residence.',
  stem: 'registration',
  what: 'the residence registration',
  commandsTopic: TOPICS.residenceCommands,
  eventsTopic: TOPICS.residenceEvents,
  command: {
    type: 'lienthong.residence.register-permanent-residence',
    description:
      'Register the newborn’s permanent residence with the commune police. Idempotent per dossier.',
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
  },
  succeeded: {
    type: 'lienthong.residence.permanent-residence-registered',
    description: 'The child is registered as a permanent resident.',
    schema: z.object({
      dossierId: z.string().min(1),
      recordNumber: z.string().min(1).describe('Residence record number'),
      registeredAt: Instant,
    }),
  },
  compensation: {
    command: {
      type: 'lienthong.residence.remove-permanent-residence-entry',
      description:
        'The birth registration was annulled: remove the child’s residence entry made for this dossier. ' +
        'Idempotent: removing it again answers the same removal.',
    },
    compensated: {
      type: 'lienthong.residence.permanent-residence-entry-removed',
      description:
        'The residence entry registered for the annulled birth is removed (kept on file, marked removed).',
      schema: z.object({
        dossierId: z.string().min(1),
        recordNumber: z.string().min(1).describe('The removed residence record'),
        removedAt: Instant,
      }),
    },
  },
});

export const RegisterPermanentResidence = ResidenceRegistration.command;
export const ResidenceRegistrationProgressed = ResidenceRegistration.progressed;
export const PermanentResidenceRegistered = ResidenceRegistration.succeeded;
export const ResidenceRegistrationRefused = ResidenceRegistration.refused;
export const ResidenceRegistrationFailed = ResidenceRegistration.failed;

/** Deletion of the deceased's permanent residence (police, group 2). */
export const ResidenceDeletion = defineAgencyAct({
  name: 'residence-deletion',
  prefix: 'lienthong.residence.',
  stem: 'deletion',
  what: 'the deletion of permanent residence',
  commandsTopic: TOPICS.residenceCommands,
  eventsTopic: TOPICS.residenceEvents,
  command: {
    type: 'lienthong.residence.delete-permanent-residence',
    description:
      'Delete the permanent residence of a person whose death is registered. Idempotent per dossier.',
    schema: z.object({
      dossierId: z.string().min(1),
      communeCode: CommuneCodeFormat.describe('Commune where the death was registered'),
      deceased: z.object({ personalId: PersonalId, fullName: FullName, dateOfDeath: CalendarDate }),
      deathCertificateNumber: z.string().min(1).describe('The death registration it follows from'),
    }),
  },
  succeeded: {
    type: 'lienthong.residence.permanent-residence-deleted',
    description:
      'The deceased’s permanent residence is deleted: the deletion is recorded under its own number and ' +
      'the residence record it closed (from this register or the national population database) is named.',
    schema: z.object({
      dossierId: z.string().min(1),
      deletionNumber: z.string().min(1).describe('Number of the deletion, e.g. XT-00004-2026-000003'),
      recordNumber: z
        .string()
        .min(1)
        .nullable()
        .describe(
          'The residence record closed, when this register holds it; null when it is the population database’s',
        ),
      communeCode: CommuneCodeFormat.describe('Commune of the deleted residence'),
      deletedAt: Instant,
    }),
  },
  compensation: {
    command: {
      type: 'lienthong.residence.restore-permanent-residence',
      description:
        'The death registration was annulled: restore the residence record this dossier closed. ' +
        'Idempotent: restoring it again answers the same restoration.',
    },
    compensated: {
      type: 'lienthong.residence.permanent-residence-restored',
      description: 'The permanent residence deleted for the annulled death is restored.',
      schema: z.object({
        dossierId: z.string().min(1),
        deletionNumber: z.string().min(1).describe('The deletion reversed'),
        restoredAt: Instant,
      }),
    },
  },
});
