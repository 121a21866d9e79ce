/**
 * Schema migrations with node-pg-migrate's programmatic runner, run by each service at
 * start-up before it takes traffic. Several instances may start at once: they queue on an
 * advisory lock (one per schema), and the ones that get it after the first find nothing to do.
 */
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import { assertSchemaName } from './db.ts';
import type { Logger } from './logger.ts';
import type { ServiceComponent } from './lifecycle.ts';

/** Options of `runMigrations`. */
export interface MigrationOptions {
  /** Connection URL of the database. */
  readonly databaseUrl: string;
  /** The service's schema: created if missing; migrations run in it and are recorded in it. */
  readonly schema: string;
  /**
   * Folder of migration files, applied in file-name order. Plain `.sql` files are supported:
   * the whole file is the up migration, or the part after a `-- Up Migration` line, with an
   * optional `-- Down Migration` part. `.js`/`.ts` files exporting `up`/`down` work too.
   * Name files `<timestamp or sequence>_<what>.sql`, e.g. `0001_create-dossiers.sql`.
   */
  readonly dir: string | URL;
  /** Receives the runner's progress lines. */
  readonly logger: Logger;
  /** Table recording applied migrations, inside `schema`. @default 'pgmigrations' */
  readonly migrationsTable?: string;
  /** `application_name` of the migration connection. @default 'migrations:<schema>' */
  readonly applicationName?: string;
}

/**
 * The advisory lock key for a schema's migrations (FNV-1a of the schema name). Per schema,
 * so services sharing a database do not wait for each other's migrations.
 */
export function migrationLockId(schema: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`lienthong:migrations:${schema}`)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Applies every pending migration of `dir` to `schema`, all in one transaction (a failure
 * applies none), and returns the names applied: empty when the schema was up to date.
 * Waits for another instance migrating the same schema rather than failing.
 */
export async function runMigrations(options: MigrationOptions): Promise<string[]> {
  assertSchemaName(options.schema);
  const dir = options.dir instanceof URL ? fileURLToPath(options.dir) : options.dir;
  const log = options.logger.child({ component: 'migrations', schema: options.schema });
  const applied = await runner({
    databaseUrl: {
      connectionString: options.databaseUrl,
      application_name: options.applicationName ?? `migrations:${options.schema}`,
    },
    dir,
    direction: 'up',
    schema: options.schema,
    createSchema: true,
    migrationsSchema: options.schema,
    createMigrationsSchema: true,
    migrationsTable: options.migrationsTable ?? 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    // The runner takes the lock before creating the schema and reading what was applied, so
    // a second instance waits, then sees the first one's work and applies nothing.
    advisoryLockMode: 'wait',
    lockValue: migrationLockId(options.schema),
    logger: {
      debug: (message: string) => log.debug(message),
      info: (message: string) => log.info(message),
      warn: (message: string) => log.warn(message),
      error: (message: string) => log.error(message),
    },
  });
  if (applied.length > 0)
    log.info({ applied: applied.map((migration) => migration.name) }, 'migrations applied');
  return applied.map((migration) => migration.name);
}

/** Migrations as a one-shot lifecycle step: list it after the pool, before consumers and HTTP. */
export function migrationsComponent(options: MigrationOptions): ServiceComponent {
  return {
    name: 'migrations',
    start: async () => {
      await runMigrations(options);
    },
  };
}
