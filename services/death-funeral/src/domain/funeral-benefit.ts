/**
 * The funeral benefit, routed by eligibility (group 2, step 3): pure rules from the deceased's
 * records, the policy and the reference levels. Every route is checked and explained; when
 * several apply only the highest is paid (one funeral benefit per death), on a tie in the order
 * social insurance, people with merit, social protection.
 *
 * - `social-insurance`, Social Security's funeral allowance (paid by Vietnam Social Security):
 *   pensioners, monthly social-insurance allowance recipients, at least 12 months of compulsory
 *   or 60 months of voluntary contributions, or 80 and over on a monthly survivor allowance;
 *   10 × the base salary on the date of death.
 * - `social-protection`, the social-protection funeral support (commune social protection):
 *   monthly social assistance or the social pension in force on the date of death; at least
 *   20 × the social-assistance standard level (a province may pay more).
 * - `merit`, the people-with-merit funeral benefit (home-affairs sector): recognised as a person
 *   with merit before the death; the amount is configuration (10 × base salary, unconfirmed).
 *
 * No reference level in force on the date of death for a route that applies is a refusal
 * (`NO_REFERENCE_LEVEL`), never a guess.
 */
import type { FuneralRoute, LocalizedText, Reason } from '@lienthong/contracts';
import { capitalised, decimal, vnd, wholeDong, months } from './amounts.ts';
import { hasReachedAge } from './civil-dates.ts';
import type {
  MeritRecord,
  SocialInsuranceRecord,
  SocialProtectionProgramme,
  SocialProtectionRecord,
} from './records.ts';
import {
  earliestLevel,
  legalBasisText,
  levelOn,
  REFERENCE_LEVELS,
  type ReferenceLevel,
  type ReferenceLevelKind,
} from './reference-levels.ts';

/** Social Security's funeral allowance: statutory, not configuration. */
const SOCIAL_INSURANCE_FUNERAL = Object.freeze({
  referenceKind: 'base-salary',
  multiplier: 10,
  minCompulsoryMonths: 12,
  minVoluntaryMonths: 60,
  /** Someone on a monthly survivor allowance qualifies from this age at death. */
  survivorAllowanceMinAge: 80,
} as const);

/** The social-protection funeral support is at least this many standard levels; a province may pay more. */
const MIN_SOCIAL_PROTECTION_MULTIPLIER = 20;

export interface FuneralPolicy {
  readonly levels: readonly ReferenceLevel[];
  /** Times the social-assistance standard level: at least 20, more where the province decided so. */
  readonly socialProtectionMultiplier: number;
  /** The people-with-merit benefit: how much is not confirmed, so it is configuration. */
  readonly merit: {
    readonly referenceKind: ReferenceLevelKind;
    readonly multiplier: number;
    /** False while the amount is an assumption; the explanation then says so. */
    readonly confirmed: boolean;
  };
}

/**
 * The default policy: the shipped reference levels, the national 20 × standard level for the
 * social-protection support, and 10 × base salary for people with merit (unconfirmed).
 */
export const DEFAULT_FUNERAL_POLICY: FuneralPolicy = Object.freeze({
  levels: REFERENCE_LEVELS,
  socialProtectionMultiplier: MIN_SOCIAL_PROTECTION_MULTIPLIER,
  merit: Object.freeze({ referenceKind: 'base-salary', multiplier: 10, confirmed: false }),
});

export interface FuneralBenefitInput {
  readonly deceased: { readonly dateOfBirth: string; readonly dateOfDeath: string };
  readonly socialInsurance: SocialInsuranceRecord | null;
  readonly socialProtection: SocialProtectionRecord | null;
  readonly merit: MeritRecord | null;
}

export type PayingAgency = 'vietnam-social-security' | 'commune-social-protection' | 'home-affairs';

const PAYING_AGENCIES: Readonly<Record<FuneralRoute, PayingAgency>> = Object.freeze({
  'social-insurance': 'vietnam-social-security',
  'social-protection': 'commune-social-protection',
  merit: 'home-affairs',
});

