/**
 * The survivor allowance (trợ cấp tuất, Vietnam Social Security; group 2, optional 4th step):
 * pure rules from the command (the relatives' choice of a monthly allowance or a lump sum, and
 * the survivors they list), the deceased's social-insurance record and the policy.
 *
 * - Monthly: the deceased was a pensioner, on a monthly social-insurance allowance or had at
 *   least 180 months of compulsory contributions; a survivor qualifies as a child under 18 on the
 *   date of death, or as a spouse, parent, parent-in-law or other dependant of the required age
 *   (configuration: 60 for men, 55 for women), or at any age when incapacitated (81% or more).
 *   Each of at most 4 qualifying survivors receives 50% of the base salary a month, from the
 *   month after the death.
 * - Lump sum: 1.5 months of the average salary per year of contributions before 2014 and 2 months
 *   per year from 2014, at least 3 months; for a pensioner, 48 months of the pension when the
 *   death falls within the first 2 months of it, 0.5 month less for each further month, at least
 *   3 months. It is shared equally among the survivors listed.
 *
 * Reason messages name survivors by their position and relationship only, never their data.
 */
import type { DataOf, LocalizedText, Reason, SurvivorAllowance } from '@lienthong/contracts';
import { capitalised, months as monthsOf, percent, vnd, wholeDong, wholeDongOfFraction } from './amounts.ts';
import { firstDayOfNextMonth, hasReachedAge, monthsInclusive } from './civil-dates.ts';
import type { SocialInsuranceRecord } from './records.ts';
import { legalBasisText, levelOn, REFERENCE_LEVELS, type ReferenceLevel } from './reference-levels.ts';

export type SurvivorAllowanceCommand = DataOf<typeof SurvivorAllowance.command>;
export type Survivor = SurvivorAllowanceCommand['beneficiaries'][number];
export type SurvivorRelationship = Survivor['relationship'];

export interface SurvivorAllowancePolicy {
  readonly levels: readonly ReferenceLevel[];
  /** Monthly allowance of each survivor, as a share of the base salary on the date of death. */
  readonly monthlyRate: number;
  /** At most this many survivors receive a monthly allowance. */
  readonly maxMonthlyBeneficiaries: number;
  /** A child qualifies while under this age on the date of death. */
  readonly childUnderAge: number;
  /** Age from which a spouse, parent, parent-in-law or other dependant qualifies (unconfirmed). */
  readonly dependantMinAge: { readonly male: number; readonly female: number };
  /** Months of compulsory contributions that make a non-pensioner's death give a monthly allowance. */
  readonly monthlyMinContributionMonths: number;
}

export const DEFAULT_SURVIVOR_ALLOWANCE_POLICY: SurvivorAllowancePolicy = Object.freeze({
  levels: REFERENCE_LEVELS,
  monthlyRate: 0.5,
  maxMonthlyBeneficiaries: 4,
  childUnderAge: 18,
  dependantMinAge: Object.freeze({ male: 60, female: 55 }),
  monthlyMinContributionMonths: 180,
});

/** The lump sum's statutory figures, in months of the average salary or of the pension. */
const LUMP_SUM = Object.freeze({
  perYearBefore2014: 1.5,
  perYearFrom2014: 2,
  minAverageSalaryMonths: 3,
  pensionMonthsEarly: 48,
  /** A death within this many months of pension (counted inclusively) gets the full 48 months. */
  earlyPensionMonths: 2,
  reductionPerFurtherMonth: 0.5,
  minPensionMonths: 3,
} as const);

export interface SurvivorPayment {
  readonly personalId: string;
  readonly amount: number;
  readonly why: LocalizedText;
}

