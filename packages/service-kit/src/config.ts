/**
 * Configuration is read once, by the composition root, from the environment it is handed:
 * nothing else in a service reads `process.env`. A bad start-up configuration fails with
 * every bad variable listed at once, so an operator fixes them in one go.
 */
import { z } from 'zod';

/** One variable that failed its rule. The value is never included: it may be a secret. */
export interface ConfigIssue {
  /** The environment variable, e.g. `HTTP_PORT`. */
  readonly variable: string;
  /** The broken rule: a zod issue code such as `invalid_type`, `too_small`, `invalid_format`. */
  readonly rule: string;
  /** What was expected. */
  readonly message: string;
}

/** Thrown by `loadConfig`; `message` lists every issue, one per line. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      `Invalid configuration (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n` +
        issues.map((issue) => `  - ${issue.variable}: ${issue.message} [${issue.rule}]`).join('\n'),
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/**
 * Parses `env` with `schema`. Empty values count as unset, so `FOO=` falls back to the
 * default instead of failing a number or url rule. Throws `ConfigError` naming each bad
 * variable and its rule.
 *
 * @example
 * const config = loadConfig(baseServiceConfig.extend({ AGENCY_URL: z.url() }), process.env);
 */
export function loadConfig<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)',
      rule: issue.code,
      message: issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message,
    })),
  );
}

/** A whole number from a string, within [min, max]. */
export function envInteger(options: { min?: number; max?: number } = {}) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** `true`/`false` (also `1`/`0`, `yes`/`no`, case-insensitive) to a boolean. */
export function envBoolean() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
}

/** A comma-separated list to its trimmed, non-empty items; at least one item. */
export function envList<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item).min(1, 'must list at least one item'));
}

/** A TCP port, 0–65535 (0 lets the OS pick one, for tests). */
export const envPort = () => envInteger({ min: 0, max: 65535 });

/** A `host:port` pair, e.g. a Kafka broker address. */
export const hostPort = () =>
  z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$/, 'must be host:port');

/** pino's levels, plus `silent`. */
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** A log level name. */
export type LogLevel = z.infer<typeof logLevel>;

/**
 * What every service reads. Extend it with the service's own variables:
 * `baseServiceConfig.extend({ ... })`.
 *
 * - `SERVICE_NAME` (required): the service's name in logs, e.g. `dossier-service`.
 * - `HTTP_HOST` (default `127.0.0.1`): interface to listen on; `0.0.0.0` in containers.
 * - `HTTP_PORT` (required): 0–65535.
 * - `LOG_LEVEL` (default `info`).
 * - `DATABASE_URL` (required): `postgres://` or `postgresql://` URL.
 * - `KAFKA_BROKERS` (required): comma-separated `host:port` list → `string[]`.
 * - `SHUTDOWN_TIMEOUT_MS` (default 15000): graceful shutdown budget before a forced exit.
 * - `KAFKA_SESSION_TIMEOUT_MS` (default 30000): how long the group waits for a silent consumer
 *   before giving its partitions to another; shorter means faster take-over after a crash.
 */
export const baseServiceConfig = z.object({
  SERVICE_NAME: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase kebab-case, e.g. dossier-service')
    .describe('Service name in logs and as the Postgres application_name'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the HTTP server listens on'),
  HTTP_PORT: envPort().describe('TCP port the HTTP server listens on'),
  LOG_LEVEL: logLevel.default('info').describe('Minimum log level'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .describe('Postgres connection URL'),
  KAFKA_BROKERS: envList(hostPort()).describe('Comma-separated Kafka bootstrap brokers, host:port'),
  SHUTDOWN_TIMEOUT_MS: envInteger({ min: 1 })
    .default(15_000)
    .describe('Graceful shutdown budget in milliseconds before a forced exit'),
  KAFKA_SESSION_TIMEOUT_MS: envInteger({ min: 6_000, max: 300_000 })
    .default(30_000)
    .describe('Consumer session timeout: after a crash, partitions move to another member after this'),
});

/** The parsed base configuration. */
export type BaseServiceConfig = z.infer<typeof baseServiceConfig>;
