import { describe, expect, it } from '@jest/globals';
import { faultAdmin, testAppDependencies } from '@lienthong/stand-in-kit/testing';
import { buildApp } from './app.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createInMemoryStore } from './in-memory-store.ts';
import { seededRecord, seedRecordsAsStored } from './seed-records.ts';

const THANH = '001052004417';
const XUAN = '038145003321';
const HUNG = '031049006612';
const NOBODY = '001099999999';

function setup(options: { draws?: number[]; logLines?: string[] } = {}) {
  const store = createInMemoryStore(seedRecordsAsStored());
  const test = testAppDependencies({ service: 'benefit-registries-test', ...options });
  const app = buildApp({ ...test.dependencies, store, faults: createFaultSwitch() });
  return { app, faults: faultAdmin(app), store, sleeps: test.sleeps, now: test.now, advance: test.advance };
}

/** An admin add of a record to `registry`. */
const addRecord = (
  app: ReturnType<typeof setup>['app'],
  registry: string,
  payload: Record<string, unknown>,
) => app.inject({ method: 'POST', url: `/v1/admin/${registry}/people`, payload });

const recovery = (overrides: Record<string, unknown> = {}) => ({
  requestId: 'HS-2026-000456:funeral-benefit:recovery',
  personalId: THANH,
  decisionNumber: '125/QĐ-BHXH',
  amount: 23_400_000,
  reason: 'The death registration was annulled (registered in error).',
  ...overrides,
});

type Problem = { code: string; errors?: { field: string; rule: string }[] };
const rules = (body: Problem) => (body.errors ?? []).map((error) => `${error.field}:${error.rule}`);

