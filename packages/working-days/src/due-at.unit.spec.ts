import { describe, expect, it } from '@jest/globals';
import { computeDeadline, computeDueAt } from './due-at.ts';
import { CalendarNotCoveredError, createWorkingCalendar } from './working-calendar.ts';

/** An instant written as Vietnam wall-clock time. */
const vn = (dateTime: string): Date => new Date(`${dateTime}+07:00`);

describe('computeDeadline: the counting day', () => {
  it('given a receipt on a working day before the cut-off, when 0 working days, then due at the end of that day', () => {
    expect(computeDeadline({ receivedAt: vn('2026-11-23T10:00:00'), workingDays: 0 })).toEqual({
      countingDay: '2026-11-23',
      dueDay: '2026-11-23',
      dueAt: vn('2026-11-23T17:00:00'),
    });
  });

  it('given Mon 23 Nov 2026 at 16:00 (after the cut-off), when counted, then it counts from Wed 25 Nov (24 Nov is Culture Day)', () => {
    const sameDay = computeDeadline({ receivedAt: vn('2026-11-23T16:00:00'), workingDays: 0 });
    expect(sameDay).toEqual({
      countingDay: '2026-11-25',
      dueDay: '2026-11-25',
      dueAt: vn('2026-11-25T17:00:00'),
    });
    const twoDays = computeDeadline({ receivedAt: vn('2026-11-23T16:00:00'), workingDays: 2 });
    expect(twoDays).toEqual({
      countingDay: '2026-11-25',
      dueDay: '2026-11-27',
      dueAt: vn('2026-11-27T17:00:00'),
    });
  });

  it('given a receipt at exactly 15:00:00.000, when counted, then it still counts that day; one millisecond later it does not', () => {
    expect(computeDeadline({ receivedAt: vn('2026-11-23T15:00:00.000'), workingDays: 0 }).countingDay).toBe(
      '2026-11-23',
    );
    expect(computeDeadline({ receivedAt: vn('2026-11-23T15:00:00.001'), workingDays: 0 }).countingDay).toBe(
      '2026-11-25',
    );
  });

  it('given a receipt on Saturday or late on Sunday, when counted, then it counts from Monday', () => {
    expect(computeDeadline({ receivedAt: vn('2026-11-21T09:00:00'), workingDays: 0 }).dueAt).toEqual(
      vn('2026-11-23T17:00:00'),
    );
    expect(computeDeadline({ receivedAt: vn('2026-11-22T23:30:00'), workingDays: 0 }).countingDay).toBe(
      '2026-11-23',
    );
  });

  it('given a receipt on a day off, when counted, then it counts from the next working day', () => {
    expect(computeDeadline({ receivedAt: vn('2026-11-24T10:00:00'), workingDays: 0 }).countingDay).toBe(
      '2026-11-25',
    );
  });

  it('given an instant whose UTC date is still Sunday, when counted, then the Vietnam date (Monday 03:00) decides', () => {
    const deadline = computeDeadline({ receivedAt: new Date('2026-11-22T20:00:00Z'), workingDays: 0 });
    expect(deadline.countingDay).toBe('2026-11-23');
    expect(deadline.dueAt).toEqual(new Date('2026-11-23T10:00:00Z'));
  });

  it('given a receipt after the cut-off on Friday 13 Feb 2026, when counted, then Tết pushes it to Mon 23 Feb', () => {
    expect(computeDeadline({ receivedAt: vn('2026-02-13T15:30:00'), workingDays: 2 })).toEqual({
      countingDay: '2026-02-23',
      dueDay: '2026-02-25',
      dueAt: vn('2026-02-25T17:00:00'),
    });
  });

  it('given the make-up Saturday 22 Aug 2026, when a dossier arrives late Friday or on that Saturday, then it counts that Saturday', () => {
    expect(computeDeadline({ receivedAt: vn('2026-08-21T16:00:00'), workingDays: 0 }).countingDay).toBe(
      '2026-08-22',
    );
    expect(computeDeadline({ receivedAt: vn('2026-08-22T10:00:00'), workingDays: 0 }).dueAt).toEqual(
      vn('2026-08-22T17:00:00'),
    );
  });
});

describe('computeDeadline: the due day', () => {
  it('given 2 working days from Mon 23 Nov 2026 10:00, when computed, then Culture Day is skipped: due Thu 26 Nov 17:00', () => {
    expect(computeDueAt({ receivedAt: vn('2026-11-23T10:00:00'), workingDays: 2 })).toEqual(
      vn('2026-11-26T17:00:00'),
    );
  });

  it('given 2 working days from Fri 28 Aug 2026, when computed, then the National Day break is skipped: due Fri 4 Sep', () => {
    expect(computeDueAt({ receivedAt: vn('2026-08-28T10:00:00'), workingDays: 2 })).toEqual(
      vn('2026-09-04T17:00:00'),
    );
  });

  it('given 5 working days (residence with verification) from Wed 29 Apr 2026, when computed, then 30 Apr, 1 May and the weekend are skipped', () => {
    expect(computeDeadline({ receivedAt: vn('2026-04-29T09:00:00'), workingDays: 5 }).dueDay).toBe(
      '2026-05-08',
    );
  });

  it('given another cut-off and end of day, when computed, then both are applied in Vietnam time', () => {
    const input = {
      receivedAt: vn('2026-11-23T16:00:00'),
      workingDays: 0,
      cutoff: '16:30',
      endOfDay: '17:30',
    };
    expect(computeDueAt(input)).toEqual(vn('2026-11-23T17:30:00'));
  });

  it('given a calendar of other data, when computed, then that calendar decides', () => {
    const calendar = createWorkingCalendar({
      years: { '2026': { daysOff: [{ date: '2026-11-23' }], workingSaturdays: [] } },
    });
    expect(
      computeDeadline({ receivedAt: vn('2026-11-23T10:00:00'), workingDays: 0, calendar }).countingDay,
    ).toBe('2026-11-24');
  });
});

describe('computeDeadline: refusals', () => {
  it('given a date outside the covered years, or a deadline running into one, when computed, then it throws', () => {
    expect(() => computeDueAt({ receivedAt: vn('2024-12-31T10:00:00'), workingDays: 0 })).toThrow(
      CalendarNotCoveredError,
    );
    expect(() => computeDueAt({ receivedAt: vn('2027-12-31T16:00:00'), workingDays: 0 })).toThrow(
      'no working-day calendar for 2028',
    );
  });

  it('given a negative, fractional or NaN working-day count, when computed, then a RangeError', () => {
    for (const workingDays of [-1, 1.5, Number.NaN]) {
      expect(() => computeDueAt({ receivedAt: vn('2026-11-23T10:00:00'), workingDays })).toThrow(RangeError);
    }
  });

  it('given a malformed time or a cut-off after the end of day, when computed, then a RangeError', () => {
    const receivedAt = vn('2026-11-23T10:00:00');
    expect(() => computeDueAt({ receivedAt, workingDays: 0, cutoff: '3pm' })).toThrow('not a time of day');
    expect(() => computeDueAt({ receivedAt, workingDays: 0, cutoff: '17:30', endOfDay: '17:00' })).toThrow(
      'cut-off 17:30 is later than the end of the working day 17:00',
    );
  });

  it('given an invalid Date, when computed, then a RangeError', () => {
    expect(() => computeDueAt({ receivedAt: new Date(Number.NaN), workingDays: 0 })).toThrow('invalid Date');
  });
});
