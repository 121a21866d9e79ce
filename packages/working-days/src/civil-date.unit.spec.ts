import { describe, expect, it } from '@jest/globals';
import {
  atVietnamTime,
  fromDayNumber,
  toDayNumber,
  toMinutes,
  vietnamCivilDate,
  weekdayOf,
} from './civil-date.ts';

describe('Vietnam civil dates', () => {
  it('given an instant late in the UTC day, when read in Vietnam, then it is already the next date', () => {
    // 20:00 UTC on Sunday 22 Nov is 03:00 on Monday 23 Nov in Vietnam.
    expect(vietnamCivilDate(new Date('2026-11-22T20:00:00Z'))).toBe('2026-11-23');
    expect(vietnamCivilDate(new Date('2026-11-22T16:59:59.999Z'))).toBe('2026-11-22');
    expect(vietnamCivilDate(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  });

  it('given a date and a wall-clock time, when turned into an instant, then it is UTC+7 all year', () => {
    expect(atVietnamTime('2026-11-23', '17:00')).toEqual(new Date('2026-11-23T10:00:00Z'));
    expect(atVietnamTime('2026-07-01', '00:00')).toEqual(new Date('2026-06-30T17:00:00Z'));
  });

  it('given malformed or impossible dates, when parsed, then a RangeError names the value', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '2026-13-01', '26-01-01', '2026-01-01T00:00', '']) {
      expect(() => toDayNumber(bad)).toThrow(RangeError);
    }
    expect(() => toDayNumber('2026-02-30')).toThrow('not a civil date (YYYY-MM-DD): "2026-02-30"');
  });

  it('given day numbers, when converted back and forth, then dates and weekdays agree with the calendar', () => {
    expect(fromDayNumber(toDayNumber('2028-02-29'))).toBe('2028-02-29');
    expect(weekdayOf(toDayNumber('2026-11-23'))).toBe(1);
    expect(weekdayOf(toDayNumber('2026-11-22'))).toBe(0);
    expect(weekdayOf(toDayNumber('1969-12-31'))).toBe(3);
  });

  it('given times of day, when parsed, then only 24-hour HH:MM is accepted', () => {
    expect(toMinutes('15:00')).toBe(900);
    expect(toMinutes('00:00')).toBe(0);
    for (const bad of ['15h', '5:00', '24:00', '15:60', '15:00:00'])
      expect(() => toMinutes(bad)).toThrow(RangeError);
  });

  it('given an invalid Date, when read in Vietnam, then a RangeError', () => {
    expect(() => vietnamCivilDate(new Date(Number.NaN))).toThrow('invalid Date');
  });
});
