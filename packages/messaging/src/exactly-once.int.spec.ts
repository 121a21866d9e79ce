import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, testKafkaBrokers, uniqueName } from '@lienthong/devenv/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type pg from 'pg';
import { DEFAULT_RETRY_POLICY } from './retry-policy.ts';
import { InboxConsumer, type MessageHandler } from './inbox-consumer.ts';
import { toProducedRecord } from './kafka-codec.ts';
import { createKafkajsBroker } from './kafkajs-broker.ts';
import { enqueueMessages } from './outbox.ts';
import { OutboxRelay } from './outbox-relay.ts';
import type { AdminPort, MessageBroker, ProducerPort } from './port.ts';
import { inTransaction } from './sql.ts';
import {
  countedMessage,
  countingHandler,
  createPool,
  prepareDatabase,
  registry,
  SCHEMA,
  testLogger,
} from './testing/backbone-fixture.ts';

let database: { url: string; drop(): Promise<void> };
let pool: pg.Pool;
let broker: MessageBroker;
let admin: AdminPort;
let producer: ProducerPort;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await prepareDatabase(database.url);
  pool = createPool(database.url);
  broker = createKafkajsBroker({
    clientId: 'exactly-once-test',
    brokers: testKafkaBrokers(),
    logger: testLogger,
  });
  admin = broker.createAdmin();
  producer = broker.createProducer();
  await producer.connect();
});

afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
  await producer.disconnect();
  await admin.disconnect();
  await pool.end();
  await database.drop();
});

async function newTopic(partitions = 3): Promise<string> {
  const name = uniqueName('lienthong.test');
  await admin.ensureTopics([{ name, description: 'test', partitions, config: {} }], { replicationFactor: 1 });
  return name;
}

async function enqueue(topic: string, keyCount: number, perKey: number): Promise<string[]> {
  const keys = Array.from({ length: keyCount }, () => uniqueName('HS'));
  await inTransaction(pool, (tx) =>
    enqueueMessages(
      tx,
      SCHEMA,
      keys.flatMap((key) =>
        Array.from({ length: perKey }, (_, n) => ({ topic, envelope: countedMessage(key, n) })),
      ),
    ),
  );
  return keys;
}

function startConsumer(
  topic: string,
  group: string,
  handle: MessageHandler = countingHandler(),
): InboxConsumer {
  const consumer = new InboxConsumer({
    name: group,
    pool,
    broker,
    topics: [topic],
    registry,
    handle,
    logger: testLogger,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 },
  });
  cleanups.push(() => consumer.stop());
  void consumer.start();
  return consumer;
}

/** Polls a condition against the database until it holds; fails with the last value seen. */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  let last: T = await read();
  while (!holds(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

async function appliedPerKey(keys: string[]): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ message_key: string; applied: number }>(
    'SELECT message_key, applied FROM counters WHERE message_key = ANY($1)',
    [keys],
  );
  return Object.fromEntries(rows.map((row) => [row.message_key, row.applied]));
}

async function effectsOf(keys: string[]): Promise<{ message_id: string; copies: number }[]> {
  const { rows } = await pool.query<{ message_id: string; copies: number }>(
    `SELECT message_id, count(*)::int AS copies FROM effects WHERE message_key = ANY($1) GROUP BY message_id`,
    [keys],
  );
  return rows;
}

async function unpublishedCount(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
  );
  return rows[0]?.n ?? -1;
}

