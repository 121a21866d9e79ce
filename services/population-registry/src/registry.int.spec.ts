import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase } from '@lienthong/devenv/testing';
import type { TestDatabase } from '@lienthong/devenv/testing';
import { createLogger, createPool, runMigrations } from '@lienthong/service-kit';
import type { Pool } from 'pg';
import { buildApp } from './app.ts';
import { createCallbackDelivery } from './callback-delivery.ts';
import type { IssuanceRequest } from './domain/issuance.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { pollingLoopComponent } from './polling-loop.ts';
import { createPostgresRegistry } from './postgres-registry.ts';
import { SEED_PEOPLE, seedPeopleComponent } from './seed-people.ts';
import { createSleeper } from './sleeper.ts';

const SCHEMA = 'population_registry';
const MIGRATIONS = new URL('../migrations/', import.meta.url);
const logger = createLogger({ service: 'population-registry-int', level: 'silent' });

const LAN = '001194003582';
const MINH = '001091012467';
const TRANG = '046190014203';
const MAI = '079188026651';

/** A randomInt that counts up from `start`, so numbers differ unless a test wants a clash. */
function counter(start: number) {
  let next = start;
  return () => next++;
}

let requestCounter = 0;
/** A birth to Lan and Minh under a fresh key; each call is a different child (by name). */
function birth(overrides: Partial<IssuanceRequest> = {}): IssuanceRequest {
  requestCounter += 1;
  return {
    requestId: `HS-INT-${requestCounter}:birth-registration`,
    provinceCode: '01',
    child: { fullName: `Trần Bảo Ngọc ${requestCounter}`, sex: 'female', dateOfBirth: '2026-11-18' },
    mother: { personalId: LAN },
    father: { personalId: MINH },
    ...overrides,
  };
}

