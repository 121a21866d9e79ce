import { describe, expect, it } from '@jest/globals';
import { faultAdmin, testAppDependencies } from '@lienthong/stand-in-kit/testing';
import { buildApp } from './app.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createInMemoryRegistry } from './in-memory-registry.ts';
import { seedPeopleAsStored } from './seed-people.ts';

const LAN = '001194003582';
const MINH = '001091012467';
const TRANG = '046190014203';
const BINH = '036048002391';

function setup(options: { draws?: number[]; logLines?: string[] } = {}) {
  let next = 0;
  const registry = createInMemoryRegistry({ randomInt: () => (next += 1), people: seedPeopleAsStored() });
  const test = testAppDependencies({ service: 'population-registry-test', ...options });
  const app = buildApp({
    ...test.dependencies,
    registry,
    faults: createFaultSwitch(),
    timeoutHoldMs: 30_000,
  });
  return {
    app,
    faults: faultAdmin(app),
    registry,
    sleeps: test.sleeps,
    advance: test.advance,
    now: test.now,
  };
}

const birth = (overrides: Record<string, unknown> = {}) => ({
  requestId: 'HS-2026-000123:birth-registration',
  provinceCode: '01',
  child: { fullName: 'Trần Bảo Ngọc', sex: 'female', dateOfBirth: '2026-11-18' },
  mother: { personalId: LAN },
  father: { personalId: MINH },
  ...overrides,
});

describe('POST /v1/personal-id-requests', () => {
  it('issues a girl registered in Hà Nội a number 0013 26 xxxxxx, once per requestId', async () => {
    const { app, registry } = setup();
    const peopleBefore = registry.people.size;

    const first = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });
    const again = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });

    expect(first.statusCode).toBe(201);
    const answer = first.json<{ personalId: string }>();
    expect(answer).toEqual({
      requestId: 'HS-2026-000123:birth-registration',
      status: 'issued',
      personalId: expect.stringMatching(/^001326\d{6}$/),
    });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(answer);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(registry.people.size).toBe(peopleBefore + 1);
    expect(registry.people.get(answer.personalId)).toMatchObject({
      fullName: 'Trần Bảo Ngọc',
      motherPersonalId: LAN,
      fatherPersonalId: MINH,
    });
  });

  it('refuses the same requestId with other data (409 IDEMPOTENCY_KEY_REUSED)', async () => {
    const { app } = setup();
    await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });

    const reused = await app.inject({
      method: 'POST',
      url: '/v1/personal-id-requests',
      payload: birth({ child: { fullName: 'Trần Bảo An', sex: 'male', dateOfBirth: '2026-11-18' } }),
    });

    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      personalIdRequestId: birth().requestId,
    });
  });

  it('refuses a suspected duplicate with a 422 problem, and says the same on every retry and on GET', async () => {
    const { app } = setup();
    const twin = birth({
      requestId: 'HS-2026-000777:birth-registration',
      provinceCode: '46',
      child: { fullName: 'Võ Gia Hân', sex: 'female', dateOfBirth: '2026-10-05' },
      mother: { personalId: TRANG },
      father: undefined,
    });

    const refused = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: twin });
    const retried = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: twin });
    const state = await app.inject({
      method: 'GET',
      url: '/v1/personal-id-requests/HS-2026-000777:birth-registration',
    });

    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(refused.json()).toMatchObject({
      type: 'https://lienthong.gov.vn/problems/suspected-duplicate',
      code: 'SUSPECTED_DUPLICATE',
      status: 422,
      retryable: false,
      personalIdRequestId: 'HS-2026-000777:birth-registration',
    });
    expect(refused.body).not.toContain('Võ Gia Hân');
    expect(retried.statusCode).toBe(422);
    expect(retried.json()).toMatchObject({ code: 'SUSPECTED_DUPLICATE' });
    expect(state.statusCode).toBe(200);
    expect(state.json()).toEqual({
      requestId: 'HS-2026-000777:birth-registration',
      status: 'refused',
      code: 'SUSPECTED_DUPLICATE',
      reason: expect.any(String),
    });
  });

  it('refuses an unknown mother (MOTHER_NOT_FOUND) and a deceased man as mother (PARENT_DATA_INCONSISTENT)', async () => {
    const { app } = setup();

    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/personal-id-requests',
      payload: birth({ requestId: 'r-1', mother: { personalId: '001199999999' } }),
    });
    const inconsistent = await app.inject({
      method: 'POST',
      url: '/v1/personal-id-requests',
      payload: birth({ requestId: 'r-2', mother: { personalId: BINH } }),
    });

    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'MOTHER_NOT_FOUND' });
    expect(inconsistent.statusCode).toBe(422);
    expect(inconsistent.json()).toMatchObject({ code: 'PARENT_DATA_INCONSISTENT' });
  });

  it('rejects malformed requests with 400 naming the fields, before deciding anything', async () => {
    const { app, registry } = setup();
    const size = registry.people.size;

    const response = await app.inject({
      method: 'POST',
      url: '/v1/personal-id-requests',
      payload: birth({
        provinceCode: '35',
        mother: { personalId: '0011940035' },
        callbackUrl: 'ftp://example.org/cb',
      }),
    });

    expect(response.statusCode).toBe(400);
    const fields = response.json<{ errors: { field: string }[] }>().errors.map((error) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['body.provinceCode', 'body.mother.personalId', 'body.callbackUrl']),
    );
    expect(registry.people.size).toBe(size);
  });

  it('answers 202 pending in answer-later mode, and the request is issued once due', async () => {
    const { app, faults, registry, advance, now } = setup();
    await faults.put({ answerLaterMs: 3 * 3600_000 });

    const accepted = await app.inject({
      method: 'POST',
      url: '/v1/personal-id-requests',
      payload: birth({ callbackUrl: 'http://127.0.0.1:9/cb' }),
    });
    const location = accepted.headers.location as string;
    const pending = await app.inject({ method: 'GET', url: location });
    advance(3 * 3600_000 - 1);
    const stillPending = registry.completeDue(now());
    advance(1);
    const decided = registry.completeDue(now());
    const issued = await app.inject({ method: 'GET', url: location });

    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toEqual({ requestId: birth().requestId, status: 'pending' });
    expect(location).toBe('/v1/personal-id-requests/HS-2026-000123%3Abirth-registration');
    expect(pending.json()).toEqual({ requestId: birth().requestId, status: 'pending' });
    expect(stillPending).toEqual([]);
    expect(decided).toEqual([birth().requestId]);
    expect(issued.json()).toEqual({
      requestId: birth().requestId,
      status: 'issued',
      personalId: expect.stringMatching(/^001326\d{6}$/),
    });
  });
});

