// Composition root of the saga coordinator: the only place that reads the environment and
// wires real adapters. Start order: database → migrations → Kafka → saga timers → HTTP;
// shutdown reverses it.
import { createJwtVerifier } from '@lienthong/auth';
import { AGENCY_EVENTS, MessageRegistry, TOPICS, TOPIC_SPECS } from '@lienthong/contracts';
import { createMessagingRuntime, MESSAGING_MIGRATIONS_DIR } from '@lienthong/messaging';
import {
  component,
  createLogger,
  createPool,
  httpServerComponent,
  loadConfig,
  migrationsComponent,
  poolComponent,
  postgresReadinessCheck,
  runService,
} from '@lienthong/service-kit';
import { randomUUID } from 'node:crypto';
import { buildApp } from './app.ts';
import { procedureSettings, SagaCoordinatorConfig } from './config.ts';
import { createProcedures } from './runtime/procedures.ts';
import { newDossierId } from './runtime/dossier-ids.ts';
import { DossierStore } from './runtime/dossier-store.ts';
import { SagaRuntime, type Clock } from './runtime/saga-runtime.ts';
import { SagaTicker } from './runtime/saga-ticker.ts';

const config = loadConfig(SagaCoordinatorConfig, process.env);
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const clock: Clock = { now: () => new Date() };
const pool = createPool({
  url: config.DATABASE_URL,
  applicationName: config.SERVICE_NAME,
  schema: config.DATABASE_SCHEMA,
  logger,
});
const saga = new SagaRuntime({
  schema: config.DATABASE_SCHEMA,
  clock,
  ids: { next: randomUUID },
  procedures: createProcedures(procedureSettings(config)),
});
const store = new DossierStore(pool, saga);
const ticker = new SagaTicker({ pool, saga, logger, intervalMs: config.SAGA_TICK_INTERVAL_MS });
const messaging = createMessagingRuntime({
  serviceName: config.SERVICE_NAME,
  schema: config.DATABASE_SCHEMA,
  pool,
  brokers: config.KAFKA_BROKERS,
  logger,
  topics: TOPIC_SPECS,
  replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  consumers: [
    {
      name: 'saga-coordinator.agency-events',
      topics: [
        TOPICS.civilStatusEvents,
        TOPICS.residenceEvents,
        TOPICS.healthInsuranceEvents,
        TOPICS.deathFuneralEvents,
      ],
      registry: new MessageRegistry(AGENCY_EVENTS),
      handle: (message, tx) => saga.onAgencyEvent(tx, message),
      partitionsConsumedConcurrently: 3,
    },
  ],
});
const verifier = createJwtVerifier({
  jwks: config.AUTH_JWKS_URL ? { url: config.AUTH_JWKS_URL } : { file: config.AUTH_JWKS_FILE ?? '' },
  issuer: config.AUTH_ISSUER,
  audience: config.AUTH_AUDIENCE,
});
const app = buildApp({
  logger,
  readinessChecks: [postgresReadinessCheck(pool), ...messaging.readinessChecks],
  parkingLots: messaging.consumers,
  verifier,
  pool,
  store,
  saga,
  clock,
  newDossierId: () => newDossierId(clock.now()),
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
      dir: MESSAGING_MIGRATIONS_DIR,
      migrationsTable: 'messaging_migrations',
      logger,
    }),
    migrationsComponent({
      databaseUrl: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      dir: new URL('../migrations', import.meta.url),
      logger,
    }),
    ...messaging.components,
    component('saga-ticker', () => {
      ticker.start();
      return Promise.resolve({ close: () => ticker.stop() });
    }),
    httpServerComponent(app, { host: config.HTTP_HOST, port: config.HTTP_PORT }),
  ],
});