/** One route checked: whether it applies, what it would pay, and why. */
export interface ConsideredRoute {
  readonly route: FuneralRoute;
  readonly eligible: boolean;
  readonly amount: number | null;
  readonly why: LocalizedText;
}

export interface FuneralBenefitGranted {
  readonly kind: 'granted';
  readonly route: FuneralRoute;
  readonly payingAgency: PayingAgency;
  readonly amount: number;
  readonly referenceLevel: ReferenceLevel;
  readonly multiplier: number;
  readonly explanation: LocalizedText;
  readonly considered: readonly ConsideredRoute[];
}

export interface FuneralBenefitRefused {
  readonly kind: 'refused';
  /** `NO_FUNERAL_ENTITLEMENT` or `NO_REFERENCE_LEVEL`. */
  readonly reason: Reason;
  readonly considered: readonly ConsideredRoute[];
}

export type FuneralBenefitDecision = FuneralBenefitGranted | FuneralBenefitRefused;

/** On equal amounts, the route paid is the first of these. */
const FUNERAL_ROUTE_PRECEDENCE: readonly FuneralRoute[] = Object.freeze([
  'social-insurance',
  'merit',
  'social-protection',
]);

/** Throws a RangeError for a policy the law does not allow (configuration error, not a refusal). */
export function checkFuneralPolicy(policy: FuneralPolicy): void {
  if (
    !Number.isFinite(policy.socialProtectionMultiplier) ||
    policy.socialProtectionMultiplier < MIN_SOCIAL_PROTECTION_MULTIPLIER
  ) {
    throw new RangeError(
      `the social-protection funeral support is at least ${MIN_SOCIAL_PROTECTION_MULTIPLIER} × the standard level, ` +
        `got ${policy.socialProtectionMultiplier}`,
    );
  }
  if (!Number.isFinite(policy.merit.multiplier) || policy.merit.multiplier <= 0) {
    throw new RangeError(`the people-with-merit multiplier must be positive, got ${policy.merit.multiplier}`);
  }
}

/** Checks every route, then pays the highest entitlement, or refuses with what was checked. */
export function decideFuneralBenefit(
  input: FuneralBenefitInput,
  policy: FuneralPolicy = DEFAULT_FUNERAL_POLICY,
): FuneralBenefitDecision {
  checkFuneralPolicy(policy);
  const { dateOfDeath } = input.deceased;
  const checks: readonly RouteCheck[] = [
    checkSocialInsurance(input.socialInsurance, input.deceased),
    checkSocialProtection(input.socialProtection, dateOfDeath, policy),
    checkMerit(input.merit, dateOfDeath, policy),
  ];
  const priced = checks.map((check) => price(check, dateOfDeath, policy));
  const considered = priced.map((entry) => entry.considered);

  const eligible = priced.filter((entry) => entry.check.eligible);
  if (eligible.length === 0) {
    return { kind: 'refused', reason: noEntitlement(), considered };
  }
  const unpriced = eligible.filter((entry) => entry.level === undefined);
  if (unpriced.length > 0) {
    return { kind: 'refused', reason: noReferenceLevel(unpriced, dateOfDeath, policy), considered };
  }
  const [first, ...rest] = eligible.filter(isPayable);
  if (first === undefined) throw new Error('unreachable: every eligible route is priced here');
  const paid = rest.reduce((best, entry) => (better(entry, best) ? entry : best), first);
  return {
    kind: 'granted',
    route: paid.check.route,
    payingAgency: PAYING_AGENCIES[paid.check.route],
    amount: paid.amount,
    referenceLevel: { ...paid.level },
    multiplier: paid.check.multiplier,
    explanation: explain(paid, priced, policy),
    considered,
  };
}

