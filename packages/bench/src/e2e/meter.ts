// CPU from /proc (the machine, each service, Kafka, Postgres, the kernel, steal, the rest) and
// the services' Postgres backends sampled from pg_stat_activity, over one measured interval.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type pg from 'pg';
import { CpuMeter, type CpuUse } from '../machine.ts';
import { sleep } from '../util.ts';

/** Cores kept busy over an interval (1.0 = one core), with each service's Node process. */
export interface E2eCpu extends CpuUse {
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

export class Meter {
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
  async begin(): Promise<() => Promise<{ cpu: E2eCpu; database: DatabaseActivity }>> {
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

/** No measurement (an interval that never began). */
export function emptyCpu(): E2eCpu {
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
