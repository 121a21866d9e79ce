// `npm run bench`: measures the messaging backbone (outbox commit → Kafka → inbox effect
// committed) at several offered loads, next to the raw floors measured in the same run (a bare
// Postgres commit, a bare kafkajs round trip), and rewrites its section of docs/benchmarks.md.
//
//   npm run bench                 full run, about 3 minutes
//   npm run bench -- --quick      short steps, a smoke run (the doc says so)
//   npm run bench -- --no-write   print only, leave docs/benchmarks.md alone
//
// Kafka and Postgres: KAFKA_BROKERS / DATABASE_URL when set, else local processes started here
// (durable Postgres settings) and stopped again at the end, also on Ctrl-C.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { localDir, repoRoot } from '@lienthong/devenv';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { backboneSettings, runBackbone } from '../backbone.ts';
import { measureKafkaFloor, measurePostgresFloor } from '../floors.ts';
import { provisionBenchInfrastructure, type BenchInfrastructure } from '../infrastructure.ts';
import { CpuMeter, describeFilesystem, describeMachine } from '../machine.ts';
import { renderBackboneSection, writeBackboneSection } from '../report.ts';
import { formatMs, formatRate } from '../stats.ts';
import { withClient } from '../util.ts';
import { devenvLogger, runSupervised } from './lifecycle.ts';

const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  console.log('usage: npm run bench [-- --quick] [-- --no-write]');
  process.exit(0);
}
const unknown = [...args].filter((arg) => !['--quick', '--no-write'].includes(arg));
if (unknown.length > 0) {
  console.error(`[bench] unknown argument(s): ${unknown.join(' ')} (try --help)`);
  process.exit(2);
}
const quick = args.has('--quick');
const write = !args.has('--no-write');
const command = `npm run bench${quick ? ' -- --quick' : ''}`;

const startedAt = new Date();
const machine = describeMachine();
const clockStart = performance.now();
const elapsed = () => `${((performance.now() - clockStart) / 1000).toFixed(0).padStart(3)} s`;
const say = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);

// Components log warnings and errors to stderr; BENCH_LOG_LEVEL=info shows more.
const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn', base: null }, pino.destination(2));

let infrastructure: BenchInfrastructure | undefined;
await runSupervised({
  tag: 'bench',
  say,
  stop: async () => {
    if (!infrastructure) return;
    say('stopping Kafka and Postgres...');
    await infrastructure.stop();
  },
  work: measure,
});

/** The floors, the backbone under load, the section. */
async function measure(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const schema = `bench_${runId}`;
  say(`${quick ? 'quick smoke run' : 'full run'}; provisioning Kafka and Postgres...`);
  infrastructure = await provisionBenchInfrastructure(process.env, devenvLogger(say, logger));
  const { kafka, postgres } = infrastructure;
  say(`kafka:    ${kafka.description}`);
  say(`postgres: ${postgres.description}`);
  await withClient(postgres.url, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const cpu = new CpuMeter({ kafka: kafka.pid, postgres: postgres.pid });

  try {
    say('floor A: bare Postgres commits...');
    const postgresFloor = await measurePostgresFloor(postgres.url, schema, {
      count: quick ? 300 : 2_000,
      warmup: quick ? 50 : 200,
      connections: 8,
      durationMs: quick ? 2_000 : 6_000,
    });
    say(
      `  PostgreSQL ${postgresFloor.version}, ${Object.entries(postgresFloor.settings)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ')}`,
    );
    say(
      `  commit p50 ${formatMs(postgresFloor.commit.p50)} ms p99 ${formatMs(postgresFloor.commit.p99)} ms ` +
        `max ${formatMs(postgresFloor.commit.max)} ms, ${formatRate(postgresFloor.commit.perSecond)}/s; ` +
        `synchronous_commit=off p50 ${formatMs(postgresFloor.asyncCommit.p50)} ms, ${formatRate(postgresFloor.asyncCommit.perSecond)}/s`,
    );
    const { concurrent } = postgresFloor;
    say(
      `  ${concurrent.connections} connections at once: ${formatRate(concurrent.plain.perSecond)} commits/s plain, ` +
        `${formatRate(concurrent.notify.perSecond)}/s with pg_notify (p50 ${formatMs(concurrent.plain.p50)} vs ${formatMs(concurrent.notify.p50)} ms)`,
    );

    say('floor B: bare kafkajs round trips and burst...');
    const kafkaFloor = await measureKafkaFloor(kafka.brokers, runId, {
      roundTrips: quick ? 200 : 1_000,
      warmup: quick ? 20 : 100,
      burst: quick ? 5_000 : 20_000,
      batchSize: 500,
      partitions: 6,
    });
    say(
      `  round trip p50 ${formatMs(kafkaFloor.roundTrip.p50)} ms p99 ${formatMs(kafkaFloor.roundTrip.p99)} ms ` +
        `max ${formatMs(kafkaFloor.roundTrip.max)} ms; burst acknowledged ${formatRate(kafkaFloor.burst.producedPerSecond)}/s, ` +
        `received ${formatRate(kafkaFloor.burst.receivedPerSecond)}/s`,
    );

    const settings = backboneSettings(quick);
    const steps = await runBackbone({
      databaseUrl: postgres.url,
      schema,
      brokers: kafka.brokers,
      runId,
      settings,
      logger,
      cpu,
      onProgress: say,
    });

    const section = renderBackboneSection({
      startedAt,
      durationMs: performance.now() - clockStart,
      command,
      quick,
      machine,
      dataFilesystem: kafka.local || postgres.local ? describeFilesystem(localDir('bench')) : undefined,
      kafka,
      postgres,
      postgresFloor,
      kafkaFloor,
      settings,
      steps,
    });
    if (write) {
      const file = path.join(repoRoot(), 'docs', 'benchmarks.md');
      await writeBackboneSection(file, section);
      say(`wrote the backbone section of ${path.relative(process.cwd(), file) || file}`);
    } else {
      console.log(`\n${section}\n`);
    }
  } finally {
    // Leave nothing behind in infrastructure the environment lent us.
    if (!kafka.local) {
      await deleteBenchTopics(kafka.brokers, `lienthong.bench.${runId}.`).catch((error: unknown) =>
        say(`could not delete the benchmark topics: ${(error as Error).message}`),
      );
    }
    if (!postgres.local) {
      await withClient(postgres.url, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`)).catch(
        (error: unknown) => say(`could not drop schema ${schema}: ${(error as Error).message}`),
      );
    }
  }
}

async function deleteBenchTopics(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'lienthong-bench-cleanup', brokers, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
