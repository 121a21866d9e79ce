import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SERVICES, startServiceProcess, waitUntilReady, type RunningServiceProcess } from '@lienthong/devenv';
import { createTestDatabase, testKafkaBrokers } from '@lienthong/devenv/testing';
import { createDevIssuer } from '@lienthong/auth';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every service, started as its own process exactly as `npm start` does, against real Kafka
// and Postgres: it must become ready, document its API, answer errors as problem+json, and
// shut down cleanly on SIGTERM.

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

describe.each(SERVICES.map((spec) => [spec.name, spec] as const))('%s as a process', (_name, spec) => {
  let database: { url: string; drop(): Promise<void> };
  let service: RunningServiceProcess;
  let opsToken: string;
  const keyDir = mkdtempSync(join(tmpdir(), 'lt-e2e-auth-'));
  const logs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const issuer = await createDevIssuer({ dir: keyDir });
    opsToken = await issuer.mint({ subject: 'ops:e2e', scopes: ['ops'], ttl: '1h' });
    service = startServiceProcess({
      spec,
      port: await freePort(),
      env: {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        LOG_LEVEL: 'info',
        AUTH_JWKS_FILE: issuer.jwksFile,
        AUTH_ISSUER: issuer.issuer,
        AUTH_AUDIENCE: issuer.audience,
        // Alone here: the services it would call are not running, which readiness must not need.
        ...spec.env?.({ urlOf: () => 'http://127.0.0.1:9', stateDir: keyDir }),
      },
      onLog: (_service, line) => logs.push(line),
    });
    await waitUntilReady(service, { timeoutMs: 90_000 });
  });

  afterAll(async () => {
    await service.kill();
    await database.drop();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('is ready, with every readiness check passing (Postgres always, Kafka and the relay where used)', async () => {
    const response = await fetch(`${service.url}/health/ready`);
    const body = (await response.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    expect(response.status).toBe(200);
    expect(body.checks.map((check) => check.name)).toContain('postgres');
    expect(body.checks.every((check) => check.ok)).toBe(true);
  });

  it('serves its OpenAPI 3.1 document', async () => {
    const document = (await (await fetch(`${service.url}/docs/json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).length).toBeGreaterThan(2);
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const response = await fetch(`${service.url}/v1/no-such-thing`, {
      headers: { authorization: `Bearer ${opsToken}` },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('stops on SIGTERM within its shutdown budget, exit code 0, after closing every component', async () => {
    await service.stop(30_000);
    expect(await service.exited).toBe(0);
    const closed = logs.filter((line) => line.includes('"msg":"closed"')).length;
    expect(closed).toBeGreaterThanOrEqual(2);
    expect(logs.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });
});
