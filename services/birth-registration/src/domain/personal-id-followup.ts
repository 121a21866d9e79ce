/**
 * What to do after asking the National Population Database for a child's personal ID number:
 * pure decisions from the answer, the attempts so far, the policy, the time and a random draw.
 * Delays in the database are normal (hours, days): a registration never waits for the number;
 * the number is attached later, and only a database that stays unreachable past the retry
 * budget, or a refusal, is reported as a failure for an operator.
 */
import type { Reason } from '@lienthong/contracts';

export interface IdRequestPolicy {
  /** Consecutive failed attempts (unreachable, timeout, 5xx) in all, the first included, before giving up. */
  readonly maxAttempts: number;
  /** Upper bound of the first retry delay. */
  readonly initialDelayMs: number;
  /** Cap on any retry delay. */
  readonly maxDelayMs: number;
  /** When the database said "pending": ask again after this long (a callback makes it due at once). */
  readonly pendingRecheckMs: number;
}

/** The answer to one attempt, failures included. */
export type AttemptOutcome =
  | { readonly kind: 'issued'; readonly personalId: string }
  | { readonly kind: 'pending' }
  | { readonly kind: 'refused'; readonly code: string; readonly reason: string }
  /** Unreachable, timed out, 5xx, 408, 429: worth asking again with the same request id. */
  | { readonly kind: 'unavailable'; readonly error: string }
  /** An answer retrying cannot change (400, 409 key reused, an answer breaking the contract). */
  | { readonly kind: 'rejected'; readonly error: string };

/** What the request row becomes. `report` outcomes emit BirthRegistrationFailed. */
export type NextStep =
  | { readonly kind: 'attach'; readonly personalId: string }
  | { readonly kind: 'wait'; readonly nextAttemptAt: Date }
  | {
      readonly kind: 'retry';
      readonly attempts: number;
      readonly nextAttemptAt: Date;
      readonly lastError: string;
    }
  | { readonly kind: 'refused'; readonly reason: Reason }
  | {
      readonly kind: 'give-up';
      readonly attempts: number;
      readonly reason: Reason;
      readonly lastError: string;
    };

/**
 * Delay before the next try after `failedAttempts` (≥ 1) consecutive failures: exponential
 * backoff with full jitter, drawn uniformly from [0, min(maxDelayMs, initialDelayMs × 2^(n-1))],
 * so the dossiers that failed together during an outage do not all come back at once.
 */
export function backoffDelayMs(
  policy: IdRequestPolicy,
  failedAttempts: number,
  random: () => number,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(exponent, 52));
  return Math.floor(random() * ceiling);
}

/** The next step after an attempt; `attemptsBefore` counts the failures before this one. */
export function decideAfterAttempt(
  outcome: AttemptOutcome,
  attemptsBefore: number,
  policy: IdRequestPolicy,
  now: Date,
  random: () => number,
): NextStep {
  switch (outcome.kind) {
    case 'issued':
      return { kind: 'attach', personalId: outcome.personalId };
    case 'pending':
      return { kind: 'wait', nextAttemptAt: new Date(now.getTime() + policy.pendingRecheckMs) };
    case 'refused':
      return { kind: 'refused', reason: populationRefusalReason(outcome.code, outcome.reason) };
    case 'rejected':
      return {
        kind: 'give-up',
        attempts: attemptsBefore + 1,
        reason: requestRejectedReason(),
        lastError: outcome.error,
      };
    case 'unavailable': {
      const attempts = attemptsBefore + 1;
      if (attempts >= policy.maxAttempts) {
        return { kind: 'give-up', attempts, reason: unavailableReason(attempts), lastError: outcome.error };
      }
      return {
        kind: 'retry',
        attempts,
        nextAttemptAt: new Date(now.getTime() + backoffDelayMs(policy, attempts, random)),
        lastError: outcome.error,
      };
    }
  }
}

/**
 * The idempotency key of the request: the dossier id, so asking again never yields a second
 * number. A refused key keeps answering the same refusal, so an operator's retry after a refusal
 * (the data was corrected at the database) asks under a new generation: no number was issued
 * under the refused key, so this cannot create a second one either.
 */
export function personalIdRequestId(dossierId: string, generation: number): string {
  return generation === 0 ? dossierId : `${dossierId}:${generation}`;
}

