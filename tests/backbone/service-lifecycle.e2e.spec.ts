import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SERVICES, startServiceProcess, waitUntilReady, type RunningServiceProcess } from '@lienthong/devenv';
import { createTestDatabase, testKafkaBrokers } from '@lienthong/devenv/testing';
import { createServer } from 'node:net';

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
  const logs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    service = startServiceProcess({
      spec,
      port: await freePort(),
      env: { DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers().join(','), LOG_LEVEL: 'info' },
      onLog: (_service, line) => logs.push(line),
    });
    await waitUntilReady(service, { timeoutMs: 90_000 });
  });

  afterAll(async () => {
    await service.kill();
    await database.drop();
  });

  it('is ready only with Postgres, Kafka and its outbox relay all checked', async () => {
    const response = await fetch(`${service.url}/health/ready`);
    const body = (await response.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    expect(response.status).toBe(200);
    expect(body.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['postgres', 'kafka', 'outbox-relay']),
    );
    expect(body.checks.every((check) => check.ok)).toBe(true);
  });

  it('serves its OpenAPI 3.1 document with the operations routes', async () => {
    const spec = (await (await fetch(`${service.url}/docs/json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/ops/parked-messages']));
  });

  it('answers bad requests with problem+json naming the field and rule', async () => {
    const response = await fetch(`${service.url}/v1/ops/parked-messages/HS-1/release`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ consumer: 'x', actor: 'ops:an' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; errors: { field: string; rule: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toContainEqual(
      expect.objectContaining({ field: 'body.reason', rule: 'invalid_type' }),
    );
  });

  it('lists no parked messages on a fresh database', async () => {
    const response = await fetch(`${service.url}/v1/ops/parked-messages`);
    expect(await response.json()).toEqual({ items: [] });
  });

  it('stops on SIGTERM within its shutdown budget, exit code 0, after closing every component', async () => {
    await service.stop(30_000);
    expect(await service.exited).toBe(0);
    const closed = logs.filter((line) => line.includes('"msg":"closed"')).length;
    expect(closed).toBeGreaterThanOrEqual(4);
    expect(logs.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });
});
