// Composition root of the population registry stand-in: the only place that reads the
// environment and wires real adapters. Start order: database → migrations → seed people →
// background loops → HTTP; shutdown reverses it, so HTTP stops taking requests first.
import { randomInt } from 'node:crypto';
import {
  createLogger,
  createPool,
  httpServerComponent,
  loadConfig,
  migrationsComponent,
  poolComponent,
  postgresReadinessCheck,
  runService,
} from '@lienthong/service-kit';
import { buildApp } from './app.ts';
import { createCallbackDelivery } from './callback-delivery.ts';
import { PopulationRegistryConfig } from './config.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { pollingLoopComponent } from './polling-loop.ts';
import { createPostgresRegistry } from './postgres-registry.ts';
import { seedPeopleComponent } from './seed-people.ts';
import { createSleeper } from './sleeper.ts';

const config = loadConfig(PopulationRegistryConfig, process.env);
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const clock = () => new Date();
const pool = createPool({
  url: config.DATABASE_URL,
  applicationName: config.SERVICE_NAME,
  schema: config.DATABASE_SCHEMA,
  logger,
});
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
const app = buildApp({
  logger,
  readinessChecks: [postgresReadinessCheck(pool)],
  registry,
  faults: createFaultSwitch(),
  clock,
  random: Math.random,
  sleeper: createSleeper(),
  timeoutHoldMs: config.FAULT_TIMEOUT_HOLD_MS,
});

await runService({
  name: config.SERVICE_NAME,
  logger,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  components: [
    poolComponent(pool),
    migrationsComponent({
      databaseUrl: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      dir: new URL('../migrations/', import.meta.url),
      logger,
    }),
    ...(config.SEED_TEST_PEOPLE ? [seedPeopleComponent({ registry, clock, logger })] : []),
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
    httpServerComponent(app, { host: config.HTTP_HOST, port: config.HTTP_PORT }),
  ],
});
