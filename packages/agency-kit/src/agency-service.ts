import {
  bearerAuth,
  bearerSecurityScheme,
  BEARER_SECURITY_SCHEME_NAME,
  createJwtVerifier,
  findPrincipal,
  requireScopes,
} from '@lienthong/auth';
import { actCommands, MessageRegistry, TOPIC_SPECS } from '@lienthong/contracts';
import { createMessagingRuntime, MESSAGING_MIGRATIONS_DIR, type MessageHandler } from '@lienthong/messaging';
import {
  baseServiceConfig,
  buildHttpApp,
  component,
  createLogger,
  createPool,
  envInteger,
  httpServerComponent,
  loadConfig,
  migrationsComponent,
  parkedMessagesRoutes,
  poolComponent,
  postgresReadinessCheck,
  runService,
  type FastifyPluginAsyncZod,
  type Logger,
  type ServiceComponent,
} from '@lienthong/service-kit';
import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AgencyRuntime, type Clock } from './agency-runtime.ts';
import type { AgencyDefinition } from './definition.ts';
import { officerRoutes } from './officer-routes.ts';

/** What every agency service reads from its environment. */
export const AgencyServiceConfig = baseServiceConfig.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
    .optional()
    .describe('Postgres schema this agency owns; default SERVICE_NAME with - replaced by _'),
  KAFKA_REPLICATION_FACTOR: envInteger({ min: 1, max: 5 }).default(1),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_JWKS_FILE: z.string().min(1).optional(),
  AUTH_ISSUER: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1).default('lienthong'),
});
export type AgencyServiceConfig = z.infer<typeof AgencyServiceConfig>;

export const AGENCY_KIT_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** An act with its command and facts types erased, as the service wiring holds it. */
export type AnyAgencyDefinition = AgencyDefinition<unknown, unknown>;

/** Erases an act's types for the list of acts a service performs. */
export function agencyAct<TCommand, TFacts>(
  definition: AgencyDefinition<TCommand, TFacts>,
): AnyAgencyDefinition {
  return definition;
}

/** The runtimes the kit built for a service's acts, for its own routes (e.g. an annulment). */
export interface AgencyActs {
  runtimeOf<TCommand, TFacts>(
    definition: AgencyDefinition<TCommand, TFacts>,
  ): AgencyRuntime<TCommand, TFacts>;
}

/** What an agency's composition root adds to the common wiring. */
export interface AgencyServiceParts {
  /** The acts this service performs (one case per dossier and act). */
  readonly acts: readonly AnyAgencyDefinition[];
  readonly commandTopic: string;
  /**
   * The command consumer's name (its Kafka consumer group and inbox key); never renamed once
   * deployed. Default `<agency codes>.commands`.
   */
  readonly consumerName?: string;
  /** Extra routes (e.g. a verification endpoint) registered under `/v1`. */
  readonly routes?: (acts: AgencyActs) => FastifyPluginAsyncZod;
  /** Extra components (e.g. a worker), started after Kafka and before HTTP. */
  readonly components?: readonly ServiceComponent[];
  /** The service's own migrations, after the kit's. */
  readonly migrationsDir?: string;
  /** Consumes other message types besides the command (e.g. callbacks turned into events). */
  readonly handle?: MessageHandler;
}

export interface AgencyServiceHandles {
  readonly config: AgencyServiceConfig & { readonly DATABASE_SCHEMA: string };
  readonly logger: Logger;
  readonly pool: Pool;
  readonly clock: Clock;
}

/**
 * The shared composition of an agency service: pool → migrations → Kafka (commands in, events
 * out through the outbox) → extra components → HTTP (officer queue, operations, docs, health).
 * `build` receives the handles so the service can construct its definition's adapters.
 */
export async function runAgencyService(
  env: Record<string, string | undefined>,
  build: (handles: AgencyServiceHandles) => AgencyServiceParts,
): Promise<void> {
  const loaded = loadConfig(AgencyServiceConfig, env);
  const config = {
    ...loaded,
    DATABASE_SCHEMA: loaded.DATABASE_SCHEMA ?? loaded.SERVICE_NAME.replaceAll('-', '_'),
  };
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const clock: Clock = { now: () => new Date() };
  const pool = createPool({
    url: config.DATABASE_URL,
    applicationName: config.SERVICE_NAME,
    schema: config.DATABASE_SCHEMA,
    logger,
  });
  const parts = build({ config, logger, pool, clock });
  const runtimes = new Map(
    parts.acts.map((definition) => [
      definition,
      new AgencyRuntime({ definition, schema: config.DATABASE_SCHEMA, clock, ids: randomUUID }),
    ]),
  );
  const acts = [...runtimes.values()];
  const kit: AgencyActs = {
    runtimeOf: <TCommand, TFacts>(definition: AgencyDefinition<TCommand, TFacts>) => {
      const runtime = runtimes.get(agencyAct(definition));
      if (!runtime) throw new Error(`${definition.messages.name} is not one of this service's acts`);
      return runtime as unknown as AgencyRuntime<TCommand, TFacts>;
    },
  };
  const onCommand: MessageHandler = async (message, tx) => {
    for (const act of acts) await act.onCommand(tx, message);
  };
  const agencies = [...new Set(acts.map((act) => act.agency))].join('+');
  const extra = parts.handle;
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
        name: parts.consumerName ?? `${agencies}.commands`,
        topics: [parts.commandTopic],
        registry: new MessageRegistry(parts.acts.flatMap((definition) => actCommands(definition.messages))),
        handle: extra
          ? async (message, tx) => {
              await onCommand(message, tx);
              await extra(message, tx);
            }
          : onCommand,
        partitionsConsumedConcurrently: 3,
      },
    ],
  });
  const verifier = createJwtVerifier({
    jwks: config.AUTH_JWKS_URL ? { url: config.AUTH_JWKS_URL } : { file: config.AUTH_JWKS_FILE ?? '' },
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
  });
  const app = buildHttpApp({
    logger,
    openapi: {
      title: `lienthong agency: ${config.SERVICE_NAME}`,
      version: '1.0.0',
      description: `The ${config.SERVICE_NAME} service (${agencies}): its officer queue and operations.`,
      securitySchemes: { [BEARER_SECURITY_SCHEME_NAME]: bearerSecurityScheme },
    },
    readinessChecks: [postgresReadinessCheck(pool), ...messaging.readinessChecks],
    routes: async (scope) => {
      await scope.register(bearerAuth, { verifier, describeInOpenApi: true });
      await scope.register(officerRoutes(pool, acts), { prefix: '/v1/officer' });
      await scope.register(
        parkedMessagesRoutes(messaging.consumers, {
          onRequest: requireScopes('ops'),
          actorOf: (request) => findPrincipal(request)?.subject,
        }),
        { prefix: '/v1/ops' },
      );
      if (parts.routes) await scope.register(parts.routes(kit), { prefix: '/v1' });
    },
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
        dir: AGENCY_KIT_MIGRATIONS_DIR,
        migrationsTable: 'agency_kit_migrations',
        logger,
      }),
      ...(parts.migrationsDir
        ? [
            migrationsComponent({
              databaseUrl: config.DATABASE_URL,
              schema: config.DATABASE_SCHEMA,
              dir: parts.migrationsDir,
              logger,
            }),
          ]
        : []),
      ...messaging.components,
      ...(parts.components ?? []),
      httpServerComponent(app, { host: config.HTTP_HOST, port: config.HTTP_PORT }),
    ],
  });
}

export { component };
