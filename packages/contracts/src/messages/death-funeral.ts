import { z } from 'zod';
import { defineAgencyAct } from '../agency-act.ts';
import { defineMessage } from '../message-definition.ts';
import { TOPICS } from '../topics.ts';
import { AnnulmentFacts } from './civil-status.ts';
import {
  CalendarDate,
  CommuneCodeFormat,
  FullName,
  Instant,
  LocalizedText,
  PersonalId,
  Sex,
  SignedExtract,
} from './common.ts';

/** The deceased as the civil-status register and the benefit offices need them. */
export const DeceasedPerson = z.object({
  personalId: PersonalId,
  fullName: FullName,
  sex: Sex,
  dateOfBirth: CalendarDate,
  dateOfDeath: CalendarDate,
});

/** Who the deceased was to the person named: applicant, benefit recipient, survivor. */
export const RelationshipToDeceased = z
  .enum(['spouse', 'child', 'father', 'mother', 'sibling', 'grandchild', 'other-relative', 'other'])
  .describe('Relationship to the deceased');
export type RelationshipToDeceased = z.infer<typeof RelationshipToDeceased>;

/** Death registration (civil status, group 2 step 1); undone only by its annulment, at the office. */
export const DeathRegistration = defineAgencyAct({
  name: 'death-registration',
  prefix: 'lienthong.death-funeral.',
  stem: 'death-registration',
  what: 'the death registration',
  commandsTopic: TOPICS.deathFuneralCommands,
  eventsTopic: TOPICS.deathFuneralEvents,
  command: {
    type: 'lienthong.death-funeral.register-death',
    description:
      'Register a death at the commune People’s Committee from the death notice, the deceased checked ' +
      'against the population database. Idempotent per dossier.',
    schema: z.object({
      dossierId: z.string().min(1),
      communeCode: CommuneCodeFormat.describe('Commune registering the death'),
      receivedAt: Instant,
      deceased: DeceasedPerson.extend({
        placeOfDeath: z.string().trim().min(1).max(300).describe('Hospital, home address or place'),
        causeOfDeath: z.string().trim().min(1).max(300).optional(),
      }),
      deathNotice: z.object({
        kind: z
          .enum(['hospital', 'legal-substitute'])
          .describe(
            'A hospital’s death notice, or a legal substitute (e.g. a police or commune confirmation)',
          ),
        number: z.string().trim().min(1).max(40).describe('Number of the death notice (giấy báo tử)'),
        issuedBy: z.string().trim().min(1).max(200).describe('Who issued it'),
      }),
      applicant: z.object({
        fullName: FullName,
        personalId: PersonalId,
        relationshipToDeceased: RelationshipToDeceased,
      }),
    }),
  },
  succeeded: {
    type: 'lienthong.death-funeral.death-registered',
    description: 'The death is registered and the electronic death-certificate extract issued.',
    schema: z.object({
      dossierId: z.string().min(1),
      certificateNumber: z.string().min(1).describe('Death registration number in the civil-status book'),
      registeredAt: Instant,
      extract: SignedExtract,
    }),
  },
});

export const DeathRegistrationAnnulled = defineMessage({
  type: 'lienthong.death-funeral.death-registration-annulled',
  version: 1,
  kind: 'event',
  topic: TOPICS.deathFuneralEvents,
  description:
    'An authorised civil-status officer annulled a death registration (registered in error or by ' +
    'fraud). Everything that followed is undone: the residence record restored, the funeral benefit ' +
    'and survivor allowance revoked with a recovery record.',
  schema: z.object(AnnulmentFacts),
});

/** Money as whole Vietnamese đồng. */
const Vnd = z.number().int().min(0).describe('Amount in Vietnamese đồng');

/** A statutory reference level (base salary, social-assistance standard level) in force on a day. */
export const ReferenceLevel = z
  .object({
    kind: z.string().min(1).describe('e.g. base-salary, social-assistance-standard'),
    amount: Vnd,
    effectiveFrom: CalendarDate,
    legalBasis: z.string().min(1).describe('The instrument that set it, e.g. Decree 73/2024/NĐ-CP'),
  })
  .describe('The reference level an amount is computed from');

export const FuneralRoute = z
  .enum(['social-insurance', 'social-protection', 'merit'])
  .describe(
    'Which funeral benefit: Social Security’s funeral allowance, the social-protection funeral support, ' +
      'or the people-with-merit benefit',
  );
export type FuneralRoute = z.infer<typeof FuneralRoute>;

/** A recovery record: what must be paid back after a benefit is revoked. */
const Revoked = z.object({
  dossierId: z.string().min(1),
  decisionNumber: z.string().min(1).describe('The revoked decision'),
  recoveryNumber: z.string().min(1).describe('The recovery record opened for the amount paid'),
  amountToRecover: Vnd,
  revokedAt: Instant,
});

