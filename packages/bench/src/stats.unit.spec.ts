import { describe, expect, it } from '@jest/globals';
import { formatMs, percentile, summarize } from './stats.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it('picks the smallest sample with at least p % at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts a copy and reports count, p50, p99, max and mean', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ count: 5, p50: 3, p99: 5, max: 5, mean: 3 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('formats milliseconds with fewer decimals as they grow', () => {
    expect([formatMs(0.734), formatMs(12.34), formatMs(1234.5), formatMs(Number.NaN)]).toEqual([
      '0.73',
      '12.3',
      '1235',
      '–',
    ]);
  });
});
