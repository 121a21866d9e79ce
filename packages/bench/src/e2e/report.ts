// The section of docs/benchmarks.md an end-to-end benchmark owns: the machine, every figure of
// the run, what kept up and what did not, and observations computed from the figures.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { SERVICES } from '@lienthong/devenv';
import { machineRows, type MachineInfo } from '../machine.ts';
import { replaceSection, table } from '../markdown.ts';
import { formatCores, formatMs } from '../stats.ts';
import type { Unfinished } from './follower.ts';
import type { DatabaseActivity, E2eCpu } from './meter.ts';
import type { E2eProcedure, E2eSettings } from './procedure.ts';
import type { E2eRun, OpenStepResult, WaveFigures } from './run.ts';

/** A step kept up when… (the rule is printed under the table). */
const KEPT_UP_SHARE = 0.95;
const KEPT_UP_FINISH_MS = 5_000;
const STABLE_FACTOR = 1.5;
const STABLE_SLACK_MS = 250;

export type Verdict =
  | 'yes'
  | 'no: submissions fell short'
  | 'no: completions fell behind'
  | 'no: latency grew'
  | 'no: dossiers not completed';

export function keptUp(step: OpenStepResult): Verdict {
  if (step.acceptedPerSecond < KEPT_UP_SHARE * step.target) return 'no: submissions fell short';
  if (step.notCompleted.count > 0) return 'no: dossiers not completed';
  if (
    step.completedPerSecond < KEPT_UP_SHARE * step.acceptedPerSecond ||
    step.finishedAfterMs === undefined ||
    step.finishedAfterMs > KEPT_UP_FINISH_MS
  ) {
    return 'no: completions fell behind';
  }
  if (!(step.p50LastThird <= STABLE_FACTOR * step.p50FirstThird + STABLE_SLACK_MS)) return 'no: latency grew';
  return 'yes';
}

const KEPT_UP_RULE =
  `"kept up" = the API accepted ≥ ${KEPT_UP_SHARE * 100} % of the offered rate during the window, ` +
  `completions during the window were ≥ ${KEPT_UP_SHARE * 100} % of the accepted rate, ` +
  `every dossier of the step completed, the last within ${KEPT_UP_FINISH_MS / 1000} s of the last submission, ` +
  `and the p50 of the window's last third was at most ${STABLE_FACTOR}× that of its first third + ${STABLE_SLACK_MS} ms`;

export interface E2eReport {
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly command: string;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly dataFilesystem: string | undefined;
  readonly kafka: { readonly description: string; readonly version: string | undefined };
  readonly postgres: { readonly description: string; readonly version: string | undefined };
  readonly postgresSettings: Readonly<Record<string, string>>;
  readonly serviceLogLevel: string;
  readonly logProblems: ReadonlyMap<string, number>;
  readonly settings: E2eSettings;
  readonly run: E2eRun;
}

/** Column headings of the services in the CPU tables. */
export const SHORT_NAMES: Readonly<Record<string, string>> = {
  'population-registry': 'population',
  'benefit-registries': 'registries',
  'birth-registration': 'civil status',
  'saga-coordinator': 'coordinator',
  residence: 'residence',
  'health-insurance': 'health ins.',
  'death-funeral': 'death-funeral',
};

const seconds = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? '–' : `${(ms / 1000).toFixed(1)} s`;
const perSecond = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const statuses = (unfinished: Unfinished) =>
  unfinished.count === 0
    ? '0'
    : `${unfinished.count} (${Object.entries(unfinished.byStatus)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ')})`;
const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** "seven" for 7, "12" for 12. */
const inWords = (n: number) => NUMBER_WORDS[n] ?? String(n);

