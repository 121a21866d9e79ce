import { describe, it, expect } from '@jest/globals';
import type { Pool, PoolClient } from 'pg';
import { assertSchemaName, withTransaction } from './db.ts';

/** A pool handing out one scripted client; records statements and how the client was released. */
function fakePool(failOn?: string) {
  const statements: string[] = [];
  const releases: (Error | boolean | undefined)[] = [];
  const client = {
    query: (sql: string) => {
      statements.push(sql);
      if (failOn !== undefined && sql.startsWith(failOn))
        return Promise.reject(new Error(`${failOn} failed`));
      return Promise.resolve({ rows: [], rowCount: 0 });
    },
    release: (error?: Error | boolean) => void releases.push(error),
  };
  const pool = { connect: () => Promise.resolve(client) } as unknown as Pool;
  return { pool, statements, releases };
}

describe('withTransaction', () => {
  it('commits and returns the result, releasing the client', async () => {
    const { pool, statements, releases } = fakePool();

    const result = await withTransaction(pool, async (client: PoolClient) => {
      await client.query('INSERT INTO dossier VALUES (1)');
      return 'done';
    });

    expect(result).toBe('done');
    expect(statements).toEqual(['BEGIN', 'INSERT INTO dossier VALUES (1)', 'COMMIT']);
    expect(releases).toEqual([undefined]);
  });

  it('rolls back and rethrows when the work fails, returning the client to the pool', async () => {
    const { pool, statements, releases } = fakePool();

    await expect(withTransaction(pool, () => Promise.reject(new Error('business rule')))).rejects.toThrow(
      'business rule',
    );
    expect(statements).toEqual(['BEGIN', 'ROLLBACK']);
    expect(releases).toEqual([undefined]);
  });

  it('destroys the client when ROLLBACK itself fails, still rethrowing the original error', async () => {
    const { pool, releases } = fakePool('ROLLBACK');

    await expect(withTransaction(pool, () => Promise.reject(new Error('business rule')))).rejects.toThrow(
      'business rule',
    );
    expect(releases[0]).toBeInstanceOf(Error);
  });

  it('uses the requested isolation level', async () => {
    const { pool, statements } = fakePool();

    await withTransaction(pool, () => Promise.resolve(), { isolationLevel: 'serializable' });

    expect(statements[0]).toBe('BEGIN ISOLATION LEVEL SERIALIZABLE');
  });
});

describe('assertSchemaName', () => {
  it('accepts plain identifiers and rejects anything needing quotes', () => {
    expect(() => assertSchemaName('civil_registry')).not.toThrow();
    expect(() => assertSchemaName('dossier; DROP SCHEMA public')).toThrow();
    expect(() => assertSchemaName('Dossier')).toThrow();
  });
});
