import type { Deadline, RetryPolicy } from '@lienthong/saga-engine';

/**
 * What a deployment may tune in the procedures without changing them: how undoing a step is
 * retried, and the group-2 deadlines the law leaves unconfirmed.
 */
export interface ProcedureSettings {
  /** How a compensation is re-sent (no answer, or the agency failed to undo) before it is parked. */
  readonly compensationRetry: RetryPolicy;
  /** Statutory deadlines of the death group's steps after the death registration. */
  readonly deathDeadlines: DeathDeadlines;
}

export interface DeathDeadlines {
  readonly 'residence-deletion': Deadline;
  readonly 'funeral-benefit': Deadline;
  readonly 'survivor-allowance': Deadline;
}

/** Five sends, 2 minutes apart at first, doubling: about an hour before an operator is needed. */
export const DEFAULT_COMPENSATION_RETRY: RetryPolicy = {
  maxAttempts: 5,
  replyTimeoutMs: 2 * 60_000,
  backoffMultiplier: 2,
};

/**
 * Deadlines after a death registration are not confirmed in the law we hold (domain brief); these
 * defaults follow the closest confirmed figures and are configuration (`DEATH_DEADLINES`).
 */
export const DEFAULT_DEATH_DEADLINES: DeathDeadlines = {
  'residence-deletion': {
    workingDays: 2,
    basis: 'unconfirmed: as a residence registration (Decree 63/2024/NĐ-CP group 1)',
  },
  'funeral-benefit': {
    workingDays: 3,
    basis:
      'unconfirmed: the commune chairman decides social-protection funeral support within 3 working days',
  },
  'survivor-allowance': { workingDays: 5, basis: 'unconfirmed' },
};

export const DEFAULT_PROCEDURE_SETTINGS: ProcedureSettings = {
  compensationRetry: DEFAULT_COMPENSATION_RETRY,
  deathDeadlines: DEFAULT_DEATH_DEADLINES,
};
