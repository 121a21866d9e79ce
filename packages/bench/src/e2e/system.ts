// The whole system for an end-to-end benchmark: every service a process, as `npm start` runs
// them, against a fresh database and the given Kafka, with development tokens of its own.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDevIssuer } from '@lienthong/auth';
import {
  freePort,
  SERVICES,
  startServiceProcess,
  waitUntilReady,
  type RunningServiceProcess,
} from '@lienthong/devenv';
import { withClient } from '../util.ts';

export interface E2eSystem {
  readonly databaseUrl: string;
  /** Bearer token with `dossiers:write dossiers:read`. */
  readonly portalToken: string;
  /** Bearer token of a civil-status officer (`agency:civil-status`): annulments at the office. */
  readonly civilStatusToken: string;
  /** The subject of that token, as the registers record who annulled. */
  readonly civilStatusSubject: string;
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

export interface StartSystemOptions {
  /** Names the database and the temporary folder (`bench_<name>_…`). */
  readonly name: string;
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
const CIVIL_STATUS_SUBJECT = 'officer:civil-status-bench';

/**
 * Starts every service of SERVICES as a child process, exactly as `npm start` does (same entry,
 * same environment variables), on free ports, against a fresh database and the given Kafka,
 * with a development token issuer of its own; resolves when each answers /health/ready.
 */
export async function startSystem(options: StartSystemOptions): Promise<E2eSystem> {
  const stateDir = await mkdtemp(path.join(tmpdir(), `lt-bench-${options.name}-`));
  const databaseName = `bench_${options.name}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
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
    const civilStatusToken = await issuer.mint({
      subject: CIVIL_STATUS_SUBJECT,
      scopes: ['agency:civil-status'],
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
      civilStatusToken,
      civilStatusSubject: CIVIL_STATUS_SUBJECT,
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
