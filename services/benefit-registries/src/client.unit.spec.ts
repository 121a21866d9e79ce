import { describe, expect, it } from '@jest/globals';
import { PermanentError } from '@lienthong/messaging';
import {
  answeringFetch as answering,
  injectAsFetch,
  problemBody as problem,
  testAppDependencies,
} from '@lienthong/stand-in-kit/testing';
import { buildApp } from './app.ts';
import { createBenefitRegistriesClient } from './client.ts';
import type { RecoveryRequest } from './contract.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createInMemoryStore } from './in-memory-store.ts';
import { seededRecord, seedRecordsAsStored } from './seed-records.ts';

// How failures map to TransientError and PermanentError is stand-in-kit's client core, tested
// there; here, what this client checks itself.

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

const merit = seededRecord('merit', '031049006612');

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

  it('throws PermanentError when retrying cannot help', async () => {
    const brokenRecord = answering(200, { ...merit, category: 'hero' });
    const brokenRule = answering(200, {
      ...seededRecord('socialInsurance', THANH),
      monthlyPension: null,
      pensionStartDate: null,
    });
    const someoneElse = answering(200, merit);
    const otherRecovery = answering(201, { ...recorded, requestId: 'another' });

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
  });

  it('never puts a personal ID in its error messages', async () => {
    const failures = await Promise.all([
      client(answering(200, { ...merit, personalId: 'x' }).fetchFn)
        .findMerit(THANH)
        .catch((error: unknown) => error),
      client(() => Promise.reject(new TypeError(`fetch failed for ${THANH}`)))
        .findMerit(THANH)
        .catch((error: unknown) => error),
    ]);

    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).not.toContain(THANH);
    }
  });

  it('speaks the contract of the real app (the app served through inject as fetch)', async () => {
    const app = buildApp({
      ...testAppDependencies({ service: 'client-test' }).dependencies,
      store: createInMemoryStore(seedRecordsAsStored()),
      faults: createFaultSwitch(),
    });
    const registries = client(injectAsFetch(app));

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
