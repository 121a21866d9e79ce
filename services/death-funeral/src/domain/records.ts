/**
 * What the benefit registries hold about the deceased, as far as the funeral benefit and the
 * survivor allowance need it. These are the domain's own shapes: an adapter maps each
 * registry's HTTP answer onto them (`null` when the registry has no record of the person).
 * Dates are civil dates, YYYY-MM-DD; money is whole Vietnamese đồng.
 */

/** Where the deceased stood with Vietnam Social Security at death. */
export type SocialInsuranceStatus =
  /** Paying contributions (compulsory or voluntary). */
  | 'contributing'
  /** Stopped paying; the contribution time is kept (bảo lưu). */
  | 'reserved'
  /** Receiving a pension (lương hưu). */
  | 'pensioner'
  /** Receiving a monthly social-insurance allowance, e.g. for an occupational accident or disease. */
  | 'monthly-allowance'
  /** Receiving a monthly survivor allowance (trợ cấp tuất hằng tháng) for someone else's death. */
  | 'survivor-allowance';

/** The deceased's social-insurance record (Vietnam Social Security). */
export interface SocialInsuranceRecord {
  readonly status: SocialInsuranceStatus;
  /** Months of compulsory social-insurance contributions in all. */
  readonly compulsoryContributionMonths: number;
  /** Months of voluntary social-insurance contributions in all. */
  readonly voluntaryContributionMonths: number;
  /** Of all the months above, those before 1 January 2014 (they weigh less in a lump sum). */
  readonly contributionMonthsBefore2014: number;
  /** Average monthly salary (or income) the contributions were paid on, in đồng. */
  readonly averageMonthlySalary: number;
  /** The pension (or monthly allowance) being received, in đồng a month; null when none. */
  readonly monthlyPension: number | null;
  /** First day the pension (or monthly allowance) was paid for; null when none. */
  readonly pensionStartDate: string | null;
}

/** A monthly social-protection programme the deceased was on (commune social protection). */
export interface SocialProtectionProgramme {
  /** Monthly social assistance (trợ cấp xã hội hằng tháng) or the social pension (trợ cấp hưu trí xã hội). */
  readonly kind: 'monthly-social-assistance' | 'social-pension';
  /** First day of entitlement. */
  readonly since: string;
  /** Last day of entitlement (inclusive); null while it continues. */
  readonly until: string | null;
  readonly monthlyAmount: number;
}

/** The deceased's social-protection record. */
export interface SocialProtectionRecord {
  readonly programmes: readonly SocialProtectionProgramme[];
}

/** The deceased's recognition as a person with merit (người có công), home-affairs sector. */
export interface MeritRecord {
  /** The category of recognition, as the registry names it. */
  readonly category: string;
  readonly recognisedOn: string;
  readonly receivesMonthlyAllowance: boolean;
}
