/**
 * How a transient failure is retried: exponential backoff with full jitter (each delay drawn
 * uniformly from [0, min(maxDelayMs, initialDelayMs × multiplier^(attempt-1))]), which spreads
 * retries of many dossiers failing at once instead of hammering a recovering agency together.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included, before the message is parked. Default 8. */
  readonly maxAttempts: number;
  /** Upper bound of the first delay. Default 100 ms. */
  readonly initialDelayMs: number;
  /** Cap on any one delay. Default 30 s (kept under the consumer session timeout). */
  readonly maxDelayMs: number;
  /** Growth per attempt. Default 2. */
  readonly multiplier: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 100,
  maxDelayMs: 30_000,
  multiplier: 2,
};

/** Delay before the next try, after `failedAttempts` (≥ 1) failures. `random` returns [0, 1). */
export function backoffDelayMs(policy: RetryPolicy, failedAttempts: number, random: () => number): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.multiplier ** (failedAttempts - 1),
  );
  return Math.floor(random() * ceiling);
}

export function hasAttemptsLeft(policy: RetryPolicy, failedAttempts: number): boolean {
  return failedAttempts < policy.maxAttempts;
}
