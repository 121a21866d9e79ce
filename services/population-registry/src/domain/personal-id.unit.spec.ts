import { describe, expect, it } from '@jest/globals';
import {
  centurySexDigit,
  checkPersonalId,
  decodePersonalId,
  generatePersonalId,
  personalIdPrefix,
} from './personal-id.ts';

/** A randomInt that returns `values` in turn and checks the bound it is asked for. */
const fixedRandom =
  (...values: number[]) =>
  (maxExclusive: number) => {
    expect(maxExclusive).toBe(1_000_000);
    const value = values.shift();
    if (value === undefined) throw new Error('no more random values');
    return value;
  };

describe('generatePersonalId', () => {
  it('numbers a girl born in 2026 and registered in Hà Nội 001 3 26 xxxxxx', () => {
    const id = generatePersonalId({ provinceCode: '01', sex: 'female', birthYear: 2026 }, fixedRandom(42));

    expect(id).toBe('001326000042');
    expect(id).toMatch(/^001326\d{6}$/);
  });

  it('uses the century-and-sex digit of each century and the last two digits of the year', () => {
    const cases = [
      { sex: 'male', birthYear: 1948, prefix: '036048' },
      { sex: 'female', birthYear: 1999, prefix: '036199' },
      { sex: 'male', birthYear: 2000, prefix: '036200' },
      { sex: 'female', birthYear: 2000, prefix: '036300' },
      { sex: 'male', birthYear: 2101, prefix: '036401' },
      { sex: 'female', birthYear: 2199, prefix: '036599' },
    ] as const;
    for (const { sex, birthYear, prefix } of cases) {
      expect(personalIdPrefix({ provinceCode: '36', sex, birthYear })).toBe(prefix);
    }
  });

  it('pads the random part to six digits and keeps the largest one', () => {
    const prefix = { provinceCode: '79', sex: 'male', birthYear: 2026 } as const;

    expect(generatePersonalId(prefix, fixedRandom(0))).toBe('079226000000');
    expect(generatePersonalId(prefix, fixedRandom(999_999))).toBe('079226999999');
  });

  it('rejects a random part out of range, a bad province code and an unencodable year', () => {
    const prefix = { provinceCode: '01', sex: 'male', birthYear: 2026 } as const;

    expect(() => generatePersonalId(prefix, fixedRandom(1_000_000))).toThrow(RangeError);
    expect(() => generatePersonalId({ ...prefix, provinceCode: '1' }, fixedRandom(1))).toThrow(RangeError);
    expect(() => generatePersonalId({ ...prefix, birthYear: 1899 }, fixedRandom(1))).toThrow(RangeError);
  });
});

describe('centurySexDigit', () => {
  it('covers 1900 to 2399 and nothing else', () => {
    expect(centurySexDigit(1900, 'male')).toBe(0);
    expect(centurySexDigit(2399, 'female')).toBe(9);
    expect(centurySexDigit(1899, 'male')).toBeUndefined();
    expect(centurySexDigit(2400, 'female')).toBeUndefined();
  });
});

describe('decodePersonalId', () => {
  it('reads province, sex and birth year back', () => {
    expect(decodePersonalId('001326000042')).toEqual({
      provinceCode: '01',
      sex: 'female',
      birthYear: 2026,
      randomPart: '000042',
    });
    expect(decodePersonalId('036048002391')).toMatchObject({ sex: 'male', birthYear: 1948 });
  });

  it('refuses what is not 12 digits starting with 0', () => {
    expect(decodePersonalId('00132600004')).toBeUndefined();
    expect(decodePersonalId('101326000042')).toBeUndefined();
    expect(decodePersonalId('00132600004x')).toBeUndefined();
  });
});

describe('checkPersonalId', () => {
  const lan = { sex: 'female', dateOfBirth: '1994-03-12', provinceCode: '01' } as const;

  it('accepts a number consistent with its holder', () => {
    expect(checkPersonalId('001194003582', lan)).toEqual([]);
  });

  it('names each disagreement: province, sex, birth year, format', () => {
    expect(checkPersonalId('002194003582', lan).map((m) => m.rule)).toEqual(['province']);
    expect(checkPersonalId('001094003582', lan).map((m) => m.rule)).toEqual(['sex']);
    expect(checkPersonalId('001195003582', lan).map((m) => m.rule)).toEqual(['birth_year']);
    expect(checkPersonalId('001394003582', lan).map((m) => m.rule)).toEqual(['birth_year']);
    expect(checkPersonalId('1194003582', lan).map((m) => m.rule)).toEqual(['format']);
  });

  it('checks the province only when the holder’s is known, but never accepts 00', () => {
    expect(checkPersonalId('035179011628', { sex: 'female', dateOfBirth: '1979-05-05' })).toEqual([]);
    expect(
      checkPersonalId('000179011628', { sex: 'female', dateOfBirth: '1979-05-05' }).map((m) => m.rule),
    ).toEqual(['province']);
  });
});
