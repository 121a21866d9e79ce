import type { HttpApp } from '@lienthong/service-kit';
import { buildStandInApp } from '@lienthong/stand-in-kit';
import type { StandInAppDependencies } from '@lienthong/stand-in-kit';
import { REGISTRIES } from './domain/registries.ts';
import { installRegistryFaultHooks } from './fault-injection.ts';
import type { FaultSwitch } from './fault-injection.ts';
import { adminRoutes } from './routes/admin.ts';
import { lookupRoutes } from './routes/lookups.ts';
import { recoveryRoutes } from './routes/recoveries.ts';
import type { BenefitRegistriesStore } from './store.ts';

/** What every stand-in's app takes (logger, readiness, clock, random, sleeper), and the store. */
export interface AppDependencies extends StandInAppDependencies {
  readonly store: BenefitRegistriesStore;
  readonly faults: FaultSwitch;
}

/** The benefit registries' HTTP app, not listening: main.ts listens, tests `inject()`. */
export function buildApp(deps: AppDependencies): HttpApp {
  const { store, faults, clock } = deps;
  const hooks = { faults, clock, random: deps.random, sleeper: deps.sleeper };
  return buildStandInApp({
    ...deps,
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
    routes: async (scope) => {
      // One encapsulated scope per registry and kind of route, each with its fault hook, so a
      // fault can hit one registry's lookups and leave the rest alone; never admin or health.
      for (const registry of REGISTRIES) {
        const prefix = `/v1/${registry}`;
        await scope.register(
          async (lookups) => {
            installRegistryFaultHooks(lookups, { registry, route: 'lookups' }, hooks);
            await lookups.register(lookupRoutes(registry, store));
          },
          { prefix },
        );
        await scope.register(
          async (recoveries) => {
            installRegistryFaultHooks(recoveries, { registry, route: 'recoveries' }, hooks);
            await recoveries.register(recoveryRoutes({ registry, store, clock }));
          },
          { prefix },
        );
      }
      await scope.register(adminRoutes({ store, faults, clock }), { prefix: '/v1/admin' });
    },
  });
}
