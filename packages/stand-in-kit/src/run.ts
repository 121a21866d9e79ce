/**
 * A stand-in's process: configuration, logger, Postgres pool, migrations, test data, then HTTP.
 * Start order: database → migrations → seed → background loops → HTTP; shutdown reverses it,
 * so HTTP stops taking requests first.
 */
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
import type { HttpApp, Logger, RunningService, ServiceComponent } from '@lienthong/service-kit';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { StandInAppDependencies } from './app.ts';
import type { StandInConfig } from './config.ts';
import { createSleeper } from './sleeper.ts';

/** What a stand-in is built on, as `runStandIn` hands it to `build`. */
export interface StandInInfrastructure<C extends StandInConfig> {
  readonly config: C;
  readonly logger: Logger;
  /** On the stand-in's schema (`DATABASE_SCHEMA`); closed last. */
  readonly pool: Pool;
  /** The wall clock. */
  readonly clock: () => Date;
  /** For the app: the logger, a Postgres readiness check, the clock, `Math.random` and a real sleeper. */
  readonly appDependencies: StandInAppDependencies;
}

/** What a stand-in's main.ts builds on its infrastructure. */
export interface StandInParts {
  readonly app: HttpApp;
  /** Adds the test data at start; started only when `SEED_TEST_PEOPLE` is true. */
  readonly seed: ServiceComponent;
  /** Started after the seed and before HTTP, closed after HTTP, e.g. polling loops. @default [] */
  readonly background?: readonly ServiceComponent[];
}

export interface RunStandInOptions<C extends StandInConfig> {
  /** The configuration schema: `standInConfig(...)`, maybe extended. */
  readonly config: z.ZodType<C>;
  /** The environment the configuration is read from (main.ts passes `process.env`). */
  readonly env: Record<string, string | undefined>;
  /** The stand-in's migrations folder. */
  readonly migrations: URL;
  readonly build: (infrastructure: StandInInfrastructure<C>) => StandInParts;
}

/** Runs a stand-in until it is told to stop; what main.ts does. */
export function runStandIn<C extends StandInConfig>(options: RunStandInOptions<C>): Promise<RunningService> {
  const config = loadConfig(options.config, options.env);
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const clock = () => new Date();
  const pool = createPool({
    url: config.DATABASE_URL,
    applicationName: config.SERVICE_NAME,
    schema: config.DATABASE_SCHEMA,
    logger,
  });
  const parts = options.build({
    config,
    logger,
    pool,
    clock,
    appDependencies: {
      logger,
      readinessChecks: [postgresReadinessCheck(pool)],
      clock,
      random: Math.random,
      sleeper: createSleeper(),
    },
  });
  return runService({
    name: config.SERVICE_NAME,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    components: [
      poolComponent(pool),
      migrationsComponent({
        databaseUrl: config.DATABASE_URL,
        schema: config.DATABASE_SCHEMA,
        dir: options.migrations,
        logger,
      }),
      ...(config.SEED_TEST_PEOPLE ? [parts.seed] : []),
      ...(parts.background ?? []),
      httpServerComponent(parts.app, { host: config.HTTP_HOST, port: config.HTTP_PORT }),
    ],
  });
}
