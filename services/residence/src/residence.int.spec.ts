import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AGENCY_KIT_MIGRATIONS_DIR, AgencyRuntime } from '@lienthong/agency-kit';
import {
  createEnvelope,
  PermanentResidenceRegistered,
  RegisterPermanentResidence,
  ResidenceRegistrationProgressed,
  ResidenceRegistrationRefused,
} from '@lienthong/contracts';
import { createTestDatabase, type TestDatabase } from '@lienthong/devenv/testing';
import { inTransaction, MESSAGING_MIGRATIONS_DIR } from '@lienthong/messaging';
import { createLogger, createPool, runMigrations } from '@lienthong/service-kit';
import { join } from 'node:path';
import type { ResidenceCommand, ResidenceFacts } from './domain/residence-policy.ts';
import { residenceAgency } from './residence-agency.ts';

// The residence agency on a real Postgres: the test plays the coordinator, handing commands to
// the runtime the way the Kafka consumer does, and reads the replies from the outbox.

const SCHEMA = 'residence';
const logger = createLogger({ service: 'residence-test', level: 'silent' });
const MOTHER = '001194003582';
const FATHER = '001091012467';
const GRANDMOTHER = '001165007731';
// 2026-11-23 09:00 in Vietnam.
let now = new Date('2026-11-23T02:00:00Z');

let database: TestDatabase;
let pool: ReturnType<typeof createPool>;
let runtime: AgencyRuntime<ResidenceCommand, ResidenceFacts>;
let sequence = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const [dir, table] of [
    [MESSAGING_MIGRATIONS_DIR, 'messaging_migrations'],
    [AGENCY_KIT_MIGRATIONS_DIR, 'agency_kit_migrations'],
    [join(import.meta.dirname, '..', 'migrations'), 'pgmigrations'],
  ] as const) {
    await runMigrations({ databaseUrl: database.url, schema: SCHEMA, dir, migrationsTable: table, logger });
  }
  pool = createPool({ url: database.url, applicationName: 'residence-test', schema: SCHEMA });
  runtime = new AgencyRuntime({
    definition: residenceAgency,
    schema: SCHEMA,
    clock: { now: () => now },
    ids: () => `reply-${(sequence += 1)}`,
  });
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

let children = 0;
/** A command for a new dossier and a new child (each call differs), joining the father’s household. */
function registration(
  residence: Partial<ResidenceCommand['residence']> = {},
  overrides: Partial<ResidenceCommand> = {},
): ResidenceCommand {
  children += 1;
  return {
    dossierId: `LT20261123-RES${String(children).padStart(5, '0')}`,
    child: {
      personalId: `0013260${String(children).padStart(5, '0')}`,
      fullName: 'Trần Bảo An',
      sex: 'female',
      dateOfBirth: '2026-11-20',
    },
    motherPersonalId: MOTHER,
    fatherPersonalId: FATHER,
    residence: {
      communeCode: '00004',
      address: 'Số 18 phố Phan Đình Phùng',
      householdHeadPersonalId: FATHER,
      relationshipToHouseholdHead: 'child',
      householdHeadConsent: false,
      ...residence,
    },
    ...overrides,
  };
}

async function send(command: ResidenceCommand, id = `command-${(sequence += 1)}`): Promise<void> {
  const envelope = createEnvelope({
    definition: RegisterPermanentResidence,
    id,
    source: '/lienthong/saga-coordinator',
    subject: command.dossierId,
    time: now,
    correlationId: command.dossierId,
    data: command,
  });
  await inTransaction(pool, (tx) => runtime.onCommand(tx, envelope));
}

async function outbox(
  dossierId: string,
): Promise<{ type: string; topic: string; causation: string; data: Record<string, unknown> }[]> {
  const { rows } = await pool.query<{
    topic: string;
    headers: Record<string, string>;
    payload: Record<string, unknown>;
  }>('SELECT topic, headers, payload FROM outbox WHERE message_key = $1 ORDER BY id', [dossierId]);
  return rows.map((row) => ({
    type: row.headers.ce_type ?? '',
    topic: row.topic,
    causation: row.headers.ce_causationid ?? '',
    data: row.payload,
  }));
}

async function records(personalId: string) {
  const { rows } = await pool.query<{
    record_number: string;
    dossier_id: string;
    address: string;
    household_head_personal_id: string;
    registered_at: Date;
  }>('SELECT * FROM residence_records WHERE personal_id = $1', [personalId]);
  return rows;
}

async function openTask(dossierId: string): Promise<string> {
  const tasks = await inTransaction(pool, (tx) => runtime.listTasks(tx, 'open'));
  const task = tasks.find((candidate) => candidate.dossierId === dossierId);
  if (!task) throw new Error(`no open task for ${dossierId}`);
  return task.id;
}

