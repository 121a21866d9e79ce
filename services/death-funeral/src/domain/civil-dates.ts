/**
 * Calendar arithmetic on civil dates (`YYYY-MM-DD`), done in UTC so no result depends on the
 * machine's time zone. Pure: no clock is read.
 */

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function partsOf(date: string): [number, number, number] {
  const match = CIVIL_DATE.exec(date);
  if (match) {
    const [, year, month, day] = match.map(Number) as [number, number, number, number];
    if (format(new Date(Date.UTC(year, month - 1, day))) === date) return [year, month, day];
  }
  throw new RangeError(`not a civil date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function format(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day `years` after `date` (29 February → 1 March in a common year), e.g. an 80th birthday. */
export function anniversary(date: string, years: number): string {
  const [year, month, day] = partsOf(date);
  return format(new Date(Date.UTC(year + years, month - 1, day)));
}

/** Whether someone born on `dateOfBirth` is at least `years` old on `on`. */
export function hasReachedAge(dateOfBirth: string, years: number, on: string): boolean {
  return anniversary(dateOfBirth, years) <= on;
}

/** Age in completed years on `on` (negative for someone born after it). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [birthYear] = partsOf(dateOfBirth);
  const [year] = partsOf(on);
  const age = year - birthYear;
  return hasReachedAge(dateOfBirth, age, on) ? age : age - 1;
}

/**
 * Calendar months from the month of `from` to the month of `to`, both counted: a pension first
 * paid for January and a death in February are 2 months of pension. 0 or less when `to`'s month
 * is before `from`'s.
 */
export function monthsInclusive(from: string, to: string): number {
  const [fromYear, fromMonth] = partsOf(from);
  const [toYear, toMonth] = partsOf(to);
  return toYear * 12 + toMonth - (fromYear * 12 + fromMonth) + 1;
}

/** The first day of the month after `date`'s, e.g. 2024-08-15 → 2024-09-01. */
export function firstDayOfNextMonth(date: string): string {
  const [year, month] = partsOf(date);
  return format(new Date(Date.UTC(year, month, 1)));
}
