/**
 * The population registry on Postgres. Idempotency is the database's: the request row is
 * inserted first with ON CONFLICT DO NOTHING, so a concurrent request with the same key waits
 * for the first transaction and then reads its answer; each number is unique by primary key.
 */
import { withTransaction } from '@lienthong/service-kit';
import { addRecordOnce, selectFirst } from '@lienthong/stand-in-kit';
import type { Queryable } from '@lienthong/stand-in-kit';
import { vietnamCivilDate } from '@lienthong/working-days';
import type { Pool, PoolClient } from 'pg';
import { decideIssuance, nameKey, requestFingerprint } from './domain/issuance.ts';
import type { IssuanceRequest, IssuanceState, Person, RefusalCode } from './domain/issuance.ts';
import { birthYearOf, generatePersonalId } from './domain/personal-id.ts';
import type { RandomInt, Sex } from './domain/personal-id.ts';
import type { PopulationRegistry, SubmitOptions, SubmitResult } from './registry.ts';

/** Draws of the random part before giving up: a clash is one in a million per draw per year. */
const MAX_NUMBER_DRAWS = 25;

/** How long a pending request whose decision failed waits before it is tried again. */
const POSTPONE_FAILED_MS = 60_000;

export type PersonSource = 'seed' | 'admin' | 'issued';

export interface PostgresRegistryOptions {
  readonly pool: Pool;
  /** Draws the random part of new numbers; `crypto.randomInt` in production. */
  readonly randomInt: RandomInt;
}

export interface PostgresRegistry extends PopulationRegistry {
  /** Adds a person unless the number is taken (seed data, at start). Resolves true when added. */
  insertPersonIfAbsent(person: Person, source: PersonSource, now: Date): Promise<boolean>;
  /**
   * Decides pending requests due at `now`, one transaction each, queueing a callback for those
   * that gave a callbackUrl. Safe to run on several instances (rows are claimed SKIP LOCKED).
   * Resolves with how many were decided.
   */
  completeDueRequests(now: Date, limit?: number): Promise<number>;
}

interface PersonRow {
  personal_id: string;
  full_name: string;
  sex: Sex;
  date_of_birth: string;
  status: 'alive' | 'deceased';
  date_of_death: string | null;
  province_code: string | null;
  mother_personal_id: string | null;
  father_personal_id: string | null;
  residence_commune_code: string | null;
  residence_address: string | null;
  residence_since: string | null;
}

interface RequestRow {
  request_id: string;
  fingerprint: string;
  province_code: string;
  child_full_name: string;
  child_sex: Sex;
  child_date_of_birth: string;
  mother_personal_id: string;
  father_personal_id: string | null;
  callback_url: string | null;
  status: 'pending' | 'issued' | 'refused';
  personal_id: string | null;
  refusal_code: RefusalCode | null;
  refusal_reason: string | null;
}

// Dates as text: pg would otherwise turn them into Dates at local midnight.
const PERSON_COLUMNS = `personal_id, full_name, sex, date_of_birth::text AS date_of_birth, status,
  date_of_death::text AS date_of_death, province_code, mother_personal_id, father_personal_id,
  residence_commune_code, residence_address, residence_since::text AS residence_since`;
const REQUEST_COLUMNS = `request_id, fingerprint, province_code, child_full_name, child_sex,
  child_date_of_birth::text AS child_date_of_birth, mother_personal_id, father_personal_id,
  callback_url, status, personal_id, refusal_code, refusal_reason`;

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function toPerson(row: PersonRow): Person {
  return {
    personalId: row.personal_id,
    fullName: row.full_name,
    sex: row.sex,
    dateOfBirth: row.date_of_birth,
    status: row.status,
    dateOfDeath: orUndefined(row.date_of_death),
    provinceCode: orUndefined(row.province_code),
    motherPersonalId: orUndefined(row.mother_personal_id),
    fatherPersonalId: orUndefined(row.father_personal_id),
    permanentResidence:
      row.residence_commune_code === null || row.residence_address === null || row.residence_since === null
        ? undefined
        : {
            communeCode: row.residence_commune_code,
            address: row.residence_address,
            since: row.residence_since,
          },
  };
}

function toRequest(row: RequestRow): IssuanceRequest {
  return {
    requestId: row.request_id,
    provinceCode: row.province_code,
    child: { fullName: row.child_full_name, sex: row.child_sex, dateOfBirth: row.child_date_of_birth },
    mother: { personalId: row.mother_personal_id },
    father: row.father_personal_id === null ? undefined : { personalId: row.father_personal_id },
    callbackUrl: orUndefined(row.callback_url),
  };
}

