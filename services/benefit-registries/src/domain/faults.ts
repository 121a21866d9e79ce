/**
 * Fault injection: the ways the real registries misbehave (slow, failing, down), switched on at
 * run time so the death saga can be tested against them, for some registries and some routes
 * only. This module only decides; the HTTP layer sleeps and answers. Randomness and the clock
 * are passed in so a test can pin every decision.
 */
import type { RegistryName } from './registries.ts';

/** The served routes a fault can hit: record lookups, and recording or reading recoveries. */
export const FAULT_ROUTES = ['lookups', 'recoveries'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

/** What one served request is: which registry, which kind of route. */
export interface FaultTarget {
  readonly registry: RegistryName;
  readonly route: FaultRoute;
}

/** Active faults. Absent members are off. */
export interface FaultSettings {
  /** Added before every answer of a targeted route. */
  readonly latencyMs?: number | undefined;
  /** Share of targeted requests answered 503 at once, unprocessed. 0..1. */
  readonly errorRate?: number | undefined;
  /** Epoch milliseconds until which every targeted request answers 503 with Retry-After. */
  readonly outageUntilMs?: number | undefined;
  /** The kinds of route hit; absent means both. */
  readonly routes?: readonly FaultRoute[] | undefined;
  /** The registries hit; absent means all three. */
  readonly registries?: readonly RegistryName[] | undefined;
}

export const NO_FAULTS: FaultSettings = Object.freeze({});

/** What to do with one request. */
export type FaultDecision =
  /** Answer 503 with Retry-After until `untilMs`. */
  | { readonly kind: 'outage'; readonly untilMs: number }
  /** Wait `delayMs`, then answer 503 without processing. */
  | { readonly kind: 'error'; readonly delayMs: number }
  /** Wait `delayMs`, then process normally. */
  | { readonly kind: 'pass'; readonly delayMs: number };

const PASS: FaultDecision = Object.freeze({ kind: 'pass', delayMs: 0 });

/** Whether the settings' `routes` and `registries` select this request. */
export function isTargeted(settings: FaultSettings, target: FaultTarget): boolean {
  return (
    (settings.routes === undefined || settings.routes.includes(target.route)) &&
    (settings.registries === undefined || settings.registries.includes(target.registry))
  );
}

/**
 * Decides the fate of one request. A request the settings do not target passes untouched; for
 * one they do, an outage wins, otherwise one draw of `random` ([0, 1)) below errorRate answers
 * 503. Nothing is drawn when no error rate is set.
 */
export function decideFault(
  settings: FaultSettings,
  target: FaultTarget,
  context: { readonly nowMs: number; readonly random: () => number },
): FaultDecision {
  if (!isTargeted(settings, target)) return PASS;
  if (settings.outageUntilMs !== undefined && context.nowMs < settings.outageUntilMs) {
    return { kind: 'outage', untilMs: settings.outageUntilMs };
  }
  const delayMs = settings.latencyMs ?? 0;
  const errorRate = settings.errorRate ?? 0;
  if (errorRate > 0 && context.random() < errorRate) return { kind: 'error', delayMs };
  return { kind: 'pass', delayMs };
}

/** Whole seconds to announce in Retry-After for an outage ending at `untilMs` (at least 1). */
export function retryAfterSeconds(untilMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
}
