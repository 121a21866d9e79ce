import { describe, expect, it } from '@jest/globals';
import {
  backoffDelayMs,
  decideAfterAttempt,
  personalIdRequestId,
  populationRefusalReason,
  resumeOnRepeat,
  type IdRequestPolicy,
} from './personal-id-followup.ts';

const policy: IdRequestPolicy = {
  maxAttempts: 8,
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  pendingRecheckMs: 60_000,
};
const now = new Date('2026-11-20T02:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const almostOne = () => 0.999_999;

describe('backoff with full jitter', () => {
  it('draws from [0, initial × 2^(n-1)], capped at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n, almostOne))).toEqual([999, 1999, 3999, 7999]);
    expect(backoffDelayMs(policy, 7, almostOne)).toBe(59_999);
    expect(backoffDelayMs(policy, 40, almostOne)).toBe(59_999);
    expect(backoffDelayMs(policy, 2000, almostOne)).toBe(59_999);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(2000);
  });
});

describe('after an attempt at the personal ID number', () => {
  it('given a number, then it is attached', () => {
    expect(
      decideAfterAttempt({ kind: 'issued', personalId: '001326004517' }, 3, policy, now, almostOne),
    ).toEqual({
      kind: 'attach',
      personalId: '001326004517',
    });
  });

  it('given "pending", then it asks again later and the failure count starts over', () => {
    expect(decideAfterAttempt({ kind: 'pending' }, 5, policy, now, almostOne)).toEqual({
      kind: 'wait',
      nextAttemptAt: at(60_000),
    });
  });

  it('given an unreachable database, then it retries after the backoff, counting the attempt', () => {
    expect(decideAfterAttempt({ kind: 'unavailable', error: 'down' }, 0, policy, now, () => 0.5)).toEqual({
      kind: 'retry',
      attempts: 1,
      nextAttemptAt: at(500),
      lastError: 'down',
    });
    expect(
      decideAfterAttempt({ kind: 'unavailable', error: 'down' }, 3, policy, now, () => 0.5),
    ).toMatchObject({
      attempts: 4,
      nextAttemptAt: at(4000),
    });
  });

  it('given the last allowed attempt failing too, then it gives up with POPULATION_DB_UNAVAILABLE', () => {
    const step = decideAfterAttempt({ kind: 'unavailable', error: 'down' }, 7, policy, now, almostOne);
    expect(step).toMatchObject({
      kind: 'give-up',
      attempts: 8,
      reason: {
        code: 'POPULATION_DB_UNAVAILABLE',
        message: { vi: expect.any(String), en: expect.stringMatching(/8 attempts/) },
      },
    });
    expect(
      decideAfterAttempt(
        { kind: 'unavailable', error: 'x' },
        0,
        { ...policy, maxAttempts: 1 },
        now,
        almostOne,
      ),
    ).toMatchObject({
      kind: 'give-up',
      attempts: 1,
    });
  });

  it('given a refusal, then it is reported with the database’s code', () => {
    expect(
      decideAfterAttempt(
        { kind: 'refused', code: 'MOTHER_NOT_FOUND', reason: 'No such person' },
        0,
        policy,
        now,
        almostOne,
      ),
    ).toEqual({
      kind: 'refused',
      reason: {
        code: 'MOTHER_NOT_FOUND',
        message: { vi: expect.any(String), en: expect.stringMatching(/mother/) },
      },
    });
  });

  it('given an answer retrying cannot change, then it gives up at once', () => {
    expect(decideAfterAttempt({ kind: 'rejected', error: '409' }, 0, policy, now, almostOne)).toMatchObject({
      kind: 'give-up',
      attempts: 1,
      reason: { code: 'POPULATION_DB_REQUEST_REJECTED' },
    });
  });
});

describe('refusal reasons from the population database', () => {
  it('keeps an unknown code when it is a valid reason code, with the database’s words', () => {
    expect(populationRefusalReason('NEW_RULE', 'Because.')).toEqual({
      code: 'NEW_RULE',
      message: { vi: expect.stringContaining('NEW_RULE'), en: expect.stringContaining('Because.') },
    });
  });

  it('replaces a code that is not a valid reason code', () => {
    expect(populationRefusalReason('weird-code', '').code).toBe('POPULATION_DB_REFUSED');
  });
});

describe('an operator’s retry of a registered birth', () => {
  it('restarts a failed request under the same key: a number may have been issued unheard', () => {
    expect(resumeOnRepeat({ status: 'failed', busy: false, generation: 0 })).toEqual({
      kind: 'restart',
      generation: 0,
    });
  });

  it('restarts a refused request under a new key: the refused one keeps answering the refusal', () => {
    expect(resumeOnRepeat({ status: 'refused', busy: false, generation: 0 })).toEqual({
      kind: 'restart',
      generation: 1,
    });
    expect(personalIdRequestId('LT20261120-AAAA0001', 0)).toBe('LT20261120-AAAA0001');
    expect(personalIdRequestId('LT20261120-AAAA0001', 1)).toBe('LT20261120-AAAA0001:1');
  });

  it('leaves alone a failure not yet reported, and an issued number; checks a pending one now', () => {
    expect(resumeOnRepeat({ status: 'failed', busy: true, generation: 0 })).toEqual({ kind: 'nothing' });
    expect(resumeOnRepeat({ status: 'refused', busy: true, generation: 0 })).toEqual({ kind: 'nothing' });
    expect(resumeOnRepeat({ status: 'issued', busy: false, generation: 0 })).toEqual({ kind: 'nothing' });
    expect(resumeOnRepeat({ status: 'pending', busy: true, generation: 0 })).toEqual({ kind: 'nudge' });
  });
});
