import { afterAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { silentLogger } from '../logger.ts';
import { isProcessAlive } from '../process-utils.ts';
import { startLocalPostgres } from './local-postgres.ts';
import type { LocalPostgres } from './local-postgres.ts';

describe('startLocalPostgres', () => {
  let dataDir = '';
  const started: LocalPostgres[] = [];

  afterAll(async () => {
    for (const postgres of started) await postgres.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('takes over a server a crashed run left behind, keeping its data', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'devenv-postgres-'));
    // Run as root, the server runs as the `postgres` user, which must be able to enter.
    await chmod(dataDir, 0o755);
    const first = await startLocalPostgres({ dataDir, logger: silentLogger, durable: false });
    started.push(first);
    await query(first.url, 'CREATE TABLE kept (name text)');
    await query(first.url, "INSERT INTO kept VALUES ('Nguyễn Văn A')");

    // No stop(): as if the process that started it had crashed.
    const second = await startLocalPostgres({ dataDir, logger: silentLogger, durable: false });
    started.push(second);
    expect(isProcessAlive(first.pid)).toBe(false);
    expect(second.url).not.toBe(first.url);
    const rows = await query(second.url, 'SELECT upper(name) AS name FROM kept');
    // The builtin C.UTF-8 locale upper-cases Vietnamese letters, whatever the OS locales.
    expect(rows).toEqual([{ name: 'NGUYỄN VĂN A' }]);
    expect(second.version).toMatch(/^\d+\.\d+/);

    await second.stop();
    expect(isProcessAlive(second.pid)).toBe(false);
  }, 60_000);
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}