/** A local HTTP server standing for the birth-registration service's callback endpoint. */
async function startCallbackReceiver(statuses: number[]) {
  const received: unknown[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.statusCode = statuses.shift() ?? 204;
      response.end();
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks/personal-id`,
    received,
    /** Resolves once `count` callbacks have arrived. */
    until: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (received.length >= count ? resolve() : waiters.push(check));
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('population registry on Postgres', () => {
  let database: TestDatabase;
  const pools: Pool[] = [];
  const newPool = () => {
    const pool = createPool({
      url: database.url,
      applicationName: 'population-registry-int',
      schema: SCHEMA,
      max: 12,
    });
    pools.push(pool);
    return pool;
  };
  let pool: Pool;
  const T0 = new Date('2026-11-20T02:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations({ databaseUrl: database.url, schema: SCHEMA, dir: MIGRATIONS, logger });
    pool = newPool();
    const seed = seedPeopleComponent({
      registry: createPostgresRegistry({ pool, randomInt: counter(0) }),
      clock: () => T0,
      logger,
    });
    await seed.start();
  });

  afterAll(async () => {
    await Promise.all(pools.map((each) => each.end()));
    await database.drop();
  });

  const countPeople = async () =>
    Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM person')).rows[0]?.n);

  it('seeds the test people once, however often it starts', async () => {
    const before = await countPeople();
    await seedPeopleComponent({
      registry: createPostgresRegistry({ pool, randomInt: counter(0) }),
      clock: () => T0,
      logger,
    }).start();

    expect(before).toBe(SEED_PEOPLE.length);
    expect(await countPeople()).toBe(SEED_PEOPLE.length);
    const registry = createPostgresRegistry({ pool, randomInt: counter(0) });
    await expect(registry.findPerson('036048002391')).resolves.toMatchObject({
      status: 'deceased',
      dateOfDeath: '2026-09-14',
      dateOfBirth: '1948-04-02',
    });
  });

  it('keeps a permanent residence when known, and none otherwise', async () => {
    const registry = createPostgresRegistry({ pool, randomInt: counter(0) });
    const person = {
      personalId: '092185004410',
      fullName: 'Lý Thị Kim Ngân',
      sex: 'female' as const,
      dateOfBirth: '1985-04-30',
      status: 'alive' as const,
      provinceCode: '92',
      permanentResidence: { communeCode: '31120', address: 'Số 9 đường Hai Bà Trưng', since: '2010-06-01' },
    };

    const added = await registry.addPerson(person, T0);
    const again = await registry.addPerson(person, T0);
    const moved = await registry.addPerson(
      { ...person, permanentResidence: { ...person.permanentResidence, since: '2011-06-01' } },
      T0,
    );

    expect([added, again, moved]).toEqual(['added', 'unchanged', 'conflict']);
    await expect(registry.findPerson(person.personalId)).resolves.toEqual(person);
    await expect(registry.findPerson('001052004417')).resolves.toMatchObject({
      permanentResidence: { communeCode: '00235', address: 'Số 18 ngõ 172 phố Tây Sơn', since: '1984-10-12' },
    });
    const long = await registry.findPerson('001090008834');
    expect(long).toMatchObject({ fullName: 'Vũ Đức Long', status: 'alive' });
    expect(long?.permanentResidence).toBeUndefined();
    // A residence is all three columns or none.
    await expect(
      pool.query(`UPDATE person SET residence_address = NULL WHERE personal_id = '001052004417'`),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('issues one number per requestId, however often it is sent', async () => {
    const registry = createPostgresRegistry({ pool, randomInt: counter(100) });
    const request = birth();
    const before = await countPeople();

    const first = await registry.submit(request, { now: T0 });
    const again = await registry.submit(request, { now: T0 });

    expect(first).toEqual({
      kind: 'answered',
      state: { status: 'issued', personalId: expect.stringMatching(/^001326\d{6}$/) },
      replayed: false,
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await countPeople()).toBe(before + 1);
    await expect(registry.findRequest(request.requestId)).resolves.toEqual(
      first.kind === 'answered' ? first.state : undefined,
    );
  });

  it('issues one number to concurrent requests with the same requestId', async () => {
    const registry = createPostgresRegistry({ pool, randomInt: counter(200) });
    const request = birth();
    const before = await countPeople();

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => registry.submit(request, { now: T0 })),
    );

    const numbers = new Set(
      answers.map((answer) => (answer.kind === 'answered' ? JSON.stringify(answer.state) : '')),
    );
    expect(numbers.size).toBe(1);
    expect(answers.filter((answer) => answer.kind === 'answered' && !answer.replayed)).toHaveLength(1);
    expect(await countPeople()).toBe(before + 1);
  });

  it('refuses the same requestId with other data', async () => {
    const registry = createPostgresRegistry({ pool, randomInt: counter(300) });
    const request = birth();
    await registry.submit(request, { now: T0 });

    const reused = await registry.submit(
      { ...request, child: { ...request.child, sex: 'male' } },
      { now: T0 },
    );

    expect(reused).toEqual({ kind: 'key-reused' });
  });

  it('draws the random part again when a number is taken, so every number is unique', async () => {
    // Both requests draw 400 first: the second finds 001326000400 taken and draws 401.
    const draws = [400, 400, 401];
    const registry = createPostgresRegistry({ pool, randomInt: () => draws.shift() ?? 999_999 });

    const first = await registry.submit(birth(), { now: T0 });
    const second = await registry.submit(birth(), { now: T0 });

    expect(first).toMatchObject({ state: { personalId: '001326000400' } });
    expect(second).toMatchObject({ state: { personalId: '001326000401' } });
    expect(draws).toEqual([]);
    await expect(
      pool.query(
        `INSERT INTO person (personal_id, full_name, name_key, sex, date_of_birth, source, created_at)
         VALUES ('001326000400', 'x', 'x', 'female', '2026-11-18', 'admin', now())`,
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('refuses a suspected duplicate: a child of the same mother with the same name and date of birth', async () => {
    const registry = createPostgresRegistry({ pool, randomInt: counter(500) });
    const twin = birth({
      provinceCode: '46',
      child: { fullName: 'VÕ GIA  HÂN', sex: 'female', dateOfBirth: '2026-10-05' },
      mother: { personalId: TRANG },
      father: undefined,
    });
    const before = await countPeople();

    const refused = await registry.submit(twin, { now: T0 });

    expect(refused).toMatchObject({ state: { status: 'refused', code: 'SUSPECTED_DUPLICATE' } });
    await expect(registry.findRequest(twin.requestId)).resolves.toMatchObject({
      code: 'SUSPECTED_DUPLICATE',
    });
    expect(await countPeople()).toBe(before);
  });

  it('numbers only one of the same child sent concurrently under different keys', async () => {
    const registry = createPostgresRegistry({ pool, randomInt: counter(600) });
    const child = { fullName: 'Đỗ Minh Anh', sex: 'female' as const, dateOfBirth: '2026-11-19' };
    const requests = Array.from({ length: 5 }, () =>
      birth({ provinceCode: '79', child, mother: { personalId: MAI }, father: undefined }),
    );

    const answers = await Promise.all(requests.map((request) => registry.submit(request, { now: T0 })));

    const states = answers.map((answer) => (answer.kind === 'answered' ? answer.state.status : answer.kind));
    expect(states.filter((status) => status === 'issued')).toHaveLength(1);
    expect(states.filter((status) => status === 'refused')).toHaveLength(4);
  });

  it('answers later: pending until due, decided by the loop even after a restart, then called back until acknowledged', async () => {
    const receiver = await startCallbackReceiver([500]);
    try {
      const before = newPool();
      const request = birth({ callbackUrl: receiver.url });
      const submitted = await createPostgresRegistry({ pool: before, randomInt: counter(700) }).submit(
        request,
        {
          now: T0,
          answerLaterMs: 3 * 3600_000,
        },
      );
      // The instance that accepted the request goes away; another one picks it up.
      await before.end();
      pools.splice(pools.indexOf(before), 1);
      const after = newPool();
      const registry = createPostgresRegistry({ pool: after, randomInt: counter(700) });
      let now = new Date(T0.getTime() + 3600_000);
      const callbacks = createCallbackDelivery({
        pool: after,
        logger,
        clock: () => now,
        random: () => 0.5,
        fetch: globalThis.fetch,
        timeoutMs: 2000,
        backoff: { initialDelayMs: 1000, maxDelayMs: 60_000, multiplier: 2 },
      });

      const earlyDecided = await registry.completeDueRequests(now);
      const stillPending = await registry.findRequest(request.requestId);
      now = new Date(T0.getTime() + 3 * 3600_000);
      const decided = await registry.completeDueRequests(now);
      const issued = await registry.findRequest(request.requestId);
      const firstRound = await callbacks.deliverDue();
      const tooSoon = await callbacks.deliverDue();
      now = new Date(now.getTime() + 500); // the backoff: 0.5 × 1000 ms
      const secondRound = await callbacks.deliverDue();
      const nothingLeft = await callbacks.deliverDue();

      expect(submitted).toEqual({ kind: 'answered', state: { status: 'pending' }, replayed: false });
      expect(earlyDecided).toBe(0);
      expect(stillPending).toEqual({ status: 'pending' });
      expect(decided).toBe(1);
      expect(issued).toEqual({ status: 'issued', personalId: expect.stringMatching(/^001326\d{6}$/) });
      expect([firstRound, tooSoon, secondRound, nothingLeft]).toEqual([0, 0, 1, 0]);
      const personalId = issued?.status === 'issued' ? issued.personalId : '';
      expect(receiver.received).toEqual([
        { requestId: request.requestId, status: 'issued', personalId },
        { requestId: request.requestId, status: 'issued', personalId },
      ]);
      const { rows } = await after.query<{ attempts: number; delivered: boolean; last_error: string | null }>(
        `SELECT attempts, delivered_at IS NOT NULL AS delivered, last_error FROM callback WHERE request_id = $1`,
        [request.requestId],
      );
      expect(rows).toEqual([{ attempts: 2, delivered: true, last_error: null }]);
    } finally {
      await receiver.close();
    }
  });

  it('calls back a refusal decided later too', async () => {
    const receiver = await startCallbackReceiver([]);
    try {
      const registry = createPostgresRegistry({ pool, randomInt: counter(800) });
      const request = birth({
        mother: { personalId: '001199999999' },
        father: undefined,
        callbackUrl: receiver.url,
      });
      await registry.submit(request, { now: T0, answerLaterMs: 1000 });
      const later = new Date(T0.getTime() + 1000);

      await registry.completeDueRequests(later);
      await createCallbackDelivery({
        pool,
        logger,
        clock: () => later,
        random: () => 0.5,
        fetch: globalThis.fetch,
        timeoutMs: 2000,
        backoff: { initialDelayMs: 1000, maxDelayMs: 60_000, multiplier: 2 },
      }).deliverDue();

      expect(receiver.received).toEqual([
        {
          requestId: request.requestId,
          status: 'refused',
          code: 'MOTHER_NOT_FOUND',
          reason: expect.any(String),
        },
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('postpones a due request whose decision fails, without holding up the ones behind it', async () => {
    let failNext = true;
    const draws = counter(1000);
    const registry = createPostgresRegistry({
      pool,
      randomInt: () => {
        if (failNext) {
          failNext = false;
          throw new Error('random source unavailable');
        }
        return draws();
      },
    });
    const first = birth();
    const second = birth();
    const start = new Date(T0.getTime() + 24 * 3600_000);
    await registry.submit(first, { now: start, answerLaterMs: 1 });
    await registry.submit(second, { now: start, answerLaterMs: 2 });
    const due = new Date(start.getTime() + 2);

    const failed = await registry.completeDueRequests(due).catch((error: unknown) => error);
    const afterFailure = await Promise.all([
      registry.findRequest(first.requestId),
      registry.findRequest(second.requestId),
    ]);
    const tooEarly = await registry.completeDueRequests(new Date(due.getTime() + 59_999));
    const retried = await registry.completeDueRequests(new Date(due.getTime() + 60_000));

    expect(failed).toBeInstanceOf(AggregateError);
    expect(afterFailure.map((state) => state?.status)).toEqual(['pending', 'issued']);
    expect(tooEarly).toBe(0);
    expect(retried).toBe(1);
    await expect(registry.findRequest(first.requestId)).resolves.toMatchObject({ status: 'issued' });
  });

  it('serves the HTTP API on Postgres, with the background loops completing an answer-later request', async () => {
    const receiver = await startCallbackReceiver([]);
    const clock = () => new Date();
    const registry = createPostgresRegistry({ pool, randomInt: counter(900) });
    const faults = createFaultSwitch();
    const callbacks = createCallbackDelivery({
      pool,
      logger,
      clock,
      random: Math.random,
      fetch: globalThis.fetch,
      timeoutMs: 2000,
      backoff: { initialDelayMs: 10, maxDelayMs: 100, multiplier: 2 },
    });
    const app = buildApp({
      logger,
      readinessChecks: [],
      registry,
      faults,
      clock,
      random: Math.random,
      sleeper: createSleeper(),
    });
    const loops = await Promise.all(
      [
        pollingLoopComponent({
          name: 'due-requests',
          intervalMs: 20,
          logger,
          tick: () => registry.completeDueRequests(clock()),
        }),
        pollingLoopComponent({
          name: 'callbacks',
          intervalMs: 20,
          logger,
          tick: () => callbacks.deliverDue(),
        }),
      ].map((loop) => loop.start()),
    );
    try {
      const now = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: birth() });
      const person = await app.inject({
        method: 'GET',
        url: `/v1/people/${now.json<{ personalId: string }>().personalId}`,
      });
      faults.set({ answerLaterMs: 0 });
      const later = birth({ callbackUrl: receiver.url });
      const accepted = await app.inject({ method: 'POST', url: '/v1/personal-id-requests', payload: later });
      await receiver.until(1);
      const state = await app.inject({ method: 'GET', url: `/v1/personal-id-requests/${later.requestId}` });

      expect(now.statusCode).toBe(201);
      expect(person.json()).toMatchObject({
        fullName: expect.stringMatching(/^Trần Bảo Ngọc/),
        status: 'alive',
      });
      expect(accepted.statusCode).toBe(202);
      expect(state.json()).toMatchObject({ status: 'issued' });
      expect(receiver.received).toEqual([
        {
          requestId: later.requestId,
          status: 'issued',
          personalId: state.json<{ personalId: string }>().personalId,
        },
      ]);
    } finally {
      await Promise.all(
        loops.map(async (loop) => {
          if (loop) await loop.close();
        }),
      );
      await app.close();
      await receiver.close();
    }
  });
});
