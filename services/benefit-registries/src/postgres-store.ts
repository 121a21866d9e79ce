/**
 * The benefit registries on Postgres. Idempotency is the database's: a recovery row is inserted
 * with ON CONFLICT DO NOTHING and then read, so a repeated or concurrent request with the same
 * key gets the first one's record; numbers come from a per-registry, per-year counter whose
 * row is locked while a recovery is recorded, and are only taken when a row is inserted, so
 * they are gap-free.
 */
import { withTransaction } from '@lienthong/service-kit';
import type { Pool, PoolClient } from 'pg';
import type {
  MeritRecord,
  RecoveryRecord,
  RecoveryRequest,
  SocialInsuranceRecord,
  SocialInsuranceStatus,
  SocialProtectionProgramme,
  SocialProtectionRecord,
  Sex,
} from './contract.ts';
import { recoveryNumber, vietnamYear } from './domain/registries.ts';
import type { RegistryName } from './domain/registries.ts';
import { sameRecord, sameRecoveryRequest } from './store.ts';
import type {
  AddRecordResult,
  BenefitRegistriesStore,
  RecordRecoveryResult,
  RecoveryFilter,
} from './store.ts';

/** Where a record came from. */
export type RecordSource = 'seed' | 'admin';

export interface PostgresStore extends BenefitRegistriesStore {
  /** Adds a record unless the person is on record (seed data, at start). Resolves true when added. */
  insertSocialInsuranceIfAbsent(
    record: SocialInsuranceRecord,
    source: RecordSource,
    now: Date,
  ): Promise<boolean>;
  insertSocialProtectionIfAbsent(
    record: SocialProtectionRecord,
    source: RecordSource,
    now: Date,
  ): Promise<boolean>;
  insertMeritIfAbsent(record: MeritRecord, source: RecordSource, now: Date): Promise<boolean>;
}

type Queryable = Pool | PoolClient;

interface SocialInsuranceRow {
  personal_id: string;
  full_name: string;
  sex: Sex;
  date_of_birth: string;
  social_insurance_number: string;
  status: SocialInsuranceStatus;
  compulsory_contribution_months: number;
  voluntary_contribution_months: number;
  contribution_months_before_2014: number;
  // bigint: pg answers text, so that no amount is silently rounded.
  average_monthly_salary: string;
  monthly_pension: string | null;
  pension_start_date: string | null;
}

interface SocialProtectionRow {
  personal_id: string;
  full_name: string;
  commune_code: string;
}

interface ProgrammeRow {
  kind: SocialProtectionProgramme['kind'];
  since: string;
  until: string | null;
  monthly_amount: string;
}

interface MeritRow {
  personal_id: string;
  full_name: string;
  category: MeritRecord['category'];
  recognised_on: string;
  receives_monthly_allowance: boolean;
}

interface RecoveryRow {
  registry: RegistryName;
  request_id: string;
  recovery_number: string;
  personal_id: string;
  decision_number: string;
  amount: string;
  reason: string;
  recorded_at: Date;
}

// Dates as text: pg would otherwise turn them into Dates at local midnight.
const SOCIAL_INSURANCE_COLUMNS = `personal_id, full_name, sex, date_of_birth::text AS date_of_birth,
  social_insurance_number, status, compulsory_contribution_months, voluntary_contribution_months,
  contribution_months_before_2014, average_monthly_salary, monthly_pension,
  pension_start_date::text AS pension_start_date`;
const MERIT_COLUMNS = `personal_id, full_name, category, recognised_on::text AS recognised_on,
  receives_monthly_allowance`;
const RECOVERY_COLUMNS = `registry, request_id, recovery_number, personal_id, decision_number, amount,
  reason, recorded_at`;

/** A bigint column's text as a number; amounts beyond 2^53 cannot be written through the contract. */
function amountOf(text: string): number {
  const amount = Number(text);
  if (!Number.isSafeInteger(amount)) throw new Error(`Amount ${text} is not a safe integer`);
  return amount;
}

function toSocialInsurance(row: SocialInsuranceRow): SocialInsuranceRecord {
  return {
    personalId: row.personal_id,
    fullName: row.full_name,
    sex: row.sex,
    dateOfBirth: row.date_of_birth,
    socialInsuranceNumber: row.social_insurance_number,
    status: row.status,
    compulsoryContributionMonths: row.compulsory_contribution_months,
    voluntaryContributionMonths: row.voluntary_contribution_months,
    contributionMonthsBefore2014: row.contribution_months_before_2014,
    averageMonthlySalary: amountOf(row.average_monthly_salary),
    monthlyPension: row.monthly_pension === null ? null : amountOf(row.monthly_pension),
    pensionStartDate: row.pension_start_date,
  };
}

