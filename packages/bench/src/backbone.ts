import {
  createKafkajsBroker,
  enqueueMessages,
  InboxConsumer,
  inTransaction,
  MESSAGING_MIGRATIONS_DIR,
  OutboxRelay,
  type AdminPort,
  type MessageHandler,
  type ProducerPort,
} from '@lienthong/messaging';
import { runMigrations } from '@lienthong/service-kit';
import pg from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { benchMessage, benchRegistry, KEY_COUNT } from './bench-message.ts';
import { CpuMeter, type CpuUse } from './machine.ts';
import { summarize, type LatencySummary } from './stats.ts';
import { sleep, waitUntil } from './util.ts';
import { sampleWaits, type WaitProfile } from './waits.ts';

export interface BackboneSettings {
  /** Offered loads in messages per second; 'max' is a closed loop as fast as the generator goes. */
  readonly loads: readonly (number | 'max')[];
  /** Run before the steps and not reported: a steady load that warms the JVM, pools and caches. */
  readonly systemWarmup: { readonly rate: number; readonly ms: number };
  readonly warmupMs: number;
  readonly measureMs: number;
  /** How long a step may take to work off its backlog before the next step starts anyway. */
  readonly drainLimitMs: number;
  readonly partitions: number;
  readonly partitionsConsumedConcurrently: number;
  /** Generator connections (one outbox transaction each at a time). */
  readonly generatorConnections: number;
  readonly consumerConnections: number;
  readonly relayBatchSize: number;
  readonly keys: number;
}

export function backboneSettings(quick: boolean): BackboneSettings {
  return {
    // The lowest load once more at the end: is the first step's figure the load or a cold JVM?
    loads: quick ? [200, 1000, 'max'] : [200, 500, 1000, 2000, 'max'],
    // Kafka's JVM compiles its hot paths in the first tens of seconds; the first step must not pay for that.
    systemWarmup: { rate: 300, ms: quick ? 4_000 : 10_000 },
    warmupMs: quick ? 1_000 : 3_000,
    measureMs: quick ? 4_000 : 15_000,
    drainLimitMs: quick ? 10_000 : 20_000,
    partitions: 6,
    partitionsConsumedConcurrently: 6,
    generatorConnections: 8,
    consumerConnections: 8,
    relayBatchSize: 500,
    keys: KEY_COUNT,
  };
}

export interface StepResult {
  readonly target: number | 'max';
  /** "500 msg/s", "as fast as possible", "200 msg/s, again". */
  readonly label: string;
  readonly measureSeconds: number;
  /** Outbox transactions committed per second during the measured window. */
  readonly offeredPerSecond: number;
  /** Schedule slots the generator skipped because all its connections were busy (open loop only). */
  readonly generatorSkipped: number;
  readonly generatorFailures: number;
  /** Effects committed per second during the measured window. */
  readonly throughputPerSecond: number;
  /** Outbox commit → effect commit, for the messages committed in the measured window. */
  readonly latency: LatencySummary;
  /** Outbox commit → relay marked the row published (Kafka acknowledged the batch). */
  readonly publishLatency: LatencySummary;
  /** When the generator stopped: messages committed but not yet applied, and how many of those the relay had not published. */
  readonly backlogAtEnd: { readonly total: number; readonly unpublished: number };
  /** Time after the generator stopped until every message of the step was applied; undefined if it did not within the limit. */
  readonly drainedAfterMs: number | undefined;
  /** Messages of the measured window never applied (left when the drain limit passed). */
  readonly notApplied: number;
  readonly cpu: CpuUse;
  /** What each pool's Postgres backends were doing during the measured window (sampled). */
  readonly waits: WaitProfile;
  /** Kafka sends by the relay during the measured window, and the messages they carried. */
  readonly relayBatches: { readonly batches: number; readonly messages: number };
}

interface Options {
  readonly databaseUrl: string;
  readonly schema: string;
  readonly brokers: readonly string[];
  readonly runId: string;
  readonly settings: BackboneSettings;
  readonly logger: PinoLogger;
  readonly cpu: CpuMeter;
  readonly onProgress: (line: string) => void;
}

/**
 * The backbone under load: an open-loop generator commits one outbox message per transaction
 * (with a row standing for the state change it accompanies), the OutboxRelay publishes
 * (NOTIFY-driven), an InboxConsumer applies each message with an effect that inserts a row.
 *
 * Latency is effect commit − outbox commit, both read from the Postgres clock
 * (`clock_timestamp()` as the last statement before each COMMIT), so no clocks are compared
 * across processes. Each step gets its own topic and consumer group, so a backlog one step
 * could not work off does not spill into the next.
 */
