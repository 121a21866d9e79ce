/**
 * The HTTP contract of the benefit registries, one zod schema per message, each sharing its
 * name with its type. The routes validate and document with them, and the client parses
 * answers with them, so real endpoints that replace this stand-in are held to the same shapes,
 * cross-field rules included (a record breaking them is refused on the way in and is a broken
 * contract on the way out).
 */
import {
  communeCodeSchema,
  FaultSettingsMembers,
  personalIdSchema,
  requestIdSchema,
  Sex,
} from '@lienthong/stand-in-kit/client';
import { z } from 'zod';
import { FAULT_ROUTES } from './domain/faults.ts';
import { RECOVERY_NUMBER_PATTERN, REGISTRIES } from './domain/registries.ts';

export { Sex };

export const PersonalId = personalIdSchema('001052004417');
export type PersonalId = z.infer<typeof PersonalId>;

export const RegistryName = z
  .enum(REGISTRIES)
  .describe(
    'Which registry: social-insurance (Vietnam Social Security), social-protection (social assistance ' +
      'and social pension) or merit (people with merit, home-affairs sector)',
  );
export type RegistryName = z.infer<typeof RegistryName>;

export const RequestId = requestIdSchema('HS-2026-000456:funeral-benefit:recovery');
export type RequestId = z.infer<typeof RequestId>;

/** Money as whole Vietnamese đồng. */
const Vnd = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A number of months of contributions. */
const Months = z.number().int().min(0).max(1200);

/** Text that is not blank once trimmed, at most `max` characters. */
const Text = (max: number) => z.string().trim().min(1).max(max);

const FullName = Text(200).describe('Full name as on record');

/** Whom a registry's record is about: the members every record starts with. */
const whoIsOnRecord = { personalId: PersonalId, fullName: FullName };

/** A custom issue naming its rule, which the HTTP edge reports as `rule`. */
function violation(context: z.RefinementCtx, path: (string | number)[], rule: string, message: string): void {
  context.addIssue({ code: 'custom', path, message, params: { rule } });
}

export const SOCIAL_INSURANCE_STATUSES = [
  'contributing',
  'reserved',
  'pensioner',
  'monthly-allowance',
  'survivor-allowance',
] as const;

export const SocialInsuranceStatus = z
  .enum(SOCIAL_INSURANCE_STATUSES)
  .describe(
    'contributing: paying now; reserved: stopped contributing, the period kept; pensioner: receives a ' +
      'pension; monthly-allowance: receives a monthly social-insurance allowance; survivor-allowance: ' +
      'receives a monthly survivor allowance herself or himself',
  );
export type SocialInsuranceStatus = z.infer<typeof SocialInsuranceStatus>;

/** The statuses paid monthly from the fund in their own right: they carry a pension and its start. */
export const MONTHLY_BENEFIT_STATUSES: readonly SocialInsuranceStatus[] = Object.freeze([
  'pensioner',
  'monthly-allowance',
]);

export const SocialInsuranceRecord = z
  .object({
    ...whoIsOnRecord,
    sex: Sex,
    dateOfBirth: z.iso.date().describe('Date of birth, YYYY-MM-DD'),
    socialInsuranceNumber: z
      .string()
      .regex(/^\d{10}$/, 'must be 10 digits')
      .describe('Social-insurance number (mã số BHXH), 10 digits'),
    status: SocialInsuranceStatus,
    compulsoryContributionMonths: Months.describe('Months of compulsory social insurance paid'),
    voluntaryContributionMonths: Months.describe('Months of voluntary social insurance paid'),
    contributionMonthsBefore2014: Months.describe(
      'How many of the compulsory and voluntary months were paid before 2014 (a lump-sum survivor ' +
        'allowance counts them at another rate); at most their total',
    ),
    averageMonthlySalary: Vnd.describe(
      'Average monthly salary (or declared income) the contributions were paid on, VND',
    ),
    monthlyPension: Vnd.nullable()
      .default(null)
      .describe('Monthly pension or allowance, VND: required for pensioner and monthly-allowance, else null'),
    pensionStartDate: z.iso
      .date()
      .nullable()
      .default(null)
      .describe('When the pension or allowance started, YYYY-MM-DD: same rule as monthlyPension'),
  })
  .superRefine((record, context) => {
    const total = record.compulsoryContributionMonths + record.voluntaryContributionMonths;
    if (record.contributionMonthsBefore2014 > total) {
      violation(
        context,
        ['contributionMonthsBefore2014'],
        'at_most_total_months',
        'must not exceed compulsoryContributionMonths + voluntaryContributionMonths',
      );
    }
    const paidMonthly = MONTHLY_BENEFIT_STATUSES.includes(record.status);
    for (const field of ['monthlyPension', 'pensionStartDate'] as const) {
      if (paidMonthly && record[field] === null) {
        violation(context, [field], 'required_for_status', `is required when the status is ${record.status}`);
      }
      if (!paidMonthly && record[field] !== null) {
        violation(
          context,
          [field],
          'forbidden_for_status',
          'is only allowed when the status is pensioner or monthly-allowance',
        );
      }
    }
    if (record.pensionStartDate !== null && record.pensionStartDate < record.dateOfBirth) {
      violation(context, ['pensionStartDate'], 'not_before_birth', 'must not be before the date of birth');
    }
  })
  .describe("A person's record at Vietnam Social Security");
export type SocialInsuranceRecord = z.infer<typeof SocialInsuranceRecord>;

export const SOCIAL_PROTECTION_PROGRAMMES = ['monthly-social-assistance', 'social-pension'] as const;

