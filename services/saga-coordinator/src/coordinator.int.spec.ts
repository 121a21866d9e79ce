import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDevIssuer, createJwtVerifier, type DevIssuer } from '@lienthong/auth';
import {
  BirthRegistered,
  BirthRegistrationFailed,
  ChildHealthInsuranceCardIssued,
  createEnvelope,
  DeathRegistration,
  DeathRegistrationAnnulled,
  FuneralBenefit,
  ResidenceDeletion,
  SurvivorAllowance,
  PermanentResidenceRegistered,
  PersonalIdAttached,
  RegisterBirth,
  type Envelope,
  type MessageDefinition,
} from '@lienthong/contracts';
import { createTestDatabase } from '@lienthong/devenv/testing';
import { inTransaction, MESSAGING_MIGRATIONS_DIR } from '@lienthong/messaging';
import { createLogger, createPool, runMigrations, type HttpApp } from '@lienthong/service-kit';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { z } from 'zod';
import { buildApp } from './app.ts';
import { newDossierId } from './runtime/dossier-ids.ts';
import { DossierStore } from './runtime/dossier-store.ts';
import { SagaRuntime } from './runtime/saga-runtime.ts';

// The coordinator's API and saga runtime on a real Postgres. Agencies are played by this test:
// it reads the commands from the outbox and feeds replies to the runtime the way the Kafka
// consumer does (the end-to-end tests do it with the real agency services).

const SCHEMA = 'saga_coordinator';
const logger = createLogger({ service: 'coordinator-test', level: 'silent' });
const example = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../examples/dossiers/birth-3-in-1.json'), 'utf8'),
) as Record<string, unknown>;
let now = new Date('2026-11-23T02:00:00Z');
let database: { url: string; drop(): Promise<void> };
let pool: pg.Pool;
let app: HttpApp;
let saga: SagaRuntime;
let issuer: DevIssuer;
let keyDir: string;
const tokens: Record<string, string> = {};
let sequence = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const [dir, table] of [
    [MESSAGING_MIGRATIONS_DIR, 'messaging_migrations'],
    [join(import.meta.dirname, '..', 'migrations'), 'pgmigrations'],
  ] as const) {
    await runMigrations({ databaseUrl: database.url, schema: SCHEMA, dir, migrationsTable: table, logger });
  }
  pool = createPool({ url: database.url, applicationName: 'coordinator-test', schema: SCHEMA });
  keyDir = mkdtempSync(join(tmpdir(), 'lt-auth-'));
  issuer = await createDevIssuer({ dir: keyDir });
  tokens.portal = await issuer.mint({
    subject: 'portal',
    scopes: ['dossiers:write', 'dossiers:read'],
    ttl: '1h',
  });
  tokens.ops = await issuer.mint({ subject: 'ops:an', scopes: ['ops', 'dossiers:read'], ttl: '1h' });
  tokens.reader = await issuer.mint({ subject: 'stats', scopes: ['dossiers:read'], ttl: '1h' });
  const clock = { now: () => now };
  saga = new SagaRuntime({ schema: SCHEMA, clock, ids: { next: () => `event-${(sequence += 1)}` } });
  app = buildApp({
    logger,
    readinessChecks: [],
    parkingLots: [],
    verifier: createJwtVerifier({
      jwks: { file: issuer.jwksFile },
      issuer: issuer.issuer,
      audience: issuer.audience,
    }),
    pool,
    store: new DossierStore(pool, saga),
    saga,
    clock,
    newDossierId: () => newDossierId(now),
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await pool.end();
  await database.drop();
  rmSync(keyDir, { recursive: true, force: true });
});

