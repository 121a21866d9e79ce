/**
 * @lienthong/service-kit: what every service's composition root uses: configuration, logging,
 * the error catalogue, the HTTP edge, Postgres and migrations, and the process lifecycle.
 */
export {
  baseServiceConfig,
  ConfigError,
  envBoolean,
  envInteger,
  envList,
  envPort,
  hostPort,
  loadConfig,
  logLevel,
} from './config.ts';
export type { BaseServiceConfig, ConfigIssue, LogLevel } from './config.ts';

export {
  childLogger,
  createLogger,
  isSensitiveKey,
  REDACTED,
  redactPersonalData,
  redactUrl,
  SENSITIVE_KEYS,
  traceIdFromTraceparent,
} from './logger.ts';
export type { LogContext, Logger, LoggerOptions } from './logger.ts';

export {
  AppError,
  coreErrors,
  defineErrorCatalogue,
  isAppError,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  problemTypeFor,
  toProblem,
} from './errors.ts';
export type {
  AppErrorOptions,
  CoreErrorCode,
  ErrorCatalogue,
  ErrorDefinition,
  FieldError,
  ProblemDocument,
} from './errors.ts';
export { findErrorDocDrift, parseErrorTable } from './error-docs.ts';
export type { DocumentedError } from './error-docs.ts';

export { buildHttpApp, DOCS_PREFIX, httpServerComponent, REQUEST_ID_HEADER } from './http.ts';
export type { HttpApp, HttpAppOptions } from './http.ts';
export { classifyError, formatFieldPath } from './http-errors.ts';
export { LivenessReport, ReadinessReport, runReadinessChecks } from './health.ts';
export type { CheckOutcome, ReadinessCheck } from './health.ts';
export type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';

export {
  assertSchemaName,
  createPool,
  poolComponent,
  postgresReadinessCheck,
  withTransaction,
} from './db.ts';
export type { IsolationLevel, PoolOptions } from './db.ts';
export { migrationLockId, migrationsComponent, runMigrations } from './migrations.ts';
export type { MigrationOptions } from './migrations.ts';

export { component, nodeProcessHost, runService } from './lifecycle.ts';
export type {
  RunningService,
  RunServiceOptions,
  ServiceComponent,
  ServiceHost,
  ShutdownSignal,
  StartedComponent,
} from './lifecycle.ts';

export { parkedMessagesRoutes } from './parked-messages-routes.ts';
export type { ParkingLot } from './parked-messages-routes.ts';
