import { toProducedRecord } from '@lienthong/messaging';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import pg from 'pg';
import { benchMessage } from './bench-message.ts';
import { summarize, type LatencySummary } from './stats.ts';
import { waitUntil } from './util.ts';

export interface RateMeasurement extends LatencySummary {
  /** Completed operations per second over the whole sequential run. */
  readonly perSecond: number;
}

export interface PostgresFloor {
  readonly version: string;
  /** The server's durability settings, as SHOW reports them. */
  readonly settings: Readonly<Record<string, string>>;
  /** BEGIN / INSERT / COMMIT, one after another on one connection, server settings. */
  readonly commit: RateMeasurement;
  /** The same with `SET synchronous_commit = off` in the session: the cost of waiting for the WAL flush. */
  readonly asyncCommit: RateMeasurement;
  /** `connections` sessions committing at once, for `durationMs` each: */
  readonly concurrent: {
    readonly connections: number;
    /** `BEGIN; INSERT; SELECT length($1); COMMIT`. */
    readonly plain: RateMeasurement;
    /** `BEGIN; INSERT; SELECT pg_notify($1, ''); COMMIT`, as `enqueueMessages` does. */
    readonly notify: RateMeasurement;
  };
}

const POSTGRES_SETTINGS = [
  'fsync',
  'synchronous_commit',
  'wal_sync_method',
  'full_page_writes',
  'commit_delay',
];

/** Floor A: the bare Postgres commit the outbox and the inbox each pay at least once per message. */
export async function measurePostgresFloor(
  url: string,
  schema: string,
  options: { count: number; warmup: number; connections: number; durationMs: number },
): Promise<PostgresFloor> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const version = await show(client, 'server_version');
    const settings: Record<string, string> = {};
    for (const name of POSTGRES_SETTINGS) settings[name] = await show(client, name);
    await client.query(
      'CREATE TABLE floor_commits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL)',
    );
    const payload = 'x'.repeat(200);
    const run = async (): Promise<RateMeasurement> => {
      for (let i = 0; i < options.warmup; i += 1) await commitOne(client, payload);
      const latencies: number[] = [];
      const started = performance.now();
      for (let i = 0; i < options.count; i += 1) latencies.push(await commitOne(client, payload));
      const seconds = (performance.now() - started) / 1000;
      return { ...summarize(latencies), perSecond: options.count / seconds };
    };
    const commit = await run();
    await client.query('SET synchronous_commit = off');
    const asyncCommit = await run();
    await client.query('RESET synchronous_commit');
    // Alternating rounds, so a change in the machine's other load hits both variants alike.
    const rounds = 4;
    const plainRounds: Round[] = [];
    const notifyRounds: Round[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const ms = options.durationMs / rounds;
      plainRounds.push(await commitConcurrently(url, schema, 'SELECT length($1)', options.connections, ms));
      notifyRounds.push(
        await commitConcurrently(url, schema, `SELECT pg_notify($1, '')`, options.connections, ms),
      );
    }
    const plain = combine(plainRounds);
    const notify = combine(notifyRounds);
    return {
      version,
      settings,
      commit,
      asyncCommit,
      concurrent: { connections: options.connections, plain, notify },
    };
  } finally {
    await client.end();
  }
}

/**
 * `connections` sessions each committing `BEGIN; INSERT; <statement>; COMMIT` back to back for
 * `durationMs`. Postgres serializes the commits of transactions that sent a NOTIFY (they take
 * one lock, held through the commit's WAL flush), which this pair of runs shows or refutes.
 */
interface Round {
  readonly latencies: number[];
  readonly seconds: number;
}

function combine(rounds: readonly Round[]): RateMeasurement {
  const latencies = rounds.flatMap((round) => round.latencies);
  const seconds = rounds.reduce((total, round) => total + round.seconds, 0);
  return { ...summarize(latencies), perSecond: latencies.length / seconds };
}

async function commitConcurrently(
  url: string,
  schema: string,
  statement: string,
  connections: number,
  durationMs: number,
): Promise<Round> {
  const clients = Array.from(
    { length: connections },
    () => new pg.Client({ connectionString: url, options: `-c search_path=${schema}` }),
  );
  await Promise.all(clients.map((client) => client.connect()));
  try {
    const latencies: number[] = [];
    const started = performance.now();
    const until = started + durationMs;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < until) {
          const at = performance.now();
          await client.query('BEGIN');
          await client.query('INSERT INTO floor_commits (payload) VALUES ($1)', ['x'.repeat(200)]);
          await client.query(statement, ['lienthong_bench_floor']);
          await client.query('COMMIT');
          latencies.push(performance.now() - at);
        }
      }),
    );
    return { latencies, seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

async function commitOne(client: pg.Client, payload: string): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  await client.query('INSERT INTO floor_commits (payload) VALUES ($1)', [payload]);
  await client.query('COMMIT');
  return performance.now() - started;
}

async function show(client: pg.Client, setting: string): Promise<string> {
  const { rows } = await client.query<Record<string, string>>(`SHOW ${setting}`);
  return Object.values(rows[0] ?? {})[0] ?? '?';
}