/** A route checked against the records, before its amount. */
interface RouteCheck {
  readonly route: FuneralRoute;
  readonly eligible: boolean;
  /** Why it applies (what qualifies), or why not; a whole sentence. */
  readonly basis: LocalizedText;
  readonly referenceKind: ReferenceLevelKind;
  readonly multiplier: number;
}

interface PricedRoute {
  readonly check: RouteCheck;
  readonly level: ReferenceLevel | undefined;
  readonly amount: number | null;
  readonly considered: ConsideredRoute;
}

/** An eligible route whose reference level was in force: it has an amount. */
interface PayableRoute extends PricedRoute {
  readonly level: ReferenceLevel;
  readonly amount: number;
}

function isPayable(entry: PricedRoute): entry is PayableRoute {
  return entry.check.eligible && entry.level !== undefined && entry.amount !== null;
}

const ROUTE_NAMES: Readonly<Record<FuneralRoute, LocalizedText>> = {
  'social-insurance': {
    vi: 'trợ cấp mai táng của cơ quan bảo hiểm xã hội',
    en: 'Social Security’s funeral allowance',
  },
  'social-protection': {
    vi: 'hỗ trợ chi phí mai táng đối với đối tượng bảo trợ xã hội',
    en: 'the social-protection funeral support',
  },
  merit: {
    vi: 'trợ cấp mai táng đối với người có công với cách mạng',
    en: 'the people-with-merit funeral benefit',
  },
};

const LEVEL_NAMES: Readonly<Record<ReferenceLevelKind, LocalizedText>> = {
  'base-salary': { vi: 'mức lương cơ sở', en: 'base salary' },
  'social-assistance-standard': {
    vi: 'mức chuẩn trợ giúp xã hội',
    en: 'social-assistance standard level',
  },
};

const PROGRAMME_NAMES: Readonly<Record<SocialProtectionProgramme['kind'], LocalizedText>> = {
  'monthly-social-assistance': { vi: 'trợ cấp xã hội hằng tháng', en: 'monthly social assistance' },
  'social-pension': { vi: 'trợ cấp hưu trí xã hội', en: 'the social pension' },
};

