import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AGENCY_KIT_MIGRATIONS_DIR, AgencyRuntime } from '@lienthong/agency-kit';
import {
  createEnvelope,
  RegisterBirth,
  type BirthRegistered,
  type DataOf,
  type Envelope,
} from '@lienthong/contracts';
import { createTestDatabase, type TestDatabase } from '@lienthong/devenv/testing';
import { inTransaction, MESSAGING_MIGRATIONS_DIR } from '@lienthong/messaging';
import { createPopulationRegistryClient } from '@lienthong/population-registry';
import { buildHttpApp, createLogger, createPool, runMigrations, type HttpApp } from '@lienthong/service-kit';
import {
  createExtractSigner,
  createFileKeyStore,
  verifyExtract,
  type ExtractSigner,
} from '@lienthong/signing';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
// The real population registry stand-in, in this process, on its own database.
import { buildApp as buildPopulationApp } from '../../population-registry/src/app.ts';
import { createFaultSwitch, type FaultSwitch } from '../../population-registry/src/fault-injection.ts';
import {
  createPostgresRegistry,
  type PostgresRegistry,
} from '../../population-registry/src/postgres-registry.ts';
import { seedPeopleComponent } from '../../population-registry/src/seed-people.ts';
import { createSleeper } from '../../population-registry/src/sleeper.ts';
import { birthRegistrationDefinition } from './definition.ts';
import type { BirthCommand, BirthFacts } from './domain/birth-rules.ts';
import type { IdRequestPolicy } from './domain/personal-id-followup.ts';
import { createPersonalIdWorker, type PersonalIdWorker } from './personal-id-worker.ts';
import { birthRegistrationRoutes } from './routes.ts';

// The civil-status office on a real Postgres, against a real population registry listening on
// 127.0.0.1 and reached over HTTP by the real client. The test plays the coordinator: it hands
// commands to the agency runtime as the Kafka consumer does and reads the replies from the outbox.

const SCHEMA = 'birth_registration';
const POPULATION_SCHEMA = 'population_registry';
const logger = createLogger({ service: 'birth-registration-int', level: 'silent' });

const LAN = { fullName: 'Nguyễn Thị Lan', personalId: '001194003582' };
const MINH = { fullName: 'Trần Văn Minh', personalId: '001091012467' };
const MAI = { fullName: 'Đỗ Thị Mai', personalId: '079188026651' };

// 2026-11-20 09:00 in Vietnam; both services read this clock.
let now = new Date('2026-11-20T02:00:00Z');
const clock = { now: () => now };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

const policy: IdRequestPolicy = {
  maxAttempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 1000,
  pendingRecheckMs: 60_000,
};

let database: TestDatabase;
let populationDatabase: TestDatabase;
let pool: pg.Pool;
let populationPool: pg.Pool;
let populationApp: HttpApp;
let registry: PostgresRegistry;
let faults: FaultSwitch;
let app: HttpApp;
let keyDir: string;
let signer: ExtractSigner;
let runtime: AgencyRuntime<BirthCommand, BirthFacts>;
let worker: PersonalIdWorker;
let sequence = 0;
const nextId = () => `msg-${(sequence += 1)}`;