function submit(body: unknown, key = `key-${(sequence += 1)}-${Date.now()}`, token = tokens.portal) {
  return app.inject({
    method: 'POST',
    url: '/v1/dossiers',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

async function view(id: string) {
  const response = await app.inject({
    url: `/v1/dossiers/${id}`,
    headers: { authorization: `Bearer ${tokens.portal}` },
  });
  return response.json<{
    status: string;
    portalStatusCode: number;
    steps: { service: string; status: string; dueAt: string | null; reason: { code: string } | null }[];
    results: Record<string, unknown>;
    history: { type: string; actor?: string; reason?: string }[];
  }>();
}

async function outbox(
  dossierId: string,
): Promise<{ type: string; id: string; data: Record<string, unknown> }[]> {
  const { rows } = await pool.query<{ headers: Record<string, string>; payload: Record<string, unknown> }>(
    'SELECT headers, payload FROM outbox WHERE message_key = $1 ORDER BY id',
    [dossierId],
  );
  return rows.map((row) => ({
    type: row.headers.ce_type ?? '',
    id: row.headers.ce_id ?? '',
    data: row.payload,
  }));
}

async function agencySays<TDef extends MessageDefinition>(
  definition: TDef,
  data: z.input<TDef['schema']> & { dossierId: string },
) {
  const envelope: Envelope = createEnvelope({
    definition,
    id: `reply-${(sequence += 1)}`,
    source: '/test/agency',
    subject: data.dossierId,
    time: now,
    correlationId: data.dossierId,
    data,
  });
  await inTransaction(pool, (tx) => saga.onAgencyEvent(tx, envelope));
}

const extract = { jws: 'eyJhbGciOiJFZERTQSJ9.e30.sig', kid: 'k1' };

describe('POST /v1/dossiers', () => {
  it('accepts a dossier, starts its saga and sends the birth registration through the outbox', async () => {
    const response = await submit(example);
    expect(response.statusCode).toBe(202);
    const body = response.json<{ id: string; status: string; links: { self: string } }>();
    expect(body).toEqual({
      id: expect.stringMatching(/^LT20261123-[0-9A-Z]{8}$/),
      status: 'received',
      links: { self: `/v1/dossiers/${body.id}` },
    });
    const messages = await outbox(body.id);
    expect(messages.map((message) => message.type)).toEqual([
      'lienthong.dossier.received',
      RegisterBirth.type,
      'lienthong.dossier.status-changed',
    ]);
    expect(RegisterBirth.schema.parse(messages[1]?.data).child.fullName).toBe('Trần Bảo An');
    expect(messages[1]?.id).toBe(`${body.id}:birth-registration:1`);
  });

  it('continues the portal request’s W3C trace on every message of the dossier', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const response = await app.inject({
      method: 'POST',
      url: '/v1/dossiers',
      headers: {
        authorization: `Bearer ${tokens.portal}`,
        'idempotency-key': `trace-${Date.now()}`,
        traceparent,
      },
      payload: example,
    });
    const { rows } = await pool.query<{ traceparent: string }>(
      `SELECT headers->>'traceparent' AS traceparent FROM outbox WHERE message_key = $1`,
      [response.json<{ id: string }>().id],
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[\da-f]{16}-01$/);
      expect(row.traceparent).not.toBe(traceparent);
    }
  });

  it('returns the same dossier for the same key and body, and 409 for the same key with another body', async () => {
    const first = await submit(example, 'idem-key-0001');
    const again = await submit(example, 'idem-key-0001');
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    const changed = await submit({ ...example, communeCode: '00008' }, 'idem-key-0001');
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      dossierId: first.json<{ id: string }>().id,
    });
  });

  it('refuses callers without a token or without the scope, creating nothing', async () => {
    const before = await pool.query('SELECT count(*)::int AS n FROM dossiers');
    const anonymous = await app.inject({ method: 'POST', url: '/v1/dossiers', payload: example });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    const reader = await submit(example, undefined, tokens.reader);
    expect(reader.statusCode).toBe(403);
    expect(reader.json<{ detail: string }>().detail).toMatch(/dossiers:write/);
    const after = await pool.query('SELECT count(*)::int AS n FROM dossiers');
    expect(after.rows).toEqual(before.rows);
  });

  it.each([
    [
      'a missing child name',
      { ...example, child: { ...(example.child as object), fullName: undefined } },
      'body.child.fullName',
      'invalid_type',
    ],
    [
      'a date that is not a date',
      { ...example, child: { ...(example.child as object), dateOfBirth: '2026-02-30' } },
      'body.child.dateOfBirth',
      'invalid_format',
    ],
    ['an unknown commune', { ...example, communeCode: '99999' }, 'body.communeCode', 'known_commune_code'],
    [
      'a malformed personal ID',
      { ...example, mother: { fullName: 'X', personalId: '0011940035' } },
      'body.mother.personalId',
      'invalid_format',
    ],
    ['a wrong type', { ...example, services: 'birth-registration' }, 'body.services', 'invalid_type'],
    [
      'residence chosen without its data',
      { ...example, residence: undefined },
      'body.residence',
      'required_when_chosen',
    ],
  ])(
    'answers %s with a 400 problem naming the field and the rule, creating nothing',
    async (_case, body, field, rule) => {
      const before = await pool.query('SELECT count(*)::int AS n FROM dossiers');
      const response = await submit(body);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json<{ errors: { field: string; rule: string }[] }>().errors).toContainEqual(
        expect.objectContaining({ field, rule }),
      );
      expect((await pool.query('SELECT count(*)::int AS n FROM dossiers')).rows).toEqual(before.rows);
    },
  );

  it('answers a missing Idempotency-Key and an oversized body with 4xx problems', async () => {
    const noKey = await app.inject({
      method: 'POST',
      url: '/v1/dossiers',
      headers: { authorization: `Bearer ${tokens.portal}`, 'content-type': 'application/json' },
      payload: JSON.stringify(example),
    });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json<{ errors: { field: string }[] }>().errors[0]?.field).toMatch(/idempotency-key/);
    const huge = await submit({
      ...example,
      child: { ...(example.child as object), placeOfBirth: 'x'.repeat(300_000) },
    });
    expect(huge.statusCode).toBe(413);
  });
});