function checkSocialInsurance(
  record: SocialInsuranceRecord | null,
  deceased: FuneralBenefitInput['deceased'],
): RouteCheck {
  const rules = SOCIAL_INSURANCE_FUNERAL;
  const route = 'social-insurance';
  const base = { route, referenceKind: rules.referenceKind, multiplier: rules.multiplier } as const;
  if (record === null) {
    return {
      ...base,
      eligible: false,
      basis: {
        vi: 'Không có quá trình tham gia bảo hiểm xã hội: không thuộc diện hưởng trợ cấp mai táng của cơ quan bảo hiểm xã hội',
        en: 'No social-insurance record: Social Security’s funeral allowance does not apply',
      },
    };
  }
  const compulsory = record.compulsoryContributionMonths;
  const voluntary = record.voluntaryContributionMonths;
  const onSurvivorAllowance = record.status === 'survivor-allowance';
  const oldEnough = hasReachedAge(deceased.dateOfBirth, rules.survivorAllowanceMinAge, deceased.dateOfDeath);

  const grounds: LocalizedText[] = [];
  if (record.status === 'pensioner') grounds.push({ vi: 'đang hưởng lương hưu', en: 'receiving a pension' });
  if (record.status === 'monthly-allowance') {
    grounds.push({
      vi: 'đang hưởng trợ cấp bảo hiểm xã hội hằng tháng',
      en: 'receiving a monthly social-insurance allowance',
    });
  }
  if (compulsory >= rules.minCompulsoryMonths) {
    grounds.push({
      vi: `có ${months(compulsory).vi} đóng bảo hiểm xã hội bắt buộc, từ đủ ${rules.minCompulsoryMonths} tháng trở lên`,
      en: `${months(compulsory).en} of compulsory contributions, at least the ${rules.minCompulsoryMonths} required`,
    });
  }
  if (voluntary >= rules.minVoluntaryMonths) {
    grounds.push({
      vi: `có ${months(voluntary).vi} đóng bảo hiểm xã hội tự nguyện, từ đủ ${rules.minVoluntaryMonths} tháng trở lên`,
      en: `${months(voluntary).en} of voluntary contributions, at least the ${rules.minVoluntaryMonths} required`,
    });
  }
  if (onSurvivorAllowance && oldEnough) {
    grounds.push({
      vi: `đang hưởng trợ cấp tuất hằng tháng và từ đủ ${rules.survivorAllowanceMinAge} tuổi trở lên khi chết`,
      en: `receiving a monthly survivor allowance and aged ${rules.survivorAllowanceMinAge} or over at death`,
    });
  }
  if (grounds.length > 0) return { ...base, eligible: true, basis: sentence(grounds) };

  const failures: LocalizedText[] = [
    {
      vi: 'không hưởng lương hưu hay trợ cấp bảo hiểm xã hội hằng tháng',
      en: 'not receiving a pension or a monthly social-insurance allowance',
    },
    shortOf(compulsory, rules.minCompulsoryMonths, {
      vi: 'đóng bảo hiểm xã hội bắt buộc',
      en: 'compulsory contributions',
    }),
    shortOf(voluntary, rules.minVoluntaryMonths, {
      vi: 'đóng bảo hiểm xã hội tự nguyện',
      en: 'voluntary contributions',
    }),
    onSurvivorAllowance
      ? {
          vi: `đang hưởng trợ cấp tuất hằng tháng nhưng chưa đủ ${rules.survivorAllowanceMinAge} tuổi khi chết`,
          en: `receiving a monthly survivor allowance but under ${rules.survivorAllowanceMinAge} at death`,
        }
      : {
          vi: `không hưởng trợ cấp tuất hằng tháng ở tuổi từ đủ ${rules.survivorAllowanceMinAge} trở lên`,
          en: `not on a monthly survivor allowance at ${rules.survivorAllowanceMinAge} or over`,
        },
  ];
  return {
    ...base,
    eligible: false,
    basis: notEntitled(route, failures),
  };
}

function checkSocialProtection(
  record: SocialProtectionRecord | null,
  dateOfDeath: string,
  policy: FuneralPolicy,
): RouteCheck {
  const route = 'social-protection';
  const base = {
    route,
    referenceKind: 'social-assistance-standard',
    multiplier: policy.socialProtectionMultiplier,
  } as const;
  if (record === null) {
    return {
      ...base,
      eligible: false,
      basis: {
        vi: 'Không có hồ sơ bảo trợ xã hội: không thuộc diện hỗ trợ chi phí mai táng đối với đối tượng bảo trợ xã hội',
        en: 'No social-protection record: the social-protection funeral support does not apply',
      },
    };
  }
  const active = record.programmes.filter(
    (programme) =>
      programme.since <= dateOfDeath && (programme.until === null || programme.until >= dateOfDeath),
  );
  if (active.length > 0) {
    return {
      ...base,
      eligible: true,
      basis: sentence(
        active.map((programme) => ({
          vi: `đang hưởng ${PROGRAMME_NAMES[programme.kind].vi} (từ ${programme.since}) vào ngày chết`,
          en: `receiving ${PROGRAMME_NAMES[programme.kind].en} (since ${programme.since}) on the date of death`,
        })),
      ),
    };
  }
  const failures: LocalizedText[] = [
    {
      vi: 'không hưởng trợ cấp xã hội hằng tháng hay trợ cấp hưu trí xã hội vào ngày chết',
      en: 'no monthly social assistance or social pension on the date of death',
    },
    ...record.programmes.map((programme): LocalizedText => {
      const name = PROGRAMME_NAMES[programme.kind];
      return programme.since > dateOfDeath
        ? {
            vi: `${name.vi} chỉ hưởng từ ${programme.since}, sau ngày chết`,
            en: `${name.en} only from ${programme.since}, after the date of death`,
          }
        : {
            vi: `${name.vi} đã chấm dứt ngày ${programme.until ?? ''}, trước ngày chết`,
            en: `${name.en} ended on ${programme.until ?? ''}, before the date of death`,
          };
    }),
  ];
  if (record.programmes.length === 0) {
    failures.push({ vi: 'hồ sơ không có chế độ nào', en: 'the record holds no programme' });
  }
  return { ...base, eligible: false, basis: notEntitled(route, failures) };
}