describe('lookups', () => {
  it('answer each registry’s record by personal ID', async () => {
    const { app } = setup();

    const insured = await app.inject({ method: 'GET', url: `/v1/social-insurance/people/${THANH}` });
    const protectedPerson = await app.inject({ method: 'GET', url: `/v1/social-protection/people/${XUAN}` });
    const merit = await app.inject({ method: 'GET', url: `/v1/merit/people/${HUNG}` });

    expect(insured.statusCode).toBe(200);
    expect(insured.json()).toEqual(seededRecord('socialInsurance', THANH));
    expect(protectedPerson.json()).toMatchObject({
      personalId: XUAN,
      programmes: [{ kind: 'social-pension', since: '2025-07-01', until: null, monthlyAmount: 500_000 }],
    });
    expect(merit.json()).toEqual(seededRecord('merit', HUNG));
  });

  it('answer 404 NOT_FOUND for someone not in that registry, and 400 for a malformed number', async () => {
    const { app } = setup();

    const notInsured = await app.inject({ method: 'GET', url: `/v1/social-insurance/people/${XUAN}` });
    const nobody = await app.inject({ method: 'GET', url: `/v1/merit/people/${NOBODY}` });
    const malformed = await app.inject({ method: 'GET', url: '/v1/social-protection/people/12345' });

    expect(notInsured.statusCode).toBe(404);
    expect(notInsured.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(notInsured.json()).toMatchObject({ code: 'NOT_FOUND', retryable: false });
    expect(nobody.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(400);
    expect(rules(malformed.json<Problem>())).toEqual(['params.personalId:invalid_format']);
  });
});

describe('recoveries', () => {
  it('are recorded once per requestId: 201 with a number, then 200 with the same record', async () => {
    const { app, store } = setup();

    const first = await app.inject({
      method: 'POST',
      url: '/v1/social-insurance/recoveries',
      payload: recovery(),
    });
    const again = await app.inject({
      method: 'POST',
      url: '/v1/social-insurance/recoveries',
      payload: recovery(),
    });
    const read = await app.inject({ method: 'GET', url: first.headers.location as string });

    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      ...recovery(),
      recoveryNumber: 'TH-SI-2026-000001',
      registry: 'social-insurance',
      recordedAt: '2026-11-20T03:00:00.000Z',
    });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.headers.location).toBe(
      '/v1/social-insurance/recoveries/HS-2026-000456%3Afuneral-benefit%3Arecovery',
    );
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(first.json());
    expect(store.recoveries.size).toBe(1);
  });

  it('refuse the same requestId with other data (409 IDEMPOTENCY_KEY_REUSED)', async () => {
    const { app } = setup();
    await app.inject({ method: 'POST', url: '/v1/social-insurance/recoveries', payload: recovery() });

    const reused = await app.inject({
      method: 'POST',
      url: '/v1/social-insurance/recoveries',
      payload: recovery({ amount: 1 }),
    });

    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      recoveryRequestId: recovery().requestId,
    });
  });

  it('are numbered per registry and per Vietnam year, the same key being free in each registry', async () => {
    const { app, advance } = setup();
    const post = (registry: string, requestId: string) =>
      app.inject({ method: 'POST', url: `/v1/${registry}/recoveries`, payload: recovery({ requestId }) });

    const si1 = await post('social-insurance', 'k-1');
    const si2 = await post('social-insurance', 'k-2');
    const sp1 = await post('social-protection', 'k-1');
    // 2026-12-31T17:00Z is already 1 January 2027 in Vietnam.
    advance(Date.parse('2026-12-31T17:00:00Z') - Date.parse('2026-11-20T03:00:00Z'));
    const merit1 = await post('merit', 'k-1');
    const si3 = await post('social-insurance', 'k-3');

    const numbers = [si1, si2, sp1, merit1, si3].map(
      (response) => response.json<{ recoveryNumber: string }>().recoveryNumber,
    );
    expect(numbers).toEqual([
      'TH-SI-2026-000001',
      'TH-SI-2026-000002',
      'TH-SP-2026-000001',
      'TH-NCC-2027-000001',
      'TH-SI-2027-000001',
    ]);
  });

  it('answer 404 for an unknown requestId, and 400 naming each invalid field', async () => {
    const { app } = setup();

    const unknown = await app.inject({ method: 'GET', url: '/v1/merit/recoveries/never-sent' });
    const invalid = await app.inject({
      method: 'POST',
      url: '/v1/merit/recoveries',
      payload: recovery({ requestId: 'has spaces', personalId: '0010', amount: -1, reason: 'x'.repeat(501) }),
    });
    const notJson = await app.inject({
      method: 'POST',
      url: '/v1/merit/recoveries',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });

    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<Problem>().code).toBe('VALIDATION_FAILED');
    expect(rules(invalid.json<Problem>())).toEqual(
      expect.arrayContaining([
        'body.requestId:invalid_format',
        'body.personalId:invalid_format',
        'body.amount:too_small',
        'body.reason:too_big',
      ]),
    );
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('are listed for tests by deceased and registry', async () => {
    const { app } = setup();
    await app.inject({ method: 'POST', url: '/v1/social-insurance/recoveries', payload: recovery() });
    await app.inject({
      method: 'POST',
      url: '/v1/social-protection/recoveries',
      payload: recovery({ personalId: XUAN, decisionNumber: '17/QĐ-UBND', amount: 10_000_000 }),
    });

    const all = await app.inject({ method: 'GET', url: '/v1/admin/recoveries' });
    const ofXuan = await app.inject({ method: 'GET', url: `/v1/admin/recoveries?personalId=${XUAN}` });
    const ofMerit = await app.inject({ method: 'GET', url: '/v1/admin/recoveries?registry=merit' });
    const malformed = await app.inject({ method: 'GET', url: '/v1/admin/recoveries?registry=tax' });

    expect(all.json<{ items: unknown[] }>().items).toHaveLength(2);
    expect(ofXuan.json()).toEqual({
      items: [
        expect.objectContaining({ registry: 'social-protection', recoveryNumber: 'TH-SP-2026-000001' }),
      ],
    });
    expect(ofMerit.json()).toEqual({ items: [] });
    expect(malformed.statusCode).toBe(400);
  });
});