export const SocialProtectionProgramme = z
  .object({
    kind: z
      .enum(SOCIAL_PROTECTION_PROGRAMMES)
      .describe(
        'monthly-social-assistance: monthly social allowance (Decree 20/2021/NĐ-CP); social-pension: the ' +
          'social pension allowance for the elderly without a pension',
      ),
    since: z.iso.date().describe('First day paid, YYYY-MM-DD'),
    until: z.iso
      .date()
      .nullable()
      .default(null)
      .describe('Last day paid, YYYY-MM-DD; null while it is still paid'),
    monthlyAmount: Vnd.describe('Amount paid each month, VND'),
  })
  .superRefine((programme, context) => {
    if (programme.until !== null && programme.until < programme.since) {
      violation(context, ['until'], 'not_before_since', 'must not be before since');
    }
  })
  .describe('One social-protection benefit a person receives or received');
export type SocialProtectionProgramme = z.infer<typeof SocialProtectionProgramme>;

export const SocialProtectionRecord = z
  .object({
    ...whoIsOnRecord,
    communeCode: communeCodeSchema('Commune-level unit paying the benefits'),
    programmes: z
      .array(SocialProtectionProgramme)
      .min(1)
      .max(20)
      .describe('The benefits received, current and past; at least one'),
  })
  .describe("A person's record in the social-protection system");
export type SocialProtectionRecord = z.infer<typeof SocialProtectionRecord>;

export const MERIT_CATEGORIES = [
  'war-invalid',
  'resistance-activist',
  'revolutionary-contributor',
  'heroic-mother',
  'martyr-relative',
  'other',
] as const;

export const MeritRecord = z
  .object({
    ...whoIsOnRecord,
    category: z
      .enum(MERIT_CATEGORIES)
      .describe(
        'war-invalid (thương binh), resistance-activist (người hoạt động kháng chiến), ' +
          'revolutionary-contributor (người có công giúp đỡ cách mạng), heroic-mother (Bà mẹ Việt Nam anh ' +
          'hùng), martyr-relative (thân nhân liệt sĩ), or other',
      ),
    recognisedOn: z.iso.date().describe('When the merit was recognised, YYYY-MM-DD'),
    receivesMonthlyAllowance: z.boolean().describe('Whether a monthly preferential allowance is paid'),
  })
  .describe("A person's record among the people with merit (home-affairs sector)");
export type MeritRecord = z.infer<typeof MeritRecord>;

/** Each registry's record. */
export interface RegistryRecords {
  readonly 'social-insurance': SocialInsuranceRecord;
  readonly 'social-protection': SocialProtectionRecord;
  readonly merit: MeritRecord;
}

/** Each registry's record schema, which its lookups answer and its admin adds take. */
export const REGISTRY_RECORDS: { readonly [R in RegistryName]: z.ZodType<RegistryRecords[R], unknown> } =
  Object.freeze({
    'social-insurance': SocialInsuranceRecord,
    'social-protection': SocialProtectionRecord,
    merit: MeritRecord,
  });

export const RecoveryRequest = z
  .object({
    requestId: RequestId,
    personalId: PersonalId.describe('Personal identification number of the deceased'),
    decisionNumber: Text(100).describe('The revoked decision the benefit was paid under, e.g. 125/QĐ-BHXH'),
    amount: Vnd.describe('Amount to recover, VND'),
    reason: Text(500).describe('Why the benefit was revoked, e.g. the death registration was annulled'),
  })
  .describe('Record what must be recovered after a benefit paid under a decision was revoked');
export type RecoveryRequest = z.infer<typeof RecoveryRequest>;

export const RecoveryRecord = z
  .object({
    requestId: RequestId,
    recoveryNumber: z
      .string()
      .regex(RECOVERY_NUMBER_PATTERN, 'must look like TH-SI-2026-000001')
      .describe('The recovery record number: TH-<SI|SP|NCC>-<Vietnam year>-<sequence of that year>'),
    registry: RegistryName,
    personalId: PersonalId.describe('Personal identification number of the deceased'),
    decisionNumber: z.string().describe('The revoked decision'),
    amount: Vnd.describe('Amount to recover, VND'),
    reason: z.string().describe('Why the benefit was revoked'),
    recordedAt: z.iso.datetime({ offset: true }).describe('When the registry recorded it (ISO 8601)'),
  })
  .describe('A recovery recorded by the paying registry');
export type RecoveryRecord = z.infer<typeof RecoveryRecord>;

export const RecoveryList = z.object({ items: z.array(RecoveryRecord) }).describe('Recoveries, oldest first');
export type RecoveryList = z.infer<typeof RecoveryList>;

export const FaultRoute = z
  .enum(FAULT_ROUTES)
  .describe('lookups: GET …/people/{personalId}; recoveries: POST …/recoveries and GET …/recoveries/{id}');
export type FaultRoute = z.infer<typeof FaultRoute>;

/**
 * Active faults as the admin API shows them; an absent member is off (or, for the filters, all).
 * No timeoutRate: the registries never hold an answer.
 */
export const FaultSettingsView = FaultSettingsMembers.omit({ timeoutRate: true })
  .extend({
    routes: z.array(FaultRoute).min(1).optional().describe('The kinds of route hit; absent: both'),
    registries: z.array(RegistryName).min(1).optional().describe('The registries hit; absent: all three'),
  })
  .describe('Faults injected into lookups and recoveries (test only)');
export type FaultSettingsView = z.infer<typeof FaultSettingsView>;

export const FaultSettingsBody = FaultSettingsView.strict().describe(
  'Faults to inject; an absent member is off. Replaces the current settings.',
);
export type FaultSettingsBody = z.infer<typeof FaultSettingsBody>;