function toMerit(row: MeritRow): MeritRecord {
  return {
    personalId: row.personal_id,
    fullName: row.full_name,
    category: row.category,
    recognisedOn: row.recognised_on,
    receivesMonthlyAllowance: row.receives_monthly_allowance,
  };
}

function toRecovery(row: RecoveryRow): RecoveryRecord {
  return {
    requestId: row.request_id,
    recoveryNumber: row.recovery_number,
    registry: row.registry,
    personalId: row.personal_id,
    decisionNumber: row.decision_number,
    amount: amountOf(row.amount),
    reason: row.reason,
    recordedAt: row.recorded_at.toISOString(),
  };
}

async function selectSocialInsurance(
  client: Queryable,
  personalId: string,
): Promise<SocialInsuranceRecord | undefined> {
  const { rows } = await client.query<SocialInsuranceRow>(
    `SELECT ${SOCIAL_INSURANCE_COLUMNS} FROM social_insurance_record WHERE personal_id = $1`,
    [personalId],
  );
  return rows[0] === undefined ? undefined : toSocialInsurance(rows[0]);
}

async function selectSocialProtection(
  client: Queryable,
  personalId: string,
): Promise<SocialProtectionRecord | undefined> {
  const { rows } = await client.query<SocialProtectionRow>(
    `SELECT personal_id, full_name, commune_code FROM social_protection_record WHERE personal_id = $1`,
    [personalId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const programmes = await client.query<ProgrammeRow>(
    `SELECT kind, since::text AS since, until::text AS until, monthly_amount
       FROM social_protection_programme WHERE personal_id = $1 ORDER BY position`,
    [personalId],
  );
  return {
    personalId: row.personal_id,
    fullName: row.full_name,
    communeCode: row.commune_code,
    programmes: programmes.rows.map((programme) => ({
      kind: programme.kind,
      since: programme.since,
      until: programme.until,
      monthlyAmount: amountOf(programme.monthly_amount),
    })),
  };
}

async function selectMerit(client: Queryable, personalId: string): Promise<MeritRecord | undefined> {
  const { rows } = await client.query<MeritRow>(
    `SELECT ${MERIT_COLUMNS} FROM merit_record WHERE personal_id = $1`,
    [personalId],
  );
  return rows[0] === undefined ? undefined : toMerit(rows[0]);
}

async function selectRecovery(
  client: Queryable,
  registry: RegistryName,
  requestId: string,
): Promise<RecoveryRecord | undefined> {
  const { rows } = await client.query<RecoveryRow>(
    `SELECT ${RECOVERY_COLUMNS} FROM recovery WHERE registry = $1 AND request_id = $2`,
    [registry, requestId],
  );
  return rows[0] === undefined ? undefined : toRecovery(rows[0]);
}

/**
 * Inserts unless the person is on record. No conflict target: a social-insurance number held
 * by someone else does nothing too, and the caller reads that as a conflict.
 */
async function insertSocialInsurance(
  client: Queryable,
  record: SocialInsuranceRecord,
  source: RecordSource,
  now: Date,
): Promise<boolean> {
  const result = await client.query(
    `INSERT INTO social_insurance_record (personal_id, full_name, sex, date_of_birth,
       social_insurance_number, status, compulsory_contribution_months, voluntary_contribution_months,
       contribution_months_before_2014, average_monthly_salary, monthly_pension, pension_start_date,
       source, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT DO NOTHING`,
    [
      record.personalId,
      record.fullName.normalize('NFC'),
      record.sex,
      record.dateOfBirth,
      record.socialInsuranceNumber,
      record.status,
      record.compulsoryContributionMonths,
      record.voluntaryContributionMonths,
      record.contributionMonthsBefore2014,
      record.averageMonthlySalary,
      record.monthlyPension,
      record.pensionStartDate,
      source,
      now,
    ],
  );
  return result.rowCount === 1;
}

/** Inserts the record and its programmes unless the person is on record; inside a transaction. */
async function insertSocialProtection(
  client: PoolClient,
  record: SocialProtectionRecord,
  source: RecordSource,
  now: Date,
): Promise<boolean> {
  const result = await client.query(
    `INSERT INTO social_protection_record (personal_id, full_name, commune_code, source, created_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (personal_id) DO NOTHING`,
    [record.personalId, record.fullName.normalize('NFC'), record.communeCode, source, now],
  );
  if (result.rowCount !== 1) return false;
  for (const [position, programme] of record.programmes.entries()) {
    await client.query(
      `INSERT INTO social_protection_programme (personal_id, position, kind, since, until, monthly_amount)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        record.personalId,
        position,
        programme.kind,
        programme.since,
        programme.until,
        programme.monthlyAmount,
      ],
    );
  }
  return true;
}

async function insertMerit(client: Queryable, record: MeritRecord, source: RecordSource, now: Date) {
  const result = await client.query(
    `INSERT INTO merit_record (personal_id, full_name, category, recognised_on, receives_monthly_allowance,
       source, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (personal_id) DO NOTHING`,
    [
      record.personalId,
      record.fullName.normalize('NFC'),
      record.category,
      record.recognisedOn,
      record.receivesMonthlyAllowance,
      source,
      now,
    ],
  );
  return result.rowCount === 1;
}

/** `added` when inserted, else whether the record on file says the same. */
function addOutcome<T extends object>(
  inserted: boolean,
  existing: T | undefined,
  record: T,
): AddRecordResult {
  if (inserted) return 'added';
  return existing !== undefined && sameRecord(existing, record) ? 'unchanged' : 'conflict';
}

export function createPostgresStore(options: { readonly pool: Pool }): PostgresStore {
  const { pool } = options;
  return {
    findSocialInsurance: (personalId) => selectSocialInsurance(pool, personalId),
    findSocialProtection: (personalId) => selectSocialProtection(pool, personalId),
    findMerit: (personalId) => selectMerit(pool, personalId),

    addSocialInsurance: (record, now) =>
      withTransaction(pool, async (client) => {
        const inserted = await insertSocialInsurance(client, record, 'admin', now);
        return addOutcome(
          inserted,
          inserted ? undefined : await selectSocialInsurance(client, record.personalId),
          record,
        );
      }),
    addSocialProtection: (record, now) =>
      withTransaction(pool, async (client) => {
        const inserted = await insertSocialProtection(client, record, 'admin', now);
        return addOutcome(
          inserted,
          inserted ? undefined : await selectSocialProtection(client, record.personalId),
          record,
        );
      }),
    addMerit: (record, now) =>
      withTransaction(pool, async (client) => {
        const inserted = await insertMerit(client, record, 'admin', now);
        return addOutcome(
          inserted,
          inserted ? undefined : await selectMerit(client, record.personalId),
          record,
        );
      }),

    insertSocialInsuranceIfAbsent: (record, source, now) => insertSocialInsurance(pool, record, source, now),
    insertSocialProtectionIfAbsent: (record, source, now) =>
      withTransaction(pool, (client) => insertSocialProtection(client, record, source, now)),
    insertMeritIfAbsent: (record, source, now) => insertMerit(pool, record, source, now),

    recordRecovery: (registry: RegistryName, request: RecoveryRequest, now: Date) =>
      withTransaction(pool, async (client): Promise<RecordRecoveryResult> => {
        const year = vietnamYear(now);
        // The counter row is locked until commit: recoveries of one registry and year are
        // recorded one at a time, and a concurrent request with the same key waits here, then
        // finds the first one's row below.
        await client.query(
          `INSERT INTO recovery_sequence (registry, year, last) VALUES ($1, $2, 0)
           ON CONFLICT (registry, year) DO NOTHING`,
          [registry, year],
        );
        const { rows } = await client.query<{ last: number }>(
          `SELECT last FROM recovery_sequence WHERE registry = $1 AND year = $2 FOR UPDATE`,
          [registry, year],
        );
        const sequence = (rows[0]?.last ?? 0) + 1;
        const inserted = await client.query(
          `INSERT INTO recovery (registry, request_id, recovery_number, recovery_year, recovery_sequence,
             personal_id, decision_number, amount, reason, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (registry, request_id) DO NOTHING`,
          [
            registry,
            request.requestId,
            recoveryNumber(registry, year, sequence),
            year,
            sequence,
            request.personalId,
            request.decisionNumber.normalize('NFC'),
            request.amount,
            request.reason.normalize('NFC'),
            now,
          ],
        );
        if (inserted.rowCount === 1) {
          await client.query(`UPDATE recovery_sequence SET last = $3 WHERE registry = $1 AND year = $2`, [
            registry,
            year,
            sequence,
          ]);
        }
        const recovery = await selectRecovery(client, registry, request.requestId);
        if (recovery === undefined) throw new Error('A recovery vanished after its insert');
        if (inserted.rowCount === 1) return { kind: 'recorded', recovery, replayed: false };
        return sameRecoveryRequest(request, recovery)
          ? { kind: 'recorded', recovery, replayed: true }
          : { kind: 'key-reused' };
      }),

    findRecovery: (registry, requestId) => selectRecovery(pool, registry, requestId),

    listRecoveries: async (filter: RecoveryFilter) => {
      const { rows } = await pool.query<RecoveryRow>(
        `SELECT ${RECOVERY_COLUMNS} FROM recovery
          WHERE ($1::text IS NULL OR personal_id = $1) AND ($2::text IS NULL OR registry = $2)
          ORDER BY recorded_at, registry, recovery_number`,
        [filter.personalId ?? null, filter.registry ?? null],
      );
      return rows.map(toRecovery);
    },
  };
}