describe('POST /v1/admin/{registry}/people', () => {
  const insured = {
    personalId: '092185004410',
    fullName: 'Lý Thị Kim Ngân',
    sex: 'female',
    dateOfBirth: '1985-04-30',
    socialInsuranceNumber: '9218504410',
    status: 'contributing',
    compulsoryContributionMonths: 150,
    voluntaryContributionMonths: 0,
    contributionMonthsBefore2014: 40,
    averageMonthlySalary: 12_000_000,
  };

  it('adds a record that can then be looked up; the same again is 200, another under that ID 409', async () => {
    const { app } = setup();

    const added = await addRecord(app, 'social-insurance', insured);
    const again = await addRecord(app, 'social-insurance', {
      ...insured,
      monthlyPension: null,
      exercises: 'ignored',
    });
    const other = await addRecord(app, 'social-insurance', { ...insured, compulsoryContributionMonths: 151 });
    const found = await app.inject({ method: 'GET', url: '/v1/social-insurance/people/092185004410' });

    const record = { ...insured, monthlyPension: null, pensionStartDate: null };
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual(record);
    expect(again.statusCode).toBe(200);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'CONFLICT' });
    expect(found.json()).toEqual(record);
  });

  it('adds social-protection and merit records the same way', async () => {
    const { app } = setup();
    const assisted = {
      personalId: '092185004410',
      fullName: 'Lý Thị Kim Ngân',
      communeCode: '31120',
      programmes: [{ kind: 'monthly-social-assistance', since: '2024-07-01', monthlyAmount: 500_000 }],
    };
    const merit = {
      personalId: '092185004410',
      fullName: 'Lý Thị Kim Ngân',
      category: 'martyr-relative',
      recognisedOn: '2001-07-27',
      receivesMonthlyAllowance: false,
    };

    const sp = await addRecord(app, 'social-protection', assisted);
    const spConflict = await addRecord(app, 'social-protection', { ...assisted, communeCode: '31135' });
    const ncc = await addRecord(app, 'merit', merit);
    const nccAgain = await addRecord(app, 'merit', merit);

    expect(sp.statusCode).toBe(201);
    expect(sp.json()).toEqual({ ...assisted, programmes: [{ ...assisted.programmes[0], until: null }] });
    expect(spConflict.statusCode).toBe(409);
    expect(ncc.statusCode).toBe(201);
    expect(nccAgain.statusCode).toBe(200);
  });

  it('rejects records that contradict themselves with 400 VALIDATION_FAILED naming field and rule', async () => {
    const { app, store } = setup();
    const post = (registry: string, payload: Record<string, unknown>) => addRecord(app, registry, payload);

    const tooManyOld = await post('social-insurance', { ...insured, contributionMonthsBefore2014: 151 });
    const pensionerWithout = await post('social-insurance', { ...insured, status: 'pensioner' });
    const pensionWhileContributing = await post('social-insurance', {
      ...insured,
      monthlyPension: 5_000_000,
      pensionStartDate: '1980-01-01',
    });
    const untilBeforeSince = await post('social-protection', {
      personalId: '092185004410',
      fullName: 'Lý Thị Kim Ngân',
      communeCode: '31120',
      programmes: [
        { kind: 'social-pension', since: '2025-07-01', until: '2025-06-30', monthlyAmount: 500_000 },
      ],
    });
    const noProgramme = await post('social-protection', {
      personalId: '092185004410',
      fullName: 'Lý Thị Kim Ngân',
      communeCode: '31120',
      programmes: [],
    });
    const unknownCategory = await post('merit', {
      personalId: '092185004410',
      fullName: 'Lý Thị Kim Ngân',
      category: 'hero',
      recognisedOn: '2001-07-27',
      receivesMonthlyAllowance: false,
    });

    for (const response of [
      tooManyOld,
      pensionerWithout,
      pensionWhileContributing,
      untilBeforeSince,
      noProgramme,
      unknownCategory,
    ]) {
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().code).toBe('VALIDATION_FAILED');
    }
    expect(rules(tooManyOld.json<Problem>())).toEqual([
      'body.contributionMonthsBefore2014:at_most_total_months',
    ]);
    expect(rules(pensionerWithout.json<Problem>())).toEqual([
      'body.monthlyPension:required_for_status',
      'body.pensionStartDate:required_for_status',
    ]);
    expect(rules(pensionWhileContributing.json<Problem>())).toEqual([
      'body.monthlyPension:forbidden_for_status',
      'body.pensionStartDate:forbidden_for_status',
      'body.pensionStartDate:not_before_birth',
    ]);
    expect(rules(untilBeforeSince.json<Problem>())).toEqual(['body.programmes[0].until:not_before_since']);
    expect(rules(noProgramme.json<Problem>())).toEqual(['body.programmes:too_small']);
    expect(rules(unknownCategory.json<Problem>())).toEqual(['body.category:invalid_value']);
    expect(store.socialInsurance.has('092185004410')).toBe(false);
  });
});

