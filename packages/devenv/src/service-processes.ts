import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Logger } from './logger.ts';
import type { ServiceSpec } from './services.ts';

export interface RunningServiceProcess {
  readonly spec: ServiceSpec;
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) when the process ends, whoever ended it. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: a crash, for tests. */
  kill(): Promise<void>;
}

export interface StartServiceOptions {
  readonly spec: ServiceSpec;
  readonly port: number;
  readonly env: Record<string, string>;
  /** Receives each log line the service writes (pino JSON), already parsed when possible. */
  readonly onLog?: (service: string, line: string) => void;
}

/** Starts one service as a child process of this one. */
export function startServiceProcess(options: StartServiceOptions): RunningServiceProcess {
  const { spec, port } = options;
  const child = spawn(process.execPath, [spec.entry], {
    env: {
      ...process.env,
      ...options.env,
      SERVICE_NAME: spec.name,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => options.onLog?.(spec.name, line));
  }
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  return { spec, url: `http://127.0.0.1:${port}`, child, exited, stop, kill };
}

/** Polls `/health/ready` until it answers 200; fails early if the process exits. */
export async function waitUntilReady(
  service: RunningServiceProcess,
  options: { timeoutMs?: number; logger?: Logger } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let exited = false;
  void service.exited.then(() => (exited = true));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${service.spec.name} exited before it was ready`);
    try {
      const response = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(3_000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.spec.name} not ready after ${options.timeoutMs ?? 120_000} ms: ${last}`);
}

/** One readable line from a pino JSON log line (or the raw line if it is not JSON). */
export function formatLogLine(service: string, line: string): string {
  const levels: Record<number, string> = {
    10: 'trace',
    20: 'debug',
    30: 'info',
    40: 'WARN',
    50: 'ERROR',
    60: 'FATAL',
  };
  try {
    const entry = JSON.parse(line) as {
      level?: number;
      time?: number;
      msg?: string;
      err?: unknown;
      error?: unknown;
      component?: string;
    };
    const time = new Date(entry.time ?? Date.now()).toISOString().slice(11, 19);
    const level = levels[entry.level ?? 30] ?? String(entry.level);
    const error = entry.err
      ? ` (${typeof entry.err === 'string' ? entry.err : JSON.stringify(entry.err)})`
      : '';
    return `${time} ${service.padEnd(18)} ${level.padEnd(5)} ${entry.msg ?? ''}${error}`;
  } catch {
    return `         ${service.padEnd(18)} ${line}`;
  }
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it), for a service a test or bench starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
