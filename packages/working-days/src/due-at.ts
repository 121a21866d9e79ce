import { atVietnamTime, fromDayNumber, toMinutes, toVietnamLocal } from './civil-date.ts';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar.ts';

/** What {@link computeDueAt} needs. */
export interface DueAtInput {
  /** When the complete dossier was received (any instant; read in Vietnam time, UTC+7). */
  readonly receivedAt: Date;
  /** The statutory time limit in working days; `0` means "the same working day". */
  readonly workingDays: number;
  /** `HH:MM`, Vietnam time. A dossier received later than this counts from the next working day. Default `15:00`. */
  readonly cutoff?: string;
  /** `HH:MM`, Vietnam time: when a working day ends, i.e. the due time on the due day. Default `17:00`. */
  readonly endOfDay?: string;
  /** Defaults to the vendored Vietnamese public-sector calendar. */
  readonly calendar?: WorkingCalendar;
}

/** The two dates a deadline is made of, for display and statistics. */
export interface Deadline {
  /** The day the time limit counts from (`YYYY-MM-DD`, Vietnam): the working day the dossier is treated as received. */
  readonly countingDay: string;
  /** The due day (`YYYY-MM-DD`, Vietnam): `workingDays` working days after the counting day. */
  readonly dueDay: string;
  /** The due instant: `endOfDay` on the due day, Vietnam time. */
  readonly dueAt: Date;
}

const defaultCalendar = createWorkingCalendar();

/**
 * The deadline of a step with a time limit of `workingDays` working days.
 *
 * 1. The **counting day** is the Vietnam civil date of `receivedAt` when that date is a working
 *    day and `receivedAt` is at or before `cutoff` on it (15:00:00.000 still counts the same day,
 *    15:00:00.001 does not; a receipt before office hours counts that day). Otherwise it is the
 *    next working day: after the cut-off, on a weekend, on a day off.
 * 2. The **due day** is the `workingDays`-th working day after the counting day (the counting
 *    day itself not counted); with `workingDays = 0` it is the counting day itself.
 * 3. The due instant is `endOfDay` on the due day, Vietnam time (UTC+7, no daylight saving).
 *
 * Examples (2026 calendar): received Mon 23 Nov 10:00, 0 days → due Mon 23 Nov 17:00; 2 days →
 * Thu 26 Nov 17:00 (Tue 24 Nov, Vietnam Culture Day, is off). Received Mon 23 Nov 16:00, 0 days →
 * counts from Wed 25 Nov, due Wed 25 Nov 17:00.
 *
 * Throws a RangeError for a negative or fractional `workingDays`, a malformed time, a cut-off
 * later than the end of day, or an invalid Date; {@link CalendarNotCoveredError} when a day
 * needed falls outside the calendar's years.
 */
export function computeDeadline(input: DueAtInput): Deadline {
  const { receivedAt, workingDays, cutoff = '15:00', endOfDay = '17:00', calendar = defaultCalendar } = input;
  if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`working days must be a whole number ≥ 0, got ${workingDays}`);
  }
  const cutoffMinutes = toMinutes(cutoff);
  // A cut-off after the end of day would let a same-day deadline fall before the receipt.
  if (cutoffMinutes > toMinutes(endOfDay)) {
    throw new RangeError(`cut-off ${cutoff} is later than the end of the working day ${endOfDay}`);
  }
  const { day, msOfDay } = toVietnamLocal(receivedAt);
  const receivedDay = fromDayNumber(day);
  const inTime = msOfDay <= cutoffMinutes * 60_000;
  const countingDay =
    inTime && calendar.isWorkingDay(receivedDay) ? receivedDay : calendar.addWorkingDays(receivedDay, 1);
  const dueDay = calendar.addWorkingDays(countingDay, workingDays);
  return { countingDay, dueDay, dueAt: atVietnamTime(dueDay, endOfDay) };
}

/** The due instant of {@link computeDeadline}: `endOfDay` (Vietnam time) of the due day. */
export function computeDueAt(input: DueAtInput): Date {
  return computeDeadline(input).dueAt;
}
