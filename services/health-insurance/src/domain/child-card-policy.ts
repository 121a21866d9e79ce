import { refusal as refuse, type Assessment } from '@lienthong/agency-kit/policy';
import type { DataOf, IssueChildHealthInsuranceCard } from '@lienthong/contracts';

export type ChildCardCommand = DataOf<typeof IssueChildHealthInsuranceCard>;

export interface ChildCardFacts {
  /** A card already issued to this child, if any. */
  readonly existingCardNumber: string | null;
}

/** The day a child born on `dateOfBirth` turns `years` (29 February → 1 March in common years). */
export function birthday(dateOfBirth: string, years: number): string {
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year + years, month - 1, day));
  return date.toISOString().slice(0, 10);
}

function dayBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

/**
 * Social Security's declared policy for the first card of a child under 6: the child must be
 * under 6 on the application date, and it must be a first card. Anything else is a refusal
 * with its reason (within 1 working day, as the law asks); nothing needs an officer.
 */
export function assessChildCard(command: ChildCardCommand, facts: ChildCardFacts): Assessment {
  const { dateOfBirth } = command.child;
  if (dateOfBirth > command.applicationDate) {
    return refuse(
      'BIRTH_AFTER_APPLICATION',
      'Ngày sinh sau ngày nộp hồ sơ',
      'The date of birth is after the application date',
    );
  }
  if (command.applicationDate >= birthday(dateOfBirth, 6)) {
    return refuse(
      'CHILD_NOT_UNDER_SIX',
      'Trẻ đã đủ 6 tuổi vào ngày nộp hồ sơ; thẻ BHYT trẻ em chỉ cấp cho trẻ dưới 6 tuổi',
      'The child is 6 or older on the application date; this card is only for children under 6',
    );
  }
  if (facts.existingCardNumber) {
    return refuse(
      'NOT_A_FIRST_CARD',
      'Trẻ đã được cấp thẻ BHYT; thủ tục này chỉ cấp thẻ lần đầu',
      'The child already has a health-insurance card; this procedure issues the first card only',
    );
  }
  return { decision: 'approve' };
}

/**
 * The card: valid from the application date to the day before the 6th birthday. Its number is
 * the object code TE (children under 6), benefit level 1, the province code, and the child's
 * 10-digit social-insurance number (the last 10 digits of the personal ID).
 */
export function childCard(command: ChildCardCommand, provinceCode: string) {
  const socialInsuranceNumber = command.child.personalId.slice(2);
  return {
    cardNumber: `TE1${provinceCode}${socialInsuranceNumber}`,
    socialInsuranceNumber,
    validFrom: command.applicationDate,
    validTo: dayBefore(birthday(command.child.dateOfBirth, 6)),
  };
}
