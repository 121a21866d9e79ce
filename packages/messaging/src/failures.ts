/**
 * The three kinds of failure: transient (retried with backoff), permanent (parked for an
 * operator at once) and business refusal — which is not a failure at all but a normal reply
 * message, so it never appears here.
 */
export type FailureKind = 'transient' | 'permanent';

/** Worth retrying: the same work may succeed later (timeouts, outages, lock conflicts). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** Retrying cannot help (a bug, data that breaks an invariant): park for an operator. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

// SQLSTATE classes and codes that mean "try again": connection trouble, serialization
// failures, deadlocks, resource exhaustion, the server shutting down.
const TRANSIENT_SQLSTATE = /^(08|53|57P0[1-3]|40001|40P01|55P03)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof PermanentError) return 'permanent';
  if (error instanceof TransientError) return 'transient';
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code)) return 'transient';
    // Any other SQLSTATE (constraint violations, bad data...) will fail the same way again.
    if (/^[0-9A-Z]{5}$/.test(code)) return 'permanent';
  }
  // Unknown errors get the benefit of the doubt, bounded by the retry policy's attempts.
  return 'transient';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
