/**
 * Runtime fault injection for the served routes (lookups and recoveries of each registry).
 * Settings live in memory: they are test conditions set by whoever runs a scenario, reset by a
 * restart on purpose, and each instance has its own.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyInstance } from 'fastify';
import { decideFault, NO_FAULTS, retryAfterSeconds } from './domain/faults.ts';
import type { FaultSettings, FaultTarget } from './domain/faults.ts';
import { REGISTRY_TITLES } from './domain/registries.ts';
import type { Sleeper } from './sleeper.ts';

/** The current fault settings of this process. */
export interface FaultSwitch {
  get(): FaultSettings;
  set(settings: FaultSettings): void;
  reset(): void;
}

export function createFaultSwitch(initial: FaultSettings = NO_FAULTS): FaultSwitch {
  let current = initial;
  return {
    get: () => current,
    set: (settings) => {
      current = Object.freeze({ ...settings });
    },
    reset: () => {
      current = NO_FAULTS;
    },
  };
}

export interface FaultHookOptions {
  readonly faults: FaultSwitch;
  readonly clock: () => Date;
  /** [0, 1), for error draws. */
  readonly random: () => number;
  readonly sleeper: Sleeper;
}

/**
 * Adds the hook to `scope`, the encapsulated plugin holding the routes of one `target` (a
 * registry's lookups, or its recoveries): faults are decided when a request arrives, before
 * validation, as a failing server would, and an injected error leaves the request unprocessed.
 */
export function installFaultHooks(
  scope: FastifyInstance,
  target: FaultTarget,
  options: FaultHookOptions,
): void {
  const registry = REGISTRY_TITLES[target.registry];
  scope.addHook('onRequest', async (request, reply) => {
    const nowMs = options.clock().getTime();
    const decision = decideFault(options.faults.get(), target, { nowMs, random: options.random });
    switch (decision.kind) {
      case 'outage':
        reply.header('retry-after', String(retryAfterSeconds(decision.untilMs, nowMs)));
        request.log.info({ fault: 'outage', ...target }, 'injected fault');
        throw coreErrors.create(
          'SERVICE_UNAVAILABLE',
          `The ${registry} registry is unavailable until ${new Date(decision.untilMs).toISOString()} (injected outage).`,
        );
      case 'error':
        if (decision.delayMs > 0) await options.sleeper.sleep(decision.delayMs);
        request.log.info({ fault: 'error', ...target }, 'injected fault');
        throw coreErrors.create(
          'SERVICE_UNAVAILABLE',
          `The ${registry} registry failed to answer (injected error).`,
        );
      case 'pass':
        if (decision.delayMs > 0) await options.sleeper.sleep(decision.delayMs);
        return;
    }
  });
}
