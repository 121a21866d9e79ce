import { describe, it, expect } from '@jest/globals';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from './errors.ts';
import { buildHttpApp } from './http.ts';
import type { HttpAppOptions } from './http.ts';
import { createLogger } from './logger.ts';

const RegisterBirth = z
  .object({
    procedure: z.literal('birth-registration').describe('The procedure'),
    child: z
      .object({
        fullName: z.string().min(1).describe("The child's full name"),
        dateOfBirth: z.iso.date().describe('Date of birth, YYYY-MM-DD'),
      })
      .describe('The child'),
    documents: z
      .array(z.object({ kind: z.string().min(2) }))
      .default([])
      .describe('Attached documents'),
  })
  .describe('A birth registration request');

const routes: FastifyPluginAsyncZod = (app) => {
  app.post(
    '/dossiers',
    {
      schema: {
        summary: 'Submit a dossier',
        body: RegisterBirth,
        response: { 201: z.object({ dossierId: z.string() }).describe('The new dossier') },
      },
    },
    async (request, reply) => {
      // Typed from the zod schema.
      const name: string = request.body.child.fullName;
      await Promise.resolve(); // stands in for the database write
      return reply.status(201).send({ dossierId: `d-${name.length}` });
    },
  );
  app.get(
    '/dossiers/:dossierId',
    { schema: { params: z.object({ dossierId: z.string().regex(/^d-\d+$/) }) } },
    (request) =>
      Promise.reject(new AppError('NOT_FOUND', `Dossier ${request.params.dossierId} does not exist.`)),
  );
  app.post('/dossiers/:dossierId/withdraw', () =>
    Promise.reject(
      new AppError('STATE_CONFLICT', 'The dossier is APPROVED; only download is allowed.', {
        extensions: { currentState: 'APPROVED', allowedActions: ['download'] },
      }),
    ),
  );
  app.get('/boom', () =>
    Promise.reject(new Error('connect ECONNREFUSED postgres://app:hunter2@10.0.0.5/lienthong')),
  );
  app.get(
    '/search',
    { schema: { querystring: z.object({ page: z.coerce.number().int().min(1) }) } },
    (request) => Promise.resolve({ page: request.query.page }),
  );
  app.get('/handler-zod', () => Promise.resolve(z.object({ count: z.number() }).parse({ count: 'many' })));
  return Promise.resolve();
};

function build(overrides: Partial<HttpAppOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'debug',
    destination: { write: (line) => void lines.push(line) },
  });
  const app = buildHttpApp({
    logger,
    routes,
    openapi: { title: 'Test API', version: '1.2.3' },
    ...overrides,
  });
  return { app, lines };
}

const validBody = {
  procedure: 'birth-registration',
  child: { fullName: 'Nguyễn Văn An', dateOfBirth: '2026-01-15' },
};