describe('residence registration on Postgres', () => {
  it('given a child joining a parent’s household, then it registers a record and replies registered', async () => {
    const command = registration();
    await send(command, 'command-approve');

    const [reply, ...more] = await outbox(command.dossierId);
    expect(more).toEqual([]);
    expect(reply).toMatchObject({
      type: PermanentResidenceRegistered.type,
      topic: PermanentResidenceRegistered.topic,
      causation: 'command-approve',
    });
    const data = PermanentResidenceRegistered.schema.parse(reply?.data);
    expect(data).toEqual({
      dossierId: command.dossierId,
      recordNumber: expect.stringMatching(/^TT-00004-2026-\d{6}$/),
      registeredAt: now.toISOString(),
    });
    expect(await records(command.child.personalId)).toEqual([
      expect.objectContaining({
        record_number: data.recordNumber,
        dossier_id: command.dossierId,
        address: command.residence.address,
        household_head_personal_id: FATHER,
        registered_at: now,
      }),
    ]);
    const caseRow = await inTransaction(pool, (tx) => runtime.findCase(tx, command.dossierId));
    expect(caseRow).toMatchObject({ status: 'approved', decided_by: 'policy' });
  });

  it('numbers records gap-free per commune and year', async () => {
    const first = registration({ communeCode: '00007' });
    const second = registration({ communeCode: '00007' });
    await send(first);
    await send(second);
    const numbers = [
      ...(await outbox(first.dossierId)).map((reply) => reply.data.recordNumber),
      ...(await outbox(second.dossierId)).map((reply) => reply.data.recordNumber),
    ];
    expect(numbers).toEqual(['TT-00007-2026-000001', 'TT-00007-2026-000002']);
  });

  it('numbers a record by Vietnam’s year: 00:30 on 1 January (UTC+7) is already the new year', async () => {
    const before = now;
    now = new Date('2026-12-31T17:30:00Z');
    try {
      const command = registration({ communeCode: '00010' });
      await send(command);
      const [reply] = await outbox(command.dossierId);
      expect(reply?.data).toMatchObject({
        recordNumber: 'TT-00010-2027-000001',
        registeredAt: '2026-12-31T17:30:00.000Z',
      });
    } finally {
      now = before;
    }
  });

  it('given a non-parent head without consent, then it refuses with HOUSEHOLD_HEAD_CONSENT_MISSING and records nothing', async () => {
    const command = registration({
      householdHeadPersonalId: GRANDMOTHER,
      relationshipToHouseholdHead: 'grandchild',
      householdHeadConsent: false,
    });
    await send(command);

    const replies = await outbox(command.dossierId);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.type).toBe(ResidenceRegistrationRefused.type);
    expect(ResidenceRegistrationRefused.schema.parse(replies[0]?.data).reason.code).toBe(
      'HOUSEHOLD_HEAD_CONSENT_MISSING',
    );
    expect(await records(command.child.personalId)).toEqual([]);
  });

  it('given a child registered under another dossier, then a second dossier is refused with ALREADY_REGISTERED', async () => {
    const first = registration();
    await send(first);
    const second = { ...registration(), child: first.child };
    await send(second);

    const [reply] = await outbox(second.dossierId);
    expect(reply?.type).toBe(ResidenceRegistrationRefused.type);
    expect(reply?.data).toMatchObject({ reason: { code: 'ALREADY_REGISTERED' } });
    expect(await records(first.child.personalId)).toEqual([
      expect.objectContaining({ dossier_id: first.dossierId }),
    ]);
  });

  it('given a non-parent head who consented, then it waits for an officer, and registers once approved', async () => {
    const command = registration({
      householdHeadPersonalId: GRANDMOTHER,
      relationshipToHouseholdHead: 'grandchild',
      householdHeadConsent: true,
    });
    await send(command, 'command-officer');

    expect(await outbox(command.dossierId)).toEqual([
      {
        type: ResidenceRegistrationProgressed.type,
        topic: ResidenceRegistrationProgressed.topic,
        causation: 'command-officer',
        data: {
          dossierId: command.dossierId,
          status: 'awaiting_officer',
          reason: expect.objectContaining({ code: 'VERIFICATION_REQUIRED' }),
        },
      },
    ]);
    expect(await records(command.child.personalId)).toEqual([]);

    const taskId = await openTask(command.dossierId);
    await inTransaction(pool, (tx) =>
      runtime.decideTask(tx, taskId, {
        action: 'approve',
        actor: 'officer:cong-an-ngoc-ha',
        note: 'Đã xác minh',
      }),
    );

    const replies = await outbox(command.dossierId);
    expect(replies.map((reply) => reply.type)).toEqual([
      ResidenceRegistrationProgressed.type,
      PermanentResidenceRegistered.type,
    ]);
    expect(replies[1]?.causation).toBe('command-officer');
    const data = PermanentResidenceRegistered.schema.parse(replies[1]?.data);
    expect(await records(command.child.personalId)).toEqual([
      expect.objectContaining({
        record_number: data.recordNumber,
        dossier_id: command.dossierId,
        household_head_personal_id: GRANDMOTHER,
      }),
    ]);
    const caseRow = await inTransaction(pool, (tx) => runtime.findCase(tx, command.dossierId));
    expect(caseRow).toMatchObject({ status: 'approved', decided_by: 'officer:cong-an-ngoc-ha' });
  });

  it('given an officer approving after another dossier registered the child, then it is a conflict and nothing changes', async () => {
    const waiting = registration({
      householdHeadPersonalId: GRANDMOTHER,
      relationshipToHouseholdHead: 'grandchild',
      householdHeadConsent: true,
    });
    await send(waiting);
    const meanwhile = { ...registration(), child: waiting.child };
    await send(meanwhile);
    const taskId = await openTask(waiting.dossierId);

    await expect(
      inTransaction(pool, (tx) => runtime.decideTask(tx, taskId, { action: 'approve', actor: 'officer:an' })),
    ).rejects.toMatchObject({ name: 'AppError', code: 'STATE_CONFLICT' });

    expect(await openTask(waiting.dossierId)).toBe(taskId);
    expect((await outbox(waiting.dossierId)).map((reply) => reply.type)).toEqual([
      ResidenceRegistrationProgressed.type,
    ]);
    expect(await records(waiting.child.personalId)).toEqual([
      expect.objectContaining({ dossier_id: meanwhile.dossierId }),
    ]);

    const reason = {
      code: 'ALREADY_REGISTERED',
      message: { vi: 'Trẻ đã có hồ sơ thường trú', en: 'The child already holds a residence record' },
    };
    await inTransaction(pool, (tx) =>
      runtime.decideTask(tx, taskId, { action: 'refuse', actor: 'officer:an', reason }),
    );
    const replies = await outbox(waiting.dossierId);
    expect(replies.map((reply) => reply.type)).toEqual([
      ResidenceRegistrationProgressed.type,
      ResidenceRegistrationRefused.type,
    ]);
    expect(replies[1]?.data).toEqual({ dossierId: waiting.dossierId, reason });
  });

  it('given the same command twice, then it answers the same again and keeps ONE record', async () => {
    const command = registration();
    await send(command, 'command-first');
    await send(command, 'command-again');

    const replies = await outbox(command.dossierId);
    expect(replies.map((reply) => reply.type)).toEqual([
      PermanentResidenceRegistered.type,
      PermanentResidenceRegistered.type,
    ]);
    expect(replies.map((reply) => reply.causation)).toEqual(['command-first', 'command-again']);
    expect(replies[1]?.data).toEqual(replies[0]?.data);
    expect(await records(command.child.personalId)).toHaveLength(1);
  });

  it('given a refused command sent twice, then it refuses again with the same reason', async () => {
    const command = registration({ relationshipToHouseholdHead: 'sibling' });
    await send(command);
    await send(command);

    const replies = await outbox(command.dossierId);
    expect(replies.map((reply) => reply.type)).toEqual([
      ResidenceRegistrationRefused.type,
      ResidenceRegistrationRefused.type,
    ]);
    expect(replies[0]?.data).toMatchObject({ reason: { code: 'RELATIONSHIP_INCONSISTENT' } });
    expect(replies[1]?.data).toEqual(replies[0]?.data);
  });

  it('given a command for a waiting case sent again, then it says again that an officer is needed, with one task', async () => {
    const command = registration({
      householdHeadPersonalId: GRANDMOTHER,
      relationshipToHouseholdHead: 'grandchild',
      householdHeadConsent: true,
    });
    await send(command);
    await send(command);

    const replies = await outbox(command.dossierId);
    expect(replies.map((reply) => [reply.type, reply.data.status])).toEqual([
      [ResidenceRegistrationProgressed.type, 'awaiting_officer'],
      [ResidenceRegistrationProgressed.type, 'awaiting_officer'],
    ]);
    const tasks = await inTransaction(pool, (tx) => runtime.listTasks(tx, 'open'));
    expect(tasks.filter((task) => task.dossierId === command.dossierId)).toHaveLength(1);
  });
});
