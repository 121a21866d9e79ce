// Composition root of the saga coordinator: the only place that reads the environment and
// wires real adapters. Start order: database → migrations → Kafka → HTTP; shutdown reverses it.
import { TOPIC_SPECS } from '@lienthong/contracts';
import { createMessagingRuntime, MESSAGING_MIGRATIONS_DIR } from '@lienthong/messaging';
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
import { SagaCoordinatorConfig } from './config.ts';

const config = loadConfig(SagaCoordinatorConfig, process.env);
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const pool = createPool({
  url: config.DATABASE_URL,
  applicationName: config.SERVICE_NAME,
  schema: config.DATABASE_SCHEMA,
  logger,
});
const messaging = createMessagingRuntime({
  serviceName: config.SERVICE_NAME,
  schema: config.DATABASE_SCHEMA,
  pool,
  brokers: config.KAFKA_BROKERS,
  logger,
  topics: TOPIC_SPECS,
  replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  consumers: [],
});
const app = buildApp({
  logger,
  readinessChecks: [postgresReadinessCheck(pool), ...messaging.readinessChecks],
  parkingLots: messaging.consumers,
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
    ...messaging.components,
    httpServerComponent(app, { host: config.HTTP_HOST, port: config.HTTP_PORT }),
  ],
});
