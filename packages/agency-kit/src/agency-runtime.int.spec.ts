import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createEnvelope,
  DeathRegistrationAnnulled,
  FuneralBenefit,
  ResidenceDeletion,
  type DataOf,
  type MessageDefinition,
} from '@lienthong/contracts';
import { createTestDatabase, type TestDatabase } from '@lienthong/devenv/testing';
import { inTransaction, MESSAGING_MIGRATIONS_DIR, TransientError } from '@lienthong/messaging';
import { AppError, createLogger, createPool, runMigrations } from '@lienthong/service-kit';
import { AgencyRuntime } from './agency-runtime.ts';
import { AGENCY_KIT_MIGRATIONS_DIR } from './agency-service.ts';
import type { AgencyDefinition } from './definition.ts';

// The kit's conversation on a real Postgres, with two small acts of one service sharing its
// tables: cases per dossier and act, cancel, supplements, compensation under a savepoint, and
// annulment. The acts' messages are real contracts; what they do is a row in a test table.

const SCHEMA = 'kit_test';
const logger = createLogger({ service: 'agency-kit-test', level: 'silent' });
const now = new Date('2026-11-25T03:00:00Z');
let database: TestDatabase;
let pool: ReturnType<typeof createPool>;
let sequence = 0;
let failUndo = false;

type DeletionCommand = DataOf<typeof ResidenceDeletion.command>;
type FuneralCommand = DataOf<typeof FuneralBenefit.command>;

/** Decides by the deceased's name: OFFICER asks an officer, DOCS asks for documents, REFUSE refuses. */
const deletion: AgencyDefinition<DeletionCommand, Record<string, never>> = {
  agency: 'residence',
  messages: ResidenceDeletion,
  facts: () => Promise.resolve({}),
  assess: (command) => {
    const why = { code: 'TEST', message: { vi: 'thử', en: 'test' } };
    switch (command.deceased.fullName) {
      case 'OFFICER':
        return { decision: 'ask-officer', reason: why };
      case 'DOCS':
        return { decision: 'request-supplement', reason: why };
      case 'REFUSE':
        return { decision: 'refuse', reason: why };
      default:
        return { decision: 'approve' };
    }
  },
  act: async (command, { tx, now: at }) => {
    await tx.query('INSERT INTO done (dossier_id, act) VALUES ($1, $2)', [command.dossierId, 'deletion']);
    return {
      deletionNumber: `XT-${command.dossierId}`,
      recordNumber: null,
      communeCode: '00004',
      deletedAt: at.toISOString(),
    };
  },
  undo: async (command, _record, _annulment, { tx, now: at }) => {
    await tx.query(`UPDATE done SET undone = true WHERE dossier_id = $1 AND act = 'deletion'`, [
      command.dossierId,
    ]);
    if (failUndo) throw new TransientError('the registry is down');
    return { deletionNumber: `XT-${command.dossierId}`, restoredAt: at.toISOString() };
  },
};

const funeral: AgencyDefinition<FuneralCommand, Record<string, never>> = {
  agency: 'funeral-benefit',
  messages: FuneralBenefit,
  facts: () => Promise.resolve({}),
  assess: () => ({ decision: 'ask-officer', reason: { code: 'TEST', message: { vi: 'thử', en: 'test' } } }),
  act: () => Promise.reject(new Error('not approved in these tests')),
};

let deletions: AgencyRuntime<DeletionCommand, Record<string, never>>;
let funerals: AgencyRuntime<FuneralCommand, Record<string, never>>;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const [dir, table] of [
    [MESSAGING_MIGRATIONS_DIR, 'messaging_migrations'],
    [AGENCY_KIT_MIGRATIONS_DIR, 'agency_kit_migrations'],
  ] as const) {
    await runMigrations({ databaseUrl: database.url, schema: SCHEMA, dir, migrationsTable: table, logger });
  }
  pool = createPool({ url: database.url, applicationName: 'agency-kit-test', schema: SCHEMA });
  await pool.query('CREATE TABLE done (dossier_id text, act text, undone boolean NOT NULL DEFAULT false)');
  const options = { schema: SCHEMA, clock: { now: () => now }, ids: () => `reply-${(sequence += 1)}` };
  deletions = new AgencyRuntime({ ...options, definition: deletion });
  funerals = new AgencyRuntime({ ...options, definition: funeral });
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

