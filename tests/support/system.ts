// Starts the whole system as processes (exactly as `npm start` does) against the test Kafka and a
// fresh test database, with development tokens. Each service keeps its own schema.
import { afterAll, beforeAll } from '@jest/globals';
import { createDevIssuer } from '@lienthong/auth';
import {
  freePort,
  SERVICES,
  startServiceProcess,
  waitUntilReady,
  type RunningServiceProcess,
  type ServiceSpec,
} from '@lienthong/devenv';
import { createTestDatabase, testKafkaBrokers } from '@lienthong/devenv/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencyClient, recordsOf } from './agencies.ts';
import { portalClient, type DossierView } from './portal-client.ts';

export interface Tokens {
  readonly portal: string;
  readonly ops: string;
  readonly civilStatus: string;
  readonly residence: string;
  readonly healthInsurance: string;
  readonly funeralBenefit: string;
  readonly socialSecurity: string;
}

export interface RunningSystem {
  readonly tokens: Tokens;
  /** The test database every service keeps its schema in (to check what each recorded). */
  readonly databaseUrl: string;
  url(service: string): string;
  /** SIGKILL: a crash. */
  kill(service: string): Promise<void>;
  /** Starts a stopped or killed service again on the same port, and waits until it is ready. */
  restart(service: string): Promise<void>;
  logs(service: string): readonly string[];
  stop(): Promise<void>;
}

export async function startSystem(
  overrides: Record<string, Record<string, string>> = {},
): Promise<RunningSystem> {
  const stateDir = mkdtempSync(join(tmpdir(), 'lt-system-'));
  const database = await createTestDatabase();
  const issuer = await createDevIssuer({ dir: join(stateDir, 'auth') });
  const mint = (subject: string, scopes: string[]) => issuer.mint({ subject, scopes, ttl: '2h' });
  const tokens: Tokens = {
    portal: await mint('portal', ['dossiers:write', 'dossiers:read']),
    ops: await mint('ops:e2e', ['ops', 'dossiers:read']),
    civilStatus: await mint('officer:civil-status', ['agency:civil-status']),
    residence: await mint('officer:residence', ['agency:residence']),
    healthInsurance: await mint('officer:health-insurance', ['agency:health-insurance']),
    funeralBenefit: await mint('officer:funeral-benefit', ['agency:funeral-benefit']),
    socialSecurity: await mint('officer:social-security', ['agency:social-security']),
  };
  const ports = new Map<string, number>();
  for (const spec of SERVICES) ports.set(spec.name, await freePort());
  const urlOf = (name: string) => `http://127.0.0.1:${ports.get(name) ?? 0}`;
  const logs = new Map<string, string[]>();
  const common = {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    LOG_LEVEL: 'info',
    AUTH_JWKS_FILE: issuer.jwksFile,
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
    // A killed service's partitions move to its restarted self after 6 s, not 30.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
  };
  const running = new Map<string, RunningServiceProcess>();
  const launch = (spec: ServiceSpec) => {
    const service = startServiceProcess({
      spec,
      port: ports.get(spec.name) ?? 0,
      env: { ...common, ...spec.env?.({ urlOf, stateDir }), ...overrides[spec.name] },
      onLog: (name, line) => {
        const lines = logs.get(name) ?? [];
        lines.push(line);
        logs.set(name, lines);
      },
    });
    running.set(spec.name, service);
    return service;
  };
  const specOf = (name: string) => {
    const spec = SERVICES.find((candidate) => candidate.name === name);
    if (!spec) throw new Error(`no service ${name}`);
    return spec;
  };
  for (const spec of SERVICES) launch(spec);
  await Promise.all([...running.values()].map((service) => waitUntilReady(service, { timeoutMs: 120_000 })));

  return {
    tokens,
    databaseUrl: database.url,
    url: urlOf,
    kill: async (name) => {
      await running.get(name)?.kill();
    },
    restart: async (name) => {
      await running.get(name)?.stop();
      await waitUntilReady(launch(specOf(name)), { timeoutMs: 120_000 });
    },
    logs: (name) => logs.get(name) ?? [],
    stop: async () => {
      await Promise.all([...running.values()].map((service) => service.stop(30_000)));
      await database.drop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `read` gives a value `holds` accepts; fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  holds: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!holds(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  return last;
}

/** The system and the clients a test file uses, ready once its `beforeAll` has run. */
export interface SystemFixture {
  readonly system: RunningSystem;
  readonly portal: ReturnType<typeof portalClient>;
  readonly agencies: ReturnType<typeof agencyClient>;
  readonly records: ReturnType<typeof recordsOf>;
}

/**
 * Starts the whole system before the file's tests and stops it after them (faults cleared,
 * connections closed). Read the fixture's members inside tests, not at module load.
 */
export function useSystem(overrides: Record<string, Record<string, string>> = {}): SystemFixture {
  let fixture: SystemFixture | undefined;
  beforeAll(async () => {
    const system = await startSystem(overrides);
    fixture = {
      system,
      portal: portalClient(system.url('saga-coordinator'), system.tokens.portal),
      agencies: agencyClient(system),
      records: recordsOf(system),
    };
  });
  afterAll(async () => {
    await fixture?.agencies.setRegistryFaults(undefined);
    await fixture?.records.close();
    await fixture?.system.stop();
  });
  const get = (): SystemFixture => {
    if (!fixture) throw new Error('the system is not started: use the fixture inside tests');
    return fixture;
  };
  return {
    get system() {
      return get().system;
    },
    get portal() {
      return get().portal;
    },
    get agencies() {
      return get().agencies;
    },
    get records() {
      return get().records;
    },
  };
}

/** The statuses after which a dossier changes no more (until an annulment). */
export const finished = (dossier: DossierView): boolean =>
  ['completed', 'partially_completed', 'refused', 'failed', 'withdrawn'].includes(dossier.status);
