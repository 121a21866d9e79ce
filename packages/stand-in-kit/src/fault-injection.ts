/**
 * Runtime fault injection for the routes a stand-in serves. Settings live in memory: they are
 * test conditions set by whoever runs a scenario, reset by a restart on purpose, and each
 * instance has its own. What the faults are and which requests they hit is the stand-in's
 * (`FaultSettings` extended, `decide`); how they are answered is the same everywhere.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decideFault, NO_FAULTS, retryAfterSeconds } from './faults.ts';
import type { FaultContext, FaultDecision, FaultSettings } from './faults.ts';
import type { Sleeper } from './sleeper.ts';

/** The current fault settings of this process. */
export interface FaultSwitch<S extends FaultSettings = FaultSettings> {
  get(): S;
  set(settings: S): void;
  /** Back to no faults. */
  reset(): void;
}

/**
 * A switch holding `S`, a stand-in's settings, whose members are all optional (absent is off).
 * @param initial the settings at start @default no faults
 */
export function createFaultSwitch<S extends FaultSettings = FaultSettings>(initial?: S): FaultSwitch<S> {
  // `S` only adds optional members, so no faults at all is a valid `S`.
  const none = NO_FAULTS as S;
  let current = initial ?? none;
  return {
    get: () => current,
    set: (settings) => {
      current = Object.freeze({ ...settings });
    },
    reset: () => {
      current = none;
    },
  };
}

export interface FaultHookOptions<S extends FaultSettings> {
  readonly faults: FaultSwitch<S>;
  readonly clock: () => Date;
  /** [0, 1), for the rate draws. */
  readonly random: () => number;
  readonly sleeper: Sleeper;
  /**
   * The failing system as a 503's detail starts: `The population database` gives "The
   * population database failed to answer (injected error)."
   */
  readonly system: string;
  /**
   * Decides one request of the scope, e.g. only when the settings target it.
   * @default decideFault: the settings hit every request of the scope
   */
  readonly decide?: (settings: S, context: FaultContext) => FaultDecision;
  /** Added to the `injected fault` log line, e.g. which registry and route. @default {} */
  readonly logFields?: object;
  /**
   * How long a timeout fault holds its answer. Absent for a stand-in without timeout faults:
   * then nothing is held and `timeoutRate` is ignored.
   */
  readonly timeoutHoldMs?: number;
}

/**
 * Adds the hooks to `scope`, the encapsulated plugin holding the served routes (never admin or
 * health routes): faults are decided when a request arrives, before validation, as a failing
 * server would, so an injected error or outage leaves the request unprocessed; a held answer
 * is held after the route has done its work, just before it is sent.
 */
export function installFaultHooks<S extends FaultSettings>(
  scope: FastifyInstance,
  options: FaultHookOptions<S>,
): void {
  const { sleeper, system, timeoutHoldMs } = options;
  const decide = options.decide ?? decideFault;
  const logFields = options.logFields ?? {};
  const delay = async (ms: number) => {
    if (ms > 0) await sleeper.sleep(ms);
  };
  const holds = new WeakMap<FastifyRequest, number>();

  scope.addHook('onRequest', async (request, reply) => {
    const nowMs = options.clock().getTime();
    const decision = decide(options.faults.get(), { nowMs, random: options.random, timeoutHoldMs });
    switch (decision.kind) {
      case 'outage':
        reply.header('retry-after', String(retryAfterSeconds(decision.untilMs, nowMs)));
        request.log.info({ fault: 'outage', ...logFields }, 'injected fault');
        throw coreErrors.create(
          'SERVICE_UNAVAILABLE',
          `${system} is unavailable until ${new Date(decision.untilMs).toISOString()} (injected outage).`,
        );
      case 'error':
        await delay(decision.delayMs);
        request.log.info({ fault: 'error', ...logFields }, 'injected fault');
        throw coreErrors.create('SERVICE_UNAVAILABLE', `${system} failed to answer (injected error).`);
      case 'timeout':
        request.log.info({ fault: 'timeout', ...logFields, holdMs: decision.holdMs }, 'injected fault');
        holds.set(request, decision.holdMs);
        return;
      case 'pass':
        await delay(decision.delayMs);
        return;
    }
  });

  if (timeoutHoldMs !== undefined) {
    scope.addHook('onSend', async (request, _reply, payload) => {
      const holdMs = holds.get(request);
      if (holdMs !== undefined) await sleeper.sleep(holdMs);
      return payload;
    });
  }
}