function runFixture(env: Record<string, string>): Promise<NodeJS.Signals | number | null> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'testing', 'crash-fixture.ts')], {
    env: { ...process.env, DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers().join(','), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
}

const allOnce = (keys: string[], perKey: number) => (applied: Record<string, number>) =>
  keys.every((key) => applied[key] === perKey);

describe('exactly-once effects on real Kafka and Postgres', () => {
  it('relays outbox rows and applies each effect once, even when every message is published twice', async () => {
    const topic = await newTopic();
    const keys = await enqueue(topic, 5, 4);
    const relay = new OutboxRelay({ pool, schema: SCHEMA, producer, logger: testLogger });
    await relay.publishPending();
    // (c) The same messages again, straight to Kafka: same ids, new offsets.
    const { rows } = await pool.query<{ headers: Record<string, string>; payload: unknown }>(
      'SELECT headers, payload FROM outbox WHERE message_key = ANY($1) ORDER BY id',
      [keys],
    );
    await producer.send(
      rows.map((row) => ({
        topic,
        key: row.headers.ce_subject ?? '',
        value: Buffer.from(JSON.stringify(row.payload)),
        headers: row.headers,
      })),
    );

    const consumer = startConsumer(topic, uniqueName('group'));
    await eventually(() => appliedPerKey(keys), allOnce(keys, 4), 'every message applied');
    await eventually(
      () => Promise.resolve(consumer.stats.duplicates),
      (n) => n === 20,
      'all 20 duplicates seen',
    );
    expect(await appliedPerKey(keys)).toEqual(Object.fromEntries(keys.map((key) => [key, 4])));
    expect((await effectsOf(keys)).every((effect) => effect.copies === 1)).toBe(true);
    expect(consumer.stats.handled).toBe(20);
  });

  it('(b) republishes after the relay dies between Kafka ack and marking, and applies each effect once', async () => {
    const topic = await newTopic();
    const keys = await enqueue(topic, 4, 5);
    expect(await runFixture({ MODE: 'relay' })).toBe('SIGKILL');
    // Kafka has the batch, yet the rows are still unpublished as far as Postgres knows.
    expect(await unpublishedCount()).toBe(20);

    const relay = new OutboxRelay({ pool, schema: SCHEMA, producer, logger: testLogger });
    relay.start();
    cleanups.push(() => relay.stop());
    const consumer = startConsumer(topic, uniqueName('group'));
    await eventually(() => appliedPerKey(keys), allOnce(keys, 5), 'every message applied');
    await eventually(
      () => Promise.resolve(consumer.stats.duplicates),
      (n) => n === 20,
      'the republished copies skipped',
    );
    expect(await unpublishedCount()).toBe(0);
    expect((await effectsOf(keys)).every((effect) => effect.copies === 1)).toBe(true);
  });

  it('(a) redelivers after the consumer dies between its commit and the offset commit, and applies each effect once', async () => {
    const topic = await newTopic(1);
    const keys = await enqueue(topic, 1, 10);
    await new OutboxRelay({ pool, schema: SCHEMA, producer, logger: testLogger }).publishPending();
    const group = uniqueName('group');
    expect(await runFixture({ MODE: 'consumer', TOPIC: topic, GROUP: group, CRASH_AFTER: '3' })).toBe(
      'SIGKILL',
    );
    expect(await appliedPerKey(keys)).toEqual({ [keys[0] ?? '']: 3 });

    const consumer = startConsumer(topic, group);
    await eventually(() => appliedPerKey(keys), allOnce(keys, 10), 'all ten applied');
    // The killed process applied 3; this one applies exactly the other 7. At least the third
    // came back (its offset was never committed) and changed nothing.
    expect(consumer.stats.handled).toBe(7);
    expect(consumer.stats.duplicates).toBeGreaterThanOrEqual(1);
    expect((await effectsOf(keys)).every((effect) => effect.copies === 1)).toBe(true);
  });

  it('relays rows whose transactions commit out of id order', async () => {
    const topic = await newTopic();
    const [early, late] = [uniqueName('HS'), uniqueName('HS')];
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      await enqueueMessages(first, SCHEMA, [{ topic, envelope: countedMessage(early, 1) }]);
      await second.query('BEGIN');
      await enqueueMessages(second, SCHEMA, [{ topic, envelope: countedMessage(late, 1) }]);
      await second.query('COMMIT');
      const { rows } = await pool.query<{ message_key: string; id: string }>(
        'SELECT message_key, id FROM outbox WHERE message_key = ANY($1) ORDER BY id',
        [[early, late]],
      );
      // Only the higher id is visible yet.
      expect(rows.map((row) => row.message_key)).toEqual([late]);

      const relay = new OutboxRelay({ pool, schema: SCHEMA, producer, logger: testLogger });
      expect(await relay.publishPending()).toBe(1);
      await first.query('COMMIT');
      expect(await relay.publishPending()).toBe(1);
    } finally {
      first.release();
      second.release();
    }
    const { rows } = await pool.query<{ message_key: string; id: string }>(
      'SELECT message_key, id::text FROM outbox WHERE message_key = ANY($1) ORDER BY id',
      [[early, late]],
    );
    expect(rows.map((row) => row.message_key)).toEqual([early, late]);
    startConsumer(topic, uniqueName('group'));
    await eventually(() => appliedPerKey([early, late]), allOnce([early, late], 1), 'both applied');
  });

  it('retries transient failures with backoff, then parks a message whose retries are exhausted', async () => {
    const topic = await newTopic(1);
    const [recovers, exhausts] = [uniqueName('HS'), uniqueName('HS')];
    await inTransaction(pool, (tx) =>
      enqueueMessages(tx, SCHEMA, [
        { topic, envelope: countedMessage(recovers, 1, 'transient:2') },
        { topic, envelope: countedMessage(exhausts, 1, 'transient:99') },
      ]),
    );
    await new OutboxRelay({ pool, schema: SCHEMA, producer, logger: testLogger }).publishPending();
    const consumer = startConsumer(topic, uniqueName('group'));
    await eventually(
      async () => (await consumer.listParked({ key: exhausts })).length,
      (n) => n === 1,
      'parked',
    );
    expect(await appliedPerKey([recovers, exhausts])).toEqual({ [recovers]: 1 });
    const [parked] = await consumer.listParked({ key: exhausts });
    expect(parked).toMatchObject({ status: 'parked', failureKind: 'exhausted', attempts: 4 });
    expect(parked?.error).toMatch(/did not answer in time/);
    expect(consumer.stats.retries).toBe(2 + 3);
  });
});