/** The measured intervals, in the order they ran, labelled as the tables show them. */
function intervals(run: E2eRun): [string, E2eCpu, DatabaseActivity][] {
  return [
    ...run.steps.map((step): [string, E2eCpu, DatabaseActivity] => [
      `${step.target}/s`,
      step.cpu,
      step.database,
    ]),
    ...(run.annulment
      ? [
          [`annulment of ${run.annulment.count}`, run.annulment.cpu, run.annulment.database] as [
            string,
            E2eCpu,
            DatabaseActivity,
          ],
        ]
      : []),
    ...(run.burst
      ? [
          [`burst of ${run.burst.count}`, run.burst.cpu, run.burst.database] as [
            string,
            E2eCpu,
            DatabaseActivity,
          ],
        ]
      : []),
  ];
}

/** A wave's one-row table: when all were accepted and at their goal, how fast, the latencies. */
function waveTable(
  wave: WaveFigures,
  labels: { first: string; goal: 'completed' | 'undone'; failed: string; p95: boolean },
): string {
  const { goal } = labels;
  return table(
    [
      labels.first,
      'All accepted after',
      `All ${goal} after`,
      `${goal.charAt(0).toUpperCase()}${goal.slice(1)} /s`,
      'p50 ms',
      ...(labels.p95 ? ['p95 ms'] : []),
      'p99 ms',
      'max ms',
      'POST p50 / p99 ms',
      `Not ${goal}`,
    ],
    [
      [
        String(wave.count),
        seconds(wave.acceptedAllAfterMs),
        wave.allAfterMs === undefined
          ? `not within ${seconds(wave.finishLimitMs)}`
          : seconds(wave.allAfterMs),
        perSecond(wave.perSecond),
        formatMs(wave.latency.p50),
        ...(labels.p95 ? [formatMs(wave.p95)] : []),
        formatMs(wave.latency.p99),
        formatMs(wave.latency.max),
        `${formatMs(wave.submitRoundTrip.p50)} / ${formatMs(wave.submitRoundTrip.p99)}`,
        statuses(wave.missed) + (wave.submitErrors > 0 ? `; ${wave.submitErrors} ${labels.failed}` : ''),
      ],
    ],
    `${'r'.repeat(labels.p95 ? 9 : 8)}l`,
  );
}

