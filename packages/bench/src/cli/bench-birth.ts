// `npm run bench:birth`: the birth "3-in-1" group end to end. Starts Kafka, Postgres and every
// service as processes (as `npm start` does), submits dossiers through the portal API at several
// offered loads and in one burst, follows their completion on the dossier-events topic, and
// rewrites its section of docs/benchmarks.md (between the `bench:birth` markers).
//
//   npm run bench:birth                         full run, about 4 minutes
//   npm run bench:birth -- --quick              short steps, a smoke run (the doc says so)
//   npm run bench:birth -- --no-write           print only, leave docs/benchmarks.md alone
//   npm run bench:birth -- --loads 4,8 --burst 100 --measure 20   other steps (exploring)
//
// Kafka and Postgres: KAFKA_BROKERS / DATABASE_URL when set (DATABASE_URL must be allowed to
// create a database; the Kafka must not be serving another lienthong system, whose consumer
// groups the services would join), else local processes started here (durable Postgres
// settings) and stopped again at the end, also on Ctrl-C.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localDir, repoRoot, type Logger as DevenvLogger } from '@lienthong/devenv';
import {
  birthSettings,
  postgresFacts,
  renderBirthSection,
  runBirth,
  startBirthSystem,
  writeBirthSection,
  type BirthSettings,
  type BirthSystem,
} from '../birth-e2e.ts';
import { provisionBenchInfrastructure, type BenchInfrastructure } from '../infrastructure.ts';
import { CpuMeter, describeFilesystem, describeMachine } from '../machine.ts';

const usage =
  'usage: npm run bench:birth [-- --quick] [-- --no-write] [-- --loads 5,10,20] [-- --burst 300] ' +
  '[-- --warmup 5] [-- --measure 30] (seconds)';
const parse = () =>
  parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      loads: { type: 'string' },
      burst: { type: 'string' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
let parsed: ReturnType<typeof parse>;
try {
  parsed = parse();
} catch (error) {
  console.error(`[bench:birth] ${(error as Error).message} (try --help)`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(usage);
  process.exit(0);
}
const quick = parsed.values.quick;
const write = !parsed.values['no-write'];
const defaults = birthSettings(quick);
const positive = (text: string | undefined, what: string, zero = false): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zero)) {
    console.error(
      `[bench:birth] --${what} wants a ${zero ? 'non-negative' : 'positive'} number, got ${text}`,
    );
    process.exit(2);
  }
  return value;
};
const settings: BirthSettings = {
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
};
const custom = process.argv.slice(2).filter((arg) => arg !== '--no-write');
const command = `npm run bench:birth${custom.length > 0 ? ` -- ${custom.join(' ')}` : ''}`;

const startedAt = new Date();
const machine = describeMachine();
const clockStart = performance.now();
// Measurements end by then; stopping everything comes after (tens of seconds at most).
const RUN_BUDGET_MS = quick ? 150_000 : 290_000;
const elapsed = () => `${((performance.now() - clockStart) / 1000).toFixed(0).padStart(3)} s`;
const say = (line: string) => console.log(`[bench:birth ${elapsed()}] ${line}`);
const devenvLogger: DevenvLogger = {
  info: (objOrMsg, msg) => say(msg ?? (typeof objOrMsg === 'string' ? objOrMsg : '')),
  warn: (objOrMsg, msg) => say(`warning: ${msg ?? (typeof objOrMsg === 'string' ? objOrMsg : '')}`),
  error: (objOrMsg, msg) => say(`error: ${msg ?? (typeof objOrMsg === 'string' ? objOrMsg : '')}`),
};
const serviceLogLevel = process.env.BENCH_SERVICE_LOG_LEVEL ?? 'info';

let infrastructure: BenchInfrastructure | undefined;
let system: BirthSystem | undefined;
let cleanup: Promise<void> | undefined;
const stopEverything = (): Promise<void> => {
  cleanup ??= (async () => {
    if (system) {
      say('stopping the services (they finish in-flight work first)...');
      await system.stop();
    }
    if (infrastructure) {
      say('stopping Kafka and Postgres...');
      await infrastructure.stop();
    }
  })();
  return cleanup;
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping`);
    void stopEverything().finally(() => process.exit(130));
  });
}
// Whatever goes wrong, nothing started here may outlive the benchmark.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.once(event, (error: unknown) => {
    console.error(
      `[bench:birth] ${event}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    void stopEverything().finally(() => process.exit(1));
  });
}

let exitCode = 0;
try {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  say(
    `${quick ? 'quick smoke run' : 'full run'}: loads ${settings.loads.join(', ')} dossiers/s ` +
      `(${settings.warmupMs / 1000} s + ${settings.measureMs / 1000} s each), burst ${settings.burst}; ` +
      `load average ${machine.loadAverage.join(', ')}`,
  );
  say('provisioning Kafka and Postgres...');
  infrastructure = await provisionBenchInfrastructure(process.env, devenvLogger);
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
  system = await startBirthSystem({
    adminDatabaseUrl: postgres.url,
    brokers: kafka.brokers,
    logLevel: serviceLogLevel,
    dropDatabase: !postgres.local,
    onProgress: say,
  });
  const run = await runBirth({
    system,
    brokers: kafka.brokers,
    sharedKafka: !kafka.local,
    runId,
    settings,
    cpu: new CpuMeter({ kafka: kafka.pid, postgres: postgres.pid }),
    infrastructurePids: { kafka: kafka.pid, postgres: postgres.pid },
    deadline: clockStart + RUN_BUDGET_MS,
    onProgress: say,
  });
  const logProblems = new Map(system.logProblems);
  for (const [name, count] of logProblems) {
    if (count > 0) {
      say(`${name} logged ${count} warnings/errors; its last lines:`);
      for (const line of system.recentLogs(name).slice(-5)) say(`  ${line.slice(0, 400)}`);
    }
  }
  const section = renderBirthSection({
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
    await writeBirthSection(file, section);
    say(`wrote the birth section of ${path.relative(process.cwd(), file) || file}`);
  } else {
    console.log(`\n${section}\n`);
  }
} catch (error) {
  exitCode = 1;
  console.error(
    `[bench:birth] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  if (system) {
    for (const spec of system.pids.keys()) {
      const lines = system.recentLogs(spec).slice(-5);
      if (lines.length > 0) console.error(`[bench:birth] last lines of ${spec}:\n  ${lines.join('\n  ')}`);
    }
  }
} finally {
  await stopEverything().catch((error: unknown) => {
    exitCode = 1;
    console.error(`[bench:birth] could not stop everything: ${(error as Error).message}`);
  });
  say(exitCode === 0 ? 'done; nothing left running.' : 'stopped after a failure.');
}
// kafkajs and pg may keep sockets in their pools' idle timers for a while; nothing is pending.
process.exit(exitCode);
