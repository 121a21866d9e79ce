/**
 * Fault injection: the ways the real population database misbehaves (slow, failing, silent,
 * down, answering hours later), switched on at run time so the birth saga can be tested
 * against them. This module only decides; the HTTP layer sleeps and answers. Randomness and
 * the clock are passed in so a test can pin every decision.
 */

/** Active faults. Absent members are off. */
export interface FaultSettings {
  /** Added before every issuance and lookup answer. */
  readonly latencyMs?: number | undefined;
  /** Share of issuance and lookup requests answered 503 at once, unprocessed. 0..1. */
  readonly errorRate?: number | undefined;
  /**
   * Share of issuance and lookup requests whose answer is withheld past any sensible caller
   * timeout. The request is still processed: the caller cannot tell whether it took effect,
   * which is the case idempotent retries exist for. 0..1; errorRate + timeoutRate ≤ 1.
   */
  readonly timeoutRate?: number | undefined;
  /** Epoch milliseconds until which every issuance and lookup answers 503. */
  readonly outageUntilMs?: number | undefined;
  /** New issuance requests answer 202 pending and are decided this long after they arrive. */
  readonly answerLaterMs?: number | undefined;
}

export const NO_FAULTS: FaultSettings = Object.freeze({});

/** What to do with one request. */
export type FaultDecision =
  /** Answer 503 with Retry-After until `untilMs`. */
  | { readonly kind: 'outage'; readonly untilMs: number }
  /** Wait `delayMs`, then answer 503 without processing. */
  | { readonly kind: 'error'; readonly delayMs: number }
  /** Process, then hold the answer `holdMs` (the caller will have given up). */
  | { readonly kind: 'timeout'; readonly holdMs: number }
  /** Wait `delayMs`, then process normally. */
  | { readonly kind: 'pass'; readonly delayMs: number };

/**
 * Decides the fate of one request. An outage wins; otherwise one draw of `random` ([0, 1))
 * picks a timeout (below timeoutRate), an error (below timeoutRate + errorRate) or a normal
 * answer, so the two rates are shares of the same requests and never overlap.
 */
export function decideFault(
  settings: FaultSettings,
  context: { readonly nowMs: number; readonly random: () => number; readonly timeoutHoldMs: number },
): FaultDecision {
  if (settings.outageUntilMs !== undefined && context.nowMs < settings.outageUntilMs) {
    return { kind: 'outage', untilMs: settings.outageUntilMs };
  }
  const delayMs = settings.latencyMs ?? 0;
  const timeoutRate = settings.timeoutRate ?? 0;
  const errorRate = settings.errorRate ?? 0;
  if (timeoutRate === 0 && errorRate === 0) return { kind: 'pass', delayMs };
  const draw = context.random();
  if (draw < timeoutRate) return { kind: 'timeout', holdMs: context.timeoutHoldMs };
  if (draw < timeoutRate + errorRate) return { kind: 'error', delayMs };
  return { kind: 'pass', delayMs };
}

/** How a new issuance request is answered under these settings. */
export function issuanceMode(
  settings: FaultSettings,
): { readonly kind: 'now' } | { readonly kind: 'later'; readonly afterMs: number } {
  return settings.answerLaterMs === undefined
    ? { kind: 'now' }
    : { kind: 'later', afterMs: settings.answerLaterMs };
}

/** Whole seconds to announce in Retry-After for an outage ending at `untilMs` (at least 1). */
export function retryAfterSeconds(untilMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
}