/** The funeral benefit, routed by eligibility (group 2 step 3). */
export const FuneralBenefit = defineAgencyAct({
  name: 'funeral-benefit',
  prefix: 'lienthong.death-funeral.',
  stem: 'funeral-benefit',
  what: 'the funeral benefit',
  commandsTopic: TOPICS.deathFuneralCommands,
  eventsTopic: TOPICS.deathFuneralEvents,
  command: {
    type: 'lienthong.death-funeral.decide-funeral-benefit',
    description:
      'Decide the funeral benefit from the deceased’s insurance, social-protection and merit records: ' +
      'only the highest entitlement is paid. Idempotent per dossier.',
    schema: z.object({
      dossierId: z.string().min(1),
      communeCode: CommuneCodeFormat,
      deceased: DeceasedPerson,
      deathCertificateNumber: z.string().min(1),
      recipient: z
        .object({
          fullName: FullName,
          personalId: PersonalId,
          relationshipToDeceased: RelationshipToDeceased,
        })
        .describe('Who organised the funeral and receives the benefit'),
    }),
  },
  succeeded: {
    type: 'lienthong.death-funeral.funeral-benefit-granted',
    description:
      'The funeral benefit is granted: which route, how much, from which reference level, and why the ' +
      'other entitlements found were not paid.',
    schema: z.object({
      dossierId: z.string().min(1),
      decisionNumber: z.string().min(1),
      route: FuneralRoute,
      payingAgency: z.string().min(1).describe('Who pays, e.g. vietnam-social-security'),
      amount: Vnd,
      referenceLevel: ReferenceLevel,
      multiplier: z.number().positive().describe('Times the reference level'),
      explanation: LocalizedText.describe('Which benefit is paid and why'),
      considered: z
        .array(
          z.object({
            route: FuneralRoute,
            eligible: z.boolean(),
            amount: Vnd.nullable(),
            why: LocalizedText,
          }),
        )
        .describe('Every route checked, eligible or not'),
      decidedAt: Instant,
    }),
  },
  compensation: {
    command: {
      type: 'lienthong.death-funeral.revoke-funeral-benefit',
      description:
        'The death registration was annulled: revoke the funeral benefit and open a recovery record.',
    },
    compensated: {
      type: 'lienthong.death-funeral.funeral-benefit-revoked',
      description: 'The funeral benefit is revoked and its recovery recorded.',
      schema: Revoked,
    },
  },
});

export const SurvivorRelationship = z
  .enum(['spouse', 'child', 'father', 'mother', 'father-in-law', 'mother-in-law', 'other-dependant'])
  .describe('The survivor’s relationship to the deceased');

/** The survivor allowance (Vietnam Social Security, group 2, optional 4th step). */
export const SurvivorAllowance = defineAgencyAct({
  name: 'survivor-allowance',
  prefix: 'lienthong.death-funeral.',
  stem: 'survivor-allowance',
  what: 'the survivor allowance',
  commandsTopic: TOPICS.deathFuneralCommands,
  eventsTopic: TOPICS.deathFuneralEvents,
  command: {
    type: 'lienthong.death-funeral.decide-survivor-allowance',
    description:
      'Decide the survivor allowance, lump sum or monthly as the relatives chose, from the deceased’s ' +
      'social-insurance record. Idempotent per dossier.',
    schema: z.object({
      dossierId: z.string().min(1),
      communeCode: CommuneCodeFormat.describe('Commune where the death was registered'),
      deceased: DeceasedPerson,
      deathCertificateNumber: z.string().min(1),
      kind: z.enum(['lump-sum', 'monthly']).describe('What the relatives chose'),
      beneficiaries: z
        .array(
          z.object({
            fullName: FullName,
            personalId: PersonalId,
            relationship: SurvivorRelationship,
            sex: Sex,
            dateOfBirth: CalendarDate,
            incapacitated: z
              .boolean()
              .describe('Lost 81% or more of working capacity (counts at any age for a monthly allowance)'),
          }),
        )
        .min(1)
        .max(10),
    }),
  },
  succeeded: {
    type: 'lienthong.death-funeral.survivor-allowance-granted',
    description: 'The survivor allowance is granted, with the amount and how it was computed.',
    schema: z.object({
      dossierId: z.string().min(1),
      decisionNumber: z.string().min(1),
      kind: z.enum(['lump-sum', 'monthly']),
      amount: Vnd.describe('The lump sum, or the total paid each month'),
      monthlyFrom: CalendarDate.nullable().describe('First month paid, for a monthly allowance'),
      beneficiaries: z
        .array(z.object({ personalId: PersonalId, amount: Vnd, why: LocalizedText }))
        .describe('Who is paid, how much, and why they qualify'),
      referenceLevel: ReferenceLevel.nullable(),
      explanation: LocalizedText,
      decidedAt: Instant,
    }),
  },
  compensation: {
    command: {
      type: 'lienthong.death-funeral.revoke-survivor-allowance',
      description:
        'The death registration was annulled: revoke the survivor allowance, stop any monthly payment ' +
        'and open a recovery record.',
    },
    compensated: {
      type: 'lienthong.death-funeral.survivor-allowance-revoked',
      description: 'The survivor allowance is revoked and its recovery recorded.',
      schema: Revoked,
    },
  },
});
