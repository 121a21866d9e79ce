import { buildStandInApp, installFaultHooks } from '@lienthong/stand-in-kit';
import type { StandInAppDependencies } from '@lienthong/stand-in-kit';
import type { HttpApp } from '@lienthong/service-kit';
import { populationRegistryErrors } from './errors.ts';
import type { FaultSwitch } from './fault-injection.ts';
import type { PopulationRegistry } from './registry.ts';
import { adminRoutes } from './routes/admin.ts';
import { peopleRoutes } from './routes/people.ts';
import { personalIdRequestRoutes } from './routes/personal-id-requests.ts';

/** What every stand-in's app takes (logger, readiness, clock, random, sleeper), and the registry. */
export interface AppDependencies extends StandInAppDependencies {
  readonly registry: PopulationRegistry;
  readonly faults: FaultSwitch;
  /** How long a "timeout" fault holds an answer. @default 30000 */
  readonly timeoutHoldMs?: number;
}

/** The population registry's HTTP app, not listening: main.ts listens, tests `inject()`. */
export function buildApp(deps: AppDependencies): HttpApp {
  const { registry, faults, clock } = deps;
  return buildStandInApp({
    ...deps,
    openapi: {
      title: 'lienthong population registry (stand-in)',
      version: '0.1.0',
      description:
        'A stand-in for the National Population Database: issues newborn children’s personal ' +
        'identification numbers and looks people up. The admin endpoints (tag "admin (test only)") ' +
        'add test people and inject faults; a real endpoint has none of them.',
    },
    errorCatalogue: populationRegistryErrors,
    routes: async (scope) => {
      // Faults hit only what the real database serves, never admin or health routes.
      await scope.register(
        async (served) => {
          installFaultHooks(served, {
            faults,
            clock,
            random: deps.random,
            sleeper: deps.sleeper,
            system: 'The population database',
            timeoutHoldMs: deps.timeoutHoldMs ?? 30_000,
          });
          await served.register(personalIdRequestRoutes({ registry, faults, clock }));
          await served.register(peopleRoutes({ registry }));
        },
        { prefix: '/v1' },
      );
      await scope.register(adminRoutes({ registry, faults, clock }), { prefix: '/v1/admin' });
    },
  });
}
