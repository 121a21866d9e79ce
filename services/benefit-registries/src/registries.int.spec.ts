import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase } from '@lienthong/devenv/testing';
import type { TestDatabase } from '@lienthong/devenv/testing';
import { createLogger, createPool, runMigrations } from '@lienthong/service-kit';
import type { Pool } from 'pg';
import { buildApp } from './app.ts';
import { createBenefitRegistriesClient } from './client.ts';
import type { RecoveryRequest, SocialInsuranceRecord, SocialProtectionRecord } from './contract.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createPostgresStore } from './postgres-store.ts';
import { SEED_RECORDS, seedRecordsAsStored, seedRecordsComponent } from './seed-records.ts';
import { createSleeper } from '@lienthong/stand-in-kit';

const SCHEMA = 'benefit_registries';
const MIGRATIONS = new URL('../migrations/', import.meta.url);
const logger = createLogger({ service: 'benefit-registries-int', level: 'silent' });

const THANH = '001052004417';
const MAN = '046158002245';
const LUC = '040050007788';
const T0 = new Date('2026-11-20T02:00:00Z');

let keyCounter = 0;
/** A recovery of Thành's funeral allowance under a fresh key. */
function recovery(overrides: Partial<RecoveryRequest> = {}): RecoveryRequest {
  keyCounter += 1;
  return {
    requestId: `HS-INT-${keyCounter}:funeral-benefit:recovery`,
    personalId: THANH,
    decisionNumber: '125/QĐ-BHXH',
    amount: 23_400_000,
    reason: 'The death registration was annulled.',
    ...overrides,
  };
}

const newInsured: SocialInsuranceRecord = {
  personalId: '092185004410',
  fullName: 'Lý Thị Kim Ngân',
  sex: 'female',
  dateOfBirth: '1985-04-30',
  socialInsuranceNumber: '9218504410',
  status: 'monthly-allowance',
  compulsoryContributionMonths: 240,
  voluntaryContributionMonths: 12,
  contributionMonthsBefore2014: 120,
  averageMonthlySalary: 12_000_000,
  monthlyPension: 4_100_000,
  pensionStartDate: '2025-01-01',
};

