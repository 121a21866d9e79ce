/**
 * Postgres access. Each service owns one schema; its pool's connections resolve unqualified
 * names in that schema first (then `public`, for extensions), so SQL stays unqualified and a
 * service cannot read another's tables by accident.
 */
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { ReadinessCheck } from './health.ts';
import type { Logger } from './logger.ts';
import type { ServiceComponent } from './lifecycle.ts';

/** Schema names we accept: plain lowercase identifiers, so they need no quoting anywhere. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `schema` is a plain lowercase SQL identifier (e.g. `dossier`, `civil_registry`). */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Schema name "${schema}" must match ${String(SCHEMA_NAME)}`);
  }
}

/** Options of `createPool`. */
export interface PoolOptions {
  /** Connection URL, e.g. `postgres://user:pass@host:5432/lienthong`. */
  readonly url: string;
  /** Shown in `pg_stat_activity.application_name`; usually the service name. */
  readonly applicationName: string;
  /** The service's schema; first on every connection's `search_path`, then `public`. */
  readonly schema: string;
  /** Most connections open at once. @default 10 */
  readonly max?: number;
  /** Give up acquiring a new connection after this long. @default 5000 */
  readonly connectionTimeoutMs?: number;
  /** Close connections idle this long. @default 30000 */
  readonly idleTimeoutMs?: number;
  /** Server-side cap on any one statement; 0 disables. @default 0 */
  readonly statementTimeoutMs?: number;
  /** Logs errors of idle connections (a pool without a listener would crash the process). */
  readonly logger?: Logger;
}

/** A pg Pool whose connections use `search_path=<schema>,public`. */
export function createPool(options: PoolOptions): Pool {
  assertSchemaName(options.schema);
  const settings = [`-c search_path=${options.schema},public`];
  if (options.statementTimeoutMs !== undefined && options.statementTimeoutMs > 0) {
    settings.push(`-c statement_timeout=${Math.floor(options.statementTimeoutMs)}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    options: settings.join(' '),
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
  });
  // An idle connection dropped by the server emits 'error' on the pool; the pool replaces it.
  pool.on('error', (error) => {
    options.logger?.warn({ err: error }, 'idle Postgres connection failed');
  });
  return pool;
}

/** Transaction isolation levels Postgres offers. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/**
 * Runs `fn` in a transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when
 * it throws (the original error is rethrown). The connection is always released; one whose
 * ROLLBACK failed is destroyed rather than returned to the pool.
 *
 * @param options.isolationLevel @default 'read committed' (Postgres' default)
 */
export async function withTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
  options: { readonly isolationLevel?: IsolationLevel } = {},
): Promise<T> {
  const client = await pool.connect();
  // Set when the connection's state is unknown; release(error) destroys it.
  let unusable: Error | undefined;
  try {
    try {
      await client.query(
        options.isolationLevel === undefined
          ? 'BEGIN'
          : `BEGIN ISOLATION LEVEL ${options.isolationLevel.toUpperCase()}`,
      );
    } catch (error) {
      unusable = asError(error);
      throw error;
    }
    let result: T;
    try {
      result = await fn(client);
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        unusable = asError(rollbackError);
      }
      throw error;
    }
    // A failed COMMIT ends the transaction on the server: the connection stays usable.
    await client.query('COMMIT');
    return result;
  } finally {
    client.release(unusable);
  }
}

const asError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));

/** A readiness check that runs `SELECT 1` on the pool. */
export function postgresReadinessCheck(pool: Pool, name = 'postgres'): ReadinessCheck {
  return {
    name,
    check: async () => {
      await pool.query('SELECT 1');
      return { ok: true };
    },
  };
}

/**
 * The pool as a lifecycle component: start checks the database answers (so a wrong URL fails
 * start-up, not the first request); close waits for checked-out clients, then ends the pool.
 */
export function poolComponent(pool: Pool, name = 'postgres'): ServiceComponent {
  return {
    name,
    start: async () => {
      await pool.query('SELECT 1');
      return { close: () => pool.end() };
    },
  };
}