/** Fits `SurvivorAllowance.succeeded` (with `allowanceKind` as its `kind`) minus dossierId, decisionNumber and decidedAt. */
export interface SurvivorAllowanceGranted {
  readonly kind: 'granted';
  readonly allowanceKind: 'lump-sum' | 'monthly';
  /** The lump sum, or the total paid each month. */
  readonly amount: number;
  /** First day of the first month paid, for a monthly allowance. */
  readonly monthlyFrom: string | null;
  readonly beneficiaries: readonly SurvivorPayment[];
  /** The base salary a monthly allowance is computed from; null for a lump sum. */
  readonly referenceLevel: ReferenceLevel | null;
  readonly explanation: LocalizedText;
}

export interface SurvivorAllowanceRefused {
  readonly kind: 'refused';
  readonly reason: Reason;
}

export type SurvivorAllowanceDecision = SurvivorAllowanceGranted | SurvivorAllowanceRefused;

/** Throws a RangeError for a policy that cannot be applied (configuration error, not a refusal). */
export function checkSurvivorAllowancePolicy(policy: SurvivorAllowancePolicy): void {
  if (!Number.isFinite(policy.monthlyRate) || policy.monthlyRate <= 0 || policy.monthlyRate > 1) {
    throw new RangeError(
      `the monthly rate is a share of the base salary in (0, 1], got ${policy.monthlyRate}`,
    );
  }
  const counts = {
    maxMonthlyBeneficiaries: policy.maxMonthlyBeneficiaries,
    childUnderAge: policy.childUnderAge,
    'dependantMinAge.male': policy.dependantMinAge.male,
    'dependantMinAge.female': policy.dependantMinAge.female,
    monthlyMinContributionMonths: policy.monthlyMinContributionMonths,
  };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive whole number, got ${value}`);
    }
  }
}

/** Decides the allowance the relatives chose, or refuses it with a stable reason. */
export function decideSurvivorAllowance(
  command: SurvivorAllowanceCommand,
  socialInsurance: SocialInsuranceRecord | null,
  policy: SurvivorAllowancePolicy = DEFAULT_SURVIVOR_ALLOWANCE_POLICY,
): SurvivorAllowanceDecision {
  checkSurvivorAllowancePolicy(policy);
  if (socialInsurance === null || !hasInsuranceHistory(socialInsurance)) {
    return refuse(
      'NO_SOCIAL_INSURANCE_RECORD',
      'Người chết không có quá trình đóng bảo hiểm xã hội và không hưởng lương hưu: không có chế độ tử tuất',
      'The deceased has no social-insurance contributions and was not a pensioner: no survivor allowance is due',
    );
  }
  return command.kind === 'monthly'
    ? decideMonthly(command, socialInsurance, policy)
    : decideLumpSum(command, socialInsurance);
}

function hasInsuranceHistory(record: SocialInsuranceRecord): boolean {
  return (
    receivesMonthlyBenefit(record) ||
    record.compulsoryContributionMonths + record.voluntaryContributionMonths > 0
  );
}

/** A pension, or a monthly social-insurance allowance (which counts as one here). */
function receivesMonthlyBenefit(record: SocialInsuranceRecord): boolean {
  return record.status === 'pensioner' || record.status === 'monthly-allowance';
}

const RELATIONSHIPS: Readonly<Record<SurvivorRelationship, LocalizedText>> = {
  spouse: { vi: 'vợ hoặc chồng', en: 'spouse' },
  child: { vi: 'con', en: 'child' },
  father: { vi: 'cha đẻ', en: 'father' },
  mother: { vi: 'mẹ đẻ', en: 'mother' },
  'father-in-law': { vi: 'cha vợ hoặc cha chồng', en: 'father-in-law' },
  'mother-in-law': { vi: 'mẹ vợ hoặc mẹ chồng', en: 'mother-in-law' },
  'other-dependant': { vi: 'người khác mà người chết có nghĩa vụ nuôi dưỡng', en: 'other dependant' },
};

/** `survivor 2 (child)`: the position in the command's list and the relationship, nothing else. */
function survivorLabel(survivor: Survivor, index: number): LocalizedText {
  const relationship = RELATIONSHIPS[survivor.relationship];
  return {
    vi: `thân nhân thứ ${index + 1} (${relationship.vi})`,
    en: `survivor ${index + 1} (${relationship.en})`,
  };
}

// ---------------------------------------------------------------------------------------------
// Monthly

interface SurvivorCheck {
  readonly survivor: Survivor;
  readonly index: number;
  readonly qualifies: boolean;
  readonly why: LocalizedText;
}

function decideMonthly(
  command: SurvivorAllowanceCommand,
  record: SocialInsuranceRecord,
  policy: SurvivorAllowancePolicy,
): SurvivorAllowanceDecision {
  const { dateOfDeath } = command.deceased;
  const deceasedBasis = monthlyBasisOfDeceased(record, policy);
  if (deceasedBasis === undefined) {
    const required = policy.monthlyMinContributionMonths;
    const months = record.compulsoryContributionMonths;
    return refuse(
      'MONTHLY_SURVIVOR_ALLOWANCE_NOT_ELIGIBLE',
      'Người chết không thuộc diện để thân nhân hưởng trợ cấp tuất hằng tháng: không hưởng lương hưu hay trợ cấp ' +
        `bảo hiểm xã hội hằng tháng và có ${months} tháng đóng bảo hiểm xã hội bắt buộc, chưa đủ ${required} tháng. ` +
        'Thân nhân có thể đề nghị hưởng trợ cấp tuất một lần.',
      'The deceased’s death does not give a monthly survivor allowance: not receiving a pension or a monthly ' +
        `social-insurance allowance, and ${monthsOf(months).en} of compulsory contributions, ` +
        `fewer than the ${required} required. The relatives can claim the lump-sum survivor allowance instead.`,
    );
  }
  const checks = command.beneficiaries.map((survivor, index) =>
    checkSurvivor(survivor, index, dateOfDeath, policy),
  );
  const qualified = checks.filter((check) => check.qualifies);
  const unqualified = checks.filter((check) => !check.qualifies);
  if (qualified.length === 0) {
    return refuse(
      'NO_ELIGIBLE_SURVIVOR',
      'Không có thân nhân nào đủ điều kiện hưởng trợ cấp tuất hằng tháng: ' +
        `${listed(unqualified, 'vi')}. Thân nhân có thể đề nghị hưởng trợ cấp tuất một lần.`,
      'No survivor listed qualifies for a monthly survivor allowance: ' +
        `${listed(unqualified, 'en')}. The relatives can claim the lump-sum survivor allowance instead.`,
    );
  }
  const level = levelOn(policy.levels, 'base-salary', dateOfDeath);
  if (level === undefined) {
    return refuse(
      'NO_REFERENCE_LEVEL',
      `Chưa có mức lương cơ sở áp dụng cho ngày chết ${dateOfDeath}: không tính được trợ cấp tuất hằng tháng`,
      `No base salary is configured for the date of death ${dateOfDeath}: the monthly survivor allowance cannot be computed`,
    );
  }
  const counted = qualified.slice(0, policy.maxMonthlyBeneficiaries);
  const notCounted = qualified.slice(policy.maxMonthlyBeneficiaries);
  const each = wholeDong(policy.monthlyRate * level.amount);
  const amount = each * counted.length;
  const monthlyFrom = firstDayOfNextMonth(dateOfDeath);
  const rate = percent(policy.monthlyRate);
  const base = vnd(level.amount);
  const basis = legalBasisText(level);

  const beneficiaries = counted.map((check): SurvivorPayment => ({
    personalId: check.survivor.personalId,
    amount: each,
    why: {
      vi: `${capitalised(check.why.vi)}: ${rate.vi} mức lương cơ sở ${base.vi} = ${vnd(each).vi} mỗi tháng`,
      en: `${capitalised(check.why.en)}: ${rate.en} of the base salary of ${base.en} = ${vnd(each).en} a month`,
    },
  }));
  const notPaid: LocalizedText[] = [];
  if (unqualified.length > 0) {
    notPaid.push({
      vi: ` Không hưởng: ${listed(unqualified, 'vi')}.`,
      en: ` Not paid: ${listed(unqualified, 'en')}.`,
    });
  }
  if (notCounted.length > 0) {
    const labels = notCounted.map((check) => survivorLabel(check.survivor, check.index));
    notPaid.push({
      vi:
        ` ${capitalised(labels.map((label) => label.vi).join(', '))} đủ điều kiện nhưng không được tính: ` +
        `tối đa ${policy.maxMonthlyBeneficiaries} thân nhân hưởng trợ cấp tuất hằng tháng, theo thứ tự kê khai.`,
      en:
        ` ${capitalised(labels.map((label) => label.en).join(', '))} ${notCounted.length === 1 ? 'qualifies' : 'qualify'} ` +
        `but ${notCounted.length === 1 ? 'is' : 'are'} not counted: at most ${policy.maxMonthlyBeneficiaries} survivors ` +
        'receive a monthly allowance, in the order listed.',
    });
  }
  return {
    kind: 'granted',
    allowanceKind: 'monthly',
    amount,
    monthlyFrom,
    beneficiaries,
    referenceLevel: { ...level },
    explanation: {
      vi:
        `Trợ cấp tuất hằng tháng từ ${monthlyFrom}: ${counted.length} thân nhân × ${rate.vi} mức lương cơ sở ` +
        `${base.vi} (${basis.vi}) = ${vnd(amount).vi} mỗi tháng. Người chết thuộc diện này: ${deceasedBasis.vi}.` +
        notPaid.map((part) => part.vi).join(''),
      en:
        `Monthly survivor allowance from ${monthlyFrom}: ${counted.length} ${counted.length === 1 ? 'survivor' : 'survivors'} × ` +
        `${rate.en} of the base salary of ${base.en} (${basis.en}) = ${vnd(amount).en} a month. ` +
        `The deceased qualifies: ${deceasedBasis.en}.` +
        notPaid.map((part) => part.en).join(''),
    },
  };
}

/** Why the deceased's death gives a monthly allowance, or undefined when it does not. */
function monthlyBasisOfDeceased(
  record: SocialInsuranceRecord,
  policy: SurvivorAllowancePolicy,
): LocalizedText | undefined {
  if (record.status === 'pensioner') return { vi: 'đang hưởng lương hưu', en: 'receiving a pension' };
  if (record.status === 'monthly-allowance') {
    return {
      vi: 'đang hưởng trợ cấp bảo hiểm xã hội hằng tháng',
      en: 'receiving a monthly social-insurance allowance',
    };
  }
  const months = record.compulsoryContributionMonths;
  const required = policy.monthlyMinContributionMonths;
  if (months >= required) {
    return {
      vi: `có ${months} tháng đóng bảo hiểm xã hội bắt buộc, từ đủ ${required} tháng trở lên`,
      en: `${months} months of compulsory contributions, at least the ${required} required`,
    };
  }
  return undefined;
}

function checkSurvivor(
  survivor: Survivor,
  index: number,
  dateOfDeath: string,
  policy: SurvivorAllowancePolicy,
): SurvivorCheck {
  const result = (qualifies: boolean, why: LocalizedText): SurvivorCheck => ({
    survivor,
    index,
    qualifies,
    why,
  });
  const relationship = RELATIONSHIPS[survivor.relationship];
  const incapacitated: LocalizedText = {
    vi: `${relationship.vi} bị suy giảm khả năng lao động từ 81% trở lên`,
    en: `${relationship.en} who has lost 81% or more of working capacity`,
  };
  if (survivor.relationship === 'child') {
    const under = policy.childUnderAge;
    if (survivor.dateOfBirth > dateOfDeath) {
      return result(true, { vi: 'con sinh ra sau khi người chết mất', en: 'child born after the death' });
    }
    if (!hasReachedAge(survivor.dateOfBirth, under, dateOfDeath)) {
      return result(true, {
        vi: `con chưa đủ ${under} tuổi vào ngày chết`,
        en: `child under ${under} on the date of death`,
      });
    }
    if (survivor.incapacitated) return result(true, incapacitated);
    return result(false, {
      vi: `con đã đủ ${under} tuổi vào ngày chết và không bị suy giảm khả năng lao động từ 81% trở lên`,
      en: `child aged ${under} or over on the date of death and not incapacitated`,
    });
  }
  const { male, female } = policy.dependantMinAge;
  const ages: LocalizedText = {
    vi: `nam ${male} tuổi, nữ ${female} tuổi`,
    en: `${male} for men, ${female} for women`,
  };
  const minAge = survivor.sex === 'male' ? male : female;
  if (hasReachedAge(survivor.dateOfBirth, minAge, dateOfDeath)) {
    return result(true, {
      vi: `${relationship.vi} đủ tuổi theo quy định (${ages.vi}) vào ngày chết`,
      en: `${relationship.en} of at least the required age (${ages.en}) on the date of death`,
    });
  }
  if (survivor.incapacitated) return result(true, incapacitated);
  return result(false, {
    vi: `${relationship.vi} chưa đủ tuổi theo quy định (${ages.vi}) vào ngày chết và không bị suy giảm khả năng lao động từ 81% trở lên`,
    en: `${relationship.en} under the required age (${ages.en}) on the date of death and not incapacitated`,
  });
}

/** `survivor 1 (spouse): why; survivor 2 (child): why` (the why without the relationship repeated). */
function listed(checks: readonly SurvivorCheck[], language: 'vi' | 'en'): string {
  return checks
    .map((check) => {
      const label = survivorLabel(check.survivor, check.index)[language];
      const relationship = RELATIONSHIPS[check.survivor.relationship][language];
      const why = check.why[language];
      const reason = why.startsWith(`${relationship} `) ? why.slice(relationship.length + 1) : why;
      return `${label}: ${reason}`;
    })
    .join('; ');
}

// ---------------------------------------------------------------------------------------------
// Lump sum

function decideLumpSum(
  command: SurvivorAllowanceCommand,
  record: SocialInsuranceRecord,
): SurvivorAllowanceDecision {
  const computed = receivesMonthlyBenefit(record)
    ? pensionLumpSum(record, command.deceased.dateOfDeath)
    : contributionLumpSum(record);
  if (computed === undefined) {
    return refuse(
      'SOCIAL_INSURANCE_RECORD_INCOMPLETE',
      'Hồ sơ bảo hiểm xã hội thiếu mức lương hưu (trợ cấp) đang hưởng hoặc ngày bắt đầu hưởng: không tính được trợ cấp tuất một lần',
      'The social-insurance record lacks the pension (or allowance) received or the date it started: the lump sum cannot be computed',
    );
  }
  const { amount, how } = computed;
  const survivors = command.beneficiaries;
  const count = survivors.length;
  const share = Math.floor(amount / count);
  const remainder = amount - share * count;
  const beneficiaries = survivors.map((survivor, index): SurvivorPayment => {
    const relationship = RELATIONSHIPS[survivor.relationship];
    const extra = index === 0 ? remainder : 0;
    const sharing: LocalizedText =
      count === 1
        ? { vi: 'nhận toàn bộ trợ cấp tuất một lần', en: 'receives the whole lump sum' }
        : {
            vi: `nhận một phần bằng nhau (1/${count}) của trợ cấp tuất một lần`,
            en: `receives an equal share (1/${count}) of the lump sum`,
          };
    const rounding: LocalizedText =
      extra > 0
        ? {
            vi: `, cộng ${vnd(extra).vi} dư do làm tròn`,
            en: `, plus the ${vnd(extra).en} left over by rounding`,
          }
        : { vi: '', en: '' };
    return {
      personalId: survivor.personalId,
      amount: share + extra,
      why: {
        vi: `${capitalised(relationship.vi)} được kê khai là thân nhân: ${sharing.vi}${rounding.vi}`,
        en: `${capitalised(relationship.en)} listed as a survivor: ${sharing.en}${rounding.en}`,
      },
    };
  });
  const among: LocalizedText =
    count === 1
      ? { vi: ' Chi trả cho thân nhân được kê khai.', en: ' Paid to the one survivor listed.' }
      : {
          vi: ` Chia đều cho ${count} thân nhân được kê khai.`,
          en: ` Shared equally among the ${count} survivors listed.`,
        };
  return {
    kind: 'granted',
    allowanceKind: 'lump-sum',
    amount,
    monthlyFrom: null,
    beneficiaries,
    referenceLevel: null,
    explanation: {
      vi: `Trợ cấp tuất một lần: ${how.vi}.${among.vi}`,
      en: `Lump-sum survivor allowance: ${how.en}.${among.en}`,
    },
  };
}

interface LumpSum {
  readonly amount: number;
  readonly how: LocalizedText;
}

/** Of a pensioner (or someone on a monthly allowance), from the months of pension received. */
function pensionLumpSum(record: SocialInsuranceRecord, dateOfDeath: string): LumpSum | undefined {
  const pension = record.monthlyPension;
  const startDate = record.pensionStartDate;
  if (pension === null || startDate === null) return undefined;
  const received = Math.max(1, monthsInclusive(startDate, dateOfDeath));
  const rules = LUMP_SUM;
  const further = Math.max(0, received - rules.earlyPensionMonths);
  // In half months, so the arithmetic is exact: 48 months = 96 halves, 0.5 month = 1 half.
  const halvesPerFurther = rules.reductionPerFurtherMonth * 2;
  const reduced = rules.pensionMonthsEarly * 2 - further * halvesPerFurther;
  const halves = Math.max(rules.minPensionMonths * 2, reduced);
  const amount = exactOrRounded(pension * halves, 2);
  const monthsPaid = halves / 2;
  const what: LocalizedText =
    record.status === 'pensioner'
      ? { vi: 'lương hưu', en: 'pension' }
      : { vi: 'trợ cấp hằng tháng', en: 'monthly allowance' };
  const floored = reduced < halves;
  const ruleText: LocalizedText =
    further === 0
      ? {
          vi: `chết trong ${rules.earlyPensionMonths} tháng đầu hưởng nên tính ${rules.pensionMonthsEarly} tháng`,
          en: `a death within the first ${rules.earlyPensionMonths} months gives ${rules.pensionMonthsEarly} months`,
        }
      : floored
        ? {
            vi: `${rules.pensionMonthsEarly} tháng giảm 0,5 tháng cho mỗi tháng hưởng thêm, nhưng thấp nhất ${rules.minPensionMonths} tháng`,
            en: `${rules.pensionMonthsEarly} months less 0.5 month for each further month, but at least ${rules.minPensionMonths} months`,
          }
        : {
            vi: `${rules.pensionMonthsEarly} tháng, giảm 0,5 tháng cho mỗi tháng trong ${further} tháng hưởng thêm sau ${rules.earlyPensionMonths} tháng đầu`,
            en:
              further === 1
                ? `${rules.pensionMonthsEarly} months less 0.5 month for the 1 month after the first ${rules.earlyPensionMonths}`
                : `${rules.pensionMonthsEarly} months less 0.5 month for each of the ${further} months after the first ${rules.earlyPensionMonths}`,
          };
  const monthsText = { vi: String(monthsPaid).replace('.', ','), en: String(monthsPaid) };
  return {
    amount,
    how: {
      vi:
        `người chết đã hưởng ${what.vi} ${received} tháng (từ tháng ${startDate.slice(0, 7)}); ${ruleText.vi}: ` +
        `${monthsText.vi} tháng ${what.vi} ${vnd(pension).vi} = ${vnd(amount).vi}`,
      en:
        `the deceased had received a ${what.en} for ${monthsOf(received).en} ` +
        `(from ${startDate.slice(0, 7)}); ${ruleText.en}: ${monthsText.en} months of the ${what.en} of ` +
        `${vnd(pension).en} = ${vnd(amount).en}`,
    },
  };
}

/** Of someone not on a pension, from the years of contributions before and from 2014. */
function contributionLumpSum(record: SocialInsuranceRecord): LumpSum {
  const rules = LUMP_SUM;
  const total = record.compulsoryContributionMonths + record.voluntaryContributionMonths;
  const before = Math.min(Math.max(0, record.contributionMonthsBefore2014), total);
  const from2014 = total - before;
  const salary = record.averageMonthlySalary;
  // Months of salary × 24: 1.5 a year = 3 per 24 months, 2 a year = 4 per 24 months.
  const weight = before * rules.perYearBefore2014 * 2 + from2014 * rules.perYearFrom2014 * 2;
  const minimumWeight = rules.minAverageSalaryMonths * 24;
  const computed = exactOrRounded(salary * weight, 24);
  const average = vnd(salary);
  const terms: LocalizedText[] = [];
  if (before > 0) {
    terms.push({
      vi: `1,5 × ${average.vi} × ${years(before).vi} trước năm 2014`,
      en: `1.5 × ${average.en} × ${years(before).en} before 2014`,
    });
  }
  if (from2014 > 0 || before === 0) {
    terms.push({
      vi: `2 × ${average.vi} × ${years(from2014).vi} từ năm 2014`,
      en: `2 × ${average.en} × ${years(from2014).en} from 2014`,
    });
  }
  const formula: LocalizedText = {
    vi: `mức bình quân tiền lương tháng đóng bảo hiểm xã hội ${average.vi}: ${terms.map((term) => term.vi).join(' + ')} = ${vnd(computed).vi}`,
    en: `average monthly salary ${average.en}: ${terms.map((term) => term.en).join(' + ')} = ${vnd(computed).en}`,
  };
  if (weight >= minimumWeight) return { amount: computed, how: formula };
  const amount = exactOrRounded(salary * rules.minAverageSalaryMonths, 1);
  return {
    amount,
    how: {
      vi: `${formula.vi}, thấp hơn mức tối thiểu ${rules.minAverageSalaryMonths} tháng bình quân tiền lương, nên hưởng ${rules.minAverageSalaryMonths} × ${average.vi} = ${vnd(amount).vi}`,
      en: `${formula.en}, less than the minimum of ${rules.minAverageSalaryMonths} months of the average salary, so ${rules.minAverageSalaryMonths} × ${average.en} = ${vnd(amount).en}`,
    },
  };
}

/** Exact when both are whole numbers (they are, in đồng and months); rounded half up otherwise. */
function exactOrRounded(numerator: number, denominator: number): number {
  return Number.isSafeInteger(numerator)
    ? wholeDongOfFraction(numerator, denominator)
    : wholeDong(numerator / denominator);
}

/** `25 years` or `2 years 6 months` (years = months / 12). */
function years(months: number): LocalizedText {
  const whole = Math.floor(months / 12);
  const rest = months - whole * 12;
  const en = [
    whole > 0 || rest === 0 ? `${whole} ${whole === 1 ? 'year' : 'years'}` : '',
    rest > 0 ? monthsOf(rest).en : '',
  ]
    .filter(Boolean)
    .join(' ');
  const vi = [whole > 0 || rest === 0 ? `${whole} năm` : '', rest > 0 ? `${rest} tháng` : '']
    .filter(Boolean)
    .join(' ');
  return { vi, en };
}

function refuse(code: string, vi: string, en: string): SurvivorAllowanceRefused {
  return { kind: 'refused', reason: { code, message: { vi, en } } };
}

/**
 * What was paid of a decision by `on`: the lump sum, or each month from the first one paid
 * whose first day has come.
 */
export function paidBy(record: Readonly<Record<string, unknown>>, on: string): number {
  const amount = Number(record.amount);
  if (record.kind !== 'monthly') return amount;
  const from = typeof record.monthlyFrom === 'string' ? record.monthlyFrom : null;
  if (!from || on < from) return 0;
  return amount * monthsInclusive(from, on);
}
