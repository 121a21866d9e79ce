import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Asks the OS for a free TCP port by binding port 0, then releases it. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

/** Distinct free ports; the OS may hand out a just-released port twice, hence the retry. */
export async function findFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await findFreePort(host));
  return [...ports];
}

/** The command line of a process, or undefined where /proc is not available. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed orphan that nobody reaps (no init in a container) stays a zombie: it is gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z';
  } catch {
    return true;
  }
}

/**
 * True when `pid` is alive and, where /proc lets us check, its command line contains
 * `needle`: a pid file left by a crash may name a pid the OS has since given to another program.
 */
export function isLiveProcessMatching(pid: number, needle: string): boolean {
  if (!isProcessAlive(pid)) return false;
  const commandLine = processCommandLine(pid);
  return commandLine === undefined || commandLine.includes(needle);
}

/** Polls until `pid` is gone or the deadline passes; true when it is gone. */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(100);
  }
  return true;
}

/**
 * Stops a process that is not our child (so there is no exit event to wait for): `signal`,
 * then SIGKILL when it is still alive after `graceMs`.
 */
export async function terminateProcess(
  pid: number,
  options: { signal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<void> {
  const { signal = 'SIGTERM', graceMs = 20_000 } = options;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  if (await waitForProcessExit(pid, graceMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await waitForProcessExit(pid, 10_000))) throw new Error(`process ${pid} survived SIGKILL`);
}

/**
 * Calls `attempt` until it returns a value other than undefined. Throws when `timeoutMs`
 * passes (with the last error seen) or `signal` aborts.
 */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; what: string; signal?: AbortSignal },
): Promise<T> {
  const { timeoutMs, intervalMs = 250, what, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const result = await attempt();
      if (result !== undefined) return result;
    } catch (error) {
      lastError = error;
    }
    signal?.throwIfAborted();
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${what} not ready after ${timeoutMs} ms${cause}`, { cause: lastError });
    }
    await delay(intervalMs);
  }
}

/** The last `lines` lines of a text file (read from its last 64 KiB), or '' when unreadable. */
export async function tailFile(file: string, lines = 40): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').split('\n').slice(-lines).join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

/** Waits for `promise` at most `timeoutMs`; true when it settled in time. Leaves no timer behind. */
export async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rejects with `message` when `promise` has not settled after `timeoutMs`. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
