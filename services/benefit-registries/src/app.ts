import { buildHttpApp, coreErrors, REDACTED, redactUrl } from '@lienthong/service-kit';
import type { HttpApp, Logger, ReadinessCheck } from '@lienthong/service-kit';
import { REGISTRIES } from './domain/registries.ts';
import { installFaultHooks } from './fault-injection.ts';
import type { FaultSwitch } from './fault-injection.ts';
import { adminRoutes } from './routes/admin.ts';
import { lookupRoutes } from './routes/lookups.ts';
import { recoveryRoutes } from './routes/recoveries.ts';
import type { Sleeper } from './sleeper.ts';
import type { BenefitRegistriesStore } from './store.ts';

export interface AppDependencies {
  readonly logger: Logger;
  readonly readinessChecks: readonly ReadinessCheck[];
  readonly store: BenefitRegistriesStore;
  readonly faults: FaultSwitch;
  readonly clock: () => Date;
  /** [0, 1), for fault decisions. */
  readonly random: () => number;
  /** Waits for injected latency; woken when the app closes. */
  readonly sleeper: Sleeper;
}

/** A request path with every personal ID number in it masked: `/v1/merit/people/[REDACTED]`. */
export function maskPersonalIds(url: string): string {
  return redactUrl(url).replace(/(?<!\d)\d{12}(?!\d)/g, REDACTED);
}

/**
 * service-kit's request serializer redacts query strings only, but here personal ID numbers
 * travel in paths (`GET /v1/{registry}/people/{personalId}`); this one masks them too.
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

/** The benefit registries' HTTP app, not listening: main.ts listens, tests `inject()`. */
export function buildApp(deps: AppDependencies): HttpApp {
  const { store, faults, clock } = deps;
  const hooks = { faults, clock, random: deps.random, sleeper: deps.sleeper };
  const app = buildHttpApp({
    logger: deps.logger.child({}, { serializers: { req: requestSerializer } }),
    openapi: {
      title: 'lienthong benefit registries (stand-in)',
      version: '0.1.0',
      description:
        'Stand-ins for three registries a funeral benefit and a survivor allowance are decided from: ' +
        'Vietnam Social Security (social insurance), the social-protection system and the people with ' +
        'merit of the home-affairs sector. Each answers lookups by personal ID and records what must be ' +
        'recovered when a benefit it paid is revoked. The admin endpoints (tag "admin (test only)") add ' +
        'test records and inject faults; the real registries have none of them.',
    },
    errorCatalogue: coreErrors,
    readinessChecks: deps.readinessChecks,
    routes: async (scope) => {
      // One encapsulated scope per registry and kind of route, each with its fault hook, so a
      // fault can hit one registry's lookups and leave the rest alone; never admin or health.
      for (const registry of REGISTRIES) {
        const prefix = `/v1/${registry}`;
        await scope.register(
          async (lookups) => {
            installFaultHooks(lookups, { registry, route: 'lookups' }, hooks);
            await lookups.register(lookupRoutes(registry, store));
          },
          { prefix },
        );
        await scope.register(
          async (recoveries) => {
            installFaultHooks(recoveries, { registry, route: 'recoveries' }, hooks);
            await recoveries.register(recoveryRoutes({ registry, store, clock }));
          },
          { prefix },
        );
      }
      await scope.register(adminRoutes({ store, faults, clock }), { prefix: '/v1/admin' });
    },
  });
  // An injected latency would otherwise keep the server from closing until it ends.
  app.addHook('preClose', (done) => {
    deps.sleeper.wakeAll();
    done();
  });
  return app;
}