let dossiers = 0;
const newDossier = () => `LT20261125-KIT${String((dossiers += 1)).padStart(5, '0')}`;
const deletionCommand = (dossierId: string, fullName = 'Nguyễn Văn A'): DeletionCommand => ({
  dossierId,
  communeCode: '00004',
  deceased: { personalId: '001052004417', fullName, dateOfDeath: '2026-11-20' },
  deathCertificateNumber: 'KT-00004-2026-000001',
});
const why = { code: 'WITHDRAWN_BY_CITIZEN', message: { vi: 'rút', en: 'withdrawn' } };

async function send(definition: MessageDefinition, data: Record<string, unknown> & { dossierId: string }) {
  const envelope = createEnvelope({
    definition,
    id: `command-${(sequence += 1)}`,
    source: '/lienthong/saga-coordinator',
    subject: data.dossierId,
    time: now,
    correlationId: data.dossierId,
    data,
  });
  await inTransaction(pool, async (tx) => {
    await deletions.onCommand(tx, envelope);
    await funerals.onCommand(tx, envelope);
  });
}
const annulment = {
  reason: { code: 'REGISTERED_IN_ERROR', message: { vi: 'nhầm', en: 'error' } },
  annulledAt: now.toISOString(),
  annulledBy: 'officer:hoa',
};

async function replies(dossierId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await pool.query<{ headers: Record<string, string>; payload: Record<string, unknown> }>(
    'SELECT headers, payload FROM outbox WHERE message_key = $1 ORDER BY id',
    [dossierId],
  );
  return rows.map((row) => ({ type: row.headers.ce_type ?? '', data: row.payload }));
}
const done = async (dossierId: string) =>
  (await pool.query<{ undone: boolean }>('SELECT undone FROM done WHERE dossier_id = $1', [dossierId])).rows;

describe('several acts of one service', () => {
  it('keep a case each per dossier: stopping one leaves the other waiting', async () => {
    const id = newDossier();
    await send(ResidenceDeletion.command, deletionCommand(id, 'OFFICER'));
    await send(FuneralBenefit.command, {
      dossierId: id,
      communeCode: '00004',
      deceased: {
        personalId: '001052004417',
        fullName: 'A',
        sex: 'male',
        dateOfBirth: '1952-03-08',
        dateOfDeath: '2026-11-20',
      },
      deathCertificateNumber: 'KT-1',
      recipient: { fullName: 'B', personalId: '001156007321', relationshipToDeceased: 'spouse' },
    });
    await send(ResidenceDeletion.cancel, { dossierId: id, reason: why });
    const deletionCase = await inTransaction(pool, (tx) => deletions.findCase(tx, id));
    const funeralCase = await inTransaction(pool, (tx) => funerals.findCase(tx, id));
    expect([deletionCase?.status, funeralCase?.status]).toEqual(['cancelled', 'awaiting_officer']);
    expect(
      (await inTransaction(pool, (tx) => funerals.listTasks(tx, 'open'))).map((task) => task.dossierId),
    ).toContain(id);
    expect(
      (await inTransaction(pool, (tx) => deletions.listTasks(tx, 'cancelled'))).map((task) => task.dossierId),
    ).toContain(id);
    expect((await replies(id)).map((reply) => reply.type)).toEqual([
      ResidenceDeletion.progressed.type,
      FuneralBenefit.progressed.type,
      ResidenceDeletion.cancelled.type,
    ]);
  });
});

describe('cancel', () => {
  it('before the command arrived, keeps a cancelled case: the late command is answered cancelled, never done', async () => {
    const id = newDossier();
    await send(ResidenceDeletion.cancel, { dossierId: id, reason: why });
    await send(ResidenceDeletion.command, deletionCommand(id));
    expect((await replies(id)).map((reply) => reply.type)).toEqual([
      ResidenceDeletion.cancelled.type,
      ResidenceDeletion.cancelled.type,
    ]);
    expect(await done(id)).toEqual([]);
  });

  it('after the act was done, repeats the decision instead', async () => {
    const id = newDossier();
    await send(ResidenceDeletion.command, deletionCommand(id));
    await send(ResidenceDeletion.cancel, { dossierId: id, reason: why });
    const [first, second] = await replies(id);
    expect([first?.type, second?.type]).toEqual([
      ResidenceDeletion.succeeded.type,
      ResidenceDeletion.succeeded.type,
    ]);
    expect(second?.data).toEqual(first?.data);
  });
});