export function renderSection(procedure: E2eProcedure, report: E2eReport): string {
  const { machine, settings, run } = report;
  const { text } = procedure;
  const script = `npm run bench:${procedure.name}`;
  const names = SERVICES.map((spec) => spec.name);
  const shortName = (name: string) => procedure.shortNames[name] ?? name;
  const when = `${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const wave = run.annulment;
  const waveDue = procedure.annulment !== undefined && settings.annulments > 0;
  const lines: string[] = [];
  lines.push(text.title, '');
  lines.push(
    `_Rewritten by every \`${script}\`. This run: ${when}, \`${report.command}\`` +
      `${report.quick ? ' (quick smoke run: short steps, figures rough)' : ''}, ${Math.round(report.durationMs / 1000)} s in all._`,
    '',
  );
  const pad = (command: string) => command.padEnd(script.length + 18);
  lines.push(
    '```sh',
    `${pad(script)}# full run, ${text.fullRun}; rewrites this section`,
    `${pad(`${script} -- --quick`)}# smoke run with short steps (the section says so)`,
    `${pad(`${script} -- --no-write`)}# print the section, leave this file alone`,
    `${script} -- ${text.otherSteps}   # other steps`,
    '```',
    '',
    'Kafka and Postgres as for `npm run bench` (the ones `KAFKA_BROKERS` / `DATABASE_URL` name, else fresh local ' +
      'processes in `.local/bench/`, durable Postgres settings; the benchmarks take turns). The run keeps to a ' +
      'time budget, ends by itself and stops everything it started. It asserts nothing about speed.',
    '',
  );
  lines.push(
    `The whole system on one machine: the ${inWords(names.length)} services as processes, started exactly as \`npm start\` ` +
      'starts them (same entry points and variables, `LOG_LEVEL=' +
      report.serviceLogLevel +
      '`, default settings otherwise), one Kafka broker and one Postgres server, all fresh. ' +
      text.dossier(report) +
      ' Completion is followed on `lienthong.dossier.events` ' +
      '(a consumer group of the benchmark’s own), not by polling the API.',
    '',
  );
  lines.push(
    table(
      ['', ''],
      [
        ...machineRows(machine, report.dataFilesystem),
        [
          'Kafka',
          `${report.kafka.version ? `Apache Kafka ${report.kafka.version}, ` : ''}${report.kafka.description}`,
        ],
        [
          'Postgres',
          `${report.postgres.version ? `PostgreSQL ${report.postgres.version}, ` : ''}${report.postgres.description}`,
        ],
        [
          'Postgres durability',
          Object.entries(report.postgresSettings)
            .map(([name, value]) => `${name}=${value}`)
            .join(', '),
        ],
        [
          'Sharing',
          `the benchmark process, ${names.length} Node services, Kafka and Postgres share the ${machine.cores} cores`,
        ],
      ],
    ),
    '',
  );

  lines.push('### Open loop: offered load, kept for the window', '');
  lines.push(
    `Per load: ${settings.warmupMs / 1000} s warm-up (submitted, not measured), then ${settings.measureMs / 1000} s measured. ` +
      'Dossier _i_ is sent at _start + i / rate_ whatever happened to the earlier ones, each POST on its own. ' +
      (waveDue
        ? 'The loads run in rising order after a system warm-up, then the annulment wave and the burst (below). '
        : 'The loads run in rising order after a system warm-up, and the burst (below) after them. ') +
      'The warm-up: ' +
      `${run.systemWarmup.seconds} s at ${run.systemWarmup.rate}/s, awaited ` +
      `(${run.systemWarmup.completed} of ${run.systemWarmup.count} completed, p50 ${formatMs(run.systemWarmup.latency.p50)} ms, ` +
      `slowest ${formatMs(run.systemWarmup.latency.max)} ms), because Kafka's JVM, still compiling, otherwise spends ` +
      'the first tens of seconds at a visibly higher CPU per message. ' +
      'Latency is `changedAt` of the `completed` event (the coordinator’s clock, read in the transaction that ' +
      'completes the dossier) − the moment the 202 answer arrived, both this machine’s clock; ' +
      'the POST round trip is extra, shown apart. "Completed /s" counts `completed` events whose `changedAt` ' +
      'falls in the window.',
    '',
  );
  lines.push(
    table(
      [
        'Offered /s',
        'Accepted /s',
        'Completed /s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'p50 first → last third ms',
        'POST p50 / p99 ms',
        'In flight at end',
        'All finished after',
        'Not completed',
        'Kept up',
      ],
      run.steps.map((step) => [
        String(step.target),
        perSecond(step.acceptedPerSecond),
        perSecond(step.completedPerSecond),
        formatMs(step.latency.p50),
        formatMs(step.latency.p99),
        formatMs(step.latency.max),
        `${formatMs(step.p50FirstThird)} → ${formatMs(step.p50LastThird)}`,
        `${formatMs(step.submitRoundTrip.p50)} / ${formatMs(step.submitRoundTrip.p99)}`,
        String(step.inFlightAtEnd),
        step.finishedAfterMs === undefined
          ? `not within ${seconds(step.finishLimitMs)}`
          : seconds(step.finishedAfterMs),
        statuses(step.notCompleted) + (step.submitErrors > 0 ? `; ${step.submitErrors} POSTs failed` : ''),
        keptUp(step),
      ]),
      'rrrrrrrrrrll',
    ),
    '',
  );
  lines.push(
    `${KEPT_UP_RULE}. "Not completed" counts the step's dossiers (warm-up included) not completed ` +
      `${seconds(settings.finishLimitMs)} after its last submission (or less when the run's time budget ran short: ` +
      'the "All finished after" column then says so), with the last status their events showed.',
    '',
  );
  if (run.skippedLoads.length > 0) {
    lines.push(`Not run, the time budget being spent: ${run.skippedLoads.join(', ')} dossiers/s.`, '');
  }

  if (wave && procedure.annulment) {
    lines.push(`### Annulment wave: ${wave.count} completed dossiers annulled at once`, '');
    lines.push(
      `${procedure.annulment.text.what} The ${wave.count} dossiers are spread over the ${wave.candidates} the ` +
        'open-loop steps completed, each read back first for its certificate number (not measured); then every ' +
        'annulment is sent together, on a drained system. Latency is `changedAt` of the dossier’s `refused` event ' +
        'with every step `compensated` − the moment the annulment’s 202 answer arrived; "Undone /s" is undone ' +
        'dossiers ÷ (first annulment sent → last one undone).',
      '',
    );
    lines.push(
      waveTable(wave, { first: 'Annulled', goal: 'undone', failed: 'annulments failed', p95: true }),
      '',
    );
  } else if (run.annulmentSkipped) {
    lines.push('### Annulment wave', '', 'Not run, the time budget being spent.', '');
  }

  const { burst } = run;
  if (burst) {
    lines.push(`### Burst: ${burst.count} dossiers at once`, '');
    lines.push(
      'What a province reconnecting after an outage sends: every POST fired together, then the time until ' +
        'the last one completed. ' +
        (waveDue
          ? 'It runs last, once the open-loop loads and the annulment wave have drained, on a warm system.'
          : 'It runs last, once the open-loop loads have drained, on a warm system.'),
      '',
    );
    lines.push(
      waveTable(burst, { first: 'Dossiers', goal: 'completed', failed: 'POSTs failed', p95: false }),
      '',
    );
    lines.push(
      'Completed /s here is completed dossiers ÷ (first POST sent → last completion); latency is from each 202, ' +
        'so time spent queueing for the API is in the POST column, time queueing behind the other dossiers in the latency.',
      '',
    );
  }

  const measured = intervals(run);
  const align = (fixed: string, columns: number) => fixed + 'r'.repeat(Math.max(0, columns - fixed.length));
  lines.push('### Where the time goes', '');
  lines.push(
    'CPU in cores kept busy (1.00 = one core) from `/proc`, over each measured window (the burst' +
      (wave
        ? ' and the annulment wave: from the first POST to the last dossier finished'
        : ': from the first POST to the last completion') +
      '): the machine, the benchmark process (submitting and following the events), ' +
      'Kafka, Postgres with all its backends, each service’s Node process, the kernel (interrupts and softirqs, ' +
      'which carry the loopback TCP traffic, and kernel threads such as the ext4 journal behind every fsync), ' +
      'time the hypervisor took for other guests (steal), and other processes.',
    '',
  );
  const cpuHeaders = [
    'Interval',
    'Machine',
    'Bench',
    'Kafka',
    'Postgres',
    ...names.map(shortName),
    'Kernel',
    'Steal',
    'Other',
  ];
  lines.push(
    table(
      cpuHeaders,
      measured.map(([label, cpu]) => [
        label,
        formatCores(cpu.machine),
        formatCores(cpu.bench),
        formatCores(cpu.kafka),
        formatCores(cpu.postgres),
        ...names.map((name) => formatCores(cpu.services[name])),
        formatCores(cpu.kernel),
        formatCores(cpu.steal),
        formatCores(cpu.rest),
      ]),
      align('l', cpuHeaders.length),
    ),
    '',
  );
  lines.push(
    'Postgres side, sampled every 250 ms: mean backends of each service running a statement, of which waiting ' +
      'for a lock; and the CPU of each service’s backends (those a pool closed during the interval are missing ' +
      'there, not in the Postgres column above).',
    '',
  );
  lines.push(
    table(
      ['Interval', ...names.map((name) => `${shortName(name)}: active / lock-waiting / CPU`)],
      measured.map(([label, cpu, database]) => [
        label,
        ...names.map(
          (name) =>
            `${(database.active[name] ?? 0).toFixed(2)} / ${(database.lockWaiting[name] ?? 0).toFixed(2)} / ${formatCores(cpu.postgresByRole[name])}`,
        ),
      ]),
      align('l', names.length + 1),
    ),
    '',
  );

  lines.push('### Checks', '');
  const check = run.crossCheck;
  const problems = [...report.logProblems].filter(([, n]) => n > 0);
  lines.push(
    `- Read back with \`GET /v1/dossiers/{id}\`: ${check.ok} of ${check.checked} dossiers spread over the run` +
      `${wave ? ' (the annulled ones left out)' : ''} completed with ${text.checkedResults}` +
      `${check.problems.length > 0 ? `; problems: ${check.problems.join('; ')}` : ''}.`,
  );
  if (wave && procedure.annulment) {
    lines.push(
      `- The ${wave.readBack.checked} dossiers chosen for the annulment wave, read back before it: ${wave.readBack.ok} ` +
        `completed with ${text.checkedResults}` +
        `${wave.readBack.problems.length > 0 ? `; problems: ${wave.readBack.problems.join('; ')}` : ''}.`,
      `- ${wave.checks.ok} of ${wave.checks.checked} annulled dossiers, read back once undone, were \`refused\` with the ` +
        `annulment’s reason (${procedure.annulment.reason.code}), every step \`compensated\`, and ${procedure.annulment.text.checked}` +
        `${wave.checks.problems.length > 0 ? `; problems: ${wave.checks.problems.join('; ')}` : ''}.`,
    );
  }
  lines.push(
    `- The coordinator’s \`dossiers\` table at the end: ${Object.entries(check.byStatusInDatabase)
      .map(([status, n]) => `${n} ${status}`)
      .join(
        ', ',
      )}; \`completed\` events seen for ${check.completedEventsSeen} of the ${check.submittedAccepted} accepted submissions` +
      `${wave ? ` (${wave.count - wave.submitErrors} of them annulled afterwards on purpose)` : ''}.`,
    `- Warnings and errors the services logged during the run: ${
      problems.length === 0 ? 'none' : problems.map(([name, n]) => `${name} ${n}`).join(', ')
    }.`,
    '',
  );

  lines.push('### What this run shows', '');
  lines.push(...observations(procedure, report).map((line) => `- ${line}`));
  return lines.join('\n');
}

