import { fromDayNumber, toDayNumber, weekdayOf } from './civil-date.ts';
import vendored from './data/vn-public-holidays.json' with { type: 'json' };

/** One dated entry of the holiday data; other fields (name, basis, verified…) are kept for people. */
export interface CalendarEntry {
  /** `YYYY-MM-DD`, a Vietnam civil date. */
  readonly date: string;
}

/** The days off and make-up Saturdays of one year. */
export interface CalendarYear {
  /** Days off for civil servants; weekend entries are informational (a weekend is off anyway). */
  readonly daysOff: readonly CalendarEntry[];
  /** Saturdays that are working days (make-up days, "làm bù"). */
  readonly workingSaturdays: readonly CalendarEntry[];
}

/** The shape of `data/vn-public-holidays.json`: one entry per covered year, keyed `"2026"`. */
export interface CalendarData {
  readonly years: Readonly<Record<string, CalendarYear>>;
}

/** The vendored public-sector calendar (2025–2027; see `data/README.md`). */
export const VIETNAM_PUBLIC_HOLIDAYS: CalendarData = vendored;

/**
 * Thrown when a date falls in a year the calendar does not cover: a deadline computed on a
 * guessed calendar would be silently wrong. Extend the data when the year's holidays are announced.
 */
export class CalendarNotCoveredError extends RangeError {
  readonly year: number;
  readonly coveredYears: readonly number[];

  constructor(year: number, coveredYears: readonly number[]) {
    const covered = coveredYears.length > 0 ? coveredYears.join(', ') : 'none';
    super(`no working-day calendar for ${year} (covered years: ${covered})`);
    this.name = 'CalendarNotCoveredError';
    this.year = year;
    this.coveredYears = coveredYears;
  }
}

/** Working days of Vietnam's state administrative agencies, on Vietnam civil dates (`YYYY-MM-DD`). */
export interface WorkingCalendar {
  /** The years this calendar knows, ascending. Any date outside them throws {@link CalendarNotCoveredError}. */
  readonly coveredYears: readonly number[];
  /**
   * Whether `date` is a working day: Monday to Friday unless listed as a day off, or a Saturday
   * listed as a working Saturday. Sunday never is.
   */
  isWorkingDay(date: string): boolean;
  /**
   * The `n`-th working day after `date`, `date` itself not counted (as a period in days starts
   * the day after its event, Civil Code 2015 Art. 147). `n = 0` returns `date` unchanged, even
   * when it is not a working day. E.g. `addWorkingDays('2026-02-13', 1)` is `'2026-02-23'` (Tết).
   */
  addWorkingDays(date: string, n: number): string;
  /**
   * The number of working days in `(from, to]`: how many working days `to` is after `from`;
   * negative when `to` is before `from`. When `to` is a working day,
   * `addWorkingDays(from, workingDaysBetween(from, to)) === to` for `to` after `from`.
   */
  workingDaysBetween(from: string, to: string): number;
}

const SATURDAY = 6;
const SUNDAY = 0;

function yearOf(day: number): number {
  return Number(fromDayNumber(day).slice(0, 4));
}

/**
 * A working calendar over the given data (by default the vendored Vietnamese public-sector
 * calendar). The data is checked on creation: every date must be valid and in its year's
 * entry, a working Saturday must be a Saturday and must not also be a day off.
 */
export function createWorkingCalendar(data: CalendarData = VIETNAM_PUBLIC_HOLIDAYS): WorkingCalendar {
  const daysOff = new Set<number>();
  const workingSaturdays = new Set<number>();
  const years: number[] = [];

  for (const [key, year] of Object.entries(data.years)) {
    if (!/^\d{4}$/.test(key))
      throw new RangeError(`calendar data: year key ${JSON.stringify(key)} is not a year`);
    years.push(Number(key));
    const inYear = (entry: CalendarEntry, list: string): number => {
      const day = toDayNumber(entry.date);
      if (yearOf(day) !== Number(key)) {
        throw new RangeError(`calendar data: ${entry.date} is listed in ${list} of ${key}`);
      }
      return day;
    };
    for (const entry of year.daysOff) daysOff.add(inYear(entry, 'daysOff'));
    for (const entry of year.workingSaturdays) {
      const day = inYear(entry, 'workingSaturdays');
      if (weekdayOf(day) !== SATURDAY) {
        throw new RangeError(`calendar data: working Saturday ${entry.date} is not a Saturday`);
      }
      workingSaturdays.add(day);
    }
  }
  for (const day of workingSaturdays) {
    if (daysOff.has(day)) {
      throw new RangeError(`calendar data: ${fromDayNumber(day)} is both a day off and a working Saturday`);
    }
  }
  years.sort((a, b) => a - b);
  const coveredYears = Object.freeze(years);
  const covered = new Set(years);

  const assertCovered = (day: number): void => {
    const year = yearOf(day);
    if (!covered.has(year)) throw new CalendarNotCoveredError(year, coveredYears);
  };

  const isWorkingDayNumber = (day: number): boolean => {
    assertCovered(day);
    const weekday = weekdayOf(day);
    if (weekday === SUNDAY) return false;
    if (weekday === SATURDAY) return workingSaturdays.has(day);
    return !daysOff.has(day);
  };

  const countIn = (fromExclusive: number, toInclusive: number): number => {
    let count = 0;
    for (let day = fromExclusive + 1; day <= toInclusive; day++) if (isWorkingDayNumber(day)) count++;
    return count;
  };

  return {
    coveredYears,
    isWorkingDay: (date) => isWorkingDayNumber(toDayNumber(date)),
    addWorkingDays(date, n) {
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
      }
      let day = toDayNumber(date);
      assertCovered(day);
      // Each step moves at least one day and the coverage check throws at the first uncovered
      // year, so the loop ends even for a huge n.
      for (let left = n; left > 0;) {
        day++;
        if (isWorkingDayNumber(day)) left--;
      }
      return fromDayNumber(day);
    },
    workingDaysBetween(from, to) {
      const a = toDayNumber(from);
      const b = toDayNumber(to);
      assertCovered(a);
      assertCovered(b);
      return a <= b ? countIn(a, b) : -countIn(b, a);
    },
  };
}
