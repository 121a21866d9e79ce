import { describe, expect, it } from '@jest/globals';
import {
  CalendarNotCoveredError,
  createWorkingCalendar,
  VIETNAM_PUBLIC_HOLIDAYS,
  type CalendarData,
} from './working-calendar.ts';

const calendar = createWorkingCalendar();

describe('isWorkingDay on the vendored calendar', () => {
  it('given the vendored data, when created, then it covers 2025 to 2027', () => {
    expect(calendar.coveredYears).toEqual([2025, 2026, 2027]);
  });

  it('given Tết 2026 (Mon 16 to Fri 20 Feb), when checked, then those days are off and the days around work', () => {
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    for (const date of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      expect(calendar.isWorkingDay(date)).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
  });

  it('given the 2026 make-up Saturdays, when checked, then 10 Jan and 22 Aug work and other Saturdays do not', () => {
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
    expect(calendar.isWorkingDay('2026-01-17')).toBe(false);
    expect(calendar.isWorkingDay('2026-08-29')).toBe(false);
  });

  it('given the days swapped for them, when checked, then Fri 2 Jan and Mon 31 Aug 2026 are off', () => {
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-08-31')).toBe(false);
  });

  it('given Vietnam Culture Day, when checked, then Tue 24 Nov 2026 is off but Mon 23 Nov is not', () => {
    expect(calendar.isWorkingDay('2026-11-24')).toBe(false);
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true);
    expect(calendar.isWorkingDay('2026-11-25')).toBe(true);
  });

  it('given Hùng Kings Day on Sunday 26 Apr 2026, when checked, then Monday 27 Apr is the day off in lieu', () => {
    expect(calendar.isWorkingDay('2026-04-26')).toBe(false);
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(calendar.isWorkingDay('2026-04-28')).toBe(true);
  });

  it('given every listed date, when checked, then weekday days off are off and working Saturdays work', () => {
    for (const year of Object.values(VIETNAM_PUBLIC_HOLIDAYS.years)) {
      for (const { date } of year.daysOff) expect([date, calendar.isWorkingDay(date)]).toEqual([date, false]);
      for (const { date } of year.workingSaturdays)
        expect([date, calendar.isWorkingDay(date)]).toEqual([date, true]);
    }
  });

  it('given an ordinary week, when checked, then Mon to Fri work and the weekend does not', () => {
    const week = [
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
      '2026-03-15',
    ];
    expect(week.map((d) => calendar.isWorkingDay(d))).toEqual([true, true, true, true, true, false, false]);
  });

  it('given a date outside the covered years, when checked, then it throws instead of guessing', () => {
    expect(() => calendar.isWorkingDay('2028-01-03')).toThrow(CalendarNotCoveredError);
    expect(() => calendar.isWorkingDay('2024-12-31')).toThrow(
      'no working-day calendar for 2024 (covered years: 2025, 2026, 2027)',
    );
  });
});

describe('addWorkingDays', () => {
  it('given Fri 13 Feb 2026, when 1 working day is added, then Tết is skipped to Mon 23 Feb', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
  });

  it('given a supplement request on Fri 13 Feb 2026, when the 7 working days run out, then Tue 3 Mar', () => {
    expect(calendar.addWorkingDays('2026-02-13', 7)).toBe('2026-03-03');
  });

  it('given Fri 9 Jan 2026, when 1 working day is added, then the make-up Saturday 10 Jan', () => {
    expect(calendar.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
  });

  it('given 0 working days, when added, then the date is unchanged, even a non-working one', () => {
    expect(calendar.addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(calendar.addWorkingDays('2026-11-24', 0)).toBe('2026-11-24');
  });

  it('given a count running past the covered years, when added, then it throws', () => {
    expect(calendar.addWorkingDays('2027-12-27', 4)).toBe('2027-12-31');
    expect(() => calendar.addWorkingDays('2027-12-27', 5)).toThrow('no working-day calendar for 2028');
    expect(() => calendar.addWorkingDays('2028-01-03', 0)).toThrow(CalendarNotCoveredError);
  });

  it('given a negative or fractional count, when added, then a RangeError', () => {
    expect(() => calendar.addWorkingDays('2026-11-23', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-11-23', 1.5)).toThrow('working days must be a whole number');
  });
});

describe('workingDaysBetween', () => {
  it('given Mon 23 and Mon 30 Nov 2026, when counted, then 4 (Culture Day and the weekend excluded)', () => {
    expect(calendar.workingDaysBetween('2026-11-23', '2026-11-30')).toBe(4);
    expect(calendar.workingDaysBetween('2026-11-30', '2026-11-23')).toBe(-4);
    expect(calendar.workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
  });

  it('given the Tết break, when counted across it, then only the working day after counts', () => {
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-22')).toBe(0);
  });

  it('given any working day after a start, when counted and added back, then the round trip holds', () => {
    const from = '2026-01-01';
    for (let n = 0; n <= 260; n += 13) {
      const to = calendar.addWorkingDays(from, n);
      expect(calendar.workingDaysBetween(from, to)).toBe(n);
    }
  });

  it('given an end outside the covered years, when counted, then it throws', () => {
    expect(() => calendar.workingDaysBetween('2027-12-31', '2028-01-01')).toThrow(CalendarNotCoveredError);
  });
});

describe('createWorkingCalendar with other data', () => {
  const year = (daysOff: string[], workingSaturdays: string[] = []): CalendarData => ({
    years: {
      '2030': {
        daysOff: daysOff.map((date) => ({ date })),
        workingSaturdays: workingSaturdays.map((date) => ({ date })),
      },
    },
  });

  it('given a custom year, when used, then its days off and Saturdays apply and nothing else is covered', () => {
    const custom = createWorkingCalendar(year(['2030-01-01'], ['2030-01-05']));
    expect(custom.coveredYears).toEqual([2030]);
    expect(custom.isWorkingDay('2030-01-01')).toBe(false);
    expect(custom.isWorkingDay('2030-01-05')).toBe(true);
    expect(() => custom.isWorkingDay('2026-11-23')).toThrow(CalendarNotCoveredError);
  });

  it('given a working "Saturday" that is not one, when created, then it is rejected', () => {
    expect(() => createWorkingCalendar(year([], ['2030-01-06']))).toThrow(
      'calendar data: working Saturday 2030-01-06 is not a Saturday',
    );
  });

  it('given a date filed under another year or a date both off and working, when created, then it is rejected', () => {
    expect(() => createWorkingCalendar(year(['2031-01-01']))).toThrow(
      '2031-01-01 is listed in daysOff of 2030',
    );
    expect(() => createWorkingCalendar(year(['2030-01-05'], ['2030-01-05']))).toThrow(
      'is both a day off and a working Saturday',
    );
    expect(() => createWorkingCalendar(year(['2030-02-30']))).toThrow('not a civil date');
  });
});
