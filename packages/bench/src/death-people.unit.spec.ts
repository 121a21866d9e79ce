import { describe, expect, it } from '@jest/globals';
import { personalIdOf, personalIdSource } from './death-people.ts';

describe('personalIdOf', () => {
  it('encodes province 01, a man of the 1900s, the birth year and the six random digits', () => {
    expect(personalIdOf(1952, 4417)).toBe('001052004417');
    expect(personalIdOf(1901, 999_999)).toBe('001001999999');
    expect(personalIdOf(1952, 0)).toMatch(/^\d{12}$/);
  });

  it('refuses what it cannot encode', () => {
    expect(() => personalIdOf(2001, 1)).toThrow(RangeError);
    expect(() => personalIdOf(1952, 1_000_000)).toThrow(RangeError);
    expect(() => personalIdOf(1952, 1.5)).toThrow(RangeError);
  });
});

describe('personalIdSource', () => {
  it('never gives a number twice, nor a taken one', () => {
    const draws = [4417, 1, 1, 2, 4417, 3];
    const next = personalIdSource(1952, () => draws.shift() ?? 0, ['001052004417']);
    expect([next(), next(), next()]).toEqual(['001052000001', '001052000002', '001052000003']);
  });

  it('gives up when the random digits keep repeating', () => {
    const next = personalIdSource(1952, () => 7);
    expect(next()).toBe('001052000007');
    expect(() => next()).toThrow(/no free personal ID/);
  });
});
