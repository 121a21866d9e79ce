import { describe, expect, it } from '@jest/globals';
import { ReferenceLevel } from '@lienthong/contracts';
import { earliestLevel, levelOn, loadReferenceLevels, REFERENCE_LEVELS } from './reference-levels.ts';

describe('the reference levels shipped as data', () => {
  it('given the data file, then it holds the base salaries and standard levels with their decrees', () => {
    expect(REFERENCE_LEVELS).toEqual([
      {
        kind: 'base-salary',
        amount: 1_490_000,
        effectiveFrom: '2019-07-01',
        legalBasis: 'Decree 38/2019/NĐ-CP',
      },
      {
        kind: 'base-salary',
        amount: 1_800_000,
        effectiveFrom: '2023-07-01',
        legalBasis: 'Decree 24/2023/NĐ-CP',
      },
      {
        kind: 'base-salary',
        amount: 2_340_000,
        effectiveFrom: '2024-07-01',
        legalBasis: 'Decree 73/2024/NĐ-CP',
      },
      {
        kind: 'social-assistance-standard',
        amount: 360_000,
        effectiveFrom: '2021-07-01',
        legalBasis: 'Decree 20/2021/NĐ-CP',
      },
      {
        kind: 'social-assistance-standard',
        amount: 500_000,
        effectiveFrom: '2024-07-01',
        legalBasis: 'Decree 76/2024/NĐ-CP',
      },
    ]);
  });

  it('given any shipped level, then it fits the contracts’ ReferenceLevel', () => {
    for (const level of REFERENCE_LEVELS) expect(ReferenceLevel.parse(level)).toEqual(level);
  });

  it('given a date, then the level in force is the latest that took effect on or before it', () => {
    expect(levelOn(REFERENCE_LEVELS, 'base-salary', '2024-06-30')?.amount).toBe(1_800_000);
    expect(levelOn(REFERENCE_LEVELS, 'base-salary', '2024-07-01')?.amount).toBe(2_340_000);
    expect(levelOn(REFERENCE_LEVELS, 'base-salary', '2030-01-01')?.amount).toBe(2_340_000);
    expect(levelOn(REFERENCE_LEVELS, 'base-salary', '2019-07-01')?.amount).toBe(1_490_000);
    expect(levelOn(REFERENCE_LEVELS, 'base-salary', '2023-06-30')?.amount).toBe(1_490_000);
    expect(levelOn(REFERENCE_LEVELS, 'social-assistance-standard', '2024-06-30')?.amount).toBe(360_000);
    expect(levelOn(REFERENCE_LEVELS, 'social-assistance-standard', '2024-07-01')?.amount).toBe(500_000);
  });

  it('given a date before the first level of a kind, then there is none', () => {
    expect(levelOn(REFERENCE_LEVELS, 'base-salary', '2019-06-30')).toBeUndefined();
    expect(levelOn(REFERENCE_LEVELS, 'social-assistance-standard', '2021-06-30')).toBeUndefined();
    expect(levelOn([], 'base-salary', '2024-07-01')).toBeUndefined();
    expect(earliestLevel(REFERENCE_LEVELS, 'social-assistance-standard')?.effectiveFrom).toBe('2021-07-01');
    expect(earliestLevel([], 'base-salary')).toBeUndefined();
  });

  it('given levels out of order, then they load ordered by kind and date, frozen', () => {
    const levels = loadReferenceLevels({
      levels: [
        { kind: 'base-salary', amount: 2, effectiveFrom: '2024-07-01', legalBasis: 'B' },
        { kind: 'social-assistance-standard', amount: 3, effectiveFrom: '2020-01-01', legalBasis: 'C' },
        { kind: 'base-salary', amount: 1, effectiveFrom: '2019-07-01', legalBasis: 'A' },
      ],
    });
    expect(levels.map((level) => level.legalBasis)).toEqual(['A', 'B', 'C']);
    expect(Object.isFrozen(levels)).toBe(true);
    expect(levelOn(levels, 'base-salary', '2025-01-01')?.amount).toBe(2);
  });

  it.each([
    [
      'an unknown kind',
      { levels: [{ kind: 'minimum-wage', amount: 1, effectiveFrom: '2024-07-01', legalBasis: 'X' }] },
    ],
    [
      'an amount in fractions of a đồng',
      { levels: [{ kind: 'base-salary', amount: 1.5, effectiveFrom: '2024-07-01', legalBasis: 'X' }] },
    ],
    [
      'a negative amount',
      { levels: [{ kind: 'base-salary', amount: -1, effectiveFrom: '2024-07-01', legalBasis: 'X' }] },
    ],
    [
      'an invalid date',
      { levels: [{ kind: 'base-salary', amount: 1, effectiveFrom: '2024-02-30', legalBasis: 'X' }] },
    ],
    [
      'no legal basis',
      { levels: [{ kind: 'base-salary', amount: 1, effectiveFrom: '2024-07-01', legalBasis: '' }] },
    ],
    [
      'an unknown member',
      { levels: [{ kind: 'base-salary', amount: 1, effectiveFrom: '2024-07-01', legalBasis: 'X', note: 1 }] },
    ],
    ['no levels', { levels: [] }],
    [
      'two levels of a kind on one day',
      {
        levels: [
          { kind: 'base-salary', amount: 1, effectiveFrom: '2024-07-01', legalBasis: 'X' },
          { kind: 'base-salary', amount: 2, effectiveFrom: '2024-07-01', legalBasis: 'Y' },
        ],
      },
    ],
  ])('given data with %s, then loading throws', (_what, data) => {
    expect(() => loadReferenceLevels(data)).toThrow();
  });
});
