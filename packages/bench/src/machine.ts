import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly kernel: string;
  readonly node: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine shows here. */
  readonly loadAverage: readonly number[];
}

export function describeMachine(): MachineInfo {
  const cpuinfo = readOr('/proc/cpuinfo', '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? '?';
  const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)$/m.exec(cpuinfo)?.[1]);
  const cpuModel = Number.isFinite(mhz) && mhz > 0 ? `${model} @ ${(mhz / 1000).toFixed(2)} GHz` : model;
  const prettyName = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readOr('/etc/os-release', ''))?.[1];
  return {
    cpuModel,
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: prettyName ?? `${os.type()} ${os.release()}`,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/**
 * The rows a benchmark section's machine table starts with: the machine, its OS, the load when
 * the run started, the filesystem under the local data (when there is one) and Node.
 */
export function machineRows(machine: MachineInfo, dataFilesystem: string | undefined): string[][] {
  return [
    ['Machine', `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM`],
    ['OS', `${machine.os} (${machine.kernel})`],
    ['Load average at start', `${machine.loadAverage.join(', ')} (1, 5, 15 min)`],
    ...(dataFilesystem ? [['Data on', dataFilesystem]] : []),
    ['Node', machine.node],
  ];
}

/** "ext4 on /dev/vda" for the folder holding `dir`, or undefined when df cannot tell. */
export function describeFilesystem(dir: string): string | undefined {
  const result = spawnSync('df', ['-PT', dir], { encoding: 'utf8' });
  const fields = result.status === 0 ? result.stdout.trim().split('\n').at(-1)?.split(/\s+/) : undefined;
  return fields && fields.length >= 2 ? `${fields[1]} on ${fields[0]}` : undefined;
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Linux reports process CPU time in clock ticks of 1/100 s on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

interface CpuSnapshot {
  readonly at: number;
  /** Busy and total ticks of the whole machine, all cores summed; undefined off Linux. */
  readonly machine: { busy: number; iowait: number; total: number } | undefined;
  /** This Node process, in microseconds (all its threads). */
  readonly self: NodeJS.CpuUsage;
  readonly eventLoop: ReturnType<typeof performance.eventLoopUtilization>;
  readonly kafkaTicks: number | undefined;
  readonly postgresTicks: number | undefined;
  /** Ticks of the Postgres backends serving each role, by backend pid. */
  readonly backends: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** Cores kept busy over an interval: 1.0 is one core fully used. */
export interface CpuUse {
  readonly machine: number | undefined;
  /** Cores idle while some task waited for the disk (e.g. a WAL flush); not part of `machine`. */
  readonly iowait?: number | undefined;
  readonly bench: number;
  /** Share of the time this process's event loop (its one JavaScript thread) was busy, 0 to 1. */
  readonly eventLoop?: number;
  readonly kafka: number | undefined;
  readonly postgres: number | undefined;
  /** Part of `postgres` spent by the backends serving each role (by application_name). */
  readonly postgresByRole: Readonly<Record<string, number>>;
  /** The machine minus the three above: other processes (when all are known). */
  readonly other: number | undefined;
}

/**
 * Samples CPU time from /proc: the whole machine, this process (the benchmark's generator,
 * relay and consumer all run here), the Kafka JVM and the Postgres server with its backends
 * (when they are local processes whose pids are known), and those backends by role.
 */
export class CpuMeter {
  readonly #kafkaPid: number | undefined;
  readonly #postgresPid: number | undefined;

  constructor(pids: { kafka?: number | undefined; postgres?: number | undefined }) {
    this.#kafkaPid = pids.kafka;
    this.#postgresPid = pids.postgres;
  }

  /** True when Postgres runs here, so its backends' pids can be read in /proc. */
  get postgresIsLocal(): boolean {
    return this.#postgresPid !== undefined;
  }

  /** `roles`: backend pid → role, from pg_stat_activity (only meaningful for a local server). */
  snapshot(roles: ReadonlyMap<number, string> = new Map()): CpuSnapshot {
    const backends = new Map<string, Map<number, number>>();
    if (this.#postgresPid !== undefined) {
      for (const [pid, role] of roles) {
        const ticks = processTicks(pid);
        if (ticks === undefined) continue;
        const byPid = backends.get(role) ?? new Map<number, number>();
        byPid.set(pid, ticks);
        backends.set(role, byPid);
      }
    }
    return {
      at: performance.now(),
      machine: machineTicks(),
      self: process.cpuUsage(),
      eventLoop: performance.eventLoopUtilization(),
      kafkaTicks: this.#kafkaPid === undefined ? undefined : processTicks(this.#kafkaPid),
      postgresTicks: this.#postgresPid === undefined ? undefined : treeTicks(this.#postgresPid),
      backends,
    };
  }

  static between(from: CpuSnapshot, to: CpuSnapshot): CpuUse {
    const seconds = (to.at - from.at) / 1000;
    const cores = (ticks: number | undefined, earlier: number | undefined): number | undefined =>
      ticks === undefined || earlier === undefined
        ? undefined
        : (ticks - earlier) / TICKS_PER_SECOND / seconds;
    const used = to.self.user + to.self.system - (from.self.user + from.self.system);
    const share = (pick: (ticks: { busy: number; iowait: number }) => number): number | undefined =>
      from.machine && to.machine && to.machine.total > from.machine.total
        ? ((pick(to.machine) - pick(from.machine)) / (to.machine.total - from.machine.total)) *
          os.availableParallelism()
        : undefined;
    const machine = share((ticks) => ticks.busy);
    const iowait = share((ticks) => ticks.iowait);
    const bench = used / 1e6 / seconds;
    const kafka = cores(to.kafkaTicks, from.kafkaTicks);
    const postgres = cores(to.postgresTicks, from.postgresTicks);
    const other =
      machine === undefined || kafka === undefined || postgres === undefined
        ? undefined
        : Math.max(0, machine - bench - kafka - postgres);
    const postgresByRole: Record<string, number> = {};
    for (const [role, byPid] of to.backends) {
      let ticks = 0;
      // A backend that was not there at the start was born during the interval: all its time counts.
      for (const [pid, now] of byPid) ticks += now - (from.backends.get(role)?.get(pid) ?? 0);
      postgresByRole[role] = ticks / TICKS_PER_SECOND / seconds;
    }
    const eventLoop = performance.eventLoopUtilization(to.eventLoop, from.eventLoop).utilization;
    return { machine, iowait, bench, eventLoop, kafka, postgres, postgresByRole, other };
  }
}

function machineTicks(): { busy: number; iowait: number; total: number } | undefined {
  const line = readOr('/proc/stat', '').split('\n')[0] ?? '';
  if (!line.startsWith('cpu ')) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, iowait, total: busy + idle + iowait };
}

/** utime + stime of one process, or undefined when it is gone. */
function processTicks(pid: number): number | undefined {
  const stat = statFields(pid);
  return stat ? stat.utime + stat.stime : undefined;
}

/** A process and its direct children (Postgres backends are children of the postmaster). */
function treeTicks(rootPid: number): number | undefined {
  const root = processTicks(rootPid);
  if (root === undefined) return undefined;
  let total = root;
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statFields(Number(name));
    if (stat?.ppid === rootPid) total += stat.utime + stat.stime;
  }
  return total;
}

function statFields(pid: number): { ppid: number; utime: number; stime: number } | undefined {
  const text = readOr(`/proc/${pid}/stat`, '');
  // The command name (field 2) is in parentheses and may contain spaces.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (rest.length < 13) return undefined;
  // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]) };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
