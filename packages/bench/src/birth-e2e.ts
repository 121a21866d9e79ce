// The birth "3-in-1" end to end: every service a process (as `npm start` runs them), real Kafka,
// real Postgres. Dossiers are submitted through the portal API on an open-loop schedule, and
// their completion is followed on the coordinator's `lienthong.dossier.events` topic, never by
// polling the API. See `npm run bench:birth` (cli/bench-birth.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { DossierStatusChanged, TOPICS } from '@lienthong/contracts';
import {
  repoRoot,
  SERVICES,
  startServiceProcess,
  waitUntilReady,
  type RunningServiceProcess,
} from '@lienthong/devenv';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import pg from 'pg';
// @lienthong/auth is not among @lienthong/bench's dependencies yet; its source is imported by
// path (the same module `import ... from '@lienthong/auth'` would load).
import { createDevIssuer } from '@lienthong/auth';
import { CpuMeter, type CpuUse, type MachineInfo } from './machine.ts';
import { replaceSection, table } from './markdown.ts';
import { formatMs, summarize, type LatencySummary } from './stats.ts';
import { sleep, waitUntil } from './util.ts';

export const BIRTH_SECTION = 'birth';

// ---------------------------------------------------------------------------------------------
// Settings

export interface BirthSettings {
  /** Offered loads, dossiers per second, open loop. */
  readonly loads: readonly number[];
  /** Per load: submitted on schedule but not measured. */
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Dossiers submitted at once after the open-loop steps. */
  readonly burst: number;
  /**
   * Before the first load, unmeasured and awaited: the JVM's and Node's JIT, the pools, the
   * consumers' first fetches. Kafka's CPU per message falls for tens of seconds after it starts.
   */
  readonly systemWarmup: { readonly rate: number; readonly ms: number };
  /** A dossier not finished this long after its step's last submission counts as a failure. */
  readonly finishLimitMs: number;
  /** Dossiers read back through GET per step at the end. */
  readonly crossChecksPerStep: number;
}

export function birthSettings(quick: boolean): BirthSettings {
  return quick
    ? {
        loads: [5, 10],
        warmupMs: 2_000,
        measureMs: 8_000,
        burst: 60,
        systemWarmup: { rate: 5, ms: 4_000 },
        finishLimitMs: 60_000,
        crossChecksPerStep: 2,
      }
    : {
        loads: [5, 15, 20, 25, 30],
        warmupMs: 5_000,
        measureMs: 30_000,
        burst: 300,
        systemWarmup: { rate: 10, ms: 15_000 },
        finishLimitMs: 120_000,
        crossChecksPerStep: 3,
      };
}

/** Dossier statuses after which nothing changes any more. */
const FINISHED = new Set(['completed', 'partially_completed', 'refused', 'failed', 'withdrawn']);

// ---------------------------------------------------------------------------------------------
// The system: every service as a process

export interface BirthSystem {
  readonly databaseUrl: string;
  /** Bearer token with `dossiers:write dossiers:read`. */
  readonly portalToken: string;
  url(service: string): string;
  /** Pid of each service's Node process. */
  readonly pids: ReadonlyMap<string, number>;
  /** Warnings (40), errors (50) and fatal lines (60) each service logged. */
  readonly logProblems: ReadonlyMap<string, number>;
  /** The last lines a service wrote, for a diagnosis after a failure. */
  recentLogs(service: string): readonly string[];
  /** Rejects as soon as a service exits while it should be running. */
  readonly crashed: Promise<never>;
  /** Stops every service (SIGTERM, they drain), drops the database, removes the keys. Twice is safe. */
  stop(): Promise<void>;
}

export interface StartBirthSystemOptions {
  /** A Postgres URL with the right to create databases. */
  readonly adminDatabaseUrl: string;
  readonly brokers: readonly string[];
  /** LOG_LEVEL of the services; `npm start` uses info. */
  readonly logLevel: string;
  /** Drop the database at the end (leave it to the server's removal otherwise). */
  readonly dropDatabase: boolean;
  readonly onProgress: (line: string) => void;
}

const RECENT_LINES = 40;

/**
 * Starts every service of SERVICES as a child process, exactly as `npm start` does (same entry,
 * same environment variables), on free ports, against a fresh database and the given Kafka,
 * with a development token issuer of its own; resolves when each answers /health/ready.
 */
