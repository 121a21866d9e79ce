import { describe, expect, it } from '@jest/globals';
import { CommuneCode, ProvinceCode } from './schemas.ts';

describe('CommuneCode', () => {
  it('given a known code, when parsed, then it is accepted as is', () => {
    expect(CommuneCode.parse('00004')).toBe('00004');
  });

  it('given a well-formed unknown code, when parsed, then one issue names the code and catalogue version', () => {
    const result = CommuneCode.safeParse('99999');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        code: 'custom',
        message: 'unknown commune code 99999 (administrative units of 2025-07-01)',
      }),
    ]);
  });

  it('given a malformed code, when parsed, then one format issue and no unknown-code issue', () => {
    for (const value of ['4', '000040', 'abcde', ' 00004']) {
      const result = CommuneCode.safeParse(value);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ code: 'invalid_format', message: 'a commune code is 5 digits' }),
      ]);
    }
  });

  it('given a number, when parsed, then it is rejected as the wrong type', () => {
    expect(CommuneCode.safeParse(4).error?.issues).toEqual([
      expect.objectContaining({ code: 'invalid_type' }),
    ]);
  });
});

describe('ProvinceCode', () => {
  it('given a known and an unknown code, when parsed, then only the known one is accepted', () => {
    expect(ProvinceCode.parse('01')).toBe('01');
    expect(ProvinceCode.safeParse('02').error?.issues[0]?.message).toBe(
      'unknown province code 02 (administrative units of 2025-07-01)',
    );
    expect(ProvinceCode.safeParse('001').error?.issues[0]?.message).toBe('a province code is 2 digits');
  });
});
