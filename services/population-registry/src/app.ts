import { buildHttpApp, REDACTED, redactUrl } from '@lienthong/service-kit';
import type { HttpApp, Logger, ReadinessCheck } from '@lienthong/service-kit';
import { populationRegistryErrors } from './errors.ts';
import { installFaultHooks } from './fault-injection.ts';
import type { FaultSwitch } from './fault-injection.ts';
import type { PopulationRegistry } from './registry.ts';
import { adminRoutes } from './routes/admin.ts';
import { peopleRoutes } from './routes/people.ts';
import { personalIdRequestRoutes } from './routes/personal-id-requests.ts';
import type { Sleeper } from './sleeper.ts';

export interface AppDependencies {
  readonly logger: Logger;
  readonly readinessChecks: readonly ReadinessCheck[];
  readonly registry: PopulationRegistry;
  readonly faults: FaultSwitch;
  readonly clock: () => Date;
  /** [0, 1), for fault decisions. */
  readonly random: () => number;
  /** Waits for injected latency and held answers; woken when the app closes. */
  readonly sleeper: Sleeper;
  /** How long a "timeout" fault holds an answer. @default 30000 */
  readonly timeoutHoldMs?: number;
}

/** A request path with every personal ID number in it masked: `/v1/people/[REDACTED]`. */
export function maskPersonalIds(url: string): string {
  return redactUrl(url).replace(/(?<!\d)\d{12}(?!\d)/g, REDACTED);
}

/**
 * service-kit's request serializer redacts query strings only, but here personal ID numbers
 * travel in paths (`GET /v1/people/{personalId}`); this one masks them too.
 */
const requestSerializer = (request: unknown): unknown => {
  const { method, url, ip, socket } = (request ?? {}) as {
    method?: unknown;
    url?: unknown;
    ip?: unknown;
    socket?: { remotePort?: unknown };
  };
  return typeof method === 'string' && typeof url === 'string'
    ? { method, url: maskPersonalIds(url), remoteAddress: ip, remotePort: socket?.remotePort }
    : REDACTED;
};

/** The population registry's HTTP app, not listening: main.ts listens, tests `inject()`. */
export function buildApp(deps: AppDependencies): HttpApp {
  const { registry, faults, clock } = deps;
  const app = buildHttpApp({
    logger: deps.logger.child({}, { serializers: { req: requestSerializer } }),
    openapi: {
      title: 'lienthong population registry (stand-in)',
      version: '0.1.0',
      description:
        'A stand-in for the National Population Database: issues newborn children’s personal ' +
        'identification numbers and looks people up. The admin endpoints (tag "admin (test only)") ' +
        'add test people and inject faults; a real endpoint has none of them.',
    },
    errorCatalogue: populationRegistryErrors,
    readinessChecks: deps.readinessChecks,
    routes: async (scope) => {
      // Faults hit only what the real database serves, never admin or health routes.
      await scope.register(
        async (served) => {
          installFaultHooks(served, {
            faults,
            clock,
            random: deps.random,
            sleeper: deps.sleeper,
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
  // Held answers would otherwise keep the server from closing for up to the hold time.
  app.addHook('preClose', (done) => {
    deps.sleeper.wakeAll();
    done();
  });
  return app;
}