describe('a birth 3-in-1 dossier converging', () => {
  it('shows ID pending, then runs residence and insurance in parallel, and completes with every result', async () => {
    now = new Date('2026-11-23T02:00:00Z');
    const id = (await submit(example)).json<{ id: string }>().id;
    expect((await view(id)).steps.map((step) => [step.service, step.status, step.dueAt])).toEqual([
      ['birth-registration', 'in_progress', '2026-11-23T10:00:00.000Z'],
      ['residence-registration', 'pending', null],
      ['health-insurance', 'pending', null],
    ]);

    await agencySays(BirthRegistered, {
      dossierId: id,
      certificateNumber: 'KS-00004-2026-000017',
      registeredAt: now.toISOString(),
      personalId: null,
      extract,
    });
    let dossier = await view(id);
    expect(dossier).toMatchObject({ status: 'in_progress', portalStatusCode: 4 });
    expect(dossier.steps[0]?.status).toBe('id_pending');
    expect(dossier.results).toMatchObject({ birthCertificateNumber: 'KS-00004-2026-000017' });

    await agencySays(PersonalIdAttached, {
      dossierId: id,
      certificateNumber: 'KS-00004-2026-000017',
      personalId: '001326004517',
      extract,
    });
    const commands = (await outbox(id)).map((message) => message.type);
    expect(commands).toEqual(
      expect.arrayContaining([
        'lienthong.residence.register-permanent-residence',
        'lienthong.health-insurance.issue-child-card',
      ]),
    );

    await agencySays(PermanentResidenceRegistered, {
      dossierId: id,
      recordNumber: 'TT-00004-000912',
      registeredAt: now.toISOString(),
    });
    await agencySays(ChildHealthInsuranceCardIssued, {
      dossierId: id,
      cardNumber: 'TE1010126004517',
      socialInsuranceNumber: '001326004517',
      validFrom: '2026-11-23',
      validTo: '2032-11-19',
      issuedAt: now.toISOString(),
    });
    dossier = await view(id);
    expect(dossier).toMatchObject({ status: 'completed', portalStatusCode: 10 });
    expect(dossier.results).toMatchObject({
      personalId: '001326004517',
      birthCertificateNumber: 'KS-00004-2026-000017',
      birthCertificateExtract: extract,
      residenceRecordNumber: 'TT-00004-000912',
      healthInsuranceCardNumber: 'TE1010126004517',
    });

    const found = await app.inject({
      url: '/v1/dossiers?recordNumber=TT-00004-000912',
      headers: { authorization: `Bearer ${tokens.portal}` },
    });
    expect(found.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual([id]);
  });
});

describe('concurrent replies', () => {
  it('applies two agencies’ replies for one dossier committed at the same time, losing neither', async () => {
    const id = (await submit(example)).json<{ id: string }>().id;
    await agencySays(BirthRegistered, {
      dossierId: id,
      certificateNumber: `KS-00004-2026-${id.slice(-6)}`,
      registeredAt: now.toISOString(),
      personalId: '001326009999',
      extract,
    });
    // Two consumers (two topics) apply these in parallel transactions. Made deterministic: the
    // residence reply is applied but not committed; the card reply then waits for the dossier's
    // lock (seen in pg_stat_activity); only then does the first commit.
    const envelope = <TDef extends MessageDefinition>(
      definition: TDef,
      data: z.input<TDef['schema']> & { dossierId: string },
    ) =>
      createEnvelope({
        definition,
        id: `reply-${(sequence += 1)}`,
        source: '/test/agency',
        subject: id,
        time: now,
        correlationId: id,
        data,
      });
    const first = await pool.connect();
    try {
      await first.query('BEGIN');
      await saga.onAgencyEvent(
        first,
        envelope(PermanentResidenceRegistered, {
          dossierId: id,
          recordNumber: `TT-${id}`,
          registeredAt: now.toISOString(),
        }),
      );
      const second = inTransaction(pool, (tx) =>
        saga.onAgencyEvent(
          tx,
          envelope(ChildHealthInsuranceCardIssued, {
            dossierId: id,
            cardNumber: `TE-${id}`,
            socialInsuranceNumber: '1326009999',
            validFrom: '2026-11-23',
            validTo: '2032-11-19',
            issuedAt: now.toISOString(),
          }),
        ),
      );
      for (let waiting = 0; waiting === 0;) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        waiting = rows[0]?.n ?? 0;
      }
      await first.query('COMMIT');
      await second;
    } finally {
      first.release();
    }
    const dossier = await view(id);
    expect(dossier.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(dossier.status).toBe('completed');
  });
});

describe('operations', () => {
  it('lists a failed saga, and a retry resumes its failed step as a new attempt recorded with actor and reason', async () => {
    const id = (await submit(example)).json<{ id: string }>().id;
    await agencySays(BirthRegistrationFailed, {
      dossierId: id,
      reason: {
        code: 'POPULATION_DB_UNAVAILABLE',
        message: { vi: 'CSDL dân cư không phản hồi', en: 'Population database down' },
      },
    });
    expect((await view(id)).status).toBe('failed');
    const failed = await app.inject({
      url: '/v1/ops/sagas?state=failed',
      headers: { authorization: `Bearer ${tokens.ops}` },
    });
    expect(failed.json<{ items: { dossierId: string; failedSteps: string[] }[] }>().items).toContainEqual(
      expect.objectContaining({ dossierId: id, failedSteps: ['birth-registration'] }),
    );

    const portalTry = await app.inject({
      method: 'POST',
      url: `/v1/ops/sagas/${id}/retry`,
      headers: { authorization: `Bearer ${tokens.portal}` },
      payload: { reason: 'try' },
    });
    expect(portalTry.statusCode).toBe(403);
    const retry = await app.inject({
      method: 'POST',
      url: `/v1/ops/sagas/${id}/retry`,
      headers: { authorization: `Bearer ${tokens.ops}` },
      payload: { reason: 'population database is back' },
    });
    expect(retry.statusCode).toBe(202);
    expect(
      (await outbox(id))
        .filter((message) => message.type === RegisterBirth.type)
        .map((message) => message.id),
    ).toEqual([`${id}:birth-registration:1`, `${id}:birth-registration:2`]);
    const dossier = await view(id);
    expect(dossier.status).toBe('in_progress');
    expect(dossier.history).toContainEqual(
      expect.objectContaining({
        type: 'operator-retry',
        actor: 'ops:an',
        reason: 'population database is back',
      }),
    );

    const again = await app.inject({
      method: 'POST',
      url: `/v1/ops/sagas/${id}/retry`,
      headers: { authorization: `Bearer ${tokens.ops}` },
      payload: { reason: 'again' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'STATE_CONFLICT' });
  });
});

// The death group and the undoing of things, on the same real Postgres.
const deathExample = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../examples/dossiers/death-4-in-1.json'), 'utf8'),
) as Record<string, unknown>;
let people = 0;
/** The death example for a new deceased (each dossier its own). */
function deathOf(overrides: Record<string, unknown> = {}) {
  people += 1;
  const deceased = deathExample.deceased as Record<string, unknown>;
  return {
    ...deathExample,
    deceased: { ...deceased, personalId: `0010520${String(people).padStart(5, '0')}` },
    ...overrides,
  };
}
const reason = (code: string) => ({ code, message: { vi: `vi ${code}`, en: `en ${code}` } });
const typesOf = async (id: string) => (await outbox(id)).map((message) => message.type);
async function portalPost(id: string, action: 'withdrawal' | 'supplements', payload: unknown) {
  return app.inject({
    method: 'POST',
    url: `/v1/dossiers/${id}/${action}`,
    headers: { authorization: `Bearer ${tokens.portal}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
}
async function tickDue(): Promise<void> {
  for (const dossierId of await saga.dueSagas(pool, 100)) {
    await inTransaction(pool, (tx) => saga.tick(tx, dossierId));
  }
}
async function registerDeath(id: string) {
  await agencySays(DeathRegistration.succeeded, {
    dossierId: id,
    certificateNumber: `KT-00004-2026-${id.slice(-6)}`,
    registeredAt: now.toISOString(),
    extract,
  });
}

describe('supplements (the 7-working-day timer on the injected clock)', () => {
  it('refuses the step when no documents come within 7 working days, tells the agency, and refuses the dossier', async () => {
    const start = now;
    try {
      // Mon 23 Nov 2026 10:00 in Vietnam; Tue 24 Nov is a day off (Vietnam Culture Day).
      now = new Date('2026-11-23T03:00:00Z');
      const id = (await submit(deathOf())).json<{ id: string }>().id;
      await agencySays(DeathRegistration.progressed, {
        dossierId: id,
        status: 'supplement_requested',
        reason: reason('DEATH_NOTICE_MISSING'),
      });
      let dossier = await view(id);
      expect(dossier).toMatchObject({ status: 'supplement_requested', portalStatusCode: 5 });
      const asking = dossier.steps[0] as unknown as { supplementDueAt: string; reason: { code: string } };
      // 7 working days after Monday, skipping the day off: Thursday 3 December, 17:00 in Vietnam.
      expect(asking).toMatchObject({
        supplementDueAt: '2026-12-03T10:00:00.000Z',
        reason: { code: 'DEATH_NOTICE_MISSING' },
      });

      now = new Date('2026-12-03T09:59:59Z');
      await tickDue();
      expect((await view(id)).steps[0]?.status).toBe('supplement_requested');

      now = new Date('2026-12-03T10:00:00Z');
      await tickDue();
      dossier = await view(id);
      expect(dossier.status).toBe('refused');
      expect(dossier.steps.map((step) => [step.service, step.status, step.reason?.code])).toEqual([
        ['death-registration', 'refused', 'SUPPLEMENT_NOT_PROVIDED'],
        ['residence-deletion', 'cancelled', 'PREREQUISITE_REFUSED'],
        ['funeral-benefit', 'cancelled', 'PREREQUISITE_REFUSED'],
        ['survivor-allowance', 'cancelled', 'PREREQUISITE_REFUSED'],
      ]);
      const cancel = (await outbox(id)).find((message) => message.type === DeathRegistration.cancel.type);
      expect(DeathRegistration.cancel.schema.parse(cancel?.data).reason.code).toBe('SUPPLEMENT_NOT_PROVIDED');
    } finally {
      now = start;
    }
  });

  it('hands the documents to the agency asking for them, and is a 409 problem when none asks', async () => {
    const id = (await submit(deathOf())).json<{ id: string }>().id;
    const documents = [{ kind: 'death-notice', reference: 'portal-doc-1' }];
    const early = await portalPost(id, 'supplements', { documents });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      code: 'STATE_CONFLICT',
      allowedWhen: expect.stringContaining('supplement_requested'),
    });

    await agencySays(DeathRegistration.progressed, {
      dossierId: id,
      status: 'supplement_requested',
      reason: reason('DEATH_NOTICE_MISSING'),
    });
    const bad = await portalPost(id, 'supplements', { documents: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'body.documents', rule: 'too_small' })],
    });
    const sent = await portalPost(id, 'supplements', { documents, note: 'Bản sao rõ nét' });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toMatchObject({ resumed: ['death-registration'] });
    const message = (await outbox(id)).find(
      (candidate) => candidate.type === DeathRegistration.supplement.type,
    );
    expect(DeathRegistration.supplement.schema.parse(message?.data)).toMatchObject({
      dossierId: id,
      documents,
    });
    expect((await view(id)).steps[0]?.status).toBe('in_progress');
  });
});

describe('withdrawal', () => {
  it('given the agency decided just before the cancel reached it, then its decision stands, nothing new starts, and the dossier ends withdrawn', async () => {
    const id = (await submit(deathOf())).json<{ id: string }>().id;
    const withdrawn = await portalPost(id, 'withdrawal', { note: 'moved abroad' });
    expect(withdrawn.statusCode).toBe(202);
    expect(await typesOf(id)).toContain(DeathRegistration.cancel.type);
    await registerDeath(id);
    const dossier = await view(id);
    expect(dossier.status).toBe('withdrawn');
    expect(dossier.portalStatusCode).toBe(7);
    expect(dossier.steps.map((step) => step.status)).toEqual([
      'succeeded',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(await typesOf(id)).not.toContain(ResidenceDeletion.command.type);
    expect(dossier.history).toContainEqual(
      expect.objectContaining({ type: 'withdrawal-requested', actor: 'portal', reason: 'moved abroad' }),
    );
  });

  it('is a 409 problem naming the state for a finished dossier, and a 404 for an unknown one', async () => {
    const id = (
      await submit(
        deathOf({
          services: ['death-registration', 'residence-deletion'],
          survivorAllowance: undefined,
          funeralBenefit: undefined,
        }),
      )
    ).json<{ id: string }>().id;
    await registerDeath(id);
    await agencySays(ResidenceDeletion.succeeded, {
      dossierId: id,
      deletionNumber: `XT-${id}`,
      recordNumber: null,
      communeCode: '00004',
      deletedAt: now.toISOString(),
    });
    expect((await view(id)).status).toBe('completed');
    const late = await portalPost(id, 'withdrawal', {});
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'STATE_CONFLICT', currentState: 'completed' });
    expect((await portalPost('LT20261123-NOSUCH00', 'withdrawal', {})).statusCode).toBe(404);
  });
});

describe('annulment racing the agencies', () => {
  it('given the annulment and a later step’s reply committed together, then the reply is undone too and every step ends compensated', async () => {
    const id = (await submit(deathOf())).json<{ id: string }>().id;
    await registerDeath(id);
    const annulment = {
      dossierId: id,
      certificateNumber: `KT-00004-2026-${id.slice(-6)}`,
      reason: reason('REGISTERED_IN_ERROR'),
      annulledAt: now.toISOString(),
      annulledBy: 'officer:hoa',
    };
    // The residence deletion and the annulment arrive on two topics at once.
    await Promise.all([
      agencySays(DeathRegistrationAnnulled, annulment),
      agencySays(ResidenceDeletion.succeeded, {
        dossierId: id,
        deletionNumber: `XT-${id}`,
        recordNumber: null,
        communeCode: '00004',
        deletedAt: now.toISOString(),
      }),
    ]);
    const types = await typesOf(id);
    expect(types).toContain(ResidenceDeletion.compensate?.type);
    expect(types).toContain(FuneralBenefit.cancel.type);
    await agencySays(FuneralBenefit.cancelled, { dossierId: id, cancelledAt: now.toISOString() });
    await agencySays(SurvivorAllowance.cancelled, { dossierId: id, cancelledAt: now.toISOString() });
    const before = await view(id);
    expect(before.status).toBe('in_progress');
    await agencySays(NonNullable(ResidenceDeletion.compensated), {
      dossierId: id,
      deletionNumber: `XT-${id}`,
      restoredAt: now.toISOString(),
    });
    const dossier = await view(id);
    expect(dossier.status).toBe('refused');
    expect(dossier.steps.map((step) => step.status)).toEqual([
      'compensated',
      'compensated',
      'cancelled',
      'cancelled',
    ]);
    expect((dossier as unknown as { reason: { code: string } }).reason.code).toBe('REGISTERED_IN_ERROR');
  });
});

function NonNullable<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('POST /v1/dossiers for the death group', () => {
  it.each([
    [
      'a death before the birth',
      () => deathOf({ deceased: { ...(deathOf().deceased as object), dateOfDeath: '1940-01-01' } }),
      'body.deceased.dateOfDeath',
      'not_before_birth',
    ],
    [
      'no residence deletion',
      () => deathOf({ services: ['death-registration', 'funeral-benefit'], survivorAllowance: undefined }),
      'body.services',
      'required_service',
    ],
    [
      'an unknown procedure',
      () => ({ ...deathOf(), procedure: 'marriage' }),
      'body.procedure',
      'invalid_union',
    ],
  ])(
    'answers %s with a 400 problem naming the field and the rule, creating nothing',
    async (_what, body, field, rule) => {
      const before = await pool.query('SELECT count(*)::int AS n FROM dossiers');
      const response = await submit(body());
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: expect.arrayContaining([expect.objectContaining({ field, rule })]),
      });
      expect((await pool.query('SELECT count(*)::int AS n FROM dossiers')).rows).toEqual(before.rows);
    },
  );
});
