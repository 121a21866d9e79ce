// Shared by the messaging integration tests and the crash fixture they run as a child process:
// a real database schema with the messaging tables, a test topic, and a handler whose effect
// is NOT idempotent by itself (a counter increment), so any double application shows.
import { createEnvelope, defineMessage, MessageRegistry, TOPICS, type Envelope } from '@lienthong/contracts';
import { runMigrations } from '@lienthong/service-kit';
import pg from 'pg';
import pino from 'pino';
import { z } from 'zod';
import { PermanentError, TransientError } from '../failures.ts';
import type { MessageHandler } from '../inbox-consumer.ts';
import { MESSAGING_MIGRATIONS_DIR } from '../index.ts';
import type { PooledClient } from '../sql.ts';

export const SCHEMA = 'backbone_test';

export const Counted = defineMessage({
  type: 'lienthong.test.counted',
  version: 1,
  kind: 'event',
  topic: TOPICS.dossierEvents,
  description: 'A test event whose effect increments a per-key counter.',
  schema: z.object({
    n: z.number().int(),
    /** 'permanent' fails while the switch is broken; 'transient:<k>' fails k times first. */
    behaviour: z.string().optional(),
  }),
});
export const registry = new MessageRegistry([Counted]);

export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function createPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 8, options: `-c search_path=${SCHEMA}` });
}

export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await runMigrations({
    databaseUrl,
    schema: SCHEMA,
    dir: MESSAGING_MIGRATIONS_DIR,
    migrationsTable: 'messaging_migrations',
    logger: testLogger,
  });
  const pool = createPool(databaseUrl);
  await pool.query(`
    CREATE TABLE IF NOT EXISTS effects (seq bigint GENERATED ALWAYS AS IDENTITY, message_id text, message_key text, n int);
    CREATE TABLE IF NOT EXISTS counters (message_key text PRIMARY KEY, applied int NOT NULL);
    CREATE TABLE IF NOT EXISTS switches (name text PRIMARY KEY, broken boolean NOT NULL);
    INSERT INTO switches VALUES ('permanent', true) ON CONFLICT DO NOTHING;`);
  await pool.end();
}

export function countedMessage(key: string, n: number, behaviour?: string, id = `${key}-${n}`): Envelope {
  return createEnvelope({
    definition: Counted,
    id,
    source: '/lienthong/test',
    subject: key,
    time: new Date('2026-11-23T02:00:00Z'),
    correlationId: key,
    data: behaviour ? { n, behaviour } : { n },
  });
}

/** The handler under test; `transientFailures` counts across attempts (outside any transaction). */
export function countingHandler(transientFailures = new Map<string, number>()): MessageHandler {
  return async (message: Envelope, tx: PooledClient) => {
    const data = message.data as z.infer<typeof Counted.schema>;
    if (data.behaviour === 'permanent') {
      const { rows } = await tx.query<{ broken: boolean }>(
        `SELECT broken FROM switches WHERE name = 'permanent'`,
      );
      if (rows[0]?.broken) throw new PermanentError(`message ${message.id} cannot be applied while broken`);
    }
    const transient = /^transient:(\d+)$/.exec(data.behaviour ?? '');
    if (transient) {
      const failed = transientFailures.get(message.id) ?? 0;
      if (failed < Number(transient[1])) {
        transientFailures.set(message.id, failed + 1);
        throw new TransientError('agency did not answer in time');
      }
    }
    await tx.query('INSERT INTO effects (message_id, message_key, n) VALUES ($1, $2, $3)', [
      message.id,
      message.subject,
      data.n,
    ]);
    await tx.query(
      `INSERT INTO counters VALUES ($1, 1) ON CONFLICT (message_key) DO UPDATE SET applied = counters.applied + 1`,
      [message.subject],
    );
  };
}