function checkMerit(record: MeritRecord | null, dateOfDeath: string, policy: FuneralPolicy): RouteCheck {
  const route: FuneralRoute = 'merit';
  const base = { route, referenceKind: policy.merit.referenceKind, multiplier: policy.merit.multiplier };
  if (record === null) {
    return {
      ...base,
      eligible: false,
      basis: {
        vi: 'Không có hồ sơ người có công với cách mạng: không thuộc diện hưởng trợ cấp mai táng đối với người có công',
        en: 'No people-with-merit record: the people-with-merit funeral benefit does not apply',
      },
    };
  }
  if (record.recognisedOn > dateOfDeath) {
    return {
      ...base,
      eligible: false,
      basis: notEntitled(route, [
        {
          vi: `được công nhận là người có công ngày ${record.recognisedOn}, sau ngày chết`,
          en: `recognised as a person with merit on ${record.recognisedOn}, after the date of death`,
        },
      ]),
    };
  }
  return {
    ...base,
    eligible: true,
    basis: sentence([
      record.receivesMonthlyAllowance
        ? {
            vi: `được công nhận là người có công từ ${record.recognisedOn}, đang hưởng trợ cấp ưu đãi hằng tháng`,
            en: `recognised as a person with merit since ${record.recognisedOn}, receiving a monthly preferential allowance`,
          }
        : {
            vi: `được công nhận là người có công từ ${record.recognisedOn}, không hưởng trợ cấp ưu đãi hằng tháng`,
            en: `recognised as a person with merit since ${record.recognisedOn}, not receiving a monthly preferential allowance`,
          },
    ]),
  };
}

function price(check: RouteCheck, dateOfDeath: string, policy: FuneralPolicy): PricedRoute {
  if (!check.eligible) {
    return {
      check,
      level: undefined,
      amount: null,
      considered: { route: check.route, eligible: false, amount: null, why: check.basis },
    };
  }
  const level = levelOn(policy.levels, check.referenceKind, dateOfDeath);
  const levelName = LEVEL_NAMES[check.referenceKind];
  if (level === undefined) {
    return {
      check,
      level,
      amount: null,
      considered: {
        route: check.route,
        eligible: true,
        amount: null,
        why: {
          vi: `${check.basis.vi}, nhưng chưa có ${levelName.vi} áp dụng cho ngày chết nên không tính được mức hưởng`,
          en: `${check.basis.en}, but no ${levelName.en} is configured for the date of death, so the amount cannot be computed`,
        },
      },
    };
  }
  const amount = wholeDong(check.multiplier * level.amount);
  const name = ROUTE_NAMES[check.route];
  const formula = computation(check, level, amount);
  const caveat = unconfirmedNote(check.route, policy);
  return {
    check,
    level,
    amount,
    considered: {
      route: check.route,
      eligible: true,
      amount,
      why: {
        vi: `${check.basis.vi}: được hưởng ${name.vi}, ${formula.vi}${caveat.vi}`,
        en: `${check.basis.en}: entitled to ${name.en}, ${formula.en}${caveat.en}`,
      },
    },
  };
}

/** `10 × the base salary of 2,340,000 VND in force on the date of death (Decree …) = 23,400,000 VND`. */
function computation(check: RouteCheck, level: ReferenceLevel, amount: number): LocalizedText {
  const levelName = LEVEL_NAMES[check.referenceKind];
  const times = decimal(check.multiplier);
  const basis = legalBasisText(level);
  return {
    vi:
      `bằng ${times.vi} lần ${levelName.vi} ${vnd(level.amount).vi} áp dụng tại ngày chết ` +
      `(${basis.vi}) = ${vnd(amount).vi}`,
    en:
      `${times.en} × the ${levelName.en} of ${vnd(level.amount).en} in force on the date of death ` +
      `(${basis.en}) = ${vnd(amount).en}`,
  };
}

