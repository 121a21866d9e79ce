import { describe, expect, it } from '@jest/globals';
import { PermanentError, TransientError } from '@lienthong/messaging';
import { createLogger } from '@lienthong/service-kit';
import { buildApp } from './app.ts';
import { createPopulationRegistryClient } from './client.ts';
import type { PersonalIdRequest } from './contract.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createInMemoryRegistry } from './in-memory-registry.ts';
import { SEED_PEOPLE } from './seed-people.ts';

const request: PersonalIdRequest = {
  requestId: 'HS-2026-000123:birth-registration',
  provinceCode: '01',
  child: { fullName: 'Trần Bảo Ngọc', sex: 'female', dateOfBirth: '2026-11-18' },
  mother: { personalId: '001194003582' },
  father: { personalId: '001091012467' },
};

const urlOf = (input: string | URL | Request): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** A fetch answering every call with `status` and `body`, recording what was asked. */
function answering(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchFn = ((input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: urlOf(input), init });
    return Promise.resolve(
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  }) as typeof fetch;
  return { fetchFn, calls };
}

const problem = (code: string, status: number, detail = 'why') => ({
  type: `https://lienthong.gov.vn/problems/${code.toLowerCase()}`,
  title: 't',
  status,
  detail,
  instance: '/x',
  code,
  retryable: status >= 500,
  requestId: 'r',
});

describe('createPopulationRegistryClient', () => {
  it('maps issued, pending and refused answers to outcomes', async () => {
    const issued = answering(201, {
      requestId: request.requestId,
      status: 'issued',
      personalId: '001326000042',
    });
    const pending = answering(202, { requestId: request.requestId, status: 'pending' });
    const refused = answering(422, problem('SUSPECTED_DUPLICATE', 422, 'A child of the same mother ...'));
    const client = (fetchFn: typeof fetch) =>
      createPopulationRegistryClient({ baseUrl: 'http://registry.test', timeoutMs: 1000, fetch: fetchFn });

    await expect(client(issued.fetchFn).requestPersonalId(request)).resolves.toEqual({
      kind: 'issued',
      personalId: '001326000042',
    });
    await expect(client(pending.fetchFn).requestPersonalId(request)).resolves.toEqual({ kind: 'pending' });
    await expect(client(refused.fetchFn).requestPersonalId(request)).resolves.toEqual({
      kind: 'refused',
      code: 'SUSPECTED_DUPLICATE',
      reason: 'A child of the same mother ...',
    });
    expect(issued.calls[0]?.url).toBe('http://registry.test/v1/personal-id-requests');
    expect(issued.calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(issued.calls[0]?.init?.body as string)).toEqual(request);
  });

  it('keeps a base URL path and escapes path parameters', async () => {
    const { fetchFn, calls } = answering(404, problem('NOT_FOUND', 404));
    const client = createPopulationRegistryClient({
      baseUrl: 'https://gateway.test/population',
      timeoutMs: 1000,
      fetch: fetchFn,
    });

    await client.findPersonalIdRequest('HS-1:birth/x');

    expect(calls[0]?.url).toBe('https://gateway.test/population/v1/personal-id-requests/HS-1%3Abirth%2Fx');
  });

  it('throws TransientError on 5xx, 429, timeouts and connection errors', async () => {
    const unavailable = answering(503, problem('SERVICE_UNAVAILABLE', 503));
    const throttled = answering(429, undefined);
    const refusedConnection = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    const silent = ((_input: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
      })) as typeof fetch;
    const client = (fetchFn: typeof fetch, timeoutMs = 1000) =>
      createPopulationRegistryClient({ baseUrl: 'http://registry.test', timeoutMs, fetch: fetchFn });

    await expect(client(unavailable.fetchFn).requestPersonalId(request)).rejects.toThrow(TransientError);
    await expect(client(unavailable.fetchFn).requestPersonalId(request)).rejects.toThrow(
      /503 \(SERVICE_UNAVAILABLE\)/,
    );
    await expect(client(throttled.fetchFn).findPerson('001194003582')).rejects.toThrow(TransientError);
    await expect(client(refusedConnection).findPerson('001194003582')).rejects.toThrow(TransientError);
    await expect(client(silent, 20).findPerson('001194003582')).rejects.toThrow(/within 20 ms/);
  });

  it('throws PermanentError when retrying cannot help: a reused key, a broken answer, a wrong base URL', async () => {
    const reused = answering(409, problem('IDEMPOTENCY_KEY_REUSED', 409));
    const broken = answering(201, { status: 'issued', personalId: 'not-a-number' });
    const wrongBase = answering(404, problem('ROUTE_NOT_FOUND', 404));
    const client = (fetchFn: typeof fetch) =>
      createPopulationRegistryClient({ baseUrl: 'http://registry.test', timeoutMs: 1000, fetch: fetchFn });

    await expect(client(reused.fetchFn).requestPersonalId(request)).rejects.toThrow(PermanentError);
    await expect(client(broken.fetchFn).requestPersonalId(request)).rejects.toThrow(PermanentError);
    await expect(client(wrongBase.fetchFn).findPerson('001194003582')).rejects.toThrow(PermanentError);
  });

  it('never puts personal data in its error messages', async () => {
    const { fetchFn } = answering(500, problem('INTERNAL', 500));
    const client = createPopulationRegistryClient({
      baseUrl: 'http://registry.test',
      timeoutMs: 1000,
      fetch: fetchFn,
    });

    const error = await client.findPerson('001194003582').catch((caught: unknown) => caught);

    expect(String(error)).not.toContain('001194003582');
  });

  it('speaks the contract of the real app (the app served through inject as fetch)', async () => {
    const app = buildApp({
      logger: createLogger({ service: 'client-test', level: 'silent' }),
      readinessChecks: [],
      registry: createInMemoryRegistry({
        randomInt: () => 7,
        people: SEED_PEOPLE.map(({ exercises: _exercises, ...person }) => person),
      }),
      faults: createFaultSwitch(),
      clock: () => new Date('2026-11-20T03:00:00Z'),
      random: () => 0.5,
      sleeper: { sleep: () => Promise.resolve(), wakeAll: () => undefined },
    });
    const viaInject = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(urlOf(input));
      const response = await app.inject({
        method: (init?.method ?? 'GET') as 'GET' | 'POST',
        url: url.pathname,
        headers: init?.headers as Record<string, string>,
        ...(init?.body === undefined ? {} : { payload: init.body as string }),
      });
      return new Response(response.body === '' ? null : response.body, {
        status: response.statusCode,
        headers: { 'content-type': String(response.headers['content-type'] ?? 'application/json') },
      });
    }) as typeof fetch;
    const client = createPopulationRegistryClient({
      baseUrl: 'http://registry.test',
      timeoutMs: 1000,
      fetch: viaInject,
    });

    const issued = await client.requestPersonalId(request);
    const state = await client.findPersonalIdRequest(request.requestId);
    const unknownRequest = await client.findPersonalIdRequest('never-sent');
    const mother = await client.findPerson('001194003582');
    const nobody = await client.findPerson('001199999999');
    const refused = await client.requestPersonalId({
      ...request,
      requestId: 'other',
      mother: { personalId: '001199999999' },
    });

    expect(issued).toEqual({ kind: 'issued', personalId: '001326000007' });
    expect(state).toEqual(issued);
    expect(unknownRequest).toBeUndefined();
    expect(mother).toMatchObject({ fullName: 'Nguyễn Thị Lan', status: 'alive' });
    expect(nobody).toBeUndefined();
    expect(refused).toMatchObject({ kind: 'refused', code: 'MOTHER_NOT_FOUND' });
  });
});
