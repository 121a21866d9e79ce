import { describe, expect, it } from '@jest/globals';
import { classifyFailure, PermanentError, TransientError } from './failures.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, hasAttemptsLeft } from './retry-policy.ts';

describe('backoff with full jitter', () => {
  const policy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2 };

  it('draws each delay from zero up to an exponentially growing, capped ceiling', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });

  it('stops after maxAttempts attempts in all', () => {
    expect(hasAttemptsLeft(policy, 4)).toBe(true);
    expect(hasAttemptsLeft(policy, 5)).toBe(false);
  });

  it('documents defaults that stay under the consumer session timeout', () => {
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBeLessThanOrEqual(30_000);
  });
});

describe('classifyFailure', () => {
  it.each([
    [new TransientError('agency timed out'), 'transient'],
    [new PermanentError('invariant broken'), 'permanent'],
    [Object.assign(new Error('deadlock'), { code: '40P01' }), 'transient'],
    [Object.assign(new Error('serialization'), { code: '40001' }), 'transient'],
    [Object.assign(new Error('connection'), { code: '08006' }), 'transient'],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'transient'],
    [Object.assign(new Error('unique'), { code: '23505' }), 'permanent'],
    [new Error('unknown'), 'transient'],
  ])('%s is %s', (error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });
});