export async function startBirthSystem(options: StartBirthSystemOptions): Promise<BirthSystem> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'lt-bench-birth-'));
  const databaseName = `bench_birth_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withClient(options.adminDatabaseUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(databaseName)}`),
  );
  const databaseUrl = new URL(options.adminDatabaseUrl);
  databaseUrl.pathname = `/${databaseName}`;

  const running = new Map<string, RunningServiceProcess>();
  const logProblems = new Map<string, number>();
  const recent = new Map<string, string[]>();
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let rejectCrashed: (error: Error) => void = () => {};
  const crashed = new Promise<never>((_, reject) => {
    rejectCrashed = reject;
  });
  // Nobody may be listening yet; the rejection is still delivered to whoever awaits it later.
  crashed.catch(() => {});

  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      // Reverse start order: the coordinator stops before the agencies it talks to.
      await Promise.all([...running.values()].reverse().map((service) => service.stop(30_000)));
      if (options.dropDatabase) {
        await withClient(options.adminDatabaseUrl, (client) =>
          client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(databaseName)} WITH (FORCE)`),
        ).catch((error: unknown) =>
          options.onProgress(`could not drop database ${databaseName}: ${(error as Error).message}`),
        );
      }
      await rm(stateDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    const issuer = await createDevIssuer({ dir: path.join(stateDir, 'auth') });
    const portalToken = await issuer.mint({
      subject: 'portal:bench',
      scopes: ['dossiers:write', 'dossiers:read'],
      ttl: '2h',
    });
    const ports = new Map<string, number>();
    for (const spec of SERVICES) ports.set(spec.name, await freePort());
    const urlOf = (name: string) => `http://127.0.0.1:${ports.get(name) ?? 0}`;
    const common = {
      DATABASE_URL: databaseUrl.toString(),
      KAFKA_BROKERS: options.brokers.join(','),
      LOG_LEVEL: options.logLevel,
      AUTH_JWKS_FILE: issuer.jwksFile,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
    };
    for (const spec of SERVICES) {
      const lines: string[] = [];
      recent.set(spec.name, lines);
      logProblems.set(spec.name, 0);
      const service = startServiceProcess({
        spec,
        port: ports.get(spec.name) ?? 0,
        env: { ...common, ...spec.env?.({ urlOf, stateDir }) },
        onLog: (name, line) => {
          lines.push(line);
          if (lines.length > RECENT_LINES) lines.shift();
          // pino writes `"level":40` for warn and above; no JSON parsing per line.
          if (/"level":(40|50|60)[,}]/.test(line)) logProblems.set(name, (logProblems.get(name) ?? 0) + 1);
        },
      });
      running.set(spec.name, service);
      void service.exited.then((code) => {
        if (!stopping) rejectCrashed(new Error(`${spec.name} exited unexpectedly (${String(code)})`));
      });
    }
    const startedAt = performance.now();
    await Promise.race([
      Promise.all([...running.values()].map((service) => waitUntilReady(service, { timeoutMs: 120_000 }))),
      crashed,
    ]);
    options.onProgress(
      `${running.size} services ready after ${((performance.now() - startedAt) / 1000).toFixed(1)} s ` +
        `(LOG_LEVEL=${options.logLevel})`,
    );
    const pids = new Map<string, number>();
    for (const [name, service] of running) {
      if (service.child.pid !== undefined) pids.set(name, service.child.pid);
    }
    return {
      databaseUrl: databaseUrl.toString(),
      portalToken,
      url: urlOf,
      pids,
      logProblems,
      recentLogs: (service) => recent.get(service) ?? [],
      crashed,
      stop,
    };
  } catch (error) {
    for (const [name, lines] of recent) {
      if (lines.length > 0) options.onProgress(`last lines of ${name}:\n  ${lines.slice(-10).join('\n  ')}`);
    }
    await stop().catch(() => {});
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Results

/** Cores kept busy over an interval (1.0 = one core), with each service's Node process. */
export interface BirthCpu extends CpuUse {
  readonly services: Readonly<Record<string, number>>;
  /** Interrupts and softirqs (loopback networking) plus kernel threads (block I/O, the ext4 journal). */
  readonly kernel: number | undefined;
  /** Time the hypervisor gave this VM's CPUs to someone else. */
  readonly steal: number | undefined;
  /** The machine minus all the above: other processes. */
  readonly rest: number | undefined;
  /**
   * The busiest of those other processes, by command name, in cores. Processes that started and
   * ended within the interval are not seen (only their parents' children time would show them).
   */
  readonly others: readonly (readonly [string, number])[];
}

/** Mean number of each service's Postgres backends running a statement / waiting for a lock. */
export interface DatabaseActivity {
  readonly samples: number;
  readonly active: Readonly<Record<string, number>>;
  readonly lockWaiting: Readonly<Record<string, number>>;
}

export interface Unfinished {
  readonly count: number;
  /** Last status seen on the events topic ('no event' when none came). */
  readonly byStatus: Readonly<Record<string, number>>;
}

export interface OpenStepResult {
  readonly target: number;
  readonly warmupSeconds: number;
  readonly windowSeconds: number;
  /** Every dossier of the step, warm-up included. */
  readonly submitted: number;
  /** Dossiers due in the measured window whose POST was accepted (202), per second of window. */
  readonly acceptedPerSecond: number;
  readonly submitErrors: number;
  /** How late the generator sent, behind schedule (its own event loop), p99 in ms. */
  readonly sendSlipP99Ms: number;
  /** POST /v1/dossiers round trip of the window's dossiers. */
  readonly submitRoundTrip: LatencySummary;
  /** `completed` events with changedAt in the measured window, per second. */
  readonly completedPerSecond: number;
  /** 202 received → changedAt of `completed`, the window's dossiers. */
  readonly latency: LatencySummary;
  /** p50 of the dossiers due in the first and in the last third of the window. */
  readonly p50FirstThird: number;
  readonly p50LastThird: number;
  /** Dossiers of the step not finished when its last one was submitted. */
  readonly inFlightAtEnd: number;
  /** Last submission → every dossier of the step finished; undefined if not within the limit. */
  readonly finishedAfterMs: number | undefined;
  readonly finishLimitMs: number;
  /** Dossiers of the step (warm-up included) not `completed` when the limit passed. */
  readonly notCompleted: Unfinished;
  readonly cpu: BirthCpu;
  readonly database: DatabaseActivity;
}

export interface BurstResult {
  readonly count: number;
  readonly submitErrors: number;
  /** First POST sent → last 202 received. */
  readonly acceptedAllAfterMs: number;
  readonly submitRoundTrip: LatencySummary;
  /** First POST sent → last `completed`, when every dossier completed. */
  readonly completedAllAfterMs: number | undefined;
  /** Completed dossiers / (first POST → last completion). */
  readonly completedPerSecond: number;
  readonly latency: LatencySummary;
  readonly finishLimitMs: number;
  readonly notCompleted: Unfinished;
  readonly cpu: BirthCpu;
  readonly database: DatabaseActivity;
}

export interface CrossCheck {
  readonly checked: number;
  readonly ok: number;
  readonly problems: readonly string[];
  /** Dossiers by status in the coordinator's own table, against the `completed` events seen. */
  readonly byStatusInDatabase: Readonly<Record<string, number>>;
  readonly completedEventsSeen: number;
  readonly submittedAccepted: number;
}

export interface BirthRun {
  readonly systemWarmup: {
    readonly rate: number;
    readonly seconds: number;
    readonly count: number;
    readonly completed: number;
    readonly latency: LatencySummary;
  };
  readonly steps: readonly OpenStepResult[];
  /** Loads of the settings not run because the time budget was spent. */
  readonly skippedLoads: readonly number[];
  readonly burst: BurstResult | undefined;
  readonly crossCheck: CrossCheck;
  readonly eventsConsumed: number;
}

// ---------------------------------------------------------------------------------------------
// Following dossiers on the events topic

interface Tracked {
  readonly id: string;
  readonly dueAt: number;
  readonly sentAt: number;
  readonly respondedAt: number;
}

/** The coordinator's `status-changed` events, by dossier: last status, and when it completed. */
class StatusFollower {
  readonly lastStatus = new Map<string, string>();
  /** changedAt of the `completed` event, ms since the epoch (the coordinator's clock). */
  readonly completedAt = new Map<string, number>();
  consumed = 0;
  readonly #consumer: Consumer;
  readonly #kafka: Kafka;
  readonly #groupId: string;

  constructor(brokers: readonly string[], groupId: string) {
    this.#kafka = new Kafka({ clientId: groupId, brokers: [...brokers], logLevel: logLevel.ERROR });
    this.#groupId = groupId;
    // Fetches return as soon as there is a record; the wait only bounds idle polling.
    this.#consumer = this.#kafka.consumer({ groupId, maxWaitTimeInMs: 1_000 });
  }

  /**
   * A fresh group, positioned at the topic's end offsets of this moment (so nothing published
   * from now on is missed, however long the join takes), then joined.
   */
  async start(): Promise<void> {
    const topic = TOPICS.dossierEvents;
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: this.#groupId,
        topic,
        partitions: ends.map(({ partition, offset }) => ({ partition, offset })),
      });
    } finally {
      await admin.disconnect();
    }
    let joined = false;
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topic, fromBeginning: false });
    await this.#consumer.run({
      eachMessage: ({ message }) => {
        this.consumed += 1;
        if (message.headers?.ce_type?.toString() !== DossierStatusChanged.type || !message.value) {
          return Promise.resolve();
        }
        let data: { dossierId: string; status: string; changedAt: string };
        try {
          data = JSON.parse(message.value.toString()) as typeof data;
        } catch {
          return Promise.resolve();
        }
        this.lastStatus.set(data.dossierId, data.status);
        if (data.status === 'completed' && !this.completedAt.has(data.dossierId)) {
          this.completedAt.set(data.dossierId, Date.parse(data.changedAt));
        }
        return Promise.resolve();
      },
    });
    if (!(await waitUntil(() => joined, 60_000, 20))) throw new Error('the events consumer never joined');
  }

  finished(id: string): boolean {
    return FINISHED.has(this.lastStatus.get(id) ?? '');
  }

  unfinished(ids: readonly string[]): Unfinished {
    const byStatus: Record<string, number> = {};
    let count = 0;
    for (const id of ids) {
      const status = this.lastStatus.get(id) ?? 'no event';
      if (status === 'completed') continue;
      count += 1;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
    return { count, byStatus };
  }

  async stop(deleteGroup: boolean): Promise<void> {
    await this.#consumer.disconnect();
    if (!deleteGroup) return;
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.#groupId]);
    } finally {
      await admin.disconnect();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Submitting

const EXAMPLE_FILE = path.join(repoRoot(), 'examples', 'dossiers', 'birth-3-in-1.json');

/** The example with only the child's name changed: the same child twice is a suspected duplicate. */
function dossierBody(example: Record<string, unknown>, seq: number): string {
  const child = example.child as Record<string, unknown>;
  return JSON.stringify({
    ...example,
    child: { ...child, fullName: `${String(child.fullName)} ${letters(seq)}` },
  });
}

/** 0 → "A", 25 → "Z", 26 → "Ba"…: a name part of letters only, unique per number. */
function letters(n: number): string {
  let text = '';
  let rest = n;
  do {
    text = String.fromCharCode(97 + (rest % 26)) + text;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface Submitter {
  submit(dueAt: number): Promise<Tracked | undefined>;
  readonly errors: string[];
}

function submitter(baseUrl: string, token: string, runId: string): Submitter {
  const example = JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as Record<string, unknown>;
  let seq = 0;
  const errors: string[] = [];
  return {
    errors,
    async submit(dueAt) {
      const current = seq;
      seq += 1;
      const body = dossierBody(example, current);
      const sentAt = Date.now();
      try {
        const response = await fetch(`${baseUrl}/v1/dossiers`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': `bench-birth-${runId}-${current}`,
          },
          body,
          signal: AbortSignal.timeout(60_000),
        });
        const respondedAt = Date.now();
        if (response.status !== 202) {
          errors.push(`${response.status} ${(await response.text()).slice(0, 200)}`);
          return undefined;
        }
        const { id } = (await response.json()) as { id: string };
        return { id, dueAt, sentAt, respondedAt };
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring CPU and database activity

/** Linux reports CPU time in clock ticks of 1/100 s on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/** Command name, ppid and utime + stime (clock ticks) of one process, undefined when it is gone. */
function processStat(
  pid: number,
): { comm: string; ppid: number; ticks: number; childTicks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces.
    const close = text.lastIndexOf(')');
    const rest = text.slice(close + 2).split(' ');
    return {
      comm: text.slice(text.indexOf('(') + 1, close),
      ppid: Number(rest[1]),
      ticks: Number(rest[11]) + Number(rest[12]),
      // cutime + cstime: children it has waited for, e.g. a shell's short-lived commands.
      childTicks: Number(rest[13]) + Number(rest[14]),
    };
  } catch {
    return undefined;
  }
}

interface KernelTicks {
  /** All CPU time of the machine, idle included, all cores summed. */
  readonly total: number;
  readonly irq: number;
  readonly steal: number;
  /** Kernel threads: kthreadd (pid 2) and its children. */
  readonly threads: number;
  /** Every other process: pid → command name, parent, own ticks and its reaped children's. */
  readonly processes: ReadonlyMap<number, { comm: string; ppid: number; ticks: number; childTicks: number }>;
}

function kernelTicks(): KernelTicks | undefined {
  let line: string;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  } catch {
    return undefined;
  }
  if (!line.startsWith('cpu ')) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  let threads = 0;
  const processes = new Map<number, { comm: string; ppid: number; ticks: number; childTicks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = processStat(Number(name));
    if (!stat) continue;
    if (stat.ppid === 2 || name === '2') threads += stat.ticks;
    else processes.set(Number(name), stat);
  }
  return {
    total: user + nice + system + idle + iowait + irq + softirq + steal,
    irq: irq + softirq,
    steal,
    threads,
    processes,
  };
}

class Meter {
  readonly #cpu: CpuMeter;
  readonly #pids: ReadonlyMap<string, number>;
  /** This process, the services, the Kafka JVM and the postmaster: not "other". */
  readonly #ours: ReadonlySet<number>;
  readonly #postgresPid: number | undefined;
  readonly #monitor: pg.Client;

  constructor(
    cpu: CpuMeter,
    pids: ReadonlyMap<string, number>,
    infrastructure: { kafka: number | undefined; postgres: number | undefined },
    monitor: pg.Client,
  ) {
    this.#cpu = cpu;
    this.#pids = pids;
    this.#postgresPid = infrastructure.postgres;
    this.#ours = new Set(
      [process.pid, ...pids.values(), infrastructure.kafka, infrastructure.postgres].flatMap((pid) =>
        pid === undefined ? [] : [pid],
      ),
    );
    this.#monitor = monitor;
  }

  /** Busiest processes that are not the run's own, by command name: [name, cores]. */
  #others(from: KernelTicks, to: KernelTicks, seconds: number): [string, number][] {
    const ours = (pid: number, ppid: number) =>
      this.#ours.has(pid) || (this.#postgresPid !== undefined && ppid === this.#postgresPid);
    const deltas = new Map<number, number>();
    for (const [pid, stat] of to.processes) {
      if (ours(pid, stat.ppid)) continue;
      // A process born during the interval: all its time counts. Short-lived commands are seen
      // through the parent that waited for them (its children time).
      const before = from.processes.get(pid);
      deltas.set(pid, stat.ticks + stat.childTicks - (before ? before.ticks + before.childTicks : 0));
    }
    // A process tree that ended during the interval brought its whole life into the children time
    // of the nearest ancestor still running; what the tree had used before the interval is not the
    // interval's. (Each ended process counts its own time and that of children it had already
    // reaped before the interval, so nothing is taken twice.)
    for (const [pid, stat] of from.processes) {
      if (to.processes.has(pid)) continue;
      let ancestor = stat.ppid;
      for (let hops = 0; hops < 64 && !to.processes.has(ancestor); hops += 1) {
        const up = from.processes.get(ancestor);
        if (!up) break;
        ancestor = up.ppid;
      }
      const delta = deltas.get(ancestor);
      if (delta !== undefined) deltas.set(ancestor, delta - stat.ticks - stat.childTicks);
    }
    const byName = new Map<string, number>();
    for (const [pid, ticks] of deltas) {
      const comm = to.processes.get(pid)?.comm ?? '?';
      if (ticks > 0) byName.set(comm, (byName.get(comm) ?? 0) + ticks / TICKS_PER_SECOND / seconds);
    }
    return [...byName].sort((a, b) => b[1] - a[1]).slice(0, 3);
  }

  /** Starts measuring; the returned function ends it and gives the CPU and database activity. */
  async begin(): Promise<() => Promise<{ cpu: BirthCpu; database: DatabaseActivity }>> {
    const names = [...this.#pids.keys()];
    const roles = async (): Promise<Map<number, string>> => {
      if (!this.#cpu.postgresIsLocal) return new Map();
      const { rows } = await this.#monitor.query<{ pid: number; name: string }>(
        'SELECT pid, application_name AS name FROM pg_stat_activity WHERE application_name = ANY($1)',
        [names],
      );
      return new Map(rows.map((row) => [row.pid, row.name]));
    };
    const serviceTicks = () => new Map([...this.#pids].map(([name, pid]) => [name, processStat(pid)?.ticks]));
    const fromServices = serviceTicks();
    const fromKernel = kernelTicks();
    const from = this.#cpu.snapshot(await roles());
    const fromAt = performance.now();

    // The database side: sampled every 250 ms while the interval lasts.
    const active: Record<string, number> = {};
    const lockWaiting: Record<string, number> = {};
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await this.#monitor.query<{ name: string; active: number; waiting: number }>(
          `SELECT application_name AS name,
                  count(*) FILTER (WHERE state = 'active')::int AS active,
                  count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock')::int AS waiting
           FROM pg_stat_activity WHERE application_name = ANY($1) GROUP BY 1`,
          [names],
        );
        samples += 1;
        for (const row of rows) {
          active[row.name] = (active[row.name] ?? 0) + row.active;
          lockWaiting[row.name] = (lockWaiting[row.name] ?? 0) + row.waiting;
        }
        await sleep(250);
      }
    })();

    return async () => {
      sampling = false;
      await sampler;
      const to = this.#cpu.snapshot(await roles());
      const toServices = serviceTicks();
      const toKernel = kernelTicks();
      const seconds = (performance.now() - fromAt) / 1000;
      const measured = CpuMeter.between(from, to);
      // CpuMeter sums the postmaster and its live backends; the services' pools close idle
      // connections, and a backend that ends takes its ticks out of that sum (the figure can
      // even go negative). Its time is in the postmaster's children time, so count that too.
      const postgresTicks = (snapshot: KernelTicks | undefined) => {
        const root = this.#postgresPid === undefined ? undefined : snapshot?.processes.get(this.#postgresPid);
        if (!snapshot || !root) return undefined;
        let total = root.ticks + root.childTicks;
        for (const stat of snapshot.processes.values())
          if (stat.ppid === this.#postgresPid) total += stat.ticks;
        return total;
      };
      const pgFrom = postgresTicks(fromKernel);
      const pgTo = postgresTicks(toKernel);
      const base: CpuUse = {
        ...measured,
        postgres:
          pgFrom === undefined || pgTo === undefined
            ? measured.postgres
            : (pgTo - pgFrom) / TICKS_PER_SECOND / seconds,
      };
      const services: Record<string, number> = {};
      for (const [name, ticks] of toServices) {
        const before = fromServices.get(name);
        if (ticks !== undefined && before !== undefined) {
          services[name] = (ticks - before) / TICKS_PER_SECOND / seconds;
        }
      }
      const serviceSum = Object.values(services).reduce((sum, value) => sum + value, 0);
      const kernelTotal = fromKernel && toKernel ? toKernel.total - fromKernel.total : 0;
      const share = (field: 'irq' | 'steal') =>
        fromKernel && toKernel && kernelTotal > 0
          ? ((toKernel[field] - fromKernel[field]) / kernelTotal) * os.availableParallelism()
          : undefined;
      const irq = share('irq');
      const steal = share('steal');
      const kernel =
        fromKernel && toKernel && irq !== undefined
          ? irq + (toKernel.threads - fromKernel.threads) / TICKS_PER_SECOND / seconds
          : undefined;
      const rest =
        base.machine === undefined ||
        base.kafka === undefined ||
        base.postgres === undefined ||
        kernel === undefined ||
        steal === undefined
          ? undefined
          : Math.max(0, base.machine - base.bench - base.kafka - base.postgres - serviceSum - kernel - steal);
      const mean = (totals: Record<string, number>) =>
        Object.fromEntries(names.map((name) => [name, samples > 0 ? (totals[name] ?? 0) / samples : 0]));
      const others = fromKernel && toKernel ? this.#others(fromKernel, toKernel, seconds) : [];
      return {
        cpu: { ...base, services, kernel, steal, rest, others },
        database: { samples, active: mean(active), lockWaiting: mean(lockWaiting) },
      };
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The run

export interface RunBirthOptions {
  readonly system: BirthSystem;
  readonly brokers: readonly string[];
  /** Kafka came from the environment: delete the consumer group afterwards. */
  readonly sharedKafka: boolean;
  readonly runId: string;
  readonly settings: BirthSettings;
  readonly cpu: CpuMeter;
  /** Pids of the local Kafka JVM and postmaster (undefined when they came from the environment). */
  readonly infrastructurePids: { readonly kafka: number | undefined; readonly postgres: number | undefined };
  /** performance.now() by which the measurements must be over (shutdown comes after). */
  readonly deadline: number;
  readonly onProgress: (line: string) => void;
}

/** Time the open-loop steps leave for the burst after them (a warm system takes 10–20 s for 300). */
const BURST_RESERVE_MS = 35_000;

export async function runBirth(options: RunBirthOptions): Promise<BirthRun> {
  const { system, settings, onProgress } = options;
  const follower = new StatusFollower(options.brokers, `lienthong-bench-birth-${options.runId}`);
  const monitor = new pg.Client({ connectionString: system.databaseUrl, application_name: 'bench-monitor' });
  monitor.on('error', () => {});
  await monitor.connect();
  const guard = <T>(work: Promise<T>): Promise<T> => Promise.race([work, system.crashed]);
  try {
    await guard(follower.start());
    const meter = new Meter(options.cpu, system.pids, options.infrastructurePids, monitor);
    const post = submitter(system.url('saga-coordinator'), system.portalToken, options.runId);
    const accepted: Tracked[] = [];
    const remaining = () => options.deadline - performance.now();

    // Prime: a few dossiers at once, awaited, before anything is measured.
    const { rate: warmupRate, ms: warmupMs } = settings.systemWarmup;
    onProgress(`system warm-up: ${warmupMs / 1000} s at ${warmupRate} dossiers/s, not measured, awaited`);
    const warmupCount = Math.round((warmupMs / 1000) * warmupRate);
    const warmupStart = Date.now();
    const warming: Promise<Tracked | undefined>[] = [];
    for (let i = 0; i < warmupCount; i += 1) {
      const dueAt = warmupStart + (i * 1000) / warmupRate;
      await guard(sleepUntil(dueAt));
      warming.push(post.submit(dueAt));
    }
    const warmed = (await guard(Promise.all(warming))).flatMap((tracked) => (tracked ? [tracked] : []));
    accepted.push(...warmed);
    await guard(
      waitUntil(() => warmed.every((tracked) => follower.finished(tracked.id)), settings.finishLimitMs, 50),
    );
    const systemWarmup = {
      rate: warmupRate,
      seconds: warmupMs / 1000,
      count: warmupCount,
      completed: warmed.filter((tracked) => follower.completedAt.has(tracked.id)).length,
      latency: summarize(latencies(warmed, follower)),
    };
    onProgress(
      `  ${systemWarmup.completed}/${systemWarmup.count} completed, latency p50 ${formatMs(systemWarmup.latency.p50)} ms ` +
        `max ${formatMs(systemWarmup.latency.max)} ms`,
    );

    const steps: OpenStepResult[] = [];
    const skippedLoads: number[] = [];
    for (const [index, target] of settings.loads.entries()) {
      const stepMs = settings.warmupMs + settings.measureMs;
      if (remaining() < stepMs + 15_000) {
        skippedLoads.push(...settings.loads.slice(index));
        onProgress(`time budget spent: skipping ${settings.loads.slice(index).join(', ')} dossiers/s`);
        break;
      }
      onProgress(
        `step ${index + 1}/${settings.loads.length}: ${target} dossiers/s, ` +
          `${settings.warmupMs / 1000} s warm-up + ${settings.measureMs / 1000} s measured`,
      );
      const later = settings.loads.length - index - 1;
      const finishLimitMs = Math.max(
        10_000,
        Math.min(
          settings.finishLimitMs,
          remaining() - stepMs - later * (stepMs + 5_000) - (settings.burst > 0 ? BURST_RESERVE_MS : 0),
        ),
      );
      const step = await guard(runOpenStep({ target, settings, post, follower, meter, finishLimitMs }));
      accepted.push(...step.tracked);
      steps.push(step.result);
      onProgress(describeOpenStep(step.result));
    }

    // The burst last, on a warm system (after 150 warm-up dossiers the JITs are not done yet, and a
    // reconnecting province meets a running system); the steps before it keep time for it.
    let burst: BurstResult | undefined;
    if (settings.burst > 0 && remaining() > 20_000) {
      onProgress(`burst: ${settings.burst} dossiers submitted at once`);
      const finishLimitMs = Math.max(10_000, Math.min(settings.finishLimitMs, remaining()));
      const result = await guard(runBurst({ count: settings.burst, post, follower, meter, finishLimitMs }));
      accepted.push(...result.tracked);
      burst = result.result;
      onProgress(describeBurst(burst));
    } else if (settings.burst > 0) {
      onProgress('time budget spent: no burst');
    }

    onProgress('cross-check: GET of some dossiers, and the coordinator’s table');
    const crossCheck = await guard(
      crossCheckDossiers({
        system,
        monitor,
        follower,
        accepted,
        samples: pickSamples(steps.length, settings.crossChecksPerStep, accepted),
      }),
    );
    onProgress(
      `  ${crossCheck.ok}/${crossCheck.checked} checked dossiers complete with every result; ` +
        `coordinator table ${JSON.stringify(crossCheck.byStatusInDatabase)}, ` +
        `${crossCheck.completedEventsSeen} completed events seen for ${crossCheck.submittedAccepted} accepted submissions`,
    );
    for (const problem of crossCheck.problems) onProgress(`  problem: ${problem}`);
    if (post.errors.length > 0) {
      onProgress(`${post.errors.length} submissions failed; first: ${post.errors.slice(0, 3).join(' | ')}`);
    }
    return { systemWarmup, steps, skippedLoads, burst, crossCheck, eventsConsumed: follower.consumed };
  } finally {
    await follower.stop(options.sharedKafka).catch(() => {});
    await monitor.end().catch(() => {});
  }
}

function latencies(tracked: readonly Tracked[], follower: StatusFollower): number[] {
  return tracked.flatMap((one) => {
    const at = follower.completedAt.get(one.id);
    return at === undefined ? [] : [at - one.respondedAt];
  });
}

interface OpenStepInput {
  readonly target: number;
  readonly settings: BirthSettings;
  readonly post: Submitter;
  readonly follower: StatusFollower;
  readonly meter: Meter;
  readonly finishLimitMs: number;
}

/**
 * Open loop: dossier i is due at start + i / rate and is sent then, whatever happened to the
 * earlier ones (each POST on its own, concurrently).
 */
async function runOpenStep(input: OpenStepInput): Promise<{ result: OpenStepResult; tracked: Tracked[] }> {
  const { target, settings, post, follower, meter } = input;
  const total = Math.round(((settings.warmupMs + settings.measureMs) / 1000) * target);
  const warmupCount = Math.round((settings.warmupMs / 1000) * target);
  const startedAt = Date.now();
  const pending: Promise<Tracked | undefined>[] = [];
  const windowDossiers: Promise<Tracked | undefined>[] = [];
  let endMeasure: Awaited<ReturnType<Meter['begin']>> | undefined;
  let windowStart = 0;
  const slips: number[] = [];
  for (let i = 0; i < total; i += 1) {
    const dueAt = startedAt + (i * 1000) / target;
    if (i === warmupCount) {
      await sleepUntil(dueAt);
      windowStart = Date.now();
      endMeasure = await meter.begin();
    }
    await sleepUntil(dueAt);
    slips.push(Date.now() - dueAt);
    const submission = post.submit(dueAt);
    pending.push(submission);
    if (i >= warmupCount) windowDossiers.push(submission);
  }
  // The window ends one interval after the last due time (the last dossier's own slot).
  await sleepUntil(startedAt + (total * 1000) / target);
  const windowEnd = Date.now();
  const measured = endMeasure ? await endMeasure() : undefined;
  const tracked = (await Promise.all(pending)).flatMap((one) => (one ? [one] : []));
  const inWindow = (await Promise.all(windowDossiers)).flatMap((one) => (one ? [one] : []));
  const lastSubmitted = Date.now();
  const inFlightAtEnd = tracked.filter((one) => !follower.finished(one.id)).length;
  const finished = await waitUntil(
    () => tracked.every((one) => follower.finished(one.id)),
    input.finishLimitMs,
    50,
  );
  const finishedAfterMs = finished ? Date.now() - lastSubmitted : undefined;

  const windowSeconds = (windowEnd - windowStart) / 1000;
  let completedInWindow = 0;
  for (const at of follower.completedAt.values())
    if (at >= windowStart && at <= windowEnd) completedInWindow += 1;
  // The thirds by schedule: the window's dossiers were due from its first slot to its last.
  const firstDue = startedAt + (warmupCount * 1000) / target;
  const endDue = startedAt + (total * 1000) / target;
  const third = (endDue - firstDue) / 3;
  const p50Of = (from: number, to: number) =>
    summarize(
      latencies(
        inWindow.filter((one) => one.dueAt >= from && one.dueAt < to),
        follower,
      ),
    ).p50;
  return {
    tracked,
    result: {
      target,
      warmupSeconds: settings.warmupMs / 1000,
      windowSeconds,
      submitted: total,
      acceptedPerSecond: inWindow.length / windowSeconds,
      submitErrors: total - tracked.length,
      sendSlipP99Ms: summarize(slips).p99,
      submitRoundTrip: summarize(inWindow.map((one) => one.respondedAt - one.sentAt)),
      completedPerSecond: completedInWindow / windowSeconds,
      latency: summarize(latencies(inWindow, follower)),
      p50FirstThird: p50Of(firstDue, firstDue + third),
      p50LastThird: p50Of(endDue - third, endDue),
      inFlightAtEnd,
      finishedAfterMs,
      finishLimitMs: input.finishLimitMs,
      notCompleted: follower.unfinished(tracked.map((one) => one.id)),
      cpu: measured?.cpu ?? emptyCpu(),
      database: measured?.database ?? { samples: 0, active: {}, lockWaiting: {} },
    },
  };
}

async function runBurst(input: {
  readonly count: number;
  readonly post: Submitter;
  readonly follower: StatusFollower;
  readonly meter: Meter;
  readonly finishLimitMs: number;
}): Promise<{ result: BurstResult; tracked: Tracked[] }> {
  const { count, post, follower, meter } = input;
  const endMeasure = await meter.begin();
  const firstSent = Date.now();
  const tracked = (await Promise.all(Array.from({ length: count }, () => post.submit(firstSent)))).flatMap(
    (one) => (one ? [one] : []),
  );
  const acceptedAllAfterMs =
    tracked.length > 0 ? Math.max(...tracked.map((one) => one.respondedAt)) - firstSent : Number.NaN;
  const finished = await waitUntil(
    () => tracked.every((one) => follower.finished(one.id)),
    input.finishLimitMs,
    50,
  );
  const measured = await endMeasure();
  const completions = tracked.flatMap((one) => {
    const at = follower.completedAt.get(one.id);
    return at === undefined ? [] : [at];
  });
  const lastCompletion = Math.max(...completions);
  const allCompleted = finished && completions.length === count;
  return {
    tracked,
    result: {
      count,
      submitErrors: count - tracked.length,
      acceptedAllAfterMs,
      submitRoundTrip: summarize(tracked.map((one) => one.respondedAt - one.sentAt)),
      completedAllAfterMs: allCompleted ? lastCompletion - firstSent : undefined,
      completedPerSecond:
        completions.length > 0 ? completions.length / ((lastCompletion - firstSent) / 1000) : 0,
      latency: summarize(latencies(tracked, follower)),
      finishLimitMs: input.finishLimitMs,
      notCompleted: follower.unfinished(tracked.map((one) => one.id)),
      cpu: measured.cpu,
      database: measured.database,
    },
  };
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
}

function emptyCpu(): BirthCpu {
  return {
    machine: undefined,
    bench: 0,
    kafka: undefined,
    postgres: undefined,
    postgresByRole: {},
    other: undefined,
    services: {},
    kernel: undefined,
    steal: undefined,
    rest: undefined,
    others: [],
  };
}

/** Indexes into `accepted` to read back: a few per step, spread out, and a few of the burst. */
function pickSamples(stepCount: number, perStep: number, accepted: readonly Tracked[]): number[] {
  const total = accepted.length;
  const wanted = Math.max(1, (stepCount + 1) * perStep + 2);
  const picks = new Set<number>();
  for (let i = 0; i < wanted && total > 0; i += 1)
    picks.add(Math.min(total - 1, Math.floor((i * total) / wanted)));
  if (total > 0) picks.add(total - 1);
  return [...picks];
}

async function crossCheckDossiers(input: {
  readonly system: BirthSystem;
  readonly monitor: pg.Client;
  readonly follower: StatusFollower;
  readonly accepted: readonly Tracked[];
  readonly samples: readonly number[];
}): Promise<CrossCheck> {
  const { system, accepted } = input;
  const problems: string[] = [];
  let ok = 0;
  for (const index of input.samples) {
    const one = accepted[index];
    if (!one) continue;
    const response = await fetch(`${system.url('saga-coordinator')}/v1/dossiers/${one.id}`, {
      headers: { authorization: `Bearer ${system.portalToken}` },
    });
    if (!response.ok) {
      problems.push(`GET ${one.id}: ${response.status}`);
      continue;
    }
    const view = (await response.json()) as {
      status: string;
      steps: { service: string; status: string }[];
      results: Record<string, unknown>;
    };
    const missing = [
      'personalId',
      'birthCertificateNumber',
      'birthCertificateExtract',
      'residenceRecordNumber',
      'healthInsuranceCardNumber',
    ].filter((key) => view.results[key] === undefined || view.results[key] === null);
    const steps = view.steps.filter((step) => step.status === 'succeeded').length;
    if (view.status === 'completed' && steps === 3 && missing.length === 0) ok += 1;
    else
      problems.push(
        `${one.id}: ${view.status}, ${steps}/3 steps succeeded${missing.length > 0 ? `, missing ${missing.join(', ')}` : ''}`,
      );
  }
  const { rows } = await input.monitor.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM saga_coordinator.dossiers GROUP BY status ORDER BY status',
  );
  const ids = new Set(accepted.map((one) => one.id));
  let completedEventsSeen = 0;
  for (const id of input.follower.completedAt.keys()) if (ids.has(id)) completedEventsSeen += 1;
  return {
    checked: input.samples.length,
    ok,
    problems,
    byStatusInDatabase: Object.fromEntries(rows.map((row) => [row.status, row.n])),
    completedEventsSeen,
    submittedAccepted: accepted.length,
  };
}

export function describeOpenStep(step: OpenStepResult): string {
  return (
    `  accepted ${step.acceptedPerSecond.toFixed(1)}/s, completed ${step.completedPerSecond.toFixed(1)}/s, ` +
    `latency p50 ${formatMs(step.latency.p50)} ms p99 ${formatMs(step.latency.p99)} ms max ${formatMs(step.latency.max)} ms ` +
    `(p50 first/last third ${formatMs(step.p50FirstThird)}/${formatMs(step.p50LastThird)} ms), ` +
    `POST p50 ${formatMs(step.submitRoundTrip.p50)} ms; ${step.inFlightAtEnd} in flight at the end, ` +
    (step.finishedAfterMs === undefined
      ? `${step.notCompleted.count} not finished after ${step.finishLimitMs / 1000} s`
      : `all finished ${(step.finishedAfterMs / 1000).toFixed(1)} s after the last submission`) +
    (step.notCompleted.count > 0 ? `; not completed: ${JSON.stringify(step.notCompleted.byStatus)}` : '') +
    `; CPU machine ${cores(step.cpu.machine)}, other processes ${cores(step.cpu.rest)}` +
    (step.cpu.others.length > 0
      ? ` (${step.cpu.others.map(([name, value]) => `${name} ${value.toFixed(2)}`).join(', ')})`
      : '')
  );
}

export function describeBurst(burst: BurstResult): string {
  return (
    `  all accepted after ${(burst.acceptedAllAfterMs / 1000).toFixed(1)} s, ` +
    (burst.completedAllAfterMs === undefined
      ? `${burst.notCompleted.count} not completed after ${burst.finishLimitMs / 1000} s`
      : `all completed after ${(burst.completedAllAfterMs / 1000).toFixed(1)} s`) +
    ` (${burst.completedPerSecond.toFixed(1)}/s), latency p50 ${formatMs(burst.latency.p50)} ms ` +
    `p99 ${formatMs(burst.latency.p99)} ms max ${formatMs(burst.latency.max)} ms; CPU machine ${cores(burst.cpu.machine)}, ` +
    `other processes ${cores(burst.cpu.rest)}`
  );
}

// ---------------------------------------------------------------------------------------------
// The report

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

export interface BirthReport {
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
  readonly settings: BirthSettings;
  readonly run: BirthRun;
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  'population-registry': 'population',
  'birth-registration': 'civil status',
  'saga-coordinator': 'coordinator',
  residence: 'residence',
  'health-insurance': 'health ins.',
};
const shortName = (name: string) => SHORT_NAMES[name] ?? name;
const cores = (value: number | undefined) => (value === undefined ? '?' : value.toFixed(2));
const seconds = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? '–' : `${(ms / 1000).toFixed(1)} s`;
const perSecond = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const statuses = (unfinished: Unfinished) =>
  unfinished.count === 0
    ? '0'
    : `${unfinished.count} (${Object.entries(unfinished.byStatus)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ')})`;

export function renderBirthSection(report: BirthReport): string {
  const { machine, settings, run } = report;
  const names = SERVICES.map((spec) => spec.name);
  const when = `${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const lines: string[] = [];
  lines.push('## Birth "3-in-1" end to end: submission → `completed`', '');
  lines.push(
    `_Rewritten by every \`npm run bench:birth\`. This run: ${when}, \`${report.command}\`` +
      `${report.quick ? ' (quick smoke run: short steps, figures rough)' : ''}, ${Math.round(report.durationMs / 1000)} s in all._`,
    '',
  );
  lines.push(
    '```sh',
    'npm run bench:birth                  # full run, about four minutes; rewrites this section',
    'npm run bench:birth -- --quick       # smoke run with short steps (the section says so)',
    'npm run bench:birth -- --no-write    # print the section, leave this file alone',
    'npm run bench:birth -- --loads 15,20,25 --burst 300 --measure 30   # other steps',
    '```',
    '',
    'Kafka and Postgres as for `npm run bench` (the ones `KAFKA_BROKERS` / `DATABASE_URL` name, else fresh local ' +
      'processes in `.local/bench/`, durable Postgres settings; the two benchmarks take turns). The run keeps to a ' +
      'time budget, ends by itself and stops everything it started. It asserts nothing about speed.',
    '',
  );
  lines.push(
    'The whole system on one machine: the five services as processes, started exactly as `npm start` ' +
      'starts them (same entry points and variables, `LOG_LEVEL=' +
      report.serviceLogLevel +
      '`, default settings otherwise), one Kafka broker and one Postgres server, all fresh. ' +
      'Each dossier is `examples/dossiers/birth-3-in-1.json` with only the child’s name made unique, ' +
      'submitted with `POST /v1/dossiers`; it takes three agency steps (civil status with the population ' +
      'database’s parents lookup and personal-ID request over HTTP, residence, health insurance), ' +
      'about 15 Kafka messages and 10 transactions. Completion is followed on `lienthong.dossier.events` ' +
      '(a consumer group of the benchmark’s own), not by polling the API.',
    '',
  );
  lines.push(
    table(
      ['', ''],
      [
        ['Machine', `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM`],
        ['OS', `${machine.os} (${machine.kernel})`],
        ['Load average at start', `${machine.loadAverage.join(', ')} (1, 5, 15 min)`],
        ...(report.dataFilesystem ? [['Data on', report.dataFilesystem]] : []),
        ['Node', machine.node],
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
      'The loads run in rising order after a system warm-up, and the burst (below) after them. The warm-up: ' +
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

  const { burst } = run;
  if (burst) {
    lines.push(`### Burst: ${burst.count} dossiers at once`, '');
    lines.push(
      'What a province reconnecting after an outage sends: every POST fired together, then the time until ' +
        'the last one completed. It runs last, once the open-loop loads have drained, on a warm system.',
      '',
    );
    lines.push(
      table(
        [
          'Dossiers',
          'All accepted after',
          'All completed after',
          'Completed /s',
          'p50 ms',
          'p99 ms',
          'max ms',
          'POST p50 / p99 ms',
          'Not completed',
        ],
        [
          [
            String(burst.count),
            seconds(burst.acceptedAllAfterMs),
            burst.completedAllAfterMs === undefined
              ? `not within ${seconds(burst.finishLimitMs)}`
              : seconds(burst.completedAllAfterMs),
            perSecond(burst.completedPerSecond),
            formatMs(burst.latency.p50),
            formatMs(burst.latency.p99),
            formatMs(burst.latency.max),
            `${formatMs(burst.submitRoundTrip.p50)} / ${formatMs(burst.submitRoundTrip.p99)}`,
            statuses(burst.notCompleted) +
              (burst.submitErrors > 0 ? `; ${burst.submitErrors} POSTs failed` : ''),
          ],
        ],
        'rrrrrrrrl',
      ),
      '',
    );
    lines.push(
      'Completed /s here is completed dossiers ÷ (first POST sent → last completion); latency is from each 202, ' +
        'so time spent queueing for the API is in the POST column, time queueing behind the other dossiers in the latency.',
      '',
    );
  }

  const intervals: [string, BirthCpu, DatabaseActivity][] = [
    ...run.steps.map((step): [string, BirthCpu, DatabaseActivity] => [
      `${step.target}/s`,
      step.cpu,
      step.database,
    ]),
    ...(burst
      ? [[`burst of ${burst.count}`, burst.cpu, burst.database] as [string, BirthCpu, DatabaseActivity]]
      : []),
  ];
  lines.push('### Where the time goes', '');
  lines.push(
    'CPU in cores kept busy (1.00 = one core) from `/proc`, over each measured window (the burst: from the first ' +
      'POST to the last completion): the machine, the benchmark process (submitting and following the events), ' +
      'Kafka, Postgres with all its backends, each service’s Node process, the kernel (interrupts and softirqs, ' +
      'which carry the loopback TCP traffic, and kernel threads such as the ext4 journal behind every fsync), ' +
      'time the hypervisor took for other guests (steal), and other processes.',
    '',
  );
  lines.push(
    table(
      [
        'Interval',
        'Machine',
        'Bench',
        'Kafka',
        'Postgres',
        ...names.map(shortName),
        'Kernel',
        'Steal',
        'Other',
      ],
      intervals.map(([label, cpu]) => [
        label,
        cores(cpu.machine),
        cores(cpu.bench),
        cores(cpu.kafka),
        cores(cpu.postgres),
        ...names.map((name) => cores(cpu.services[name])),
        cores(cpu.kernel),
        cores(cpu.steal),
        cores(cpu.rest),
      ]),
      'lrrrrrrrrrrrr',
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
      intervals.map(([label, cpu, database]) => [
        label,
        ...names.map(
          (name) =>
            `${(database.active[name] ?? 0).toFixed(2)} / ${(database.lockWaiting[name] ?? 0).toFixed(2)} / ${cores(cpu.postgresByRole[name])}`,
        ),
      ]),
      'lrrrrr',
    ),
    '',
  );

  lines.push('### Checks', '');
  const check = run.crossCheck;
  const problems = [...report.logProblems].filter(([, n]) => n > 0);
  lines.push(
    `- Read back with \`GET /v1/dossiers/{id}\`: ${check.ok} of ${check.checked} dossiers spread over the run completed ` +
      'with three succeeded steps and every result (personal ID, birth certificate number and signed extract, ' +
      `residence record, health-insurance card)${check.problems.length > 0 ? `; problems: ${check.problems.join('; ')}` : ''}.`,
    `- The coordinator’s \`dossiers\` table at the end: ${Object.entries(check.byStatusInDatabase)
      .map(([status, n]) => `${n} ${status}`)
      .join(
        ', ',
      )}; \`completed\` events seen for ${check.completedEventsSeen} of the ${check.submittedAccepted} accepted submissions.`,
    `- Warnings and errors the services logged during the run: ${
      problems.length === 0 ? 'none' : problems.map(([name, n]) => `${name} ${n}`).join(', ')
    }.`,
    '',
  );

  lines.push('### What this run shows', '');
  lines.push(...birthObservations(report).map((line) => `- ${line}`));
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
function busiestService(cpu: BirthCpu): string {
  const [name, value] = Object.entries(cpu.services).reduce<[string, number]>(
    (top, entry) => (entry[1] > top[1] ? entry : top),
    ['?', 0],
  );
  return value >= 0.8
    ? ` ${name} used ${value.toFixed(2)} cores: its event loop is close to saturated.`
    : ` No Node service came near a full core (the busiest, ${name}, used ${value.toFixed(2)}).`;
}

/** Facts computed from the figures; the judgement is left to the reader. */
function birthObservations(report: BirthReport): string[] {
  const { run, machine } = report;
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
      ? `Sustained: ${perSecond(best.completedPerSecond)} completed 3-in-1 sagas per second at an offered ${best.target}/s, ` +
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
  if (run.burst) {
    const { burst } = run;
    const bestWindow = Math.max(0, ...run.steps.map((step) => step.completedPerSecond));
    notes.push(
      `The burst of ${burst.count}, every dossier queued at once, went through at ${perSecond(burst.completedPerSecond)} ` +
        `completed dossiers per second (${burst.completedAllAfterMs === undefined ? `${burst.notCompleted.count} not completed in time` : `the last after ${seconds(burst.completedAllAfterMs)}`}), ` +
        `against at most ${perSecond(bestWindow)}/s completed during an open-loop window.`,
    );
  }
  const intervals = [...run.steps.map((step) => step.cpu), ...(run.burst ? [run.burst.cpu] : [])];
  const busiest = intervals.reduce<BirthCpu | undefined>(
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
    (step.database.lockWaiting['birth-registration'] ?? 0).toFixed(2);
  const firstOver = best ? nextOver(run.steps, best) : run.steps.find((step) => keptUp(step) !== 'yes');
  if (firstOver) {
    notes.push(
      `Signs of the limit: at ${firstOver.target}/s the machine was at ${cores(firstOver.cpu.machine)} of ${machine.cores} cores ` +
        `and ${lockWaits(firstOver)} civil-status transactions on average were waiting for a lock` +
        (best
          ? `; at ${best.target}/s, ${cores(best.cpu.machine)} cores and ${lockWaits(best)} waiting.`
          : '.') +
        busiestService(firstOver.cpu),
    );
  }
  const waiting = Math.max(
    0,
    ...[...run.steps.map((step) => step.database), ...(run.burst ? [run.burst.database] : [])].map(
      (database) => database.lockWaiting['birth-registration'] ?? 0,
    ),
  );
  notes.push(
    'Every dossier has the same mother and the same commune (only the child’s name varies). The civil-status ' +
      'service takes a per-mother advisory lock for the whole registration transaction (duplicate check, the two ' +
      'population-database calls, the extract, the commit) and a per-commune certificate number sequence, so ' +
      'here every birth registration waits for the previous one: a worst case for that step, which real traffic ' +
      `from many mothers and communes does not have (mean civil-status backends waiting for a lock, highest interval: ${waiting.toFixed(2)}).`,
  );
  const labelled: [string, BirthCpu][] = [
    ...run.steps.map((step): [string, BirthCpu] => [`${step.target}/s`, step.cpu]),
    ...(run.burst ? [['the burst', run.burst.cpu] as [string, BirthCpu]] : []),
  ];
  const disturbed = labelled.filter(([, cpu]) => (cpu.rest ?? 0) >= DISTURBED_CORES);
  if (disturbed.length > 0) {
    notes.push(
      'Processes outside this run were busy: ' +
        disturbed
          .map(
            ([label, cpu]) =>
              `${cores(cpu.rest)} cores at ${label}` +
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

/** Replaces the birth section of `file` (creating the file if needed), keeping everything else. */
export async function writeBirthSection(file: string, body: string): Promise<void> {
  const current = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n';
  await writeFile(file, replaceSection(current, BIRTH_SECTION, body));
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Server version and durability settings, as the services' Postgres has them. */
export async function postgresFacts(
  url: string,
): Promise<{ version: string; settings: Record<string, string> }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
       WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method')
       ORDER BY name`,
    );
    const settings = Object.fromEntries(rows.map((row) => [row.name, row.setting]));
    const version = settings.server_version ?? '?';
    delete settings.server_version;
    return { version, settings };
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