/** Whether an operator's retry (a re-sent command) resumes the request, and how. */
export function resumeOnRepeat(request: {
  readonly status: 'pending' | 'issued' | 'refused' | 'failed';
  /** Still has something to report or ask: left alone. */
  readonly busy: boolean;
  readonly generation: number;
}):
  | { readonly kind: 'nothing' }
  | { readonly kind: 'nudge' }
  | { readonly kind: 'restart'; readonly generation: number } {
  switch (request.status) {
    case 'issued':
      return { kind: 'nothing' };
    case 'pending':
      return { kind: 'nudge' };
    case 'failed':
      // The database may have issued a number while we could not hear it: same key.
      return request.busy ? { kind: 'nothing' } : { kind: 'restart', generation: request.generation };
    case 'refused':
      return request.busy ? { kind: 'nothing' } : { kind: 'restart', generation: request.generation + 1 };
  }
}

const REFUSAL_MESSAGES: Readonly<Record<string, { readonly vi: string; readonly en: string }>> = {
  MOTHER_NOT_FOUND: {
    vi: 'Cơ sở dữ liệu quốc gia về dân cư không có số định danh cá nhân của người mẹ',
    en: 'The National Population Database has no record of the mother’s personal ID number',
  },
  FATHER_NOT_FOUND: {
    vi: 'Cơ sở dữ liệu quốc gia về dân cư không có số định danh cá nhân của người cha',
    en: 'The National Population Database has no record of the father’s personal ID number',
  },
  PARENT_DATA_INCONSISTENT: {
    vi: 'Thông tin cha, mẹ trong Cơ sở dữ liệu quốc gia về dân cư không khớp với việc khai sinh',
    en: 'The parents’ records in the National Population Database contradict the birth',
  },
  CHILD_DATA_INCONSISTENT: {
    vi: 'Cơ sở dữ liệu quốc gia về dân cư không chấp nhận thông tin của trẻ (ngày sinh)',
    en: 'The National Population Database does not accept the child’s data (date of birth)',
  },
  SUSPECTED_DUPLICATE: {
    vi: 'Cơ sở dữ liệu quốc gia về dân cư nghi trùng: người mẹ đã có con cùng họ tên và ngày sinh được cấp số định danh',
    en: 'The National Population Database suspects a duplicate: a child of the mother with the same name and date of birth already has a number',
  },
};

/**
 * A refusal by the population database as the reason of BirthRegistrationFailed: its own code
 * (when it is a valid reason code), our words for the codes we know, its words otherwise.
 */
export function populationRefusalReason(code: string, detail: string): Reason {
  const known = REFUSAL_MESSAGES[code];
  const valid = /^[A-Z][A-Z0-9_]*$/.test(code);
  const said = detail.trim() === '' ? '' : `: ${detail.trim()}`;
  return {
    code: valid ? code : 'POPULATION_DB_REFUSED',
    message: known ?? {
      vi: `Cơ sở dữ liệu quốc gia về dân cư từ chối cấp số định danh cá nhân cho trẻ (${code})`,
      en: `The National Population Database refused to issue the child’s personal ID number (${code})${said}`,
    },
  };
}

export function unavailableReason(attempts: number): Reason {
  return {
    code: 'POPULATION_DB_UNAVAILABLE',
    message: {
      vi:
        `Không kết nối được Cơ sở dữ liệu quốc gia về dân cư sau ${attempts} lần thử; khai sinh đã đăng ký, ` +
        'số định danh cá nhân của trẻ chưa được cấp. Thử lại bước này để tiếp tục xin cấp số.',
      en:
        `The National Population Database could not be reached after ${attempts} attempts; the birth is registered ` +
        'but the child has no personal ID number yet. Retry the step to resume the request.',
    },
  };
}

export function requestRejectedReason(): Reason {
  return {
    code: 'POPULATION_DB_REQUEST_REJECTED',
    message: {
      vi: 'Cơ sở dữ liệu quốc gia về dân cư không nhận yêu cầu cấp số định danh cá nhân (yêu cầu hoặc câu trả lời không hợp lệ)',
      en: 'The National Population Database did not accept the personal ID request (an invalid request or answer)',
    },
  };
}
