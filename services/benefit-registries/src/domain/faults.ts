/**
 * Fault injection: the ways the real registries misbehave (slow, failing, down), switched on at
 * run time so the death saga can be tested against them, for some registries and some routes
 * only. The faults are stand-in-kit's, without timeouts (the registries never hold an answer);
 * which requests they hit is decided here. This module only decides; the HTTP layer sleeps and
 * answers. Randomness and the clock are passed in so a test can pin every decision.
 */
import { decideFault as decideStandInFault, PASS } from '@lienthong/stand-in-kit/faults';
import type {
  FaultContext,
  FaultDecision,
  FaultSettings as StandInFaultSettings,
} from '@lienthong/stand-in-kit/faults';
import type { RegistryName } from './registries.ts';

/** The served routes a fault can hit: record lookups, and recording or reading recoveries. */
export const FAULT_ROUTES = ['lookups', 'recoveries'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

/** What one served request is: which registry, which kind of route. */
export interface FaultTarget {
  readonly registry: RegistryName;
  readonly route: FaultRoute;
}

/** Active faults, applied to the targeted requests only. Absent members are off. */
export interface FaultSettings extends Omit<StandInFaultSettings, 'timeoutRate'> {
  /** The kinds of route hit; absent means both. */
  readonly routes?: readonly FaultRoute[] | undefined;
  /** The registries hit; absent means all three. */
  readonly registries?: readonly RegistryName[] | undefined;
}

/** Whether the settings' `routes` and `registries` select this request. */
export function isTargeted(settings: FaultSettings, target: FaultTarget): boolean {
  return (
    (settings.routes === undefined || settings.routes.includes(target.route)) &&
    (settings.registries === undefined || settings.registries.includes(target.registry))
  );
}

/**
 * Decides the fate of one request. A request the settings do not target passes untouched,
 * without a draw; one they do is decided by stand-in-kit's `decideFault`: an outage wins,
 * otherwise one draw below errorRate answers 503.
 */
export function decideFault(
  settings: FaultSettings,
  target: FaultTarget,
  context: FaultContext,
): FaultDecision {
  return isTargeted(settings, target) ? decideStandInFault(settings, context) : PASS;
}