export interface KafkaFloor {
  /** Sequential: send one record (acks=all), wait until the consumer in this process has it. */
  readonly roundTrip: LatencySummary;
  /** `count` records sent in batches of `batchSize`, each batch awaited (as the outbox relay does). */
  readonly burst: {
    readonly count: number;
    readonly batchSize: number;
    readonly partitions: number;
    /** Records acknowledged per second, first send to last acknowledgement. */
    readonly producedPerSecond: number;
    /** Records received per second, first send to last receipt. */
    readonly receivedPerSecond: number;
  };
  readonly recordBytes: number;
}

/**
 * Floor B: bare kafkajs, no outbox and no inbox. The producer has the settings of our adapter
 * (idempotent, acks=all, one request in flight, Java-compatible partitioner); the records are
 * the same bytes the backbone sends (a CloudEvents envelope in headers, JSON data).
 */
export async function measureKafkaFloor(
  brokers: readonly string[],
  runId: string,
  options: { roundTrips: number; warmup: number; burst: number; batchSize: number; partitions: number },
): Promise<KafkaFloor> {
  const kafka = new Kafka({
    clientId: 'lienthong-bench-floor',
    brokers: [...brokers],
    // Its startup retries ("the coordinator is loading") are noise; real failures are thrown.
    logLevel: logLevel.NOTHING,
  });
  const latencyTopic = `lienthong.bench.${runId}.floor-latency`;
  const burstTopic = `lienthong.bench.${runId}.floor-burst`;
  const admin = kafka.admin();
  await admin.connect();
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer: Consumer = kafka.consumer({ groupId: `lienthong-bench-${runId}-floor` });
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: latencyTopic, numPartitions: 1, replicationFactor: 1 },
        { topic: burstTopic, numPartitions: options.partitions, replicationFactor: 1 },
      ],
    });
    await producer.connect();
    await consumer.connect();
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });

    let waiting: { id: string; resolve: (at: number) => void } | undefined;
    let burstReceived = 0;
    let lastBurstAt = 0;
    await consumer.subscribe({ topics: [latencyTopic, burstTopic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, message }) => {
        const at = performance.now();
        if (topic === burstTopic) {
          burstReceived += 1;
          lastBurstAt = at;
        } else if (waiting && message.headers?.ce_id?.toString() === waiting.id) {
          waiting.resolve(at);
        }
        return Promise.resolve();
      },
    });
    if (!(await waitUntil(() => joined, 60_000)))
      throw new Error('the floor consumer never joined its group');

    const recordOf = (topic: string, id: string, seq: number) => {
      const record = toProducedRecord(topic, benchMessage(id, -1, seq));
      return { key: record.key, value: record.value, headers: { ...record.headers } };
    };
    const recordBytes = recordOf(latencyTopic, `${runId}-floor-0`, 0);
    const roundTrip = async (seq: number): Promise<number> => {
      const id = `${runId}-floor-${seq}`;
      let timer: NodeJS.Timeout | undefined;
      const received = new Promise<number>((resolve, reject) => {
        waiting = { id, resolve };
        timer = setTimeout(() => reject(new Error(`record ${id} did not come back within 30 s`)), 30_000);
      });
      received.catch(() => {}); // Observed below; this only keeps an early timeout from going unhandled.
      const started = performance.now();
      try {
        await producer.send({ topic: latencyTopic, acks: -1, messages: [recordOf(latencyTopic, id, seq)] });
        return (await received) - started;
      } finally {
        clearTimeout(timer);
      }
    };
    /** Sends `count` records in awaited batches; resolves when all came back, with the time the last was acknowledged. */
    const sendBurst = async (first: number, count: number): Promise<number> => {
      for (let sent = 0; sent < count; sent += options.batchSize) {
        const size = Math.min(options.batchSize, count - sent);
        await producer.send({
          topic: burstTopic,
          acks: -1,
          messages: Array.from({ length: size }, (_, index) =>
            recordOf(burstTopic, `${runId}-burst-${first + sent + index}`, first + sent + index),
          ),
        });
      }
      const acknowledgedAt = performance.now();
      if (!(await waitUntil(() => burstReceived >= first + count, 120_000, 2))) {
        throw new Error(`only ${burstReceived - first} of ${count} burst records came back`);
      }
      return acknowledgedAt;
    };
    // A first, unmeasured burst gives the freshly started JVM its hot paths compiled.
    const warmup = Math.ceil(options.burst / 4);
    await sendBurst(0, warmup);
    const started = performance.now();
    const producedAt = await sendBurst(warmup, options.burst);

    for (let seq = 0; seq < options.warmup; seq += 1) await roundTrip(seq);
    const latencies: number[] = [];
    for (let seq = options.warmup; seq < options.warmup + options.roundTrips; seq += 1) {
      latencies.push(await roundTrip(seq));
    }

    return {
      roundTrip: summarize(latencies),
      burst: {
        count: options.burst,
        batchSize: options.batchSize,
        partitions: options.partitions,
        producedPerSecond: options.burst / ((producedAt - started) / 1000),
        receivedPerSecond: options.burst / ((lastBurstAt - started) / 1000),
      },
      recordBytes:
        recordBytes.value.length +
        Buffer.byteLength(recordBytes.key) +
        Object.entries(recordBytes.headers).reduce(
          (total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value),
          0,
        ),
    };
  } finally {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.deleteTopics({ topics: [latencyTopic, burstTopic] }).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}
