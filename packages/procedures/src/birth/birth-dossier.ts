import { CommuneCode } from '@lienthong/admin-units';
import {
  DeclaredChild,
  FullName,
  Parent,
  PersonalId,
  RelationshipToHouseholdHead,
} from '@lienthong/contracts';
import { z } from 'zod';

/** The services of the birth group a citizen may choose; birth registration always. */
export const BIRTH_SERVICES = ['birth-registration', 'residence-registration', 'health-insurance'] as const;
export type BirthService = (typeof BIRTH_SERVICES)[number];

export const Applicant = z
  .object({
    fullName: FullName,
    personalId: PersonalId,
    relationshipToChild: z
      .enum(['mother', 'father', 'grandparent', 'relative', 'guardian'])
      .describe('Who is applying for the child'),
    phone: z
      .string()
      .regex(/^\+?\d{9,15}$/, 'must be 9–15 digits, optionally after +')
      .optional()
      .describe('Contact phone'),
    email: z.email().optional().describe('Contact e-mail'),
  })
  .describe('The citizen submitting the dossier (logged in with VNeID level 2)');

export const ResidenceRequest = z
  .object({
    communeCode: CommuneCode,
    address: z.string().trim().min(5).max(300).describe('House number, street, hamlet'),
    householdHeadPersonalId: PersonalId.describe('Head of the household the child joins'),
    relationshipToHouseholdHead: RelationshipToHouseholdHead,
    householdHeadConsent: z
      .boolean()
      .default(false)
      .describe('The household head agreed; required when the child will not live with a parent'),
  })
  .describe('Where the child will be a permanent resident (when residence registration is chosen)');

export const HealthInsuranceRequest = z
  .object({
    initialCareFacility: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Preferred facility for initial medical care'),
  })
  .describe('Options for the child’s first health-insurance card (when chosen)');

/** What the national portal submits for the birth group: `POST /v1/dossiers` with procedure "birth". */
export const BirthDossierSubmission = z
  .object({
    procedure: z.literal('birth'),
    services: z
      .array(z.enum(BIRTH_SERVICES))
      .min(1)
      .describe('The procedures chosen: always birth-registration, plus residence and/or health insurance'),
    communeCode: CommuneCode.describe('Commune whose People’s Committee registers the birth'),
    applicant: Applicant,
    child: DeclaredChild,
    mother: Parent,
    father: Parent.optional(),
    residence: ResidenceRequest.optional(),
    healthInsurance: HealthInsuranceRequest.optional(),
  })
  .superRefine((dossier, context) => {
    const chosen = new Set(dossier.services);
    if (chosen.size !== dossier.services.length) {
      context.addIssue({
        code: 'custom',
        path: ['services'],
        message: 'each service may be chosen once',
        params: { rule: 'unique_items' },
      });
    }
    if (!chosen.has('birth-registration')) {
      context.addIssue({
        code: 'custom',
        path: ['services'],
        message: 'birth-registration is always part of the birth group',
        params: { rule: 'required_service' },
      });
    }
    if (chosen.has('residence-registration') && !dossier.residence) {
      context.addIssue({
        code: 'custom',
        path: ['residence'],
        message: 'required when residence-registration is chosen',
        params: { rule: 'required_when_chosen' },
      });
    }
    if (!chosen.has('residence-registration') && dossier.residence) {
      context.addIssue({
        code: 'custom',
        path: ['residence'],
        message: 'only allowed when residence-registration is chosen',
        params: { rule: 'forbidden_when_not_chosen' },
      });
    }
    if (!chosen.has('health-insurance') && dossier.healthInsurance) {
      context.addIssue({
        code: 'custom',
        path: ['healthInsurance'],
        message: 'only allowed when health-insurance is chosen',
        params: { rule: 'forbidden_when_not_chosen' },
      });
    }
    if (dossier.father && dossier.father.personalId === dossier.mother.personalId) {
      context.addIssue({
        code: 'custom',
        path: ['father', 'personalId'],
        message: 'must differ from the mother’s',
        params: { rule: 'distinct_parents' },
      });
    }
  })
  .describe('A birth-group dossier as the national portal submits it');
export type BirthDossierSubmission = z.infer<typeof BirthDossierSubmission>;

/** The dossier as the saga sees it: the submission plus what lienthong assigned on receipt. */
export interface BirthDossier extends BirthDossierSubmission {
  readonly dossierId: string;
  readonly receivedAt: string;
}