/** "Other" CPU at or above this (in cores) marks an interval as disturbed by work outside the run. */
const DISTURBED_CORES = 0.2;

/** A kept-up load whose p50 is within this factor of the lowest load's counts as not queueing. */
const UNLOADED_FACTOR = 3;

/** The lowest load above `best` that was not kept up with. */
function nextOver(steps: readonly OpenStepResult[], best: OpenStepResult): OpenStepResult | undefined {
  return steps
    .filter((step) => step.target > best.target && keptUp(step) !== 'yes')
    .reduce<OpenStepResult | undefined>(
      (low, step) => (low === undefined || step.target < low.target ? step : low),
      undefined,
    );
}

/** The Node service using the most CPU, and whether its (single) event loop was near a full core. */
function busiestService(cpu: E2eCpu): string {
  const [name, value] = Object.entries(cpu.services).reduce<[string, number]>(
    (top, entry) => (entry[1] > top[1] ? entry : top),
    ['?', 0],
  );
  return value >= 0.8
    ? ` ${name} used ${value.toFixed(2)} cores: its event loop is close to saturated.`
    : ` No Node service came near a full core (the busiest, ${name}, used ${value.toFixed(2)}).`;
}

/** The highest mean number of `service`'s backends waiting for a lock, over every measured interval. */
export function mostLockWaiting(run: E2eRun, service: string): number {
  return Math.max(0, ...intervals(run).map(([, , database]) => database.lockWaiting[service] ?? 0));
}