export async function runBackbone(options: Options): Promise<StepResult[]> {
  const { databaseUrl, schema, brokers, runId, settings, logger } = options;
  await prepareSchema(databaseUrl, schema, logger);
  const poolFor = (max: number, role: string): pg.Pool => {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max,
      options: `-c search_path=${schema}`,
      application_name: `bench:${role}`,
      // Connections stay open between steps: no backend churn, and their CPU can be followed.
      idleTimeoutMillis: 0,
    });
    // An idle connection that breaks must not take the process down (pg emits it on the pool).
    pool.on('error', (error) => logger.warn({ err: error, pool: role }, 'idle Postgres connection failed'));
    return pool;
  };
  const generatorPool = poolFor(settings.generatorConnections, 'generator');
  const relayPool = poolFor(3, 'relay');
  const consumerPool = poolFor(settings.consumerConnections, 'consumer');
  const broker = createKafkajsBroker({ clientId: `lienthong-bench-${runId}`, brokers, logger });
  const admin: AdminPort = broker.createAdmin();
  const producer: ProducerPort = broker.createProducer();
  let relay: OutboxRelay | undefined;
  const relayCounts = { batches: 0, messages: 0 };
  // Names the backends of each pool, so their CPU time can be told apart.
  const monitor = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-monitor' });
  monitor.on('error', (error) => logger.warn({ err: error }, 'monitor connection failed'));
  try {
    await monitor.connect();
    await producer.connect();
    relay = new OutboxRelay({
      pool: relayPool,
      schema,
      producer,
      logger,
      batchSize: settings.relayBatchSize,
      onPublished: (messageIds) => {
        relayCounts.batches += 1;
        relayCounts.messages += messageIds.length;
      },
    });
    relay.start();
    const step = (index: number, target: number | 'max', label: string, durations?: StepDurations) =>
      runStep({
        ...options,
        step: index,
        target,
        label,
        durations: durations ?? { warmupMs: settings.warmupMs, measureMs: settings.measureMs },
        topic: `lienthong.bench.${runId}.step-${index}`,
        admin,
        broker,
        generatorPool,
        consumerPool,
        sampleWaits: () => sampleWaits(monitor),
        relayCounts,
        snapshotCpu: async () =>
          options.cpu.snapshot(options.cpu.postgresIsLocal ? await backendRoles(monitor) : undefined),
      });
    const { rate, ms } = settings.systemWarmup;
    options.onProgress(`backbone warm-up: ${rate} msg/s for ${ms / 1000} s (not reported)`);
    await step(settings.loads.length, rate, 'warm-up', { warmupMs: ms / 2, measureMs: ms / 2 });
    const results: StepResult[] = [];
    for (const [index, target] of settings.loads.entries()) {
      const label =
        (target === 'max' ? 'as fast as possible' : `${target.toLocaleString('en-US')} msg/s`) +
        (settings.loads.slice(0, index).includes(target) ? ', again' : '');
      options.onProgress(`backbone step ${index + 1}/${settings.loads.length}: ${label}`);
      const result = await step(index, target, label);
      results.push(result);
      options.onProgress(describeStep(result));
    }
    return results;
  } finally {
    await relay?.stop();
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
    await Promise.all([generatorPool.end(), relayPool.end(), consumerPool.end(), monitor.end()]);
  }
}

/** Backend pid → role (the pool's application_name without the `bench:` prefix). */
async function backendRoles(monitor: pg.Client): Promise<Map<number, string>> {
  const { rows } = await monitor.query<{ pid: number; role: string }>(
    `SELECT pid, substr(application_name, 7) AS role FROM pg_stat_activity
     WHERE application_name LIKE 'bench:%'`,
  );
  return new Map(rows.map((row) => [row.pid, row.role]));
}

export function describeStep(result: StepResult): string {
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
  return (
    `  offered ${result.offeredPerSecond.toFixed(0)}/s, applied ${result.throughputPerSecond.toFixed(0)}/s, ` +
    `latency p50 ${ms(result.latency.p50)} ms p99 ${ms(result.latency.p99)} ms max ${ms(result.latency.max)} ms, ` +
    `backlog at end ${result.backlogAtEnd.total} (${result.backlogAtEnd.unpublished} unpublished), ` +
    (result.drainedAfterMs === undefined
      ? `not drained (${result.notApplied} never applied)`
      : `drained after ${(result.drainedAfterMs / 1000).toFixed(1)} s`)
  );
}