function toState(row: RequestRow): IssuanceState {
  switch (row.status) {
    case 'pending':
      return { status: 'pending' };
    case 'issued':
      if (row.personal_id === null) throw new Error(`Issued request ${row.request_id} has no number`);
      return { status: 'issued', personalId: row.personal_id };
    case 'refused':
      if (row.refusal_code === null) throw new Error(`Refused request ${row.request_id} has no code`);
      return { status: 'refused', code: row.refusal_code, reason: row.refusal_reason ?? '' };
  }
}

/** What a callbackUrl receives for a decided request. */
export function callbackPayload(requestId: string, state: IssuanceState): Record<string, unknown> {
  switch (state.status) {
    case 'issued':
      return { requestId, status: 'issued', personalId: state.personalId };
    case 'refused':
      return { requestId, status: 'refused', code: state.code, reason: state.reason };
    case 'pending':
      throw new Error('A pending request has no answer to call back with');
  }
}

function selectPerson(client: Queryable, personalId: string): Promise<Person | undefined> {
  return selectFirst(
    client,
    `SELECT ${PERSON_COLUMNS} FROM person WHERE personal_id = $1`,
    [personalId],
    toPerson,
  );
}

async function insertPerson(
  client: Queryable,
  person: Person,
  source: PersonSource,
  now: Date,
): Promise<boolean> {
  const result = await client.query(
    `INSERT INTO person (personal_id, full_name, name_key, sex, date_of_birth, status, date_of_death,
       province_code, mother_personal_id, father_personal_id, source, created_at,
       residence_commune_code, residence_address, residence_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (personal_id) DO NOTHING`,
    [
      person.personalId,
      person.fullName.normalize('NFC'),
      nameKey(person.fullName),
      person.sex,
      person.dateOfBirth,
      person.status,
      person.dateOfDeath ?? null,
      person.provinceCode ?? null,
      person.motherPersonalId ?? null,
      person.fatherPersonalId ?? null,
      source,
      now,
      person.permanentResidence?.communeCode ?? null,
      person.permanentResidence?.address.normalize('NFC') ?? null,
      person.permanentResidence?.since ?? null,
    ],
  );
  return result.rowCount === 1;
}

