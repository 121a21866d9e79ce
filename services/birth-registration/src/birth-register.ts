/**
 * The office's tables (see migrations/0001_births.sql): the register of births, the parents
 * checks, the signed extracts and the personal-ID requests. SQL only; the rules are in domain/.
 * Dates are read back as text (`::text`) so no time zone ever shifts a civil date.
 */
import type { Queryable } from '@lienthong/messaging';
import type { Reason, SignedExtract } from '@lienthong/contracts';
import type { RegisteredBirth } from './domain/birth-extract.ts';

/** A registered birth with what the personal-ID request needs. */
export interface BirthRecord extends RegisteredBirth {
  readonly dossierId: string;
  readonly provinceCode: string;
  readonly registeredAt: Date;
  readonly motherPersonalId: string;
  readonly fatherPersonalId: string | null;
  readonly personalId: string | null;
}

export interface NewBirth extends BirthRecord {
  readonly childNameKey: string;
  readonly placeOfBirth: string;
  readonly hospitalCertificateNumber: string;
  readonly ethnicity: string | null;
  readonly nationality: string | null;
  readonly parentsCheck: 'verified' | 'skipped';
}

export async function insertBirth(tx: Queryable, birth: NewBirth): Promise<void> {
  await tx.query(
    `INSERT INTO births (certificate_number, dossier_id, commune_code, province_code, registration_date,
       registered_at, child_full_name, child_name_key, child_sex, child_date_of_birth, place_of_birth,
       hospital_certificate_number, ethnicity, nationality, mother_full_name, mother_personal_id,
       father_full_name, father_personal_id, parents_check, personal_id, personal_id_attached_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
       CASE WHEN $20::text IS NULL THEN NULL ELSE $6::timestamptz END)`,
    [
      birth.certificateNumber,
      birth.dossierId,
      birth.communeCode,
      birth.provinceCode,
      birth.registrationDate,
      birth.registeredAt,
      birth.child.fullName,
      birth.childNameKey,
      birth.child.sex,
      birth.child.dateOfBirth,
      birth.placeOfBirth,
      birth.hospitalCertificateNumber,
      birth.ethnicity,
      birth.nationality,
      birth.motherFullName,
      birth.motherPersonalId,
      birth.fatherFullName ?? null,
      birth.fatherPersonalId,
      birth.parentsCheck,
      birth.personalId,
    ],
  );
}

interface BirthRow extends Record<string, unknown> {
  certificate_number: string;
  dossier_id: string;
  commune_code: string;
  province_code: string;
  registration_date: string;
  registered_at: Date;
  child_full_name: string;
  child_sex: 'male' | 'female';
  child_date_of_birth: string;
  mother_full_name: string;
  mother_personal_id: string;
  father_full_name: string | null;
  father_personal_id: string | null;
  personal_id: string | null;
}

const BIRTH_COLUMNS = `certificate_number, dossier_id, commune_code, province_code,
  registration_date::text AS registration_date, registered_at, child_full_name, child_sex,
  child_date_of_birth::text AS child_date_of_birth, mother_full_name, mother_personal_id,
  father_full_name, father_personal_id, personal_id`;

/** The birth registered for a dossier, locked for update when `lock`. */
export async function findBirth(
  tx: Queryable,
  dossierId: string,
  options: { readonly lock?: boolean } = {},
): Promise<BirthRecord | undefined> {
  const { rows } = await tx.query<BirthRow>(
    `SELECT ${BIRTH_COLUMNS} FROM births WHERE dossier_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [dossierId],
  );
  const row = rows[0];
  return row && toBirthRecord(row);
}

function toBirthRecord(row: BirthRow): BirthRecord {
  return {
    certificateNumber: row.certificate_number,
    dossierId: row.dossier_id,
    communeCode: row.commune_code,
    provinceCode: row.province_code,
    registrationDate: row.registration_date,
    registeredAt: row.registered_at,
    child: { fullName: row.child_full_name, sex: row.child_sex, dateOfBirth: row.child_date_of_birth },
    motherFullName: row.mother_full_name,
    motherPersonalId: row.mother_personal_id,
    fatherFullName: row.father_full_name,
    fatherPersonalId: row.father_personal_id,
    personalId: row.personal_id,
  };
}

export async function setPersonalId(tx: Queryable, dossierId: string, personalId: string, now: Date) {
  await tx.query('UPDATE births SET personal_id = $2, personal_id_attached_at = $3 WHERE dossier_id = $1', [
    dossierId,
    personalId,
    now,
  ]);
}

/**
 * Serialises the registrations of one mother until the transaction ends, so two dossiers for the
 * same child arriving together cannot both miss each other in the duplicate check.
 */
export async function lockMother(tx: Queryable, motherPersonalId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('births/mother/' || $1, 0))`, [
    motherPersonalId,
  ]);
}

