// Composition root of the benefit registries stand-in: the only place that reads the
// environment and wires real adapters. Start order: database → migrations → seed records →
// HTTP; shutdown reverses it, so HTTP stops taking requests first.
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
import { BenefitRegistriesConfig } from './config.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createPostgresStore } from './postgres-store.ts';
import { seedRecordsComponent } from './seed-records.ts';
import { createSleeper } from './sleeper.ts';

const config = loadConfig(BenefitRegistriesConfig, process.env);
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const clock = () => new Date();
const pool = createPool({
  url: config.DATABASE_URL,
  applicationName: config.SERVICE_NAME,
  schema: config.DATABASE_SCHEMA,
  logger,
});
const store = createPostgresStore({ pool });
const app = buildApp({
  logger,
  readinessChecks: [postgresReadinessCheck(pool)],
  store,
  faults: createFaultSwitch(),
  clock,
  random: Math.random,
  sleeper: createSleeper(),
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
    ...(config.SEED_TEST_PEOPLE ? [seedRecordsComponent({ store, clock, logger })] : []),
    httpServerComponent(app, { host: config.HTTP_HOST, port: config.HTTP_PORT }),
  ],
});
