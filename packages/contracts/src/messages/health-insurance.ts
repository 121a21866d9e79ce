import { z } from 'zod';
import { defineAgencyAct } from '../agency-act.ts';
import { TOPICS } from '../topics.ts';
import { CalendarDate, CommuneCodeFormat, FullName, Instant, PersonalId, Sex } from './common.ts';

/** The first health-insurance (BHYT) card of a child under 6 (Vietnam Social Security, group 1 step 2b). */
export const ChildHealthInsuranceCard = defineAgencyAct({
  name: 'child-health-insurance-card',
  prefix: 'lienthong.health-insurance.',
  stem: 'card',
  what: 'the child’s health-insurance card',
  commandsTopic: TOPICS.healthInsuranceCommands,
  eventsTopic: TOPICS.healthInsuranceEvents,
  command: {
    type: 'lienthong.health-insurance.issue-child-card',
    description:
      'Issue the first health-insurance (BHYT) card of a child under 6 (Vietnam Social Security). ' +
      'Idempotent per dossier.',
    schema: z.object({
      dossierId: z.string().min(1),
      applicationDate: CalendarDate.describe(
        'The day the dossier was received: the age rule is checked on it',
      ),
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
  },
  succeeded: {
    type: 'lienthong.health-insurance.child-card-issued',
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
  },
  compensation: {
    command: {
      type: 'lienthong.health-insurance.revoke-child-card',
      description:
        'The birth registration was annulled: revoke the card issued for this dossier. Idempotent.',
    },
    compensated: {
      type: 'lienthong.health-insurance.child-card-revoked',
      description: 'The child’s card issued for the annulled birth is revoked from the given moment.',
      schema: z.object({
        dossierId: z.string().min(1),
        cardNumber: z.string().min(1).describe('The revoked card'),
        revokedAt: Instant,
      }),
    },
  },
});

export const IssueChildHealthInsuranceCard = ChildHealthInsuranceCard.command;
export const HealthInsuranceProgressed = ChildHealthInsuranceCard.progressed;
export const ChildHealthInsuranceCardIssued = ChildHealthInsuranceCard.succeeded;
export const HealthInsuranceRefused = ChildHealthInsuranceCard.refused;
export const HealthInsuranceFailed = ChildHealthInsuranceCard.failed;