describe('GET /v1/personal-id-requests/{requestId}', () => {
  it('answers 404 for a requestId never seen', async () => {
    const { app } = setup();

    const response = await app.inject({ method: 'GET', url: '/v1/personal-id-requests/never-sent' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('GET /v1/people/{personalId}', () => {
  it('finds a living person, without their parents', async () => {
    const { app } = setup();

    const response = await app.inject({ method: 'GET', url: '/v1/people/001223045129' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      personalId: '001223045129',
      fullName: 'Trần Minh Khôi',
      sex: 'male',
      dateOfBirth: '2023-06-10',
      status: 'alive',
      provinceCode: '01',
    });
  });

  it('finds a deceased person with the date of death', async () => {
    const { app } = setup();

    const response = await app.inject({ method: 'GET', url: `/v1/people/${BINH}` });

    expect(response.json()).toMatchObject({ status: 'deceased', dateOfDeath: '2026-09-14' });
  });

  it('answers 404 for an unknown number and 400 for a malformed one', async () => {
    const { app } = setup();

    const unknown = await app.inject({ method: 'GET', url: '/v1/people/001199999999' });
    const malformed = await app.inject({ method: 'GET', url: '/v1/people/12345' });

    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(malformed.statusCode).toBe(400);
  });
});

describe('fault injection', () => {
  it('answers 503 with Retry-After during an outage, on issuance and lookup, but not on admin or health routes', async () => {
    const { app, faults, now, advance } = setup();
    const outageUntil = new Date(now().getTime() + 90_000).toISOString();
    const set = await faults.put({ outageUntil });

    const issuance = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });
    const lookup = await app.inject({ method: 'GET', url: `/v1/people/${LAN}` });
    const admin = await faults.get();
    const health = await app.inject({ method: 'GET', url: '/health/ready' });
    advance(90_000);
    const after = await app.inject({ method: 'GET', url: `/v1/people/${LAN}` });

    expect(set.json()).toEqual({ outageUntil });
    expect(issuance.statusCode).toBe(503);
    expect(issuance.headers['retry-after']).toBe('90');
    expect(issuance.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(lookup.statusCode).toBe(503);
    expect(admin.statusCode).toBe(200);
    expect(health.statusCode).toBe(200);
    expect(after.statusCode).toBe(200);
  });

  it('answers injected errors with 503 without processing the request', async () => {
    const { app, faults, registry } = setup({ draws: [0.1] });
    const size = registry.people.size;
    await faults.put({ errorRate: 0.5 });

    const failed = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });
    const state = await app.inject({ method: 'GET', url: `/v1/personal-id-requests/${birth().requestId}` });

    expect(failed.statusCode).toBe(503);
    expect(registry.people.size).toBe(size);
    // The second draw (0.99 by default) passes the GET.
    expect(state.statusCode).toBe(404);
  });

  it('processes a timed-out request but holds its answer, so a retry with the same key gets the same number', async () => {
    const { app, faults, sleeps } = setup({ draws: [0.05] });
    await faults.put({ timeoutRate: 0.1 });

    const held = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });
    const retried = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });

    expect(sleeps).toContain(30_000);
    expect(held.statusCode).toBe(201);
    expect(retried.json()).toEqual(held.json());
  });

  it('adds the injected latency before answering', async () => {
    const { app, faults, sleeps } = setup();
    await faults.put({ latencyMs: 2500 });

    const response = await app.inject({ method: 'GET', url: `/v1/people/${LAN}` });

    expect(response.statusCode).toBe(200);
    expect(sleeps).toEqual([2500]);
  });

  it('shows, replaces and clears the settings, and rejects impossible ones', async () => {
    const { faults } = setup();

    const set = await faults.put({ latencyMs: 100, errorRate: 0.2, timeoutRate: 0.1, answerLaterMs: 60_000 });
    const replaced = await faults.put({ errorRate: 0.3 });
    const shown = await faults.get();
    const tooMuch = await faults.put({ errorRate: 0.6, timeoutRate: 0.5 });
    const outOfRange = await faults.put({ errorRate: 1.5 });
    const typo = await faults.put({ errorate: 0.5 });
    const cleared = await faults.clear();

    expect(set.json()).toEqual({ latencyMs: 100, errorRate: 0.2, timeoutRate: 0.1, answerLaterMs: 60_000 });
    expect(replaced.json()).toEqual({ errorRate: 0.3 });
    expect(shown.json()).toEqual({ errorRate: 0.3 });
    expect(tooMuch.statusCode).toBe(400);
    expect(outOfRange.statusCode).toBe(400);
    expect(typo.statusCode).toBe(400);
    expect(cleared.json()).toEqual({});
  });
});

