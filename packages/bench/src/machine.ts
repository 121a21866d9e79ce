import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly kernel: string;
  readonly node: string;
}

export function describeMachine(): MachineInfo {
  const cpuModel =
    /^model name\s*:\s*(.+)$/m.exec(readOr('/proc/cpuinfo', ''))?.[1]?.trim() ?? os.cpus()[0]?.model ?? '?';
  const prettyName = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readOr('/etc/os-release', ''))?.[1];
  return {
    cpuModel,
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: prettyName ?? `${os.type()} ${os.release()}`,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
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
  readonly machine: { busy: number; total: number } | undefined;
  /** This Node process, in microseconds (all its threads). */
  readonly self: NodeJS.CpuUsage;
  readonly kafkaTicks: number | undefined;
  readonly postgresTicks: number | undefined;
}

/** Cores kept busy over an interval: 1.0 is one core fully used. */
export interface CpuUse {
  readonly machine: number | undefined;
  readonly bench: number;
  readonly kafka: number | undefined;
  readonly postgres: number | undefined;
}

/**
 * Samples CPU time from /proc: the whole machine, this process (the benchmark's generator,
 * relay and consumer all run here), the Kafka JVM and the Postgres server with its backends
 * (when they are local processes whose pids are known).
 */
export class CpuMeter {
  readonly #kafkaPid: number | undefined;
  readonly #postgresPid: number | undefined;

  constructor(pids: { kafka?: number | undefined; postgres?: number | undefined }) {
    this.#kafkaPid = pids.kafka;
    this.#postgresPid = pids.postgres;
  }

  snapshot(): CpuSnapshot {
    return {
      at: performance.now(),
      machine: machineTicks(),
      self: process.cpuUsage(),
      kafkaTicks: this.#kafkaPid === undefined ? undefined : processTicks(this.#kafkaPid),
      postgresTicks: this.#postgresPid === undefined ? undefined : treeTicks(this.#postgresPid),
    };
  }

  static between(from: CpuSnapshot, to: CpuSnapshot): CpuUse {
    const seconds = (to.at - from.at) / 1000;
    const cores = (ticks: number | undefined, earlier: number | undefined): number | undefined =>
      ticks === undefined || earlier === undefined ? undefined : (ticks - earlier) / TICKS_PER_SECOND / seconds;
    const used = to.self.user + to.self.system - (from.self.user + from.self.system);
    return {
      machine:
        from.machine && to.machine && to.machine.total > from.machine.total
          ? ((to.machine.busy - from.machine.busy) / (to.machine.total - from.machine.total)) *
            Number(os.availableParallelism())
          : undefined,
      bench: used / 1e6 / seconds,
      kafka: cores(to.kafkaTicks, from.kafkaTicks),
      postgres: cores(to.postgresTicks, from.postgresTicks),
    };
  }
}

function machineTicks(): { busy: number; total: number } | undefined {
  const line = readOr('/proc/stat', '').split('\n')[0] ?? '';
  if (!line.startsWith('cpu ')) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
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
