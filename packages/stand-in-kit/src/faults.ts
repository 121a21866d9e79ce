/**
 * Fault decisions: the ways an external system misbehaves (slow, failing, silent, down),
 * decided one request at a time so that sagas can be tested against them. Pure: randomness and
 * the clock are passed in, so a test can pin every decision; the HTTP layer
 * (`installFaultHooks`) sleeps and answers. Exported as `@lienthong/stand-in-kit/faults`, so a
 * stand-in's domain code and contract can use it without the server's dependencies.
 */

/**
 * The faults every stand-in can inject into the routes it serves; an absent member is off. A
 * stand-in's own settings extend these (what a fault targets, answering later) and leave out
 * what it does not support (`Omit<FaultSettings, 'timeoutRate'>`).
 */
export interface FaultSettings {
  /** Added before every answer. */
  readonly latencyMs?: number | undefined;
  /** Share of requests answered 503 at once, unprocessed. 0..1. */
  readonly errorRate?: number | undefined;
  /**
   * Share of requests whose answer is withheld past any sensible caller timeout. The request is
   * still processed: the caller cannot tell whether it took effect, which is the case idempotent
   * retries exist for. 0..1; errorRate + timeoutRate ≤ 1. Only where the stand-in holds answers
   * (`FaultContext.timeoutHoldMs`); elsewhere it is ignored.
   */
  readonly timeoutRate?: number | undefined;
  /** Epoch milliseconds until which every request answers 503 with Retry-After. */
  readonly outageUntilMs?: number | undefined;
}

/** No fault at all. */
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

/** A normal answer without delay: the decision for a request no fault targets. */
export const PASS: FaultDecision = Object.freeze({ kind: 'pass', delayMs: 0 });

/** What a decision depends on besides the settings. */
export interface FaultContext {
  /** The time the request arrived, epoch milliseconds. */
  readonly nowMs: number;
  /** [0, 1). Drawn at most once per request, and only when a rate is set. */
  readonly random: () => number;
  /**
   * How long a timeout holds its answer. Absent for a stand-in that holds no answers: its
   * `timeoutRate` is then ignored and no request times out.
   */
  readonly timeoutHoldMs?: number | undefined;
}

/**
 * Decides the fate of one request. An outage wins; otherwise one draw of `random` picks a
 * timeout (below timeoutRate), an error (below timeoutRate + errorRate) or a normal answer, so
 * the two rates are shares of the same requests and never overlap. Nothing is drawn when no
 * rate is set.
 */
export function decideFault(settings: FaultSettings, context: FaultContext): FaultDecision {
  if (settings.outageUntilMs !== undefined && context.nowMs < settings.outageUntilMs) {
    return { kind: 'outage', untilMs: settings.outageUntilMs };
  }
  const delayMs = settings.latencyMs ?? 0;
  const { timeoutHoldMs } = context;
  const timeoutRate = timeoutHoldMs === undefined ? 0 : (settings.timeoutRate ?? 0);
  const errorRate = settings.errorRate ?? 0;
  if (timeoutRate === 0 && errorRate === 0) return { kind: 'pass', delayMs };
  const draw = context.random();
  if (timeoutHoldMs !== undefined && draw < timeoutRate) return { kind: 'timeout', holdMs: timeoutHoldMs };
  if (draw < timeoutRate + errorRate) return { kind: 'error', delayMs };
  return { kind: 'pass', delayMs };
}

/** Whole seconds to announce in Retry-After for an outage ending at `untilMs` (at least 1). */
export function retryAfterSeconds(untilMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
}