describe('POST /v1/admin/people', () => {
  const newPerson = {
    personalId: '092185004410',
    fullName: 'Lý Thị Kim Ngân',
    sex: 'female',
    dateOfBirth: '1985-04-30',
    provinceCode: '92',
  };

  it('adds a person who can then be looked up; the same person again is 200, another under that number 409', async () => {
    const { app } = setup();

    const added = await app.inject({ method: 'POST', url: '/v1/admin/people', payload: newPerson });
    const again = await app.inject({ method: 'POST', url: '/v1/admin/people', payload: newPerson });
    const other = await app.inject({
      method: 'POST',
      url: '/v1/admin/people',
      payload: { ...newPerson, fullName: 'Lý Thị Kim Oanh' },
    });
    const found = await app.inject({ method: 'GET', url: '/v1/people/092185004410' });

    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ ...newPerson, status: 'alive' });
    expect(again.statusCode).toBe(200);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'CONFLICT' });
    expect(found.json()).toEqual({ ...newPerson, status: 'alive' });
  });

  it('rejects a number that does not encode the sex, birth year or province, and a death without a date', async () => {
    const { app } = setup();

    const wrongSex = await app.inject({
      method: 'POST',
      url: '/v1/admin/people',
      payload: { ...newPerson, sex: 'male' },
    });
    const wrongYear = await app.inject({
      method: 'POST',
      url: '/v1/admin/people',
      payload: { ...newPerson, dateOfBirth: '2005-04-30' },
    });
    const wrongProvince = await app.inject({
      method: 'POST',
      url: '/v1/admin/people',
      payload: { ...newPerson, provinceCode: '01' },
    });
    const undatedDeath = await app.inject({
      method: 'POST',
      url: '/v1/admin/people',
      payload: { ...newPerson, status: 'deceased' },
    });

    const rules = (response: typeof wrongSex) =>
      response
        .json<{ errors: { field: string; rule: string }[] }>()
        .errors.map((e) => `${e.field}:${e.rule}`);
    expect(wrongSex.statusCode).toBe(400);
    expect(rules(wrongSex)).toEqual(['body.personalId:personal_id_sex']);
    expect(rules(wrongYear)).toEqual(['body.personalId:personal_id_birth_year']);
    expect(rules(wrongProvince)).toEqual(['body.personalId:personal_id_province']);
    expect(rules(undatedDeath)).toEqual(['body.dateOfDeath:required']);
  });
});

describe('logs', () => {
  it('never carry a personal ID number or a name, even from a path or a refused request', async () => {
    const logLines: string[] = [];
    const { app } = setup({ logLines });

    await app.inject({ method: 'GET', url: `/v1/people/${LAN}` });
    await app.inject({ method: 'GET', url: '/v1/people/001199999999?x=1' });
    await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });
    await app.inject({
      method: 'POST',
      url: '/v1/personal-id-requests',
      payload: birth({ requestId: 'r-dup', mother: { personalId: '001199999999' } }),
    });

    const log = logLines.join('');
    expect(log).toContain('/v1/people/[REDACTED]');
    for (const personalId of [LAN, MINH, '001199999999']) expect(log).not.toContain(personalId);
    expect(log).not.toMatch(/"001326\d{6}"/);
    expect(log).not.toMatch(/Lan|Ngọc|Minh/);
  });
});

