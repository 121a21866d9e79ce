import { describe, expect, it } from '@jest/globals';
import { anniversary, firstDayOfNextMonth, hasReachedAge, monthsInclusive } from './civil-dates.ts';

describe('civil-date arithmetic', () => {
  it('given a birthday, then the age is reached on it, not the day before', () => {
    expect(hasReachedAge('1944-08-15', 80, '2024-08-15')).toBe(true);
    expect(hasReachedAge('1944-08-15', 80, '2024-08-14')).toBe(false);
  });

  it('given 29 February, then the anniversary in a common year is 1 March', () => {
    expect(anniversary('2008-02-29', 18)).toBe('2026-03-01');
    expect(anniversary('2008-02-29', 16)).toBe('2024-02-29');
  });

  it('counts months of pension with both ends’ months included', () => {
    expect(monthsInclusive('2024-07-01', '2024-07-31')).toBe(1);
    expect(monthsInclusive('2024-07-01', '2024-08-20')).toBe(2);
    expect(monthsInclusive('2023-12-01', '2024-01-05')).toBe(2);
    expect(monthsInclusive('2024-08-01', '2024-07-31')).toBe(0);
  });

  it('finds the first day of the next month, across a year end', () => {
    expect(firstDayOfNextMonth('2024-08-15')).toBe('2024-09-01');
    expect(firstDayOfNextMonth('2024-12-31')).toBe('2025-01-01');
  });

  it('given something that is not a civil date, then it throws', () => {
    expect(() => anniversary('2024-02-30', 1)).toThrow(RangeError);
    expect(() => firstDayOfNextMonth('15/08/2024')).toThrow(RangeError);
  });
});
