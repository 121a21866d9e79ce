import { describe, expect, it } from '@jest/globals';
import { PermanentError, TransientError } from '@lienthong/messaging';
import { createLogger } from '@lienthong/service-kit';
import { buildApp } from './app.ts';
import { createBenefitRegistriesClient } from './client.ts';
import type { RecoveryRequest } from './contract.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createInMemoryStore } from './in-memory-store.ts';
import { seedRecordsAsStored } from './seed-records.ts';

const THANH = '001052004417';
const XUAN = '038145003321';

const request: RecoveryRequest = {
  requestId: 'HS-2026-000456:funeral-benefit:recovery',
  personalId: THANH,
  decisionNumber: '125/QĐ-BHXH',
  amount: 23_400_000,
  reason: 'The death registration was annulled.',
};

const recorded = {
  ...request,
  recoveryNumber: 'TH-SI-2026-000001',
  registry: 'social-insurance',
  recordedAt: '2026-11-20T03:00:00.000Z',
};

const merit = {
  personalId: '031049006612',
  fullName: 'Đặng Văn Hùng',
  category: 'resistance-activist',
  recognisedOn: '1995-08-19',
  receivesMonthlyAllowance: true,
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

const problem = (code: string, status: number) => ({
  type: `https://lienthong.gov.vn/problems/${code.toLowerCase()}`,
  title: 't',
  status,
  detail: 'why',
  instance: '/x',
  code,
  retryable: status >= 500,
  requestId: 'r',
});

const client = (fetchFn: typeof fetch, timeoutMs = 1000) =>
  createBenefitRegistriesClient({ baseUrl: 'http://registries.test', timeoutMs, fetch: fetchFn });

describe('createBenefitRegistriesClient', () => {
  it('maps a record to the record and a 404 NOT_FOUND to undefined', async () => {
    const found = answering(200, merit);
    const missing = answering(404, problem('NOT_FOUND', 404));

    await expect(client(found.fetchFn).findMerit(merit.personalId)).resolves.toEqual(merit);
    await expect(client(missing.fetchFn).findSocialInsurance(XUAN)).resolves.toBeUndefined();
    expect(found.calls[0]?.url).toBe('http://registries.test/v1/merit/people/031049006612');
    expect(found.calls[0]?.init?.method).toBe('GET');
    expect(missing.calls[0]?.url).toBe(`http://registries.test/v1/social-insurance/people/${XUAN}`);
  });

  it('records a recovery, created or replayed, and keeps a base URL path', async () => {
    const created = answering(201, recorded);
    const replayed = answering(200, recorded);
    const behindGateway = createBenefitRegistriesClient({
      baseUrl: 'https://gateway.test/benefits/',
      timeoutMs: 1000,
      fetch: created.fetchFn,
    });

    await expect(behindGateway.recordRecovery('social-insurance', request)).resolves.toEqual(recorded);
    await expect(client(replayed.fetchFn).recordRecovery('social-insurance', request)).resolves.toEqual(
      recorded,
    );
    expect(created.calls[0]?.url).toBe('https://gateway.test/benefits/v1/social-insurance/recoveries');
    expect(created.calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(created.calls[0]?.init?.body as string)).toEqual(request);
  });

  it('escapes the requestId of a recovery read', async () => {
    const { fetchFn, calls } = answering(404, problem('NOT_FOUND', 404));

    await expect(client(fetchFn).findRecovery('merit', 'HS-1:x/y')).resolves.toBeUndefined();

    expect(calls[0]?.url).toBe('http://registries.test/v1/merit/recoveries/HS-1%3Ax%2Fy');
  });

  it('throws TransientError on 5xx, 408, 429, timeouts and connection errors', async () => {
    const unavailable = answering(503, problem('SERVICE_UNAVAILABLE', 503));
    const requestTimeout = answering(408, undefined);
    const throttled = answering(429, undefined);
    const refusedConnection = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    const silent = ((_input: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
      })) as typeof fetch;

    await expect(client(unavailable.fetchFn).findMerit(THANH)).rejects.toThrow(TransientError);
    await expect(client(unavailable.fetchFn).recordRecovery('merit', request)).rejects.toThrow(
      /503 \(SERVICE_UNAVAILABLE\)/,
    );
    await expect(client(requestTimeout.fetchFn).findSocialProtection(XUAN)).rejects.toThrow(TransientError);
    await expect(client(throttled.fetchFn).findSocialInsurance(THANH)).rejects.toThrow(TransientError);
    await expect(client(refusedConnection).findSocialInsurance(THANH)).rejects.toThrow(TransientError);
    const timedOut = client(silent, 20).recordRecovery('social-insurance', request);
    await expect(timedOut).rejects.toThrow(TransientError);
    await expect(client(silent, 20).findMerit(THANH)).rejects.toThrow(/within 20 ms/);
  });

  it('throws PermanentError when retrying cannot help', async () => {
    const invalid = answering(400, problem('VALIDATION_FAILED', 400));
    const reused = answering(409, problem('IDEMPOTENCY_KEY_REUSED', 409));
    const wrongBase = answering(404, problem('ROUTE_NOT_FOUND', 404));
    const brokenRecord = answering(200, { ...merit, category: 'hero' });
    const brokenRule = answering(200, {
      personalId: THANH,
      fullName: 'Nguyễn Văn Thành',
      sex: 'male',
      dateOfBirth: '1952-03-08',
      socialInsuranceNumber: '0105204417',
      status: 'pensioner',
      compulsoryContributionMonths: 372,
      voluntaryContributionMonths: 0,
      contributionMonthsBefore2014: 300,
      averageMonthlySalary: 9_800_000,
      monthlyPension: null,
      pensionStartDate: null,
    });
    const someoneElse = answering(200, merit);
    const otherRecovery = answering(201, { ...recorded, requestId: 'another' });
    const unexpectedStatus = answering(204, undefined);

    await expect(client(invalid.fetchFn).recordRecovery('merit', request)).rejects.toThrow(PermanentError);
    await expect(client(reused.fetchFn).recordRecovery('merit', request)).rejects.toThrow(
      /409 \(IDEMPOTENCY_KEY_REUSED\)/,
    );
    await expect(client(wrongBase.fetchFn).findMerit(THANH)).rejects.toThrow(PermanentError);
    await expect(client(brokenRecord.fetchFn).findMerit(merit.personalId)).rejects.toThrow(
      /breaks the contract/,
    );
    await expect(client(brokenRule.fetchFn).findSocialInsurance(THANH)).rejects.toThrow(
      /breaks the contract/,
    );
    await expect(client(someoneElse.fetchFn).findMerit(THANH)).rejects.toThrow(/another person/);
    await expect(client(otherRecovery.fetchFn).recordRecovery('social-insurance', request)).rejects.toThrow(
      PermanentError,
    );
    await expect(client(unexpectedStatus.fetchFn).findMerit(THANH)).rejects.toThrow(PermanentError);
  });

  it('never puts a personal ID in its error messages', async () => {
    const failures = await Promise.all([
      client(answering(500, problem('INTERNAL', 500)).fetchFn)
        .findSocialInsurance(THANH)
        .catch((error: unknown) => error),
      client(answering(200, { ...merit, personalId: 'x' }).fetchFn)
        .findMerit(THANH)
        .catch((error: unknown) => error),
      client(() => Promise.reject(new TypeError(`fetch failed for ${THANH}`)))
        .findMerit(THANH)
        .catch((error: unknown) => error),
      client(answering(409, problem('IDEMPOTENCY_KEY_REUSED', 409)).fetchFn)
        .recordRecovery('social-insurance', request)
        .catch((error: unknown) => error),
    ]);

    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).not.toContain(THANH);
    }
  });

  it('speaks the contract of the real app (the app served through inject as fetch)', async () => {
    const app = buildApp({
      logger: createLogger({ service: 'client-test', level: 'silent' }),
      readinessChecks: [],
      store: createInMemoryStore(seedRecordsAsStored()),
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
    const registries = createBenefitRegistriesClient({
      baseUrl: 'http://registries.test',
      timeoutMs: 1000,
      fetch: viaInject,
    });

    const insured = await registries.findSocialInsurance(THANH);
    const notInsured = await registries.findSocialInsurance(XUAN);
    const assisted = await registries.findSocialProtection(XUAN);
    const ofMerit = await registries.findMerit('040050007788');
    const first = await registries.recordRecovery('social-insurance', request);
    const again = await registries.recordRecovery('social-insurance', request);
    const read = await registries.findRecovery('social-insurance', request.requestId);
    const elsewhere = await registries.findRecovery('merit', request.requestId);
    const reused = await registries
      .recordRecovery('social-insurance', { ...request, amount: 1 })
      .catch((error: unknown) => error);

    expect(insured).toMatchObject({ status: 'pensioner', monthlyPension: 7_200_000 });
    expect(notInsured).toBeUndefined();
    expect(assisted?.programmes).toEqual([
      { kind: 'social-pension', since: '2025-07-01', until: null, monthlyAmount: 500_000 },
    ]);
    expect(ofMerit).toMatchObject({ category: 'war-invalid' });
    expect(first).toEqual(recorded);
    expect(again).toEqual(first);
    expect(read).toEqual(first);
    expect(elsewhere).toBeUndefined();
    expect(reused).toBeInstanceOf(PermanentError);
  });
});
