import { describe, expect, it } from '@jest/globals';
import { RECOVERY_NUMBER_PATTERN, recoveryNumber, REGISTRIES, vietnamYear } from './registries.ts';

describe('recoveryNumber', () => {
  it('names the registry, the year and the sequence in six digits or more', () => {
    expect(recoveryNumber('social-insurance', 2026, 1)).toBe('TH-SI-2026-000001');
    expect(recoveryNumber('social-protection', 2026, 42)).toBe('TH-SP-2026-000042');
    expect(recoveryNumber('merit', 2027, 1_234_567)).toBe('TH-NCC-2027-1234567');
    for (const registry of REGISTRIES) {
      expect(recoveryNumber(registry, 2026, 7)).toMatch(RECOVERY_NUMBER_PATTERN);
    }
    expect(() => recoveryNumber('merit', 2026, 0)).toThrow(RangeError);
  });
});

describe('vietnamYear', () => {
  it('turns at midnight in Vietnam (17:00 UTC)', () => {
    expect(vietnamYear(new Date('2026-12-31T16:59:59.999Z'))).toBe(2026);
    expect(vietnamYear(new Date('2026-12-31T17:00:00Z'))).toBe(2027);
  });
});
