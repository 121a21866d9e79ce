import { describe, expect, it } from '@jest/globals';
import { decimal, percent, vnd, wholeDong, wholeDongOfFraction } from './amounts.ts';

describe('amounts in whole đồng', () => {
  it('given a fraction, then it is rounded half up to the đồng', () => {
    expect(wholeDongOfFraction(5, 2)).toBe(3);
    expect(wholeDongOfFraction(7, 4)).toBe(2);
    expect(wholeDongOfFraction(5, 4)).toBe(1);
    expect(wholeDongOfFraction(90_000_090, 24)).toBe(3_750_004);
    expect(wholeDongOfFraction(0, 24)).toBe(0);
  });

  it('given floating-point noise a hair under a half or a whole, then it still rounds as exact arithmetic would', () => {
    expect(wholeDong(2_340_000 * 0.7)).toBe(1_638_000);
    expect(wholeDong(0.1 * 3 * 10)).toBe(3);
    expect(wholeDong(2.5)).toBe(3);
    expect(wholeDong(2.4999)).toBe(2);
  });

  it('given a negative or non-finite amount, then it throws', () => {
    expect(() => wholeDong(-1)).toThrow(RangeError);
    expect(() => wholeDong(Number.NaN)).toThrow(RangeError);
    expect(() => wholeDongOfFraction(1, 0)).toThrow(RangeError);
    expect(() => wholeDongOfFraction(1.5, 2)).toThrow(RangeError);
  });

  it('writes amounts and numbers as Vietnamese and English readers expect', () => {
    expect(vnd(23_400_000)).toEqual({ vi: '23.400.000 đồng', en: '23,400,000 VND' });
    expect(vnd(0)).toEqual({ vi: '0 đồng', en: '0 VND' });
    expect(decimal(1.5)).toEqual({ vi: '1,5', en: '1.5' });
    expect(decimal(1234.25)).toEqual({ vi: '1.234,25', en: '1,234.25' });
    expect(decimal(20)).toEqual({ vi: '20', en: '20' });
    expect(percent(0.5)).toEqual({ vi: '50%', en: '50%' });
  });
});