describe('benefit registries on Postgres', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations({ databaseUrl: database.url, schema: SCHEMA, dir: MIGRATIONS, logger });
    pool = createPool({
      url: database.url,
      applicationName: 'benefit-registries-int',
      schema: SCHEMA,
      max: 12,
    });
    await seedRecordsComponent({ store: createPostgresStore({ pool }), clock: () => T0, logger }).start();
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const count = async (table: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

  it('seeds the test records once, however often it starts, and reads them back as written', async () => {
    const store = createPostgresStore({ pool });
    await seedRecordsComponent({ store, clock: () => T0, logger }).start();

    expect(await count('social_insurance_record')).toBe(SEED_RECORDS.socialInsurance.length);
    expect(await count('social_protection_record')).toBe(SEED_RECORDS.socialProtection.length);
    expect(await count('merit_record')).toBe(SEED_RECORDS.merit.length);
    const stored = seedRecordsAsStored();
    for (const record of stored.socialInsurance) {
      await expect(store.records['social-insurance'].find(record.personalId)).resolves.toEqual(record);
    }
    for (const record of stored.socialProtection) {
      await expect(store.records['social-protection'].find(record.personalId)).resolves.toEqual(record);
    }
    for (const record of stored.merit)
      await expect(store.records.merit.find(record.personalId)).resolves.toEqual(record);
    await expect(store.records['social-insurance'].find(LUC)).resolves.toBeUndefined();
    await expect(store.records.merit.find(MAN)).resolves.toBeUndefined();
  });

  it('adds records: the same again is unchanged, another one under the ID or the SI number a conflict', async () => {
    const store = createPostgresStore({ pool });
    const assisted: SocialProtectionRecord = {
      personalId: newInsured.personalId,
      fullName: newInsured.fullName,
      communeCode: '31120',
      programmes: [
        { kind: 'social-pension', since: '2030-05-01', until: null, monthlyAmount: 500_000 },
        {
          kind: 'monthly-social-assistance',
          since: '2024-07-01',
          until: '2030-04-30',
          monthlyAmount: 500_000,
        },
      ],
    };

    const results = [
      await store.records['social-insurance'].add(newInsured, T0),
      await store.records['social-insurance'].add(
        { ...newInsured, fullName: 'Lý Thị Kim Ngân'.normalize('NFD') },
        T0,
      ),
      await store.records['social-insurance'].add({ ...newInsured, averageMonthlySalary: 12_000_001 }, T0),
      await store.records['social-insurance'].add(
        { ...newInsured, personalId: '092185004411', fullName: 'Lý Thị Kim Oanh' },
        T0,
      ),
      await store.records['social-protection'].add(assisted, T0),
      await store.records['social-protection'].add(assisted, T0),
      await store.records['social-protection'].add(
        { ...assisted, programmes: assisted.programmes.slice(1) },
        T0,
      ),
    ];

    expect(results).toEqual(['added', 'unchanged', 'conflict', 'conflict', 'added', 'unchanged', 'conflict']);
    await expect(store.records['social-insurance'].find(newInsured.personalId)).resolves.toEqual(newInsured);
    await expect(store.records['social-insurance'].find('092185004411')).resolves.toBeUndefined();
    // Programmes come back in the order they were given.
    await expect(store.records['social-protection'].find(assisted.personalId)).resolves.toEqual(assisted);
  });

  it('records one recovery per requestId and registry, however often it is sent', async () => {
    const store = createPostgresStore({ pool });
    const request = recovery();

    const first = await store.recordRecovery('merit', request, T0);
    const again = await store.recordRecovery('merit', request, new Date(T0.getTime() + 60_000));
    const reused = await store.recordRecovery('merit', { ...request, amount: 1 }, T0);
    const elsewhere = await store.recordRecovery('social-protection', request, T0);

    expect(first).toEqual({
      kind: 'recorded',
      recovery: {
        ...request,
        registry: 'merit',
        recoveryNumber: 'TH-NCC-2026-000001',
        recordedAt: T0.toISOString(),
      },
      replayed: false,
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect(reused).toEqual({ kind: 'key-reused' });
    expect(elsewhere).toMatchObject({
      kind: 'recorded',
      replayed: false,
      recovery: { recoveryNumber: 'TH-SP-2026-000001' },
    });
    await expect(store.findRecovery('merit', request.requestId)).resolves.toEqual(
      first.kind === 'recorded' ? first.recovery : undefined,
    );
    await expect(store.findRecovery('social-insurance', request.requestId)).resolves.toBeUndefined();
  });

  it('records one recovery for concurrent requests with the same requestId', async () => {
    const store = createPostgresStore({ pool });
    const request = recovery();
    const before = await count('recovery');

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => store.recordRecovery('social-insurance', request, T0)),
    );

    const records = new Set(
      answers.map((answer) => (answer.kind === 'recorded' ? JSON.stringify(answer.recovery) : '')),
    );
    expect(records.size).toBe(1);
    expect(answers.filter((answer) => answer.kind === 'recorded' && !answer.replayed)).toHaveLength(1);
    expect(await count('recovery')).toBe(before + 1);
  });

  it('numbers concurrent recoveries without gaps, per registry and Vietnam year', async () => {
    const store = createPostgresStore({ pool });
    const year2027 = new Date('2026-12-31T17:00:00Z');
    const requests = Array.from({ length: 8 }, () => recovery());

    const answers = await Promise.all(
      requests.flatMap((request) => [
        store.recordRecovery('social-protection', request, year2027),
        store.recordRecovery('social-protection', request, year2027),
      ]),
    );
    const numbers = [
      ...new Set(answers.map((answer) => (answer.kind === 'recorded' ? answer.recovery.recoveryNumber : ''))),
    ].sort();

    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `TH-SP-2027-00000${i + 1}`));
    const { rows } = await pool.query<{ last: number }>(
      `SELECT last FROM recovery_sequence WHERE registry = 'social-protection' AND year = 2027`,
    );
    expect(rows).toEqual([{ last: 8 }]);
  });

  it('lists recoveries by deceased and registry, oldest first', async () => {
    const store = createPostgresStore({ pool });
    const first = recovery({ personalId: LUC, decisionNumber: '30/QĐ-UBND', amount: 10_000_000 });
    const second = recovery({ personalId: LUC, decisionNumber: '88/QĐ-SNV', amount: 5_000_000 });
    await store.recordRecovery('social-protection', first, new Date(T0.getTime() + 1000));
    await store.recordRecovery('merit', second, new Date(T0.getTime() + 2000));

    const ofLuc = await store.listRecoveries({ personalId: LUC });
    const ofLucAtMerit = await store.listRecoveries({ personalId: LUC, registry: 'merit' });

    expect(ofLuc.map((item) => [item.registry, item.requestId])).toEqual([
      ['social-protection', first.requestId],
      ['merit', second.requestId],
    ]);
    expect(ofLucAtMerit.map((item) => item.decisionNumber)).toEqual(['88/QĐ-SNV']);
    expect((await store.listRecoveries({})).length).toBe(await count('recovery'));
  });

  it('serves the HTTP API on Postgres to the client, faults included', async () => {
    const faults = createFaultSwitch();
    const store = createPostgresStore({ pool });
    const app = buildApp({
      logger,
      readinessChecks: [],
      store,
      faults,
      clock: () => T0,
      random: Math.random,
      sleeper: createSleeper(),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const client = createBenefitRegistriesClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
      const request = recovery();

      const insured = await client.findSocialInsurance(THANH);
      const assisted = await client.findSocialProtection(MAN);
      const notOfMerit = await client.findMerit(MAN);
      const recorded = await client.recordRecovery('social-insurance', request);
      const replayed = await client.recordRecovery('social-insurance', request);
      const added = await app.inject({
        method: 'POST',
        url: '/v1/admin/merit/people',
        payload: {
          personalId: '092185004410',
          fullName: 'Lý Thị Kim Ngân',
          category: 'heroic-mother',
          recognisedOn: '2014-12-20',
          receivesMonthlyAllowance: true,
        },
      });
      const conflicting = await app.inject({
        method: 'POST',
        url: '/v1/admin/merit/people',
        payload: {
          personalId: '092185004410',
          fullName: 'Lý Thị Kim Ngân',
          category: 'other',
          recognisedOn: '2014-12-20',
          receivesMonthlyAllowance: true,
        },
      });
      faults.set({ outageUntilMs: T0.getTime() + 30_000, registries: ['social-insurance'] });
      const down = await client.findSocialInsurance(THANH).catch((error: unknown) => error);
      const stillUp = await client.findMerit('031049006612');
      const meritRecoveries = (await store.listRecoveries({ registry: 'merit' })).length;
      faults.set({ errorRate: 1, routes: ['recoveries'] });
      const unrecorded = await client.recordRecovery('merit', recovery()).catch((error: unknown) => error);
      faults.reset();

      expect(insured).toMatchObject({ status: 'pensioner', monthlyPension: 7_200_000 });
      expect(assisted?.programmes).toHaveLength(2);
      expect(notOfMerit).toBeUndefined();
      expect(recorded).toMatchObject({
        registry: 'social-insurance',
        recoveryNumber: expect.stringMatching(/^TH-SI-2026-/),
      });
      expect(replayed).toEqual(recorded);
      expect(added.statusCode).toBe(201);
      expect(conflicting.statusCode).toBe(409);
      expect(down).toMatchObject({ name: 'TransientError', message: expect.stringMatching(/503/) });
      expect(stillUp).toMatchObject({ category: 'resistance-activist' });
      expect(unrecorded).toMatchObject({ name: 'TransientError' });
      expect(await store.listRecoveries({ registry: 'merit' })).toHaveLength(meritRecoveries);
    } finally {
      await app.close();
    }
  });
});
