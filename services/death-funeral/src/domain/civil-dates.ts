/**
 * Calendar arithmetic on civil dates (`YYYY-MM-DD`), done in UTC so no result depends on the
 * machine's time zone. Pure: no clock is read.
 */
import { toDayNumber } from '@lienthong/working-days';

/** Year, month (1–12) and day of a civil date; working-days' parser refuses anything else. */
function partsOf(date: string): [number, number, number] {
  const day = new Date(toDayNumber(date) * 86_400_000);
  return [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
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