describe('parking per dossier', () => {
  it('parks a poison message, queues its dossier behind it while other dossiers flow, and resumes in order on release', async () => {
    const topic = await newTopic(1);
    const [stuck, flowing] = [uniqueName('HS'), uniqueName('HS')];
    const poison = countedMessage(stuck, 1);
    const poisonRecord = toProducedRecord(topic, poison);
    // Not valid for the registry: `n` must be an integer. Sent raw: the outbox would refuse it.
    await producer.send([{ ...poisonRecord, value: Buffer.from(JSON.stringify({ n: 'one' })) }]);
    await producer.send([
      toProducedRecord(topic, countedMessage(stuck, 2)),
      toProducedRecord(topic, countedMessage(flowing, 1)),
    ]);

    const consumer = startConsumer(topic, uniqueName('group'));
    await eventually(
      () => appliedPerKey([flowing]),
      (applied) => applied[flowing] === 1,
      'the other dossier flowed',
    );
    const open = await eventually(
      () => consumer.listParked({ key: stuck }),
      (rows) => rows.length === 2,
      'both parked',
    );
    expect(open.map((row) => [row.messageId, row.status, row.failureKind])).toEqual([
      [poison.id, 'parked', 'poison'],
      [`${stuck}-2`, 'waiting', null],
    ]);
    expect(open[0]?.error).toMatch(/invalid lienthong.test.counted data at n/);

    // A message for the parked dossier arriving now also waits.
    await producer.send([toProducedRecord(topic, countedMessage(stuck, 3))]);
    await eventually(
      () => consumer.listParked({ key: stuck }),
      (rows) => rows.length === 3,
      'third queued',
    );
    expect(await appliedPerKey([stuck])).toEqual({});

    // Poison cannot be handled: the operator skips it; the rest of the dossier resumes in order.
    const outcome = await consumer.releaseKey(stuck, {
      actor: 'ops:an',
      reason: 'malformed test record',
      skipHead: true,
    });
    expect(outcome).toEqual({ released: 2, skipped: 1, stillParked: false });
    const { rows } = await pool.query<{ n: number }>(
      'SELECT n FROM effects WHERE message_key = $1 ORDER BY seq',
      [stuck],
    );
    expect(rows.map((row) => row.n)).toEqual([2, 3]);
    const history = await consumer.listParked({ key: stuck, includeResolved: true });
    expect(history.map((row) => [row.status, row.resolvedBy, row.resolutionReason])).toEqual([
      ['skipped', 'ops:an', 'malformed test record'],
      ['released', 'ops:an', 'malformed test record'],
      ['released', 'ops:an', 'malformed test record'],
    ]);

    // Unparked: the dossier's next message is handled directly again.
    await producer.send([toProducedRecord(topic, countedMessage(stuck, 4))]);
    await eventually(
      () => appliedPerKey([stuck]),
      (applied) => applied[stuck] === 3,
      'flows again',
    );
  });

  it('keeps a permanently failing message parked until it can succeed, then handles it before its successors', async () => {
    const topic = await newTopic(1);
    const key = uniqueName('HS');
    await inTransaction(pool, (tx) =>
      enqueueMessages(tx, SCHEMA, [
        { topic, envelope: countedMessage(key, 1, 'permanent') },
        { topic, envelope: countedMessage(key, 2) },
      ]),
    );
    await new OutboxRelay({ pool, schema: SCHEMA, producer, logger: testLogger }).publishPending();
    const consumer = startConsumer(topic, uniqueName('group'));
    await eventually(
      () => consumer.listParked({ key }),
      (rows) => rows.length === 2,
      'parked with successor waiting',
    );

    expect(await consumer.releaseKey(key, { actor: 'ops:binh', reason: 'retry' })).toMatchObject({
      released: 0,
      stillParked: true,
      error: expect.stringMatching(/cannot be applied while broken/),
    });
    await pool.query(`UPDATE switches SET broken = false WHERE name = 'permanent'`);
    expect(await consumer.releaseKey(key, { actor: 'ops:binh', reason: 'fixed upstream' })).toEqual({
      released: 2,
      skipped: 0,
      stillParked: false,
    });
    const { rows } = await pool.query<{ n: number }>(
      'SELECT n FROM effects WHERE message_key = $1 ORDER BY seq',
      [key],
    );
    expect(rows.map((row) => row.n)).toEqual([1, 2]);
  });
});
