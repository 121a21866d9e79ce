// Composition root of the population registry stand-in: the only place that reads the
// environment and wires real adapters. stand-in-kit's runStandIn starts database →
// migrations → seed people → the background loops given here → HTTP; shutdown reverses it,
// so HTTP stops taking requests first.
import { randomInt } from 'node:crypto';
import { runStandIn } from '@lienthong/stand-in-kit';
import { buildApp } from './app.ts';
import { createCallbackDelivery } from './callback-delivery.ts';
import { PopulationRegistryConfig } from './config.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { pollingLoopComponent } from './polling-loop.ts';
import { createPostgresRegistry } from './postgres-registry.ts';
import { seedPeopleComponent } from './seed-people.ts';

await runStandIn({
  config: PopulationRegistryConfig,
  env: process.env,
  migrations: new URL('../migrations/', import.meta.url),
  build: ({ config, logger, pool, clock, appDependencies }) => {
    const registry = createPostgresRegistry({ pool, randomInt: (max) => randomInt(max) });
    const callbacks = createCallbackDelivery({
      pool,
      logger,
      clock,
      random: Math.random,
      fetch: globalThis.fetch,
      timeoutMs: config.CALLBACK_TIMEOUT_MS,
      backoff: {
        initialDelayMs: config.CALLBACK_INITIAL_DELAY_MS,
        maxDelayMs: config.CALLBACK_MAX_DELAY_MS,
        multiplier: 2,
      },
    });
    return {
      app: buildApp({
        ...appDependencies,
        registry,
        faults: createFaultSwitch(),
        timeoutHoldMs: config.FAULT_TIMEOUT_HOLD_MS,
      }),
      seed: seedPeopleComponent({ registry, clock, logger }),
      background: [
        pollingLoopComponent({
          name: 'due-requests',
          intervalMs: config.DUE_POLL_INTERVAL_MS,
          logger,
          tick: async () => {
            const decided = await registry.completeDueRequests(clock());
            if (decided > 0) logger.info({ decided }, 'pending personal-ID requests decided');
          },
        }),
        pollingLoopComponent({
          name: 'callbacks',
          intervalMs: config.CALLBACK_POLL_INTERVAL_MS,
          logger,
          tick: () => callbacks.deliverDue(),
        }),
      ],
    };
  },
});