function unconfirmedNote(route: FuneralRoute, policy: FuneralPolicy): LocalizedText {
  if (route !== 'merit' || policy.merit.confirmed) return { vi: '', en: '' };
  return {
    vi: '; mức hưởng này chưa được xác nhận: là giả định trong cấu hình, cần đối chiếu quy định của ngành nội vụ',
    en: '; this amount is not confirmed: it is a configured assumption, to be checked against the home-affairs sector’s rules',
  };
}

/** Whether `a` is paid before `b`: the higher amount, then the route that comes first. */
function better(a: PayableRoute, b: PayableRoute): boolean {
  const rank = (entry: PayableRoute) => FUNERAL_ROUTE_PRECEDENCE.indexOf(entry.check.route);
  return a.amount > b.amount || (a.amount === b.amount && rank(a) < rank(b));
}

function explain(paid: PayableRoute, all: readonly PricedRoute[], policy: FuneralPolicy): LocalizedText {
  const name = ROUTE_NAMES[paid.check.route];
  const { level, amount } = paid;
  const levelName = LEVEL_NAMES[paid.check.referenceKind];
  const times = decimal(paid.check.multiplier);
  const caveat = unconfirmedNote(paid.check.route, policy);
  const basis = legalBasisText(level);
  const head: LocalizedText = {
    vi:
      `Chi trả ${name.vi}: ${vnd(amount).vi} (${times.vi} lần ${levelName.vi} ${vnd(level.amount).vi}, ` +
      `${basis.vi})${caveat.vi}.`,
    en:
      `${capitalised(name.en)} is paid: ${vnd(amount).en} (${times.en} × the ${levelName.en} of ` +
      `${vnd(level.amount).en}, ${basis.en})${caveat.en}.`,
  };
  const others = all.filter((entry) => entry.check.route !== paid.check.route);
  const anotherApplies = others.some((entry) => entry.check.eligible);
  const parts = others.map((entry): LocalizedText => {
    const other = ROUTE_NAMES[entry.check.route];
    if (!isPayable(entry)) {
      return { vi: `${other.vi} không áp dụng`, en: `${other.en} does not apply` };
    }
    const otherAmount = vnd(entry.amount);
    if (entry.amount < amount) {
      return {
        vi: `${other.vi} (${otherAmount.vi}) thấp hơn nên không chi trả`,
        en: `${other.en} (${otherAmount.en}) is lower and is not paid`,
      };
    }
    return {
      vi: `${other.vi} (${otherAmount.vi}) bằng mức này, ${name.vi} được ưu tiên nên không chi trả`,
      en: `${other.en} (${otherAmount.en}) is the same amount, and ${name.en} comes first, so it is not paid`,
    };
  });
  const tail: LocalizedText = anotherApplies
    ? {
        vi: ` Mỗi người chết chỉ được hưởng một chế độ mai táng: ${parts.map((part) => part.vi).join('; ')}.`,
        en: ` Only one funeral benefit is paid per death: ${parts.map((part) => part.en).join('; ')}.`,
      }
    : {
        vi: ` Các chế độ khác không áp dụng: ${parts.map((part) => part.vi).join('; ')}.`,
        en: ` The others do not apply: ${parts.map((part) => part.en).join('; ')}.`,
      };
  return { vi: head.vi + tail.vi, en: head.en + tail.en };
}