/** Facts computed from the figures; the judgement is left to the reader. */
function observations(procedure: E2eProcedure, report: E2eReport): string[] {
  const { run, machine } = report;
  const { text } = procedure;
  const notes: string[] = [];
  const kept = run.steps.filter((step) => keptUp(step) === 'yes');
  const best = kept.reduce<OpenStepResult | undefined>(
    (top, step) => (top === undefined || step.target > top.target ? step : top),
    undefined,
  );
  const over = run.steps.filter((step) => keptUp(step) !== 'yes');
  const lowest = run.steps.reduce<OpenStepResult | undefined>(
    (low, step) => (low === undefined || step.target < low.target ? step : low),
    undefined,
  );
  const unloaded = (step: OpenStepResult) =>
    lowest !== undefined && step.latency.p50 <= UNLOADED_FACTOR * lowest.latency.p50;
  const calm = kept
    .filter(unloaded)
    .reduce<OpenStepResult | undefined>(
      (top, step) => (top === undefined || step.target > top.target ? step : top),
      undefined,
    );
  notes.push(
    best
      ? `Sustained: ${perSecond(best.completedPerSecond)} completed ${text.sagas} per second at an offered ${best.target}/s, ` +
          `submission → completed p50 ${formatMs(best.latency.p50)} ms, p99 ${formatMs(best.latency.p99)} ms: ` +
          'the highest offered load kept up with on this machine' +
          (nextOver(run.steps, best)
            ? `; the next one tried, ${nextOver(run.steps, best)?.target ?? '?'}/s, was not, so the sustainable rate lies in between.`
            : '; no higher load was tried.')
      : 'No offered load was kept up with.',
  );
  if (lowest && calm) {
    const queued = run.steps.filter((step) => step.target > calm.target);
    notes.push(
      `Latency near the unloaded one (p50 at most ${UNLOADED_FACTOR}× the ${formatMs(lowest.latency.p50)} ms of ${lowest.target}/s): ` +
        `up to ${calm.target}/s, where ${perSecond(calm.completedPerSecond)} dossiers/s completed with p50 ${formatMs(calm.latency.p50)} ms, ` +
        `p99 ${formatMs(calm.latency.p99)} ms` +
        (queued.length > 0
          ? `. Above it dossiers queue: p50 ${queued.map((step) => `${formatMs(step.latency.p50)} ms at ${step.target}/s`).join(', ')}; ` +
            'that is the saturation zone, where a little more load or a little less CPU makes the difference between keeping up and falling behind.'
          : '.'),
    );
  }
  for (const step of over) {
    notes.push(
      `At ${step.target}/s: ${keptUp(step)} — completed ${perSecond(step.completedPerSecond)}/s against ` +
        `${perSecond(step.acceptedPerSecond)}/s accepted, p50 ${formatMs(step.p50FirstThird)} → ${formatMs(step.p50LastThird)} ms ` +
        `over the window, ${step.inFlightAtEnd} dossiers in flight when the submissions stopped` +
        (step.finishedAfterMs === undefined ? '.' : `, all finished ${seconds(step.finishedAfterMs)} later.`),
    );
  }
  const { annulment: wave } = run;
  if (wave) {
    notes.push(
      `Annulments: ${wave.count} at once were undone at ${perSecond(wave.perSecond)} dossiers per second ` +
        `(${wave.allAfterMs === undefined ? `${wave.missed.count} not undone in time` : `the last after ${seconds(wave.allAfterMs)}`}), ` +
        `annulment → refused p50 ${formatMs(wave.latency.p50)} ms, p95 ${formatMs(wave.p95)} ms, p99 ${formatMs(wave.latency.p99)} ms; ` +
        `against at most ${perSecond(Math.max(0, ...run.steps.map((step) => step.completedPerSecond)))}/s dossiers ` +
        'completed during an open-loop window.',
    );
  }
  if (run.burst) {
    const { burst } = run;
    const bestWindow = Math.max(0, ...run.steps.map((step) => step.completedPerSecond));
    notes.push(
      `The burst of ${burst.count}, every dossier queued at once, went through at ${perSecond(burst.perSecond)} ` +
        `completed dossiers per second (${burst.allAfterMs === undefined ? `${burst.missed.count} not completed in time` : `the last after ${seconds(burst.allAfterMs)}`}), ` +
        `against at most ${perSecond(bestWindow)}/s completed during an open-loop window.`,
    );
  }
  const busiest = intervals(run)
    .map(([, cpu]) => cpu)
    .reduce<E2eCpu | undefined>(
      (top, cpu) => ((cpu.machine ?? 0) > (top?.machine ?? 0) ? cpu : top),
      undefined,
    );
  if (busiest?.machine !== undefined) {
    const parts = [
      ...Object.entries(busiest.services).map(([name, value]): [string, number] => [name, value]),
      ['Postgres', busiest.postgres ?? 0] as [string, number],
      ['Kafka', busiest.kafka ?? 0] as [string, number],
      ['the benchmark', busiest.bench] as [string, number],
      ['the kernel', busiest.kernel ?? 0] as [string, number],
      ['steal', busiest.steal ?? 0] as [string, number],
      ['other processes', busiest.rest ?? 0] as [string, number],
    ].sort((a, b) => b[1] - a[1]);
    notes.push(
      `CPU: the busiest interval used ${busiest.machine.toFixed(2)} of the ${machine.cores} cores; ` +
        parts.map(([name, value]) => `${name} ${value.toFixed(2)}`).join(', ') +
        `. A single Node service near 1.00 is a saturated event loop; the machine near ${machine.cores}.00 means ` +
        'everything waits for the shared CPU.',
    );
  }
  const slipping = run.steps.filter((step) => step.sendSlipP99Ms > 100);
  if (slipping.length > 0) {
    notes.push(
      `The generator itself fell behind its schedule (p99 send delay ${slipping
        .map((step) => `${formatMs(step.sendSlipP99Ms)} ms at ${step.target}/s`)
        .join(', ')}): the benchmark process was short of CPU too.`,
    );
  }
  const lockWaits = (step: OpenStepResult) =>
    (step.database.lockWaiting[text.lockWatch.service] ?? 0).toFixed(2);
  const firstOver = best ? nextOver(run.steps, best) : run.steps.find((step) => keptUp(step) !== 'yes');
  if (firstOver) {
    notes.push(
      `Signs of the limit: at ${firstOver.target}/s the machine was at ${formatCores(firstOver.cpu.machine)} of ${machine.cores} cores ` +
        `and ${lockWaits(firstOver)} ${text.lockWatch.label} transactions on average were waiting for a lock` +
        (best
          ? `; at ${best.target}/s, ${formatCores(best.cpu.machine)} cores and ${lockWaits(best)} waiting.`
          : '.') +
        busiestService(firstOver.cpu),
    );
  }
  notes.push(text.contention(report));
  const disturbed = intervals(run)
    .map(([label, cpu]): [string, E2eCpu] => [
      label.startsWith('burst') ? 'the burst' : label.startsWith('annulment') ? 'the annulment wave' : label,
      cpu,
    ])
    .filter(([, cpu]) => (cpu.rest ?? 0) >= DISTURBED_CORES);
  if (disturbed.length > 0) {
    notes.push(
      'Processes outside this run were busy: ' +
        disturbed
          .map(
            ([label, cpu]) =>
              `${formatCores(cpu.rest)} cores at ${label}` +
              (cpu.others.length > 0
                ? ` (seen: ${cpu.others.map(([name, value]) => `${name} ${value.toFixed(2)}`).join(', ')})`
                : ''),
          )
          .join('; ') +
        '. Those intervals had that much less CPU: their figures are lower than a quiet machine would give.',
    );
  } else {
    notes.push(
      `Processes outside this run used less than ${DISTURBED_CORES} cores in every interval (the "Other" column).`,
    );
  }
  notes.push(
    'Near saturation the figures vary from run to run with whatever else the machine does (the "Other" column), ' +
      'Postgres checkpoints and the JVM: read one run’s figures at the saturation loads as one sample.',
  );
  if (report.postgresSettings.fsync !== 'on' || report.postgresSettings.synchronous_commit !== 'on') {
    notes.push(
      `Postgres ran with fsync=${report.postgresSettings.fsync ?? '?'}, synchronous_commit=${report.postgresSettings.synchronous_commit ?? '?'}: not a durable setup.`,
    );
  }
  return notes;
}

/** Replaces the section named `name` of `file` (creating the file if needed), keeping everything else. */
export async function writeSection(file: string, name: string, body: string): Promise<void> {
  const current = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n';
  await writeFile(file, replaceSection(current, name, body));
}
