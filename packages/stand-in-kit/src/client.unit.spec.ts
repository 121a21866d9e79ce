import { describe, expect, it } from '@jest/globals';
import { PermanentError, TransientError } from '@lienthong/messaging';
import { z } from 'zod';
import { createStandInClient, isNotFound } from './client.ts';
import type { StandInClientOptions } from './client.ts';
import { answeringFetch as answering, problemBody as problem } from './testing.ts';

// The failure mapping both stand-ins' clients had, moved here with the core they now share.

const PERSONAL_ID = '001194003582';
const Person = z.object({ personalId: z.string().regex(/^\d{12}$/) });

const client = (fetchFn: typeof fetch, timeoutMs = 1000, options: Partial<StandInClientOptions> = {}) =>
  createStandInClient({
    name: 'Registry',
    baseUrl: 'http://registry.test',
    timeoutMs,
    fetch: fetchFn,
    ...options,
  });
const findPerson = (fetchFn: typeof fetch, timeoutMs?: number, options?: Partial<StandInClientOptions>) =>
  client(fetchFn, timeoutMs, options).find(
    'GET v1/people/{personalId}',
    `v1/people/${encodeURIComponent(PERSONAL_ID)}`,
    Person,
  );
const post = (fetchFn: typeof fetch, timeoutMs?: number) =>
  client(fetchFn, timeoutMs).call('POST v1/requests', 'POST', 'v1/requests', { requestId: 'r-1' });
/** A POST expecting 201, as a client operation is written. */
const expectCreated = async (fetchFn: typeof fetch) => {
  const registry = client(fetchFn);
  const answer = await registry.call('POST v1/requests', 'POST', 'v1/requests', {});
  return answer.status === 201 ? answer : registry.unexpected('POST v1/requests', answer);
};
const silent = ((_input: unknown, init?: RequestInit) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
  })) as typeof fetch;