describe('fault injection', () => {
  it('answers 503 with Retry-After during an outage on lookups and recoveries, never on admin or health', async () => {
    const { app, faults, now, advance } = setup();
    const outageUntil = new Date(now().getTime() + 90_000).toISOString();
    const set = await faults.put({ outageUntil });

    const lookup = await app.inject({ method: 'GET', url: `/v1/merit/people/${HUNG}` });
    const recorded = await app.inject({ method: 'POST', url: '/v1/merit/recoveries', payload: recovery() });
    const admin = await app.inject({ method: 'GET', url: '/v1/admin/recoveries' });
    const health = await app.inject({ method: 'GET', url: '/health/ready' });
    advance(90_000);
    const after = await app.inject({ method: 'GET', url: `/v1/merit/people/${HUNG}` });

    expect(set.json()).toEqual({ outageUntil });
    expect(lookup.statusCode).toBe(503);
    expect(lookup.headers['retry-after']).toBe('90');
    expect(lookup.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(recorded.statusCode).toBe(503);
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual({ items: [] });
    expect(health.statusCode).toBe(200);
    expect(after.statusCode).toBe(200);
  });

  it('hits only the registries and kinds of route chosen', async () => {
    const { app, faults } = setup();
    await faults.put({ errorRate: 1, registries: ['social-insurance'], routes: ['recoveries'] });

    const siRecovery = await app.inject({
      method: 'POST',
      url: '/v1/social-insurance/recoveries',
      payload: recovery(),
    });
    const siRead = await app.inject({ method: 'GET', url: '/v1/social-insurance/recoveries/x' });
    const siLookup = await app.inject({ method: 'GET', url: `/v1/social-insurance/people/${THANH}` });
    const spRecovery = await app.inject({
      method: 'POST',
      url: '/v1/social-protection/recoveries',
      payload: recovery(),
    });

    expect(siRecovery.statusCode).toBe(503);
    expect(siRead.statusCode).toBe(503);
    expect(siLookup.statusCode).toBe(200);
    expect(spRecovery.statusCode).toBe(201);
  });

  it('answers injected errors with 503 without recording anything', async () => {
    const { app, faults, store } = setup({ draws: [0.1] });
    await faults.put({ errorRate: 0.5 });

    const failed = await app.inject({ method: 'POST', url: '/v1/merit/recoveries', payload: recovery() });
    // The next draw (0.99 by default) passes.
    const passed = await app.inject({ method: 'GET', url: `/v1/merit/recoveries/${recovery().requestId}` });

    expect(failed.statusCode).toBe(503);
    expect(store.recoveries.size).toBe(0);
    expect(passed.statusCode).toBe(404);
  });

  it('adds the injected latency before answering', async () => {
    const { app, faults, sleeps } = setup();
    await faults.put({ latencyMs: 2500, routes: ['lookups'] });

    await app.inject({ method: 'GET', url: `/v1/social-insurance/people/${THANH}` });
    await app.inject({ method: 'GET', url: '/v1/social-insurance/recoveries/x' });

    expect(sleeps).toEqual([2500]);
  });

  it('shows, replaces and clears the settings, and rejects impossible ones', async () => {
    const { faults } = setup();

    const set = await faults.put({
      latencyMs: 100,
      errorRate: 0.2,
      routes: ['lookups', 'lookups'],
      registries: ['merit'],
    });
    const replaced = await faults.put({ errorRate: 0.3 });
    const shown = await faults.get();
    const invalid = await Promise.all(
      [
        { errorRate: 1.5 },
        { errorate: 0.5 },
        { routes: [] },
        { registries: ['tax'] },
        { outageUntil: 'soon' },
      ].map((payload) => faults.put(payload)),
    );
    const cleared = await faults.clear();

    expect(set.json()).toEqual({
      latencyMs: 100,
      errorRate: 0.2,
      routes: ['lookups'],
      registries: ['merit'],
    });
    expect(replaced.json()).toEqual({ errorRate: 0.3 });
    expect(shown.json()).toEqual({ errorRate: 0.3 });
    expect(invalid.map((response) => response.statusCode)).toEqual([400, 400, 400, 400, 400]);
    expect(cleared.json()).toEqual({});
  });
});

describe('logs', () => {
  it('never carry a personal ID number, from a path or a query', async () => {
    const logLines: string[] = [];
    const { app } = setup({ logLines });

    await app.inject({ method: 'GET', url: `/v1/social-insurance/people/${THANH}` });
    await app.inject({ method: 'GET', url: `/v1/merit/people/${NOBODY}` });
    await app.inject({ method: 'GET', url: `/v1/admin/recoveries?personalId=${XUAN}` });
    await app.inject({ method: 'POST', url: '/v1/social-insurance/recoveries', payload: recovery() });

    const log = logLines.join('');
    expect(log).toContain('/v1/social-insurance/people/[REDACTED]');
    for (const personalId of [THANH, NOBODY, XUAN]) expect(log).not.toContain(personalId);
    expect(log).not.toMatch(/Thành/);
  });
});

describe('OpenAPI document', () => {
  it('documents every route, the admin ones marked test only', async () => {
    const { app } = setup();

    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    const document = response.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();

    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/v1/social-insurance/people/{personalId}',
        '/v1/social-protection/people/{personalId}',
        '/v1/merit/people/{personalId}',
        '/v1/social-insurance/recoveries',
        '/v1/social-protection/recoveries',
        '/v1/merit/recoveries',
        '/v1/social-insurance/recoveries/{requestId}',
        '/v1/social-protection/recoveries/{requestId}',
        '/v1/merit/recoveries/{requestId}',
        '/v1/admin/social-insurance/people',
        '/v1/admin/social-protection/people',
        '/v1/admin/merit/people',
        '/v1/admin/recoveries',
        '/v1/admin/faults',
        '/health/live',
        '/health/ready',
      ].sort(),
    );
    expect(document.paths['/v1/admin/faults']?.['put']?.tags).toEqual(['admin (test only)']);
    expect(document.paths['/v1/merit/people/{personalId}']?.['get']?.tags).toEqual([
      'people with merit (home affairs)',
    ]);
  });
});