beforeAll(async () => {
  [database, populationDatabase] = await Promise.all([createTestDatabase(), createTestDatabase()]);

  await runMigrations({
    databaseUrl: populationDatabase.url,
    schema: POPULATION_SCHEMA,
    dir: new URL('../../population-registry/migrations/', import.meta.url),
    logger,
  });
  populationPool = createPool({
    url: populationDatabase.url,
    applicationName: 'population-int',
    schema: POPULATION_SCHEMA,
  });
  registry = createPostgresRegistry({ pool: populationPool, randomInt: (max) => randomInt(max) });
  await seedPeopleComponent({ registry, clock: () => now, logger }).start();
  faults = createFaultSwitch();
  populationApp = buildPopulationApp({
    logger,
    readinessChecks: [],
    registry,
    faults,
    clock: () => now,
    random: () => 0.5,
    sleeper: createSleeper(),
  });
  await populationApp.listen({ host: '127.0.0.1', port: 0 });
  const { port } = populationApp.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  for (const [dir, table] of [
    [MESSAGING_MIGRATIONS_DIR, 'messaging_migrations'],
    [AGENCY_KIT_MIGRATIONS_DIR, 'agency_kit_migrations'],
    [join(import.meta.dirname, '..', 'migrations'), 'pgmigrations'],
  ] as const) {
    await runMigrations({ databaseUrl: database.url, schema: SCHEMA, dir, migrationsTable: table, logger });
  }
  pool = createPool({ url: database.url, applicationName: 'birth-registration-int', schema: SCHEMA });
  keyDir = mkdtempSync(join(tmpdir(), 'lt-civil-status-keys-'));
  signer = createExtractSigner({ keyStore: createFileKeyStore({ dir: keyDir }) });
  const population = createPopulationRegistryClient({ baseUrl, timeoutMs: 2000 });
  runtime = new AgencyRuntime({
    definition: birthRegistrationDefinition({
      lookups: population,
      population,
      signer,
      policy,
      callbackUrl: undefined,
      random: () => 0.5,
    }),
    schema: SCHEMA,
    clock,
    ids: nextId,
  });
  worker = createPersonalIdWorker({
    pool,
    schema: SCHEMA,
    population,
    signer,
    policy,
    clock,
    random: () => 0.5,
    ids: nextId,
    logger,
  });
  app = buildHttpApp({
    logger,
    routes: async (scope) => {
      await scope.register(birthRegistrationRoutes({ pool, signer, clock }), { prefix: '/v1' });
    },
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await populationApp.close();
  await Promise.all([pool.end(), populationPool.end()]);
  await Promise.all([database.drop(), populationDatabase.drop()]);
  rmSync(keyDir, { recursive: true, force: true });
});

let dossiers = 0;
/** A birth to Lan and Minh in Ba Đình ward (Hà Nội), a different child each time unless told. */
function birth(overrides: Partial<BirthCommand> = {}, childName?: string): BirthCommand {
  dossiers += 1;
  return {
    dossierId: `LT20261120-TEST${String(dossiers).padStart(4, '0')}`,
    communeCode: '00004',
    receivedAt: now.toISOString(),
    child: {
      fullName: childName ?? `Trần Bảo An ${'ABCDEFGHJKMNPQRSTVWXYZ'[dossiers % 22]}${dossiers}`,
      sex: 'female',
      dateOfBirth: '2026-11-18',
      placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
      birthCertificateNumber: `GCS-01-2026-${String(dossiers).padStart(6, '0')}`,
    },
    mother: LAN,
    father: MINH,
    ...overrides,
  };
}

/** The coordinator sends (or re-sends) the command. */
async function send(command: BirthCommand, id = nextId()): Promise<string> {
  const envelope: Envelope = createEnvelope({
    definition: RegisterBirth,
    id,
    source: '/lienthong/saga-coordinator',
    subject: command.dossierId,
    time: now,
    correlationId: command.dossierId,
    data: command,
  });
  await inTransaction(pool, (tx) => runtime.onCommand(tx, envelope));
  return id;
}

interface Sent {
  type: string;
  causationId: string | undefined;
  data: Record<string, unknown>;
}

async function outbox(dossierId: string): Promise<Sent[]> {
  const { rows } = await pool.query<{ headers: Record<string, string>; payload: Record<string, unknown> }>(
    'SELECT headers, payload FROM outbox WHERE message_key = $1 ORDER BY id',
    [dossierId],
  );
  return rows.map((row) => ({
    type: (row.headers.ce_type ?? '').replace('lienthong.civil-status.', ''),
    causationId: row.headers.ce_causationid,
    data: row.payload,
  }));
}

async function request(dossierId: string) {
  const { rows } = await pool.query<{
    status: string;
    attempts: number;
    next_attempt_at: Date | null;
    request_id: string;
  }>('SELECT status, attempts, next_attempt_at, request_id FROM personal_id_requests WHERE dossier_id = $1', [
    dossierId,
  ]);
  return rows[0];
}

async function births(dossierId: string) {
  const { rows } = await pool.query<{
    certificate_number: string;
    personal_id: string | null;
    parents_check: string;
  }>('SELECT certificate_number, personal_id, parents_check FROM births WHERE dossier_id = $1', [dossierId]);
  return rows;
}

async function verified(extract: unknown) {
  const { jws } = extract as { jws: string };
  return verifyExtract(jws, await signer.publicJwks());
}

type Registered = Omit<DataOf<typeof BirthRegistered>, 'dossierId'>;
const HANOI_GIRL_2026 = /^001326\d{6}$/;

describe('registering a birth', () => {
  it('issues the personal ID at once: BirthRegistered with the number and an extract signed with it', async () => {
    const command = birth();
    const commandId = await send(command);

    const sent = await outbox(command.dossierId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'birth-registered', causationId: commandId });
    const registered = sent[0]?.data as Registered;
    expect(registered.certificateNumber).toMatch(/^KS-00004-2026-\d{6}$/);
    expect(registered.personalId).toMatch(HANOI_GIRL_2026);
    expect(registered.registeredAt).toBe(now.toISOString());
    const extract = await verified(registered.extract);
    expect(extract).toMatchObject({
      valid: true,
      type: 'birth-certificate-extract',
      issuer: 'ubnd-xa:00004',
      payload: {
        v: 1,
        no: registered.certificateNumber,
        rd: '2026-11-20',
        cc: '00004',
        ch: { n: command.child.fullName, s: 'F', dob: '2026-11-18', pid: registered.personalId },
        mo: LAN.fullName,
        fa: MINH.fullName,
      },
    });
    expect(await births(command.dossierId)).toEqual([
      {
        certificate_number: registered.certificateNumber,
        personal_id: registered.personalId,
        parents_check: 'verified',
      },
    ]);
    expect(await request(command.dossierId)).toMatchObject({ status: 'issued', next_attempt_at: null });
    expect(await worker.runDue()).toBe(0);

    // A re-send gets the same answer again, never a second registration.
    await send(command);
    const again = await outbox(command.dossierId);
    expect(again.map((each) => each.type)).toEqual(['birth-registered', 'birth-registered']);
    expect(again[1]?.data).toEqual(sent[0]?.data);
    expect(await births(command.dossierId)).toHaveLength(1);
  });

  it('registers without the number while the population database is down, and the worker attaches it after recovery', async () => {
    faults.set({ outageUntilMs: now.getTime() + 3600_000 });
    const command = birth();
    const commandId = await send(command);

    const [registered] = await outbox(command.dossierId);
    expect(registered?.type).toBe('birth-registered');
    expect(registered?.data).toMatchObject({ personalId: null });
    expect(await verified(registered?.data.extract)).toMatchObject({
      valid: true,
      payload: { ch: { pid: 'pending' } },
    });
    // The parents could not be checked either: skipped, recorded, and the database checks them when it issues.
    expect(await births(command.dossierId)).toMatchObject([{ personal_id: null, parents_check: 'skipped' }]);
    expect(await request(command.dossierId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: new Date(now.getTime() + 50), // 0.5 × 100 ms
    });

    expect(await worker.runDue()).toBe(0); // not due yet
    advance(1000);
    expect(await worker.runDue()).toBe(1); // still down
    expect(await request(command.dossierId)).toMatchObject({ status: 'pending', attempts: 2 });

    faults.reset();
    advance(1000);
    expect(await worker.runDue()).toBe(1);

    const sent = await outbox(command.dossierId);
    expect(sent.map((each) => each.type)).toEqual(['birth-registered', 'personal-id-attached']);
    const attached = sent[1];
    expect(attached?.causationId).toBe(commandId);
    expect(attached?.data).toMatchObject({
      dossierId: command.dossierId,
      certificateNumber: registered?.data.certificateNumber,
      personalId: expect.stringMatching(HANOI_GIRL_2026),
    });
    expect(await verified(attached?.data.extract)).toMatchObject({
      valid: true,
      payload: { ch: { pid: attached?.data.personalId } },
    });
    // The extract without the number stays valid.
    expect(await verified(registered?.data.extract)).toMatchObject({ valid: true });
    expect(await births(command.dossierId)).toMatchObject([{ personal_id: attached?.data.personalId }]);
    expect(await request(command.dossierId)).toMatchObject({
      status: 'issued',
      attempts: 0,
      next_attempt_at: null,
    });

    // A later re-send repeats the registration with the number now attached.
    await send(command);
    expect((await outbox(command.dossierId))[2]?.data).toMatchObject({
      personalId: attached?.data.personalId,
      extract: attached?.data.extract,
    });
  });

  it('reports BirthRegistrationFailed when the database stays down past the budget; an operator retry resumes it without registering again', async () => {
    faults.set({ outageUntilMs: now.getTime() + 3600_000 });
    const command = birth();
    await send(command);
    for (let round = 0; round < 2; round += 1) {
      advance(2000);
      expect(await worker.runDue()).toBe(1);
    }

    const failed = await outbox(command.dossierId);
    expect(failed.map((each) => each.type)).toEqual(['birth-registered', 'birth-registration-failed']);
    const certificateNumber = failed[0]?.data.certificateNumber;
    expect(failed[1]?.data).toEqual({
      dossierId: command.dossierId,
      certificateNumber,
      reason: {
        code: 'POPULATION_DB_UNAVAILABLE',
        message: { vi: expect.any(String), en: expect.any(String) },
      },
    });
    expect(await request(command.dossierId)).toMatchObject({
      status: 'failed',
      attempts: 3,
      next_attempt_at: null,
    });
    advance(60_000);
    expect(await worker.runDue()).toBe(0); // nothing left to do until an operator retries

    // The operator retries the step: the coordinator sends the command again.
    faults.reset();
    const retryId = await send(command);
    expect(await request(command.dossierId)).toMatchObject({
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
    });
    expect(await worker.runDue()).toBe(1);

    const sent = await outbox(command.dossierId);
    expect(sent.map((each) => each.type)).toEqual([
      'birth-registered',
      'birth-registration-failed',
      'birth-registered',
      'personal-id-attached',
    ]);
    expect(sent[2]).toMatchObject({ causationId: retryId, data: { certificateNumber, personalId: null } });
    const personalId = sent[3]?.data.personalId as string;
    expect(personalId).toMatch(HANOI_GIRL_2026);
    expect(await births(command.dossierId)).toEqual([
      { certificate_number: certificateNumber, personal_id: personalId, parents_check: 'skipped' },
    ]);
    // One number at the population database, under the dossier id.
    const numbered = await populationPool.query(
      `SELECT count(*)::int AS n FROM person WHERE full_name = $1`,
      [command.child.fullName],
    );
    expect(numbered.rows).toEqual([{ n: 1 }]);
    await expect(registry.findRequest(command.dossierId)).resolves.toEqual({ status: 'issued', personalId });
  });

  it('wakes a pending request at once when the population database calls back', async () => {
    faults.set({ answerLaterMs: 3 * 3600_000 });
    const command = birth();
    await send(command);
    faults.reset();
    expect((await outbox(command.dossierId))[0]?.data).toMatchObject({ personalId: null });
    expect(await request(command.dossierId)).toMatchObject({
      status: 'pending',
      attempts: 0,
      next_attempt_at: new Date(now.getTime() + 60_000),
    });

    // Hours later the database decides, then calls back.
    advance(3 * 3600_000);
    await registry.completeDueRequests(now);
    const callback = await app.inject({
      method: 'POST',
      url: '/v1/callbacks/personal-id',
      payload: { requestId: command.dossierId, status: 'issued', personalId: '001326999999' },
    });
    expect(callback.statusCode).toBe(204);
    expect((await request(command.dossierId))?.next_attempt_at?.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(await worker.runDue()).toBe(1);
    const attached = (await outbox(command.dossierId))[1];
    expect(attached?.type).toBe('personal-id-attached');
    // The number comes from the database itself, not from the (unauthenticated) callback body.
    expect(attached?.data.personalId).not.toBe('001326999999');
    await expect(registry.findRequest(command.dossierId)).resolves.toEqual({
      status: 'issued',
      personalId: attached?.data.personalId,
    });

    const again = await app.inject({
      method: 'POST',
      url: '/v1/callbacks/personal-id',
      payload: { requestId: command.dossierId, status: 'issued' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/callbacks/personal-id',
      payload: { requestId: 'LT-NOBODY', status: 'refused' },
    });
    expect([again.statusCode, unknown.statusCode]).toEqual([204, 204]);
    expect(await request(command.dossierId)).toMatchObject({ status: 'issued', next_attempt_at: null });
  });

  it('refuses parents the population database contradicts, with a stable reason', async () => {
    const unknownMother = birth({ mother: { fullName: 'Không Có', personalId: '001199999999' } });
    const manAsMother = birth({ mother: MINH, father: undefined });
    await send(unknownMother);
    await send(manAsMother);

    expect(await outbox(unknownMother.dossierId)).toMatchObject([
      { type: 'birth-registration-refused', data: { reason: { code: 'MOTHER_NOT_FOUND' } } },
    ]);
    expect(await outbox(manAsMother.dossierId)).toMatchObject([
      { type: 'birth-registration-refused', data: { reason: { code: 'PARENT_DATA_INCONSISTENT' } } },
    ]);
    expect([...(await births(unknownMother.dossierId)), ...(await births(manAsMother.dossierId))]).toEqual(
      [],
    );
  });

  it('refuses a date of birth in the future', async () => {
    const future = birth();
    await send({ ...future, child: { ...future.child, dateOfBirth: '2026-11-21' } });
    expect(await outbox(future.dossierId)).toMatchObject([
      { type: 'birth-registration-refused', data: { reason: { code: 'BIRTH_DATE_IN_FUTURE' } } },
    ]);
  });

  it('asks an officer about a suspected duplicate; an approved one the database refuses is reported as failed', async () => {
    const mother = { mother: MAI, father: undefined };
    const first = birth(mother, 'Đỗ Minh Châu');
    const second = birth(mother, '  ĐỖ MINH   CHÂU ');
    const third = birth(mother, 'Đỗ minh Châu');
    await send(first);
    await send(second);
    await send(third);

    const [registered] = await outbox(first.dossierId);
    // Numbered by the province of registration (Hà Nội), not the mother's.
    expect(registered?.data.personalId).toMatch(HANOI_GIRL_2026);
    for (const dossier of [second, third]) {
      expect(await outbox(dossier.dossierId)).toMatchObject([
        {
          type: 'birth-registration-progressed',
          data: {
            status: 'awaiting_officer',
            reason: {
              code: 'SUSPECTED_DUPLICATE',
              message: { vi: expect.stringContaining(String(registered?.data.certificateNumber)) },
            },
          },
        },
      ]);
    }
    const tasks = await inTransaction(pool, (tx) => runtime.listTasks(tx, 'open'));
    const taskOf = (dossierId: string) => tasks.find((task) => task.dossierId === dossierId);
    expect(taskOf(second.dossierId)).toMatchObject({
      reason: { code: 'SUSPECTED_DUPLICATE' },
      status: 'open',
    });

    // The officer finds the second one is the same child sent twice: refused.
    await inTransaction(pool, (tx) =>
      runtime.decideTask(tx, taskOf(second.dossierId)?.id ?? '', {
        action: 'refuse',
        actor: 'officer:hoa',
        reason: {
          code: 'DUPLICATE_REGISTRATION',
          message: { vi: 'Trẻ đã được đăng ký khai sinh', en: 'The child’s birth is already registered' },
        },
      }),
    );
    expect((await outbox(second.dossierId))[1]).toMatchObject({
      type: 'birth-registration-refused',
      data: { reason: { code: 'DUPLICATE_REGISTRATION' } },
    });
    expect(await births(second.dossierId)).toEqual([]);

    // The officer approves the third (say, declared twins): it is registered, but the population
    // database refuses its number as a suspected duplicate; reported after BirthRegistered.
    await inTransaction(pool, (tx) =>
      runtime.decideTask(tx, taskOf(third.dossierId)?.id ?? '', { action: 'approve', actor: 'officer:hoa' }),
    );
    expect(await worker.runDue()).toBe(1);
    expect(await outbox(third.dossierId)).toMatchObject([
      { type: 'birth-registration-progressed' },
      { type: 'birth-registered', data: { personalId: null } },
      { type: 'birth-registration-failed', data: { reason: { code: 'SUSPECTED_DUPLICATE' } } },
    ]);
    expect(await request(third.dossierId)).toMatchObject({ status: 'refused', next_attempt_at: null });
    expect(await births(third.dossierId)).toHaveLength(1);

    // An operator retries: asked again under a new request id (the refused one would only repeat
    // its refusal); the database still sees a duplicate and says so again. Still one registration.
    await send(third);
    expect(await request(third.dossierId)).toMatchObject({
      status: 'pending',
      request_id: `${third.dossierId}:1`,
      next_attempt_at: now,
    });
    expect(await worker.runDue()).toBe(1);
    expect((await outbox(third.dossierId)).map((each) => each.type)).toEqual([
      'birth-registration-progressed',
      'birth-registered',
      'birth-registration-failed',
      'birth-registered',
      'birth-registration-failed',
    ]);
    expect(await births(third.dossierId)).toHaveLength(1);
  });
});

describe('the public extract endpoints', () => {
  it('publish the keys, verify an extract or its QR content, and serve the QR of the latest extract', async () => {
    const command = birth();
    await send(command);
    const registered = (await outbox(command.dossierId))[0]?.data as Registered;

    const jwks = await app.inject({ url: '/v1/extracts/jwks.json' });
    expect(jwks.statusCode).toBe(200);
    expect(jwks.json<{ keys: { kid: string }[] }>().keys.map((key) => key.kid)).toContain(
      registered.extract.kid,
    );

    const valid = await app.inject({
      method: 'POST',
      url: '/v1/extracts/verify',
      payload: { extract: `LT1:${registered.extract.jws}` },
    });
    expect(valid.json()).toMatchObject({
      valid: true,
      issuer: 'ubnd-xa:00004',
      payload: { no: registered.certificateNumber, ch: { pid: registered.personalId } },
    });

    const [header, payload, signature] = registered.extract.jws.split('.') as [string, string, string];
    const altered = Buffer.from(
      Buffer.from(payload, 'base64url')
        .toString('utf8')
        .replace(registered.personalId ?? '', '001326000000'),
    ).toString('base64url');
    const forged = await app.inject({
      method: 'POST',
      url: '/v1/extracts/verify',
      payload: { extract: `${header}.${altered}.${signature}` },
    });
    expect(forged.json()).toMatchObject({ valid: false, reason: 'bad-signature' });
    expect(forged.json()).not.toHaveProperty('payload');

    const qr = await app.inject({ url: `/v1/extracts/${registered.certificateNumber}/qr.svg` });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(qr.body).toMatch(/^<svg/);
    const missing = await app.inject({ url: '/v1/extracts/KS-00004-2026-999999/qr.svg' });
    expect(missing.statusCode).toBe(404);
  });
});