async function prepareSchema(databaseUrl: string, schema: string, logger: PinoLogger): Promise<void> {
  await runMigrations({
    databaseUrl,
    schema,
    dir: MESSAGING_MIGRATIONS_DIR,
    migrationsTable: 'messaging_migrations',
    logger,
  });
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE bench_sent (
        message_id text PRIMARY KEY, step int NOT NULL, phase text NOT NULL, sent_at timestamptz NOT NULL);
      CREATE TABLE bench_effects (message_id text PRIMARY KEY, step int NOT NULL, effect_at timestamptz NOT NULL);`);
  } finally {
    await client.end();
  }
}

interface StepDurations {
  readonly warmupMs: number;
  readonly measureMs: number;
}

interface StepOptions extends Options {
  readonly step: number;
  readonly durations: StepDurations;
  readonly target: number | 'max';
  readonly label: string;
  readonly topic: string;
  readonly admin: AdminPort;
  readonly broker: ReturnType<typeof createKafkajsBroker>;
  readonly generatorPool: pg.Pool;
  readonly consumerPool: pg.Pool;
  readonly snapshotCpu: () => Promise<ReturnType<CpuMeter['snapshot']>>;
  readonly sampleWaits: () => ReturnType<typeof sampleWaits>;
  /** Batches and messages the relay has sent to Kafka so far. */
  readonly relayCounts: { readonly batches: number; readonly messages: number };
}

async function runStep(options: StepOptions): Promise<StepResult> {
  const { settings, step, target, topic, runId, schema, generatorPool, consumerPool, logger } = options;
  await options.admin.ensureTopics(
    [{ name: topic, description: 'benchmark', partitions: settings.partitions, config: {} }],
    { replicationFactor: 1 },
  );
  const handle: MessageHandler = async (message, tx) => {
    const { step: messageStep } = message.data as { step: number };
    await tx.query(
      'INSERT INTO bench_effects (message_id, step, effect_at) VALUES ($1, $2, clock_timestamp())',
      [message.id, messageStep],
    );
  };
  const consumer = new InboxConsumer({
    name: `lienthong-bench-${runId}-step-${step}`,
    pool: consumerPool,
    broker: options.broker,
    topics: [topic],
    registry: benchRegistry,
    handle,
    logger,
    partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
  });
  await consumer.start();
  try {
    if (!(await waitUntil(() => consumer.isJoined(), 60_000, 20))) {
      throw new Error(`the step ${step} consumer never joined its group`);
    }
    let committed = 0;
    const send = async (seq: number, phase: 'warmup' | 'measure'): Promise<void> => {
      const envelope = benchMessage(`${runId}-${step}-${seq}`, step, seq);
      await inTransaction(generatorPool, async (tx) => {
        await enqueueMessages(tx, schema, [{ topic, envelope }]);
        // The state change the message accompanies, and the commit time stamp: last before COMMIT.
        await tx.query(
          'INSERT INTO bench_sent (message_id, step, phase, sent_at) VALUES ($1, $2, $3, clock_timestamp())',
          [envelope.id, step, phase],
        );
      });
      committed += 1;
    };

    let measureStart: ReturnType<StepOptions['snapshotCpu']> | undefined;
    let waits: ReturnType<StepOptions['sampleWaits']> | undefined;
    let relayAtStart = { ...options.relayCounts };
    const generated = await generate({
      rate: target === 'max' ? undefined : target,
      warmupMs: options.durations.warmupMs,
      measureMs: options.durations.measureMs,
      concurrency: settings.generatorConnections,
      send,
      onMeasureStart: () => {
        measureStart = options.snapshotCpu();
        waits = options.sampleWaits();
        relayAtStart = { ...options.relayCounts };
      },
      logger,
    });
    const cpu = CpuMeter.between(await (measureStart ?? options.snapshotCpu()), await options.snapshotCpu());
    const waitProfile = (await waits?.stop()) ?? {};
    const relayBatches = {
      batches: options.relayCounts.batches - relayAtStart.batches,
      messages: options.relayCounts.messages - relayAtStart.messages,
    };
    const applied = () => consumer.stats.handled + consumer.stats.duplicates;
    const backlog = committed - applied();
    const { rows: unpublishedRows } = await generatorPool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND topic = $1',
      [topic],
    );
    const drainStarted = performance.now();
    const drained = await waitUntil(() => applied() >= committed, settings.drainLimitMs, 20);
    const drainedAfterMs = drained ? performance.now() - drainStarted : undefined;
    if (!drained) {
      // Left for nobody: the next step has its own topic and group. The relay must not spend
      // the next step's time publishing this backlog, so it is withdrawn.
      await generatorPool.query('DELETE FROM outbox WHERE published_at IS NULL AND topic = $1', [topic]);
    }
    // Settle the consumer's last commits before reading the effects back.
    await sleep(200);
    return {
      target,
      label: options.label,
      ...(await readStep(generatorPool, step)),
      generatorSkipped: generated.skipped,
      generatorFailures: generated.failures,
      backlogAtEnd: { total: backlog, unpublished: unpublishedRows[0]?.n ?? 0 },
      drainedAfterMs,
      cpu,
      waits: waitProfile,
      relayBatches,
    };
  } finally {
    await consumer.stop();
  }
}

async function readStep(
  pool: pg.Pool,
  step: number,
): Promise<
  Pick<
    StepResult,
    | 'measureSeconds'
    | 'offeredPerSecond'
    | 'throughputPerSecond'
    | 'latency'
    | 'publishLatency'
    | 'notApplied'
  >
> {
  const { rows: windows } = await pool.query<{ first: Date; last: Date; seconds: number; sent: number }>(
    `SELECT min(sent_at) AS first, max(sent_at) AS last,
            extract(epoch FROM max(sent_at) - min(sent_at))::float8 AS seconds, count(*)::int AS sent
     FROM bench_sent WHERE step = $1 AND phase = 'measure'`,
    [step],
  );
  const window = windows[0];
  if (!window || window.sent < 2) throw new Error(`step ${step} committed too few messages to measure`);
  const { rows: effected } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM bench_effects WHERE step = $1 AND effect_at BETWEEN $2 AND $3',
    [step, window.first, window.last],
  );
  const { rows: latencies } = await pool.query<{ ms: number; published_ms: number | null }>(
    `SELECT (extract(epoch FROM e.effect_at - s.sent_at) * 1000)::float8 AS ms,
            (extract(epoch FROM o.published_at - s.sent_at) * 1000)::float8 AS published_ms
     FROM bench_sent s
     JOIN bench_effects e USING (message_id)
     LEFT JOIN outbox o USING (message_id)
     WHERE s.step = $1 AND s.phase = 'measure'`,
    [step],
  );
  return {
    measureSeconds: window.seconds,
    offeredPerSecond: window.sent / window.seconds,
    throughputPerSecond: (effected[0]?.n ?? 0) / window.seconds,
    latency: summarize(latencies.map((row) => row.ms)),
    publishLatency: summarize(
      latencies.flatMap((row) => (row.published_ms === null ? [] : [row.published_ms])),
    ),
    notApplied: window.sent - latencies.length,
  };
}

interface GenerateOptions {
  /** Messages per second on a fixed schedule (open loop); undefined: closed loop, flat out. */
  readonly rate: number | undefined;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly concurrency: number;
  readonly send: (seq: number, phase: 'warmup' | 'measure') => Promise<void>;
  readonly onMeasureStart: () => void;
  readonly logger: PinoLogger;
}

/**
 * Open loop: message i is due at start + i / rate whatever happened to the earlier ones, so a
 * slow pipeline cannot slow the offered load down. Only the generator's own limit (every
 * connection busy, `concurrency` × 4 transactions waiting) makes it skip a slot, and skipped
 * slots are counted. Returns after every transaction it started has finished.
 */
async function generate(options: GenerateOptions): Promise<{ skipped: number; failures: number }> {
  const { rate, warmupMs, measureMs, concurrency, send } = options;
  const totalMs = warmupMs + measureMs;
  const started = performance.now();
  const phaseNow = (): 'warmup' | 'measure' =>
    performance.now() - started < warmupMs ? 'warmup' : 'measure';
  let measuring = false;
  let seq = 0;
  let skipped = 0;
  let failures = 0;
  const inFlight = new Set<Promise<void>>();
  const launch = (): void => {
    const promise: Promise<void> = send(seq, phaseNow())
      .catch((error: unknown) => {
        failures += 1;
        if (failures <= 3) options.logger.warn({ err: error }, 'benchmark transaction failed');
      })
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
    seq += 1;
  };

  if (rate === undefined) {
    const worker = async (): Promise<void> => {
      while (performance.now() - started < totalMs) {
        const current = seq;
        seq += 1;
        try {
          await send(current, phaseNow());
        } catch (error) {
          failures += 1;
          if (failures <= 3) options.logger.warn({ err: error }, 'benchmark transaction failed');
        }
      }
    };
    const watcher = (async () => {
      await sleep(warmupMs);
      options.onMeasureStart();
    })();
    await Promise.all([...Array.from({ length: concurrency }, worker), watcher]);
    return { skipped, failures };
  }

  const maxInFlight = concurrency * 4;
  for (;;) {
    const elapsed = performance.now() - started;
    if (elapsed >= totalMs) break;
    if (!measuring && elapsed >= warmupMs) {
      measuring = true;
      options.onMeasureStart();
    }
    const due = Math.floor((elapsed * rate) / 1000);
    while (seq + skipped < due) {
      if (inFlight.size >= maxInFlight) skipped += 1;
      else launch();
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  return { skipped, failures };
}