describe('createStandInClient', () => {
  it('sends JSON under the base URL, its path kept, and reads the JSON answer', async () => {
    const created = answering(201, { requestId: 'r-1' });
    const found = answering(200, { personalId: PERSONAL_ID });

    const answer = await client(created.fetchFn, 1000, { baseUrl: 'https://gateway.test/population' }).call(
      'POST v1/requests',
      'POST',
      'v1/requests',
      { requestId: 'r-1' },
    );
    const person = await findPerson(found.fetchFn, 1000, { baseUrl: 'https://gateway.test/population/' });

    expect(answer).toEqual({ status: 201, body: { requestId: 'r-1' } });
    expect(created.calls[0]?.url).toBe('https://gateway.test/population/v1/requests');
    expect(created.calls[0]?.init?.headers).toEqual({
      accept: 'application/json, application/problem+json',
      'content-type': 'application/json',
    });
    expect(JSON.parse(created.calls[0]?.init?.body as string)).toEqual({ requestId: 'r-1' });
    expect(person).toEqual({ personalId: PERSONAL_ID });
    expect(found.calls[0]?.url).toBe(`https://gateway.test/population/v1/people/${PERSONAL_ID}`);
    expect(found.calls[0]?.init).toMatchObject({ method: 'GET', headers: { accept: expect.any(String) } });
    expect(found.calls[0]?.init?.body).toBeUndefined();
  });

  it('throws TransientError on 5xx, 408, 429, timeouts and connection errors', async () => {
    const unavailable = answering(503, problem('SERVICE_UNAVAILABLE', 503));
    const requestTimeout = answering(408, undefined);
    const throttled = answering(429, undefined);
    const refusedConnection = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;

    await expect(post(unavailable.fetchFn)).rejects.toThrow(TransientError);
    await expect(post(unavailable.fetchFn)).rejects.toThrow(/503 \(SERVICE_UNAVAILABLE\)/);
    await expect(findPerson(unavailable.fetchFn)).rejects.toThrow(TransientError);
    await expect(findPerson(requestTimeout.fetchFn)).rejects.toThrow(TransientError);
    await expect(findPerson(throttled.fetchFn)).rejects.toThrow(TransientError);
    await expect(findPerson(refusedConnection)).rejects.toThrow(TransientError);
    await expect(post(silent, 20)).rejects.toThrow(TransientError);
    await expect(findPerson(silent, 20)).rejects.toThrow(/within 20 ms/);
  });

  it('throws PermanentError when retrying cannot help: a reused key, a broken answer, a wrong base URL', async () => {
    const invalid = answering(400, problem('VALIDATION_FAILED', 400));
    const reused = answering(409, problem('IDEMPOTENCY_KEY_REUSED', 409));
    const broken = answering(200, { personalId: 'not-a-number' });
    const wrongBase = answering(404, problem('ROUTE_NOT_FOUND', 404));
    const unexpectedStatus = answering(204, undefined);

    await expect(expectCreated(invalid.fetchFn)).rejects.toThrow(PermanentError);
    await expect(expectCreated(reused.fetchFn)).rejects.toThrow(PermanentError);
    await expect(expectCreated(reused.fetchFn)).rejects.toThrow(/409 \(IDEMPOTENCY_KEY_REUSED\)/);
    await expect(findPerson(broken.fetchFn)).rejects.toThrow(PermanentError);
    await expect(findPerson(broken.fetchFn)).rejects.toThrow(/breaks the contract/);
    await expect(findPerson(wrongBase.fetchFn)).rejects.toThrow(PermanentError);
    await expect(findPerson(unexpectedStatus.fetchFn)).rejects.toThrow(PermanentError);
  });

  it('answers undefined for a 404 about the thing asked for, never for a wrong route', async () => {
    const missing = answering(404, problem('NOT_FOUND', 404));

    await expect(findPerson(missing.fetchFn)).resolves.toBeUndefined();
    expect(isNotFound({ status: 404, body: undefined })).toBe(true);
    expect(isNotFound({ status: 404, body: problem('ROUTE_NOT_FOUND', 404) })).toBe(false);
    expect(isNotFound({ status: 200, body: undefined })).toBe(false);
  });

  it('names the system first in its messages, and its possessive in contract errors', async () => {
    const messageOf = (promise: Promise<unknown>) =>
      promise.then(
        () => '',
        (error: unknown) => (error as Error).message,
      );
    const options = { name: 'Benefit registries', possessive: "Benefit registries'" };
    const registries = client(answering(200, { personalId: 'x' }).fetchFn, 1000, options);

    await expect(messageOf(findPerson(answering(503, undefined).fetchFn))).resolves.toBe(
      'Registry answered GET v1/people/{personalId} with 503',
    );
    await expect(messageOf(findPerson(answering(200, {}).fetchFn))).resolves.toMatch(
      /^Registry's 200 answer to GET v1\/people\/\{personalId\} breaks the contract: /,
    );
    await expect(messageOf(registries.find('GET v1/x', 'v1/x', Person))).resolves.toMatch(
      /^Benefit registries' 200 answer to GET v1\/x breaks the contract/,
    );
    expect(() => registries.wrongAnswer('GET v1/x', "another person's record")).toThrow(
      new PermanentError("Benefit registries answered GET v1/x with another person's record"),
    );
  });

  it('never puts a personal ID in its error messages, unless told to quote connection failures', async () => {
    const connectionFailure = (() =>
      Promise.reject(new TypeError(`fetch failed for ${PERSONAL_ID}`))) as typeof fetch;
    const failures = await Promise.all([
      findPerson(answering(500, problem('INTERNAL', 500)).fetchFn).catch((error: unknown) => error),
      findPerson(connectionFailure).catch((error: unknown) => error),
      expectCreated(answering(409, problem('IDEMPOTENCY_KEY_REUSED', 409)).fetchFn).catch(
        (error: unknown) => error,
      ),
    ]);
    const quoted = await findPerson(connectionFailure, 1000, { causeDetail: 'message' }).catch(
      (error: unknown) => error,
    );

    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).not.toContain(PERSONAL_ID);
    }
    expect((failures[1] as Error).message).toBe(
      'Registry unreachable for GET v1/people/{personalId} (TypeError)',
    );
    expect(quoted).toMatchObject({
      name: 'TransientError',
      message: `Registry unreachable for GET v1/people/{personalId}: fetch failed for ${PERSONAL_ID}`,
    });
  });
});
