import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, testDatabaseAdminUrl } from './index.ts';

describe('createTestDatabase', () => {
  it('creates an empty database and drops it even while a connection is open', async () => {
    const database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    const client = new pg.Client({ connectionString: database.url });
    // DROP ... WITH (FORCE) ends this session; its error event must not crash the worker.
    client.on('error', () => {});
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    expect(rows[0]?.name).toBe(name);

    await database.drop();
    await client.end().catch(() => {});

    const admin = new pg.Client({ connectionString: testDatabaseAdminUrl() });
    await admin.connect();
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      expect(found.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  }, 30_000);
});