/** Certificate numbers of other dossiers' births of the same mother, date of birth and name. */
export async function findSameChild(
  tx: Queryable,
  query: { motherPersonalId: string; dateOfBirth: string; childNameKey: string; dossierId: string },
): Promise<string[]> {
  const { rows } = await tx.query<{ certificate_number: string }>(
    `SELECT certificate_number FROM births
     WHERE mother_personal_id = $1 AND child_date_of_birth = $2 AND child_name_key = $3 AND dossier_id <> $4
       AND annulled_at IS NULL
     ORDER BY registered_at`,
    [query.motherPersonalId, query.dateOfBirth, query.childNameKey, query.dossierId],
  );
  return rows.map((row) => row.certificate_number);
}

export async function recordParentCheck(
  tx: Queryable,
  check: { dossierId: string; outcome: 'answered' | 'skipped'; detail: string | null; now: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO parent_checks (dossier_id, outcome, detail, checked_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (dossier_id) DO UPDATE SET outcome = $2, detail = $3, checked_at = $4`,
    [check.dossierId, check.outcome, check.detail, check.now],
  );
}

/** The outcome of the parents check of the dossier; `skipped` when none was recorded. */
export async function findParentCheck(tx: Queryable, dossierId: string): Promise<'answered' | 'skipped'> {
  const { rows } = await tx.query<{ outcome: 'answered' | 'skipped' }>(
    'SELECT outcome FROM parent_checks WHERE dossier_id = $1',
    [dossierId],
  );
  return rows[0]?.outcome ?? 'skipped';
}

export async function insertExtract(
  tx: Queryable,
  extract: { certificateNumber: string; signed: SignedExtract; personalId: string | null; now: Date },
): Promise<void> {
  await tx.query(
    'INSERT INTO extracts (certificate_number, jws, kid, personal_id, signed_at) VALUES ($1, $2, $3, $4, $5)',
    [extract.certificateNumber, extract.signed.jws, extract.signed.kid, extract.personalId, extract.now],
  );
}

/** The latest extract signed for a certificate: the one the citizen holds. */
export async function findLatestExtract(
  db: Queryable,
  certificateNumber: string,
): Promise<SignedExtract | undefined> {
  const { rows } = await db.query<{ jws: string; kid: string }>(
    'SELECT jws, kid FROM extracts WHERE certificate_number = $1 ORDER BY id DESC LIMIT 1',
    [certificateNumber],
  );
  return rows[0];
}

export type RequestStatus = 'pending' | 'issued' | 'refused' | 'failed';

export interface PersonalIdRequestRow {
  readonly dossierId: string;
  readonly requestId: string;
  readonly generation: number;
  readonly callbackUrl: string | null;
  readonly status: RequestStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  /** What to report when refused or failed. */
  readonly reason: Reason | null;
}

interface RequestRow extends Record<string, unknown> {
  dossier_id: string;
  request_id: string;
  generation: number;
  callback_url: string | null;
  status: RequestStatus;
  attempts: number;
  next_attempt_at: Date | null;
  reason: Reason | null;
}

const toRequest = (row: RequestRow): PersonalIdRequestRow => ({
  dossierId: row.dossier_id,
  requestId: row.request_id,
  generation: row.generation,
  callbackUrl: row.callback_url,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  reason: row.reason,
});

export async function insertPersonalIdRequest(
  tx: Queryable,
  request: {
    dossierId: string;
    requestId: string;
    callbackUrl: string | undefined;
    status: RequestStatus;
    attempts: number;
    nextAttemptAt: Date | null;
    lastError: string | null;
    reason: Reason | null;
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO personal_id_requests (dossier_id, request_id, callback_url, status, attempts, next_attempt_at,
       last_error, reason, created_at, updated_at)
     VALUES ($1, $2, $9, $3, $4, $5, $6, $7, $8, $8)`,
    [
      request.dossierId,
      request.requestId,
      request.status,
      request.attempts,
      request.nextAttemptAt,
      request.lastError,
      request.reason === null ? null : JSON.stringify(request.reason),
      request.now,
      request.callbackUrl ?? null,
    ],
  );
}

/** The request of a dossier, locked. */
export async function lockPersonalIdRequest(
  tx: Queryable,
  dossierId: string,
): Promise<PersonalIdRequestRow | undefined> {
  const { rows } = await tx.query<RequestRow>(
    'SELECT * FROM personal_id_requests WHERE dossier_id = $1 FOR UPDATE',
    [dossierId],
  );
  const row = rows[0];
  return row && toRequest(row);
}

/**
 * Claims one due request with its case, skipping rows another worker (or a command in flight
 * for the same dossier) holds: locks are taken without waiting, so the worker never deadlocks
 * with the command handler, which locks the case first.
 */
export async function claimDueRequest(tx: Queryable, now: Date): Promise<PersonalIdRequestRow | undefined> {
  const { rows } = await tx.query<RequestRow>(
    `SELECT r.* FROM personal_id_requests r JOIN cases c USING (dossier_id)
     WHERE r.next_attempt_at <= $1
     ORDER BY r.next_attempt_at
     LIMIT 1
     FOR UPDATE OF r, c SKIP LOCKED`,
    [now],
  );
  const row = rows[0];
  return row && toRequest(row);
}

export async function updatePersonalIdRequest(
  tx: Queryable,
  dossierId: string,
  update: {
    status: RequestStatus;
    attempts: number;
    nextAttemptAt: Date | null;
    lastError?: string | null;
    /** The reason to report; undefined keeps it, null clears it. */
    reason?: Reason | null;
    /** A new request id (a new generation) and the callback URL sent with it. */
    renewed?: { requestId: string; generation: number; callbackUrl: string | undefined };
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `UPDATE personal_id_requests SET status = $2, attempts = $3, next_attempt_at = $4,
       last_error = CASE WHEN $5 THEN $6 ELSE last_error END,
       reason = CASE WHEN $7 THEN $8::jsonb ELSE reason END,
       request_id = CASE WHEN $9 THEN $10 ELSE request_id END,
       generation = CASE WHEN $9 THEN $11 ELSE generation END,
       callback_url = CASE WHEN $9 THEN $12 ELSE callback_url END,
       updated_at = $13
     WHERE dossier_id = $1`,
    [
      dossierId,
      update.status,
      update.attempts,
      update.nextAttemptAt,
      update.lastError !== undefined,
      update.lastError ?? null,
      update.reason !== undefined,
      update.reason === undefined || update.reason === null ? null : JSON.stringify(update.reason),
      update.renewed !== undefined,
      update.renewed?.requestId ?? null,
      update.renewed?.generation ?? null,
      update.renewed?.callbackUrl ?? null,
      update.now,
    ],
  );
}

/**
 * A callback said a pending request is decided: make it due now (the worker then asks the
 * database itself). Returns whether a pending request had that id.
 */
export async function makeDueNow(db: Queryable, requestId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE personal_id_requests SET next_attempt_at = LEAST(COALESCE(next_attempt_at, $2), $2), updated_at = $2
     WHERE request_id = $1 AND status = 'pending'`,
    [requestId, now],
  );
  return (rowCount ?? 0) > 0;
}

/** The reply the kit repeats to a re-sent command carries the latest personal ID and extract. */
export async function updateCaseRecord(
  tx: Queryable,
  dossierId: string,
  record: { personalId: string; extract: SignedExtract },
): Promise<void> {
  await tx.query(
    `UPDATE cases SET record = record || $2::jsonb WHERE dossier_id = $1 AND record IS NOT NULL`,
    [dossierId, JSON.stringify(record)],
  );
}

/** The id of the command the case answers, as causation of follow-up events. */
/** The command that opened the dossier's case and its trace: follow-up events continue both. */
export async function findCaseOrigin(
  tx: Queryable,
  dossierId: string,
): Promise<{ commandId: string; traceparent: string | undefined } | undefined> {
  const { rows } = await tx.query<{ command_id: string; traceparent: string | null }>(
    'SELECT command_id, traceparent FROM cases WHERE dossier_id = $1',
    [dossierId],
  );
  const row = rows[0];
  return row ? { commandId: row.command_id, traceparent: row.traceparent ?? undefined } : undefined;
}

/** The birth registered under a certificate number, locked, with whether it was annulled. */
export async function lockBirthByCertificate(
  tx: Queryable,
  certificateNumber: string,
): Promise<{ dossierId: string; annulledAt: Date | null } | undefined> {
  const { rows } = await tx.query<{ dossier_id: string; annulled_at: Date | null }>(
    'SELECT dossier_id, annulled_at FROM births WHERE certificate_number = $1 FOR UPDATE',
    [certificateNumber],
  );
  const row = rows[0];
  return row && { dossierId: row.dossier_id, annulledAt: row.annulled_at };
}

/**
 * Records an annulment in the register and stops the personal-ID follow-up: a pending request is
 * no longer asked about (nor woken by a callback), so no number is attached to an annulled birth.
 */
export async function annulBirth(
  tx: Queryable,
  certificateNumber: string,
  annulment: { reason: Reason; actor: string; at: Date },
): Promise<void> {
  const { rows } = await tx.query<{ dossier_id: string }>(
    `UPDATE births SET annulled_at = $2, annulled_by = $3, annulment_reason = $4
     WHERE certificate_number = $1 RETURNING dossier_id`,
    [certificateNumber, annulment.at, annulment.actor, JSON.stringify(annulment.reason)],
  );
  const dossierId = rows[0]?.dossier_id;
  if (!dossierId) return;
  await tx.query(
    `UPDATE personal_id_requests SET status = 'failed', next_attempt_at = NULL,
       last_error = 'birth registration annulled', updated_at = $2
     WHERE dossier_id = $1 AND status = 'pending'`,
    [dossierId, annulment.at],
  );
}
