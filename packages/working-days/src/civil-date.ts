// Civil dates are handled as day numbers since 1970-01-01 (UTC arithmetic on a date without a
// time), so no step ever depends on the machine's time zone.

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/** Vietnam keeps UTC+7 all year (no daylight saving time). */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Day number of a `YYYY-MM-DD` date; throws a RangeError for anything else (including 2026-02-30). */
export function toDayNumber(date: string): number {
  const match = CIVIL_DATE.exec(date);
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const ms = Date.UTC(y, m - 1, d);
    // Date.UTC rolls 2026-02-30 over to 2026-03-02; a round trip catches it.
    if (fromDayNumber(ms / MS_PER_DAY) === date) return ms / MS_PER_DAY;
  }
  throw new RangeError(`not a civil date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

/** `YYYY-MM-DD` of a day number. */
export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

/** Minutes after midnight of an `HH:MM` time (24-hour clock); throws a RangeError otherwise. */
export function toMinutes(time: string): number {
  const match = TIME_OF_DAY.exec(time);
  if (!match) throw new RangeError(`not a time of day (HH:MM, 24-hour): ${JSON.stringify(time)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** An instant as Vietnam civil day number and milliseconds since Vietnam midnight. */
export function toVietnamLocal(instant: Date): { day: number; msOfDay: number } {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  const local = ms + VIETNAM_UTC_OFFSET_MINUTES * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  return { day, msOfDay: local - day * MS_PER_DAY };
}

/** The Vietnam civil date (`YYYY-MM-DD`, UTC+7) of an instant. */
export function vietnamCivilDate(instant: Date): string {
  return fromDayNumber(toVietnamLocal(instant).day);
}

/** The instant of a Vietnam civil date at an `HH:MM` wall-clock time (UTC+7). */
export function atVietnamTime(date: string, time: string): Date {
  const minutes = toMinutes(time) - VIETNAM_UTC_OFFSET_MINUTES;
  return new Date(toDayNumber(date) * MS_PER_DAY + minutes * MS_PER_MINUTE);
}