describe('buildHttpApp', () => {
  it("serves a typed route and echoes the caller's request id", async () => {
    const { app } = build();

    const response = await app.inject({
      method: 'POST',
      url: '/dossiers',
      headers: { 'x-request-id': 'req-abc-123' },
      payload: validBody,
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ dossierId: 'd-13' });
    expect(response.headers['x-request-id']).toBe('req-abc-123');
  });

  it('generates a request id when none (or a malformed one) is sent', async () => {
    const { app } = build();

    const none = await app.inject({ method: 'GET', url: '/health/live' });
    const forged = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'a b\n{"level":60}' },
    });

    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 400 VALIDATION_FAILED naming a missing nested field and an ill-typed one, with their rules', async () => {
    const { app } = build();

    const response = await app.inject({
      method: 'POST',
      url: '/dossiers',
      payload: {
        procedure: 'birth-registration',
        child: { dateOfBirth: 20260115 },
        documents: [{ kind: 'x' }],
      },
    });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const problem = response.json<Record<string, unknown>>();
    expect(problem).toMatchObject({
      type: 'https://lienthong.gov.vn/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      code: 'VALIDATION_FAILED',
      instance: '/dossiers',
      requestId: response.headers['x-request-id'],
    });
    expect(problem['errors']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.child.fullName', rule: 'invalid_type' }),
        expect.objectContaining({ field: 'body.child.dateOfBirth', rule: 'invalid_type' }),
        expect.objectContaining({ field: 'body.documents[0].kind', rule: 'too_small' }),
      ]),
    );
  });

  it('names the format rule of a malformed date, and query fields by location', async () => {
    const { app } = build();

    const badDate = await app.inject({
      method: 'POST',
      url: '/dossiers',
      payload: { ...validBody, child: { fullName: 'A', dateOfBirth: '15/01/2026' } },
    });
    const badQuery = await app.inject({ method: 'GET', url: '/search?page=0' });
    const badParam = await app.inject({ method: 'GET', url: '/dossiers/nope' });

    expect(badDate.json()).toMatchObject({
      errors: [{ field: 'body.child.dateOfBirth', rule: 'invalid_format' }],
    });
    expect(badQuery.json()).toMatchObject({ errors: [{ field: 'query.page', rule: 'too_small' }] });
    expect(badParam.json()).toMatchObject({
      errors: [{ field: 'params.dossierId', rule: 'invalid_format' }],
    });
  });

  it('answers 400 for a body that is not an object at all, and for a zod error thrown by a handler', async () => {
    const { app } = build();

    const notObject = await app.inject({
      method: 'POST',
      url: '/dossiers',
      payload: '[1,2]',
      headers: { 'content-type': 'application/json' },
    });
    const fromHandler = await app.inject({ method: 'GET', url: '/handler-zod' });

    expect(notObject.statusCode).toBe(400);
    expect(notObject.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'body', rule: 'invalid_type' }],
    });
    expect(fromHandler.statusCode).toBe(400);
    expect(fromHandler.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'count' }] });
  });

  it('answers 400 MALFORMED_JSON for unparsable or empty JSON', async () => {
    const { app } = build();

    const broken = await app.inject({
      method: 'POST',
      url: '/dossiers',
      payload: '{"child": {"fullName": "Nguyễn',
      headers: { 'content-type': 'application/json' },
    });
    const empty = await app.inject({
      method: 'POST',
      url: '/dossiers',
      payload: '',
      headers: { 'content-type': 'application/json' },
    });

    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(broken.body).not.toContain('Nguyễn');
    expect(empty.json()).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it('answers 413 PAYLOAD_TOO_LARGE over the body limit', async () => {
    const { app } = build({ bodyLimit: 1024 });

    const response = await app.inject({
      method: 'POST',
      url: '/dossiers',
      payload: { ...validBody, padding: 'x'.repeat(2048) },
    });

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 1024 });
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a body of another content type', async () => {
    const { app } = build();

    const response = await app.inject({
      method: 'POST',
      url: '/dossiers',
      payload: '<dossier/>',
      headers: { 'content-type': 'application/xml' },
    });

    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers 404 ROUTE_NOT_FOUND as a problem for an unknown route', async () => {
    const { app } = build();

    const response = await app.inject({ method: 'GET', url: '/nowhere?personalId=001099012345' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', instance: '/nowhere' });
    expect(response.body).not.toContain('001099012345');
    expect(response.headers['x-request-id']).toBeDefined();
  });

  it('maps an AppError to its catalogue status with its extensions', async () => {
    const { app } = build();

    const notFound = await app.inject({ method: 'GET', url: '/dossiers/d-42' });
    const conflict = await app.inject({ method: 'POST', url: '/dossiers/d-1/withdraw' });

    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'Dossier d-42 does not exist.' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      code: 'STATE_CONFLICT',
      currentState: 'APPROVED',
      allowedActions: ['download'],
    });
  });

  it('answers 500 INTERNAL without leaking the error, and logs it with the request id', async () => {
    const { app, lines } = build();

    const response = await app.inject({
      method: 'GET',
      url: '/boom',
      headers: { 'x-request-id': 'req-500' },
    });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INTERNAL', requestId: 'req-500', retryable: false });
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('ECONNREFUSED');
    const logged = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry['msg'] === 'request failed');
    expect(logged).toMatchObject({
      level: 'error',
      requestId: 'req-500',
      code: 'INTERNAL',
      err: { message: expect.stringContaining('ECONNREFUSED') },
    });
  });

  it('logs requests with the request id and trace id, and without personal data from the query', async () => {
    const { app, lines } = build();

    await app.inject({
      method: 'GET',
      url: '/search?page=2&email=an.nguyen@example.vn',
      headers: {
        'x-request-id': 'req-log',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      },
    });

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((entry) => entry['msg'] === 'incoming request')).toMatchObject({
      requestId: 'req-log',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      req: { method: 'GET', url: '/search?page=2&email=[REDACTED]' },
    });
    expect(entries.find((entry) => entry['msg'] === 'request completed')).toMatchObject({
      requestId: 'req-log',
      res: { statusCode: 200 },
    });
    expect(lines.join('')).not.toContain('an.nguyen@example.vn');
  });

  it('rejects an error catalogue that does not extend the core one', () => {
    expect(() => build({ errorCatalogue: { find: () => undefined } as never })).toThrow(
      /must extend coreErrors/,
    );
  });
});