export function createPostgresRegistry(options: PostgresRegistryOptions): PostgresRegistry {
  const { pool, randomInt } = options;

  /**
   * Decides `request` inside the caller's transaction, which holds its row, and records the
   * outcome (a new person when issued). Returns the new state.
   */
  async function decideAndRecord(
    client: PoolClient,
    request: IssuanceRequest,
    now: Date,
    queueCallback: boolean,
  ): Promise<IssuanceState> {
    // Decisions for one mother are serialised, so two requests for the same child (a resent
    // dossier under a new key) cannot both pass the duplicate search before either inserts.
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `population_registry:mother:${request.mother.personalId}`,
    ]);
    const mother = await selectPerson(client, request.mother.personalId);
    const father =
      request.father === undefined ? undefined : await selectPerson(client, request.father.personalId);
    const duplicates = await client.query(
      `SELECT 1 FROM person WHERE mother_personal_id = $1 AND date_of_birth = $2 AND name_key = $3 LIMIT 1`,
      [request.mother.personalId, request.child.dateOfBirth, nameKey(request.child.fullName)],
    );
    const decision = decideIssuance(request, {
      mother,
      father,
      duplicateExists: (duplicates.rowCount ?? 0) > 0,
      today: vietnamCivilDate(now),
    });

    let state: IssuanceState;
    if (decision.outcome === 'issue') {
      const personalId = await issueNumber(client, request, now);
      await client.query(
        `UPDATE personal_id_request SET status = 'issued', personal_id = $2, decided_at = $3
          WHERE request_id = $1`,
        [request.requestId, personalId, now],
      );
      state = { status: 'issued', personalId };
    } else {
      await client.query(
        `UPDATE personal_id_request
            SET status = 'refused', refusal_code = $2, refusal_reason = $3, decided_at = $4
          WHERE request_id = $1`,
        [request.requestId, decision.code, decision.reason, now],
      );
      state = { status: 'refused', code: decision.code, reason: decision.reason };
    }
    if (queueCallback && request.callbackUrl !== undefined) {
      await client.query(
        `INSERT INTO callback (request_id, url, payload, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (request_id) DO NOTHING`,
        [
          request.requestId,
          request.callbackUrl,
          JSON.stringify(callbackPayload(request.requestId, state)),
          now,
        ],
      );
    }
    return state;
  }

  /** Inserts the child under a fresh number, drawing again while the number is taken. */
  async function issueNumber(client: PoolClient, request: IssuanceRequest, now: Date): Promise<string> {
    const prefix = {
      provinceCode: request.provinceCode,
      sex: request.child.sex,
      birthYear: birthYearOf(request.child.dateOfBirth),
    };
    for (let draw = 1; draw <= MAX_NUMBER_DRAWS; draw += 1) {
      const personalId = generatePersonalId(prefix, randomInt);
      const child: Person = {
        personalId,
        fullName: request.child.fullName,
        sex: request.child.sex,
        dateOfBirth: request.child.dateOfBirth,
        status: 'alive',
        provinceCode: request.provinceCode,
        motherPersonalId: request.mother.personalId,
        fatherPersonalId: request.father?.personalId,
      };
      // ON CONFLICT DO NOTHING rather than catching the violation: a failed statement would
      // abort the transaction holding the request row.
      if (await insertPerson(client, child, 'issued', now)) return personalId;
    }
    throw new Error(`No free personal ID number after ${MAX_NUMBER_DRAWS} draws`);
  }

  return {
    findPerson: (personalId) => selectPerson(pool, personalId),

    addPerson: (person, now) =>
      withTransaction(pool, (client) =>
        addRecordOnce(person, {
          insertIfAbsent: () => insertPerson(client, person, 'admin', now),
          findExisting: () => selectPerson(client, person.personalId),
        }),
      ),

    insertPersonIfAbsent: (person, source, now) => insertPerson(pool, person, source, now),

    submit: (request: IssuanceRequest, submitOptions: SubmitOptions) =>
      withTransaction(pool, async (client): Promise<SubmitResult> => {
        const { now, answerLaterMs } = submitOptions;
        const fingerprint = requestFingerprint(request);
        const dueAt = new Date(now.getTime() + (answerLaterMs ?? 0));
        // Inserted as pending and decided below in the same transaction when answering now, so
        // no one ever sees it pending without a due time.
        const inserted = await client.query(
          `INSERT INTO personal_id_request (request_id, fingerprint, province_code, child_full_name,
             child_sex, child_date_of_birth, mother_personal_id, father_personal_id, callback_url,
             status, due_at, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11)
           ON CONFLICT (request_id) DO NOTHING`,
          [
            request.requestId,
            fingerprint,
            request.provinceCode,
            request.child.fullName.normalize('NFC'),
            request.child.sex,
            request.child.dateOfBirth,
            request.mother.personalId,
            request.father?.personalId ?? null,
            request.callbackUrl ?? null,
            dueAt,
            now,
          ],
        );
        if (inserted.rowCount === 0) {
          // The key is known (an earlier or a concurrent request that has now committed).
          const { rows } = await client.query<RequestRow>(
            `SELECT ${REQUEST_COLUMNS} FROM personal_id_request WHERE request_id = $1`,
            [request.requestId],
          );
          const row = rows[0];
          if (row === undefined) throw new Error(`Request ${request.requestId} vanished after a conflict`);
          if (row.fingerprint !== fingerprint) return { kind: 'key-reused' };
          return { kind: 'answered', state: toState(row), replayed: true };
        }
        if (answerLaterMs !== undefined) {
          return { kind: 'answered', state: { status: 'pending' }, replayed: false };
        }
        const state = await decideAndRecord(client, request, now, false);
        return { kind: 'answered', state, replayed: false };
      }),

    findRequest: (requestId) =>
      selectFirst(
        pool,
        `SELECT ${REQUEST_COLUMNS} FROM personal_id_request WHERE request_id = $1`,
        [requestId],
        toState,
      ),

    completeDueRequests: async (now, limit = 100) => {
      let decided = 0;
      const failures: unknown[] = [];
      while (decided + failures.length < limit) {
        let claimedId: string | undefined;
        try {
          const claimed = await withTransaction(pool, async (client) => {
            const { rows } = await client.query<RequestRow>(
              `SELECT ${REQUEST_COLUMNS} FROM personal_id_request
                WHERE status = 'pending' AND due_at <= $1
                ORDER BY due_at, request_id
                LIMIT 1
                FOR UPDATE SKIP LOCKED`,
              [now],
            );
            const row = rows[0];
            if (row === undefined) return false;
            claimedId = row.request_id;
            await decideAndRecord(client, toRequest(row), now, true);
            return true;
          });
          if (!claimed) break;
          decided += 1;
        } catch (error) {
          if (claimedId === undefined) throw error;
          failures.push(error);
          // Put it back a little later, so one request that fails is not retried ahead of
          // every other due request, round after round.
          await pool.query(
            `UPDATE personal_id_request SET due_at = $2 WHERE request_id = $1 AND status = 'pending'`,
            [claimedId, new Date(now.getTime() + POSTPONE_FAILED_MS)],
          );
        }
      }
      if (failures.length > 0) {
        throw new AggregateError(
          failures,
          `${failures.length} due personal-ID requests failed and were postponed; ${decided} were decided`,
        );
      }
      return decided;
    },
  };
}