describe('supplements', () => {
  it('asked by policy: the documents go on the case and back to an officer; documents not asked for repeat the answer', async () => {
    const id = newDossier();
    await send(ResidenceDeletion.command, deletionCommand(id, 'DOCS'));
    const documents = [{ kind: 'death-notice', reference: 'doc-1' }];
    await send(ResidenceDeletion.supplement, { dossierId: id, documents, submittedAt: now.toISOString() });
    await send(ResidenceDeletion.supplement, { dossierId: id, documents, submittedAt: now.toISOString() });
    expect(
      (await replies(id)).map((reply) => [
        reply.type,
        reply.data.status,
        (reply.data.reason as { code: string }).code,
      ]),
    ).toEqual([
      [ResidenceDeletion.progressed.type, 'supplement_requested', 'TEST'],
      [ResidenceDeletion.progressed.type, 'awaiting_officer', 'SUPPLEMENT_RECEIVED'],
      [ResidenceDeletion.progressed.type, 'awaiting_officer', 'SUPPLEMENT_RECEIVED'],
    ]);
    const [task] = (await inTransaction(pool, (tx) => deletions.listTasks(tx, 'open'))).filter(
      (t) => t.dossierId === id,
    );
    expect(task?.supplements).toEqual([expect.objectContaining({ documents })]);
  });
});

describe('compensation', () => {
  it('a failing undo rolls back what it wrote and is reported; the retry undoes once; a repeat repeats the answer', async () => {
    const id = newDossier();
    await send(ResidenceDeletion.command, deletionCommand(id));
    failUndo = true;
    try {
      await send(NonNullable(ResidenceDeletion.compensate), { dossierId: id, ...annulment });
    } finally {
      failUndo = false;
    }
    expect(await done(id)).toEqual([{ undone: false }]);
    expect(await inTransaction(pool, (tx) => deletions.findCase(tx, id))).toMatchObject({
      status: 'approved',
      undo_attempts: 1,
    });
    await send(NonNullable(ResidenceDeletion.compensate), { dossierId: id, ...annulment });
    await send(NonNullable(ResidenceDeletion.compensate), { dossierId: id, ...annulment });
    const types = (await replies(id)).map((reply) => reply.type);
    expect(types).toEqual([
      ResidenceDeletion.succeeded.type,
      ResidenceDeletion.compensationFailed?.type,
      ResidenceDeletion.compensated?.type,
      ResidenceDeletion.compensated?.type,
    ]);
    const failure = (await replies(id))[1]?.data as { reason: { code: string } };
    expect(failure.reason.code).toBe('COMPENSATION_FAILED');
    expect(await done(id)).toEqual([{ undone: true }]);
    expect(await inTransaction(pool, (tx) => deletions.findCase(tx, id))).toMatchObject({
      status: 'compensated',
      undo_attempts: 2,
    });
  });
});

describe('annulment at the office', () => {
  it('marks a done case annulled and tells the coordinator; a second annulment or one of an undone case is a conflict', async () => {
    const id = newDossier();
    await send(ResidenceDeletion.command, deletionCommand(id));
    const decision = {
      reason: annulment.reason,
      actor: 'officer:hoa',
      event: DeathRegistrationAnnulled,
      data: {
        certificateNumber: 'KT-1',
        reason: annulment.reason,
        annulledAt: now.toISOString(),
        annulledBy: 'officer:hoa',
      },
    };
    await inTransaction(pool, (tx) => deletions.annul(tx, id, decision));
    expect((await replies(id)).at(-1)?.type).toBe(DeathRegistrationAnnulled.type);
    await expect(inTransaction(pool, (tx) => deletions.annul(tx, id, decision))).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
    });
    const refused = newDossier();
    await send(ResidenceDeletion.command, deletionCommand(refused, 'REFUSE'));
    await expect(inTransaction(pool, (tx) => deletions.annul(tx, refused, decision))).rejects.toBeInstanceOf(
      AppError,
    );
    // A re-sent command for the annulled case answers nothing new and does nothing.
    await send(ResidenceDeletion.command, deletionCommand(id));
    expect((await replies(id)).at(-1)?.type).toBe(DeathRegistrationAnnulled.type);
  });
});

function NonNullable<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