function noEntitlement(): Reason {
  const rules = SOCIAL_INSURANCE_FUNERAL;
  return {
    code: 'NO_FUNERAL_ENTITLEMENT',
    message: {
      vi:
        'Không thuộc diện hưởng chế độ mai táng nào. Đã kiểm tra: trợ cấp mai táng của cơ quan bảo hiểm xã hội ' +
        `(hưởng lương hưu, trợ cấp bảo hiểm xã hội hằng tháng, đóng bảo hiểm xã hội bắt buộc từ đủ ${rules.minCompulsoryMonths} tháng ` +
        `hoặc tự nguyện từ đủ ${rules.minVoluntaryMonths} tháng, hưởng trợ cấp tuất hằng tháng từ đủ ${rules.survivorAllowanceMinAge} tuổi); ` +
        'hỗ trợ chi phí mai táng đối với đối tượng bảo trợ xã hội (đang hưởng trợ cấp xã hội hằng tháng hoặc trợ cấp ' +
        'hưu trí xã hội vào ngày chết); trợ cấp mai táng đối với người có công (hồ sơ người có công).',
      en:
        'No funeral benefit applies. Checked: Social Security’s funeral allowance (a pension, a monthly ' +
        `social-insurance allowance, at least ${rules.minCompulsoryMonths} months of compulsory or ` +
        `${rules.minVoluntaryMonths} months of voluntary contributions, a monthly survivor allowance at ` +
        `${rules.survivorAllowanceMinAge} or over); the social-protection funeral support (monthly social ` +
        'assistance or the social pension on the date of death); the people-with-merit funeral benefit ' +
        '(a people-with-merit record).',
    },
  };
}

function noReferenceLevel(
  unpriced: readonly PricedRoute[],
  dateOfDeath: string,
  policy: FuneralPolicy,
): Reason {
  const parts = unpriced.map((entry): LocalizedText => {
    const kind = entry.check.referenceKind;
    const levelName = LEVEL_NAMES[kind];
    const name = ROUTE_NAMES[entry.check.route];
    const earliest = earliestLevel(policy.levels, kind);
    const since: LocalizedText = earliest
      ? {
          vi: ` (mức sớm nhất áp dụng từ ${earliest.effectiveFrom})`,
          en: ` (the earliest takes effect on ${earliest.effectiveFrom})`,
        }
      : { vi: '', en: '' };
    return {
      vi: `chưa có ${levelName.vi} áp dụng cho ngày chết ${dateOfDeath}${since.vi} nên không tính được ${name.vi}`,
      en: `no ${levelName.en} is configured for the date of death ${dateOfDeath}${since.en}, so ${name.en} cannot be computed`,
    };
  });
  return {
    code: 'NO_REFERENCE_LEVEL',
    message: {
      vi: `${capitalised(parts.map((part) => part.vi).join('; '))}.`,
      en: `${capitalised(parts.map((part) => part.en).join('; '))}.`,
    },
  };
}

/** `Not entitled to <route>: a; b; c`. */
function notEntitled(route: FuneralRoute, failures: readonly LocalizedText[]): LocalizedText {
  const name = ROUTE_NAMES[route];
  return {
    vi: `Không thuộc diện hưởng ${name.vi}: ${failures.map((failure) => failure.vi).join('; ')}`,
    en: `Not entitled to ${name.en}: ${failures.map((failure) => failure.en).join('; ')}`,
  };
}

/** Clauses joined with `; `, the first letter capitalised. */
function sentence(clauses: readonly LocalizedText[]): LocalizedText {
  return {
    vi: capitalised(clauses.map((clause) => clause.vi).join('; ')),
    en: capitalised(clauses.map((clause) => clause.en).join('; ')),
  };
}

function shortOf(count: number, required: number, what: LocalizedText): LocalizedText {
  if (count <= 0) {
    return {
      vi: `không có thời gian ${what.vi} (cần từ đủ ${required} tháng)`,
      en: `no ${what.en} (${required} months required)`,
    };
  }
  return {
    vi: `chỉ có ${months(count).vi} ${what.vi}, chưa đủ ${required} tháng`,
    en: `${months(count).en} of ${what.en}, fewer than the ${required} required`,
  };
}
