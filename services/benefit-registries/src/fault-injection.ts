/**
 * Fault injection for the served routes (lookups and recoveries of each registry), with
 * stand-in-kit's switch and hooks: the settings are this stand-in's (which registries and
 * kinds of route are hit), and each registry fails under its own name. Settings live in
 * memory, per instance; a restart clears them.
 */
import { createFaultSwitch as createStandInFaultSwitch, installFaultHooks } from '@lienthong/stand-in-kit';
import type { FaultSwitch as StandInFaultSwitch, StandInAppDependencies } from '@lienthong/stand-in-kit';
import type { FastifyInstance } from 'fastify';
import { decideFault } from './domain/faults.ts';
import type { FaultSettings, FaultTarget } from './domain/faults.ts';
import { REGISTRY_TITLES } from './domain/registries.ts';

/** The current fault settings of this process. */
export type FaultSwitch = StandInFaultSwitch<FaultSettings>;

/** A switch with no faults on, or `initial`. */
export const createFaultSwitch = createStandInFaultSwitch<FaultSettings>;

interface RegistryFaultHookOptions extends Pick<StandInAppDependencies, 'clock' | 'random' | 'sleeper'> {
  readonly faults: FaultSwitch;
}

/**
 * Adds the hook to `scope`, the encapsulated plugin holding the routes of one `target` (a
 * registry's lookups, or its recoveries): an injected error or outage leaves the request
 * unprocessed, and says which registry failed.
 */
export function installRegistryFaultHooks(
  scope: FastifyInstance,
  target: FaultTarget,
  options: RegistryFaultHookOptions,
): void {
  installFaultHooks(scope, {
    ...options,
    system: `The ${REGISTRY_TITLES[target.registry]} registry`,
    decide: (settings, context) => decideFault(settings, target, context),
    logFields: target,
  });
}