describe('OpenAPI document', () => {
  it('documents issuance, lookup and the admin endpoints, marked test only', async () => {
    const { app } = setup();

    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    const document = response.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/personal-id-requests',
        '/v1/personal-id-requests/{requestId}',
        '/v1/people/{personalId}',
        '/v1/admin/people',
        '/v1/admin/faults',
      ]),
    );
    expect(document.paths['/v1/admin/faults']?.['put']?.tags).toEqual(['admin (test only)']);
  });
});

describe('permanent residence', () => {
  const THANH = '001052004417';
  const LONG = '001090008834';
  const newPerson = {
    personalId: '092185004410',
    fullName: 'Lý Thị Kim Ngân',
    sex: 'female',
    dateOfBirth: '1985-04-30',
    provinceCode: '92',
    permanentResidence: { communeCode: '31120', address: '  Số 9 đường Hai Bà Trưng ', since: '2010-06-01' },
  };
  const stored = {
    ...newPerson,
    status: 'alive',
    permanentResidence: { communeCode: '31120', address: 'Số 9 đường Hai Bà Trưng', since: '2010-06-01' },
  };

  it('is shown by a lookup when known, and absent when not', async () => {
    const { app } = setup();

    const known = await app.inject({ method: 'GET', url: `/v1/people/${THANH}` });
    const unknown = await app.inject({ method: 'GET', url: `/v1/people/${LONG}` });

    expect(known.json()).toEqual({
      personalId: THANH,
      fullName: 'Nguyễn Văn Thành',
      sex: 'male',
      dateOfBirth: '1952-03-08',
      status: 'alive',
      provinceCode: '01',
      permanentResidence: { communeCode: '00235', address: 'Số 18 ngõ 172 phố Tây Sơn', since: '1984-10-12' },
    });
    expect(unknown.json()).toEqual({
      personalId: LONG,
      fullName: 'Vũ Đức Long',
      sex: 'male',
      dateOfBirth: '1990-07-07',
      status: 'alive',
      provinceCode: '01',
    });
  });

  it('is added with a person (trimmed); the same again is 200, another residence 409', async () => {
    const { app } = setup();

    const added = await app.inject({ method: 'POST', url: '/v1/admin/people', payload: newPerson });
    const again = await app.inject({ method: 'POST', url: '/v1/admin/people', payload: stored });
    const moved = await app.inject({
      method: 'POST',
      url: '/v1/admin/people',
      payload: {
        ...newPerson,
        permanentResidence: { ...newPerson.permanentResidence, communeCode: '31135' },
      },
    });
    const without = await app.inject({
      method: 'POST',
      url: '/v1/admin/people',
      payload: { ...newPerson, permanentResidence: undefined },
    });
    const found = await app.inject({ method: 'GET', url: '/v1/people/092185004410' });

    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual(stored);
    expect(again.statusCode).toBe(200);
    expect(moved.statusCode).toBe(409);
    expect(without.statusCode).toBe(409);
    expect(found.json()).toEqual(stored);
  });

  it('is refused when it starts before the birth or after the death, or is malformed', async () => {
    const { app, registry } = setup();
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/v1/admin/people', payload: { ...newPerson, ...payload } });
    const residence = (overrides: Record<string, unknown>) => ({
      permanentResidence: { ...newPerson.permanentResidence, ...overrides },
    });

    const beforeBirth = await post(residence({ since: '1985-04-29' }));
    const onBirthDay = await post({ personalId: '092185004411', ...residence({ since: '1985-04-30' }) });
    const afterDeath = await post({ status: 'deceased', dateOfDeath: '2009-12-31' });
    const malformed = await post(residence({ communeCode: '3112', address: ' Số ', since: '2010-13-01' }));

    const rules = (response: typeof beforeBirth) =>
      response
        .json<{ errors: { field: string; rule: string }[] }>()
        .errors.map((e) => `${e.field}:${e.rule}`);
    expect(beforeBirth.statusCode).toBe(400);
    expect(rules(beforeBirth)).toEqual(['body.permanentResidence.since:too_small']);
    expect(onBirthDay.statusCode).toBe(201);
    expect(rules(afterDeath)).toEqual(['body.permanentResidence.since:too_big']);
    expect(malformed.statusCode).toBe(400);
    expect(rules(malformed).map((rule) => rule.split(':')[0])).toEqual([
      'body.permanentResidence.communeCode',
      'body.permanentResidence.address',
      'body.permanentResidence.since',
    ]);
    expect(registry.people.has('092185004410')).toBe(false);
  });
});
