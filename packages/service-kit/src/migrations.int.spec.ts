import { afterAll, beforeAll, describe, it, expect } from '@jest/globals';
import { createTestDatabase } from '@lienthong/devenv/testing';
import type { TestDatabase } from '@lienthong/devenv/testing';
import type { Pool } from 'pg';
import { createPool, withTransaction } from './db.ts';
import { createLogger } from './logger.ts';
import { runMigrations } from './migrations.ts';

const MIGRATIONS = new URL('./test-fixtures/migrations/', import.meta.url);
const logger = createLogger({ service: 'service-kit-int', level: 'silent' });

describe('runMigrations (real Postgres)', () => {
  let database: TestDatabase;
  const pools: Pool[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  const pool = (schema: string) => {
    const created = createPool({ url: database.url, applicationName: 'service-kit-int', schema, max: 2 });
    pools.push(created);
    return created;
  };

  it('applies SQL migrations to a fresh database, creating the schema and its migrations table in it', async () => {
    const applied = await runMigrations({
      databaseUrl: database.url,
      schema: 'dossier',
      dir: MIGRATIONS,
      logger,
    });

    expect(applied).toEqual(['0001_create-dossiers', '0002_add-dossier-status', '0003_add-inbox']);
    const { rows } = await pool('dossier').query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema = 'dossier' ORDER BY table_name`,
    );
    expect(rows).toEqual([
      { table_schema: 'dossier', table_name: 'dossier' },
      { table_schema: 'dossier', table_name: 'inbox' },
      { table_schema: 'dossier', table_name: 'pgmigrations' },
    ]);
  });

  it('is a no-op the second time', async () => {
    const applied = await runMigrations({
      databaseUrl: database.url,
      schema: 'dossier',
      dir: MIGRATIONS,
      logger,
    });

    expect(applied).toEqual([]);
    const { rows } = await pool('dossier').query<{ count: string }>('SELECT count(*) FROM pgmigrations');
    expect(rows[0]?.count).toBe('3');
  });

  it('lets instances starting at once migrate a new schema without failing, applying each migration once', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        runMigrations({ databaseUrl: database.url, schema: 'civil_registry', dir: MIGRATIONS, logger }),
      ),
    );

    expect(runs.map((applied) => applied.length).sort()).toEqual([0, 0, 3]);
    const { rows } = await pool('civil_registry').query<{ name: string }>(
      'SELECT name FROM pgmigrations ORDER BY id',
    );
    expect(rows.map((row) => row.name)).toEqual([
      '0001_create-dossiers',
      '0002_add-dossier-status',
      '0003_add-inbox',
    ]);
  });
});

describe('createPool and withTransaction (real Postgres)', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations({ databaseUrl: database.url, schema: 'dossier', dir: MIGRATIONS, logger });
    pool = createPool({ url: database.url, applicationName: 'dossier-service', schema: 'dossier' });
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('resolves unqualified names in the service schema and reports its application name', async () => {
    const { rows } = await pool.query<{ search_path: string; application_name: string }>(
      `SELECT current_setting('search_path') AS search_path, current_setting('application_name') AS application_name`,
    );

    expect(rows[0]).toEqual({ search_path: 'dossier,public', application_name: 'dossier-service' });
  });

  it('commits the work of a transaction that succeeds and rolls back one that throws', async () => {
    await withTransaction(pool, async (client) => {
      await client.query(`INSERT INTO dossier (id, procedure) VALUES ('d-1', 'birth-registration')`);
    });
    await expect(
      withTransaction(pool, async (client) => {
        await client.query(`INSERT INTO dossier (id, procedure) VALUES ('d-2', 'birth-registration')`);
        throw new Error('agency refused');
      }),
    ).rejects.toThrow('agency refused');

    const { rows } = await pool.query<{ id: string; status: string }>(
      'SELECT id, status FROM dossier ORDER BY id',
    );
    expect(rows).toEqual([{ id: 'd-1', status: 'SUBMITTED' }]);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
});