describe('health endpoints', () => {
  it('/health/live answers 200 while the process runs', async () => {
    const { app } = build();

    const response = await app.inject({ method: 'GET', url: '/health/live' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/health/ready answers 200 with each check when all pass', async () => {
    const { app } = build({
      readinessChecks: [
        { name: 'postgres', check: () => Promise.resolve({ ok: true }) },
        { name: 'kafka', check: () => Promise.resolve({ ok: true, detail: '3 brokers' }) },
      ],
    });

    const response = await app.inject({ method: 'GET', url: '/health/ready' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ok',
      checks: [
        { name: 'postgres', ok: true },
        { name: 'kafka', ok: true, detail: '3 brokers' },
      ],
    });
  });

  it('/health/ready answers 503 when a check fails, throws or exceeds its timeout', async () => {
    const { app } = build({
      readinessTimeoutMs: 20,
      readinessChecks: [
        { name: 'postgres', check: () => Promise.resolve({ ok: true }) },
        { name: 'kafka', check: () => Promise.resolve({ ok: false, detail: 'no broker reachable' }) },
        { name: 'agency', check: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.9')) },
        { name: 'hung', check: () => new Promise(() => undefined) },
      ],
    });

    const response = await app.inject({ method: 'GET', url: '/health/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'unavailable',
      checks: [
        { name: 'postgres', ok: true },
        { name: 'kafka', ok: false, detail: 'no broker reachable' },
        { name: 'agency', ok: false, detail: 'check failed (see logs)' },
        { name: 'hung', ok: false, detail: 'timed out after 20 ms' },
      ],
    });
    expect(response.body).not.toContain('10.0.0.9');
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document at /docs/json listing the routes with their zod schemas', async () => {
    const { app } = build();

    const response = await app.inject({ method: 'GET', url: '/docs/json' });

    expect(response.statusCode).toBe(200);
    const spec = response.json<{
      openapi: string;
      info: { title: string; version: string };
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }
        >
      >;
    }>();
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info).toMatchObject({ title: 'Test API', version: '1.2.3' });
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/dossiers', '/dossiers/{dossierId}', '/health/ready']),
    );
    const bodySchema = spec.paths['/dossiers']?.['post']?.requestBody?.content['application/json']?.schema;
    expect(bodySchema?.properties['child']).toMatchObject({
      description: 'The child',
      properties: { dateOfBirth: { type: 'string', format: 'date' } },
    });
    expect(Object.keys(spec.paths).some((path) => path.startsWith('/docs'))).toBe(false);
  });

  it('serves the UI at /docs', async () => {
    const { app } = build();

    const response = await app.inject({ method: 'GET', url: '/docs/' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
