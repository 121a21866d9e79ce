// The command line of an end-to-end benchmark (`npm run bench:birth`, `npm run bench:death`):
// starts Kafka, Postgres and every service as processes (as `npm start` does), runs the
// procedure's steps, and rewrites its section of docs/benchmarks.md (between its markers).
//
// Kafka and Postgres: KAFKA_BROKERS / DATABASE_URL when set (DATABASE_URL must be allowed to
// create a database; the Kafka must not be serving another lienthong system, whose consumer
// groups the services would join), else local processes started here (durable Postgres
// settings) and stopped again at the end, also on Ctrl-C.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localDir, repoRoot } from '@lienthong/devenv';
import type { E2eProcedure, E2eSettings } from '../e2e/procedure.ts';
import { renderSection, writeSection } from '../e2e/report.ts';
import { runE2e } from '../e2e/run.ts';
import { postgresFacts, startSystem, type E2eSystem } from '../e2e/system.ts';
import { provisionBenchInfrastructure, type BenchInfrastructure } from '../infrastructure.ts';
import { CpuMeter, describeFilesystem, describeMachine } from '../machine.ts';
import { devenvLogger, runSupervised } from './lifecycle.ts';

/** Runs the benchmark of `procedure` with this process's arguments, then exits. */
export async function runE2eCli(procedure: E2eProcedure): Promise<never> {
  const tag = `bench:${procedure.name}`;
  const withAnnulments = procedure.annulment !== undefined;
  const usage =
    `usage: npm run ${tag} [-- --quick] [-- --no-write] [-- --loads 5,10,20] [-- --burst 300] ` +
    `[-- --warmup 5] [-- --measure 30] (seconds)${withAnnulments ? ' [-- --annulments 100]' : ''}`;
  const parse = () =>
    parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        'no-write': { type: 'boolean', default: false },
        loads: { type: 'string' },
        burst: { type: 'string' },
        warmup: { type: 'string' },
        measure: { type: 'string' },
        annulments: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    console.error(`[${tag}] ${(error as Error).message} (try --help)`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (!withAnnulments && parsed.values.annulments !== undefined) {
    console.error(`[${tag}] --annulments: this benchmark has no annulment wave`);
    process.exit(2);
  }
  const quick = parsed.values.quick;
  const write = !parsed.values['no-write'];
  const defaults = procedure.settings(quick);
  const positive = (text: string | undefined, what: string, zero = false): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || (value === 0 && !zero)) {
      console.error(`[${tag}] --${what} wants a ${zero ? 'non-negative' : 'positive'} number, got ${text}`);
      process.exit(2);
    }
    return value;
  };
  const { annulments } = parsed.values;
  const settings: E2eSettings = {
    ...defaults,
    ...(parsed.values.loads === undefined
      ? {}
      : { loads: parsed.values.loads.split(',').map((load) => positive(load.trim(), 'loads') ?? 0) }),
    ...(parsed.values.burst === undefined
      ? {}
      : { burst: Math.round(positive(parsed.values.burst, 'burst', true) ?? 0) }),
    ...(parsed.values.warmup === undefined
      ? {}
      : { warmupMs: (positive(parsed.values.warmup, 'warmup') ?? 0) * 1000 }),
    ...(parsed.values.measure === undefined
      ? {}
      : { measureMs: (positive(parsed.values.measure, 'measure') ?? 0) * 1000 }),
    ...(annulments === undefined
      ? {}
      : { annulments: Math.round(positive(annulments, 'annulments', true) ?? 0) }),
  };
  const custom = process.argv.slice(2).filter((arg) => arg !== '--no-write');
  const command = `npm run ${tag}${custom.length > 0 ? ` -- ${custom.join(' ')}` : ''}`;

  const startedAt = new Date();
  const machine = describeMachine();
  const clockStart = performance.now();
  // Measurements end by then; stopping everything comes after (tens of seconds at most).
  const budgetMs = procedure.budgetMs(quick);
  const elapsed = () => `${((performance.now() - clockStart) / 1000).toFixed(0).padStart(3)} s`;
  const say = (line: string) => console.log(`[${tag} ${elapsed()}] ${line}`);
  const serviceLogLevel = process.env.BENCH_SERVICE_LOG_LEVEL ?? 'info';

  let infrastructure: BenchInfrastructure | undefined;
  let system: E2eSystem | undefined;
  return runSupervised({
    tag,
    say,
    stop: async () => {
      if (system) {
        say('stopping the services (they finish in-flight work first)...');
        await system.stop();
      }
      if (infrastructure) {
        say('stopping Kafka and Postgres...');
        await infrastructure.stop();
      }
    },
    work,
    onFailure: () => {
      if (!system) return;
      for (const spec of system.pids.keys()) {
        const lines = system.recentLogs(spec).slice(-5);
        if (lines.length > 0) console.error(`[${tag}] last lines of ${spec}:\n  ${lines.join('\n  ')}`);
      }
    },
  });

  async function work(): Promise<void> {
    const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    say(
      `${quick ? 'quick smoke run' : 'full run'}: loads ${settings.loads.join(', ')} dossiers/s ` +
        `(${settings.warmupMs / 1000} s + ${settings.measureMs / 1000} s each), burst ${settings.burst}` +
        `${withAnnulments ? `, annulments ${settings.annulments}` : ''}; ` +
        `load average ${machine.loadAverage.join(', ')}`,
    );
    say('provisioning Kafka and Postgres...');
    infrastructure = await provisionBenchInfrastructure(process.env, devenvLogger(say));
    const { kafka, postgres } = infrastructure;
    say(`kafka:    ${kafka.description}`);
    say(`postgres: ${postgres.description}`);
    const pgFacts = await postgresFacts(postgres.url);
    say(
      `  PostgreSQL ${pgFacts.version}, ${Object.entries(pgFacts.settings)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ')}`,
    );
    say('starting the services...');
    system = await startSystem({
      name: procedure.name,
      adminDatabaseUrl: postgres.url,
      brokers: kafka.brokers,
      logLevel: serviceLogLevel,
      dropDatabase: !postgres.local,
      onProgress: say,
    });
    const run = await runE2e({
      procedure,
      system,
      brokers: kafka.brokers,
      sharedKafka: !kafka.local,
      runId,
      settings,
      cpu: new CpuMeter({ kafka: kafka.pid, postgres: postgres.pid }),
      infrastructurePids: { kafka: kafka.pid, postgres: postgres.pid },
      deadline: clockStart + budgetMs,
      onProgress: say,
    });
    const logProblems = new Map(system.logProblems);
    for (const [name, count] of logProblems) {
      if (count > 0) {
        say(`${name} logged ${count} warnings/errors; its last lines:`);
        for (const line of system.recentLogs(name).slice(-5)) say(`  ${line.slice(0, 400)}`);
      }
    }
    const section = renderSection(procedure, {
      startedAt,
      durationMs: performance.now() - clockStart,
      command,
      quick,
      machine,
      dataFilesystem: kafka.local || postgres.local ? describeFilesystem(localDir('bench')) : undefined,
      kafka: { description: kafka.description, version: kafka.version },
      postgres: { description: postgres.description, version: pgFacts.version },
      postgresSettings: pgFacts.settings,
      serviceLogLevel,
      logProblems,
      settings,
      run,
    });
    if (write) {
      const file = path.join(repoRoot(), 'docs', 'benchmarks.md');
      await writeSection(file, procedure.name, section);
      say(`wrote the ${procedure.name} section of ${path.relative(process.cwd(), file) || file}`);
    } else {
      console.log(`\n${section}\n`);
    }
  }
}
