import { CommuneCode } from '@lienthong/admin-units';
import {
  CalendarDate,
  FullName,
  PersonalId,
  RelationshipToDeceased,
  Sex,
  SurvivorRelationship,
} from '@lienthong/contracts';
import { z } from 'zod';

/** The services of the death group a citizen may choose; the first two always. */
export const DEATH_SERVICES = [
  'death-registration',
  'residence-deletion',
  'funeral-benefit',
  'survivor-allowance',
] as const;
export type DeathService = (typeof DEATH_SERVICES)[number];
const REQUIRED_DEATH_SERVICES: readonly DeathService[] = ['death-registration', 'residence-deletion'];

const Contact = {
  phone: z
    .string()
    .regex(/^\+?\d{9,15}$/, 'must be 9–15 digits, optionally after +')
    .optional()
    .describe('Contact phone'),
  email: z.email().optional().describe('Contact e-mail'),
};

export const DeathApplicant = z
  .object({
    fullName: FullName,
    personalId: PersonalId,
    relationshipToDeceased: RelationshipToDeceased,
    ...Contact,
  })
  .describe('The citizen submitting the dossier (logged in with VNeID level 2)');

export const Deceased = z
  .object({
    personalId: PersonalId.describe('The deceased’s personal identification number'),
    fullName: FullName,
    sex: Sex,
    dateOfBirth: CalendarDate,
    dateOfDeath: CalendarDate,
    placeOfDeath: z.string().trim().min(1).max(300).describe('Hospital, home address or place of death'),
    causeOfDeath: z.string().trim().min(1).max(300).optional().describe('As on the death notice'),
    deathNoticeNumber: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .describe('Number of the death notice (giấy báo tử) or of its legal substitute'),
    deathNoticeKind: z
      .enum(['hospital', 'legal-substitute'])
      .default('hospital')
      .describe(
        'A hospital’s death notice, or a legal substitute (a police or commune confirmation): an officer checks a substitute',
      ),
    deathNoticeIssuedBy: z.string().trim().min(1).max(200).describe('Who issued the death notice'),
  })
  .describe('The person who died, as on the death notice');

export const FuneralBenefitRequest = z
  .object({
    recipient: z
      .object({ fullName: FullName, personalId: PersonalId, relationshipToDeceased: RelationshipToDeceased })
      .optional()
      .describe('Who organised the funeral and receives the benefit; default the applicant'),
  })
  .describe('Options for the funeral benefit (when chosen)');

export const Survivor = z.object({
  fullName: FullName,
  personalId: PersonalId,
  relationship: SurvivorRelationship,
  sex: Sex,
  dateOfBirth: CalendarDate,
  incapacitated: z.boolean().default(false).describe('Lost 81% or more of working capacity'),
});

export const SurvivorAllowanceRequest = z
  .object({
    kind: z.enum(['lump-sum', 'monthly']).describe('A lump sum, or a monthly allowance'),
    beneficiaries: z.array(Survivor).min(1).max(10).describe('The relatives claiming it'),
  })
  .describe('The survivor allowance claimed (when chosen)');

/** What the national portal submits for the death group: `POST /v1/dossiers` with procedure "death". */
export const DeathDossierSubmission = z
  .object({
    procedure: z.literal('death'),
    services: z
      .array(z.enum(DEATH_SERVICES))
      .min(1)
      .describe(
        'The procedures chosen: always death-registration and residence-deletion, plus the funeral benefit and/or the survivor allowance',
      ),
    communeCode: CommuneCode.describe('Commune whose People’s Committee registers the death'),
    applicant: DeathApplicant,
    deceased: Deceased,
    funeralBenefit: FuneralBenefitRequest.optional(),
    survivorAllowance: SurvivorAllowanceRequest.optional(),
  })
  .superRefine((dossier, context) => {
    const issue = (path: (string | number)[], message: string, rule: string) =>
      context.addIssue({ code: 'custom', path, message, params: { rule } });
    const chosen = new Set(dossier.services);
    if (chosen.size !== dossier.services.length)
      issue(['services'], 'each service may be chosen once', 'unique_items');
    for (const required of REQUIRED_DEATH_SERVICES) {
      if (!chosen.has(required))
        issue(['services'], `${required} is always part of the death group`, 'required_service');
    }
    if (chosen.has('survivor-allowance') && !dossier.survivorAllowance) {
      issue(['survivorAllowance'], 'required when survivor-allowance is chosen', 'required_when_chosen');
    }
    if (!chosen.has('survivor-allowance') && dossier.survivorAllowance) {
      issue(
        ['survivorAllowance'],
        'only allowed when survivor-allowance is chosen',
        'forbidden_when_not_chosen',
      );
    }
    if (!chosen.has('funeral-benefit') && dossier.funeralBenefit) {
      issue(['funeralBenefit'], 'only allowed when funeral-benefit is chosen', 'forbidden_when_not_chosen');
    }
    const { deceased } = dossier;
    if (deceased.dateOfDeath < deceased.dateOfBirth) {
      issue(['deceased', 'dateOfDeath'], 'must not be before the date of birth', 'not_before_birth');
    }
    if (dossier.applicant.personalId === deceased.personalId) {
      issue(['applicant', 'personalId'], 'must differ from the deceased’s', 'distinct_people');
    }
    const seen = new Set<string>();
    dossier.survivorAllowance?.beneficiaries.forEach((survivor, index) => {
      if (survivor.personalId === deceased.personalId) {
        issue(
          ['survivorAllowance', 'beneficiaries', index, 'personalId'],
          'must differ from the deceased’s',
          'distinct_people',
        );
      }
      if (seen.has(survivor.personalId)) {
        issue(
          ['survivorAllowance', 'beneficiaries', index, 'personalId'],
          'each survivor may be named once',
          'unique_items',
        );
      }
      seen.add(survivor.personalId);
    });
  })
  .describe('A death-group dossier as the national portal submits it');
export type DeathDossierSubmission = z.infer<typeof DeathDossierSubmission>;

/** The dossier as the saga sees it: the submission plus what lienthong assigned on receipt. */
export interface DeathDossier extends DeathDossierSubmission {
  readonly dossierId: string;
  readonly receivedAt: string;
}

/** The deceased as every act after the registration needs them (no more personal data than that). */
export function deceasedOf(dossier: DeathDossierSubmission) {
  const { personalId, fullName, sex, dateOfBirth, dateOfDeath } = dossier.deceased;
  return { personalId, fullName, sex, dateOfBirth, dateOfDeath };
}
