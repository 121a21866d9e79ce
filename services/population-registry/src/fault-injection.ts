/**
 * Runtime fault injection for the issuance and lookup routes. Settings live in memory: they
 * are test conditions set by whoever runs a scenario, reset by a restart on purpose, and each
 * instance has its own. What a pending request owes (its decision, its callback) is durable
 * regardless (see postgres-registry.ts).
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decideFault, NO_FAULTS, retryAfterSeconds } from './domain/faults.ts';
import type { FaultSettings } from './domain/faults.ts';
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
  readonly random: () => number;
  readonly sleeper: Sleeper;
  /** How long a "timeout" answer is held. */
  readonly timeoutHoldMs: number;
}

/**
 * Adds the hooks to `scope` (the encapsulated plugin holding the issuance and lookup routes):
 * faults are decided when a request arrives, before validation, as a failing server would;
 * a held answer is held after the route has done its work, just before it is sent.
 */
export function installFaultHooks(scope: FastifyInstance, options: FaultHookOptions): void {
  const holds = new WeakMap<FastifyRequest, number>();

  scope.addHook('onRequest', async (request, reply) => {
    const nowMs = options.clock().getTime();
    const decision = decideFault(options.faults.get(), {
      nowMs,
      random: options.random,
      timeoutHoldMs: options.timeoutHoldMs,
    });
    switch (decision.kind) {
      case 'outage':
        reply.header('retry-after', String(retryAfterSeconds(decision.untilMs, nowMs)));
        request.log.info({ fault: 'outage' }, 'injected fault');
        throw coreErrors.create(
          'SERVICE_UNAVAILABLE',
          `The population database is unavailable until ${new Date(decision.untilMs).toISOString()} (injected outage).`,
        );
      case 'error':
        await options.sleeper.sleep(decision.delayMs);
        request.log.info({ fault: 'error' }, 'injected fault');
        throw coreErrors.create(
          'SERVICE_UNAVAILABLE',
          'The population database failed to answer (injected error).',
        );
      case 'timeout':
        request.log.info({ fault: 'timeout', holdMs: decision.holdMs }, 'injected fault');
        holds.set(request, decision.holdMs);
        return;
      case 'pass':
        await options.sleeper.sleep(decision.delayMs);
        return;
    }
  });

  scope.addHook('onSend', async (request, _reply, payload) => {
    const holdMs = holds.get(request);
    if (holdMs !== undefined) await options.sleeper.sleep(holdMs);
    return payload;
  });
}
