/**
 * The benefit registries on Postgres. Idempotency is the database's: a recovery row is inserted
 * with ON CONFLICT DO NOTHING and then read, so a repeated or concurrent request with the same
 * key gets the first one's record; numbers come from a per-registry, per-year counter whose
 * row is locked while a recovery is recorded, and are only taken when a row is inserted, so
 * they are gap-free.
 */
import { withTransaction } from '@lienthong/service-kit';
import { addRecordOnce, selectFirst } from '@lienthong/stand-in-kit';
import type { Queryable } from '@lienthong/stand-in-kit';
import type { Pool, PoolClient } from 'pg';
import type {
  MeritRecord,
  RecoveryRecord,
  RecoveryRequest,
  RegistryRecords,
  SocialInsuranceRecord,
  SocialProtectionProgramme,
  SocialProtectionRecord,
} from './contract.ts';
import { recoveryNumber, vietnamYear } from './domain/registries.ts';
import type { RegistryName } from './domain/registries.ts';
import { sameRecoveryRequest } from './store.ts';
import type {
  BenefitRegistriesStore,
  RecordRecoveryResult,
  RecoveryFilter,
  RegistryRecordsPort,
} from './store.ts';

/** Where a record came from. */
type RecordSource = 'seed' | 'admin';

export interface PostgresStore extends BenefitRegistriesStore {
  /** Adds a record to `registry` unless the person is on record there (seed data, at start). Resolves true when added. */
  insertIfAbsent<R extends RegistryName>(
    registry: R,
    record: RegistryRecords[R],
    source: RecordSource,
    now: Date,
  ): Promise<boolean>;
}

// Rows are read under the contract's names, dates as text (pg would otherwise turn them into
// Dates at local midnight); bigint amounts come as text, so that no amount is silently rounded.
type SocialInsuranceRow = Omit<SocialInsuranceRecord, 'averageMonthlySalary' | 'monthlyPension'> & {
  readonly averageMonthlySalary: string;
  readonly monthlyPension: string | null;
};
type SocialProtectionRow = Omit<SocialProtectionRecord, 'programmes'>;
type ProgrammeRow = Omit<SocialProtectionProgramme, 'monthlyAmount'> & { readonly monthlyAmount: string };
type RecoveryRow = Omit<RecoveryRecord, 'amount' | 'recordedAt'> & {
  readonly amount: string;
  readonly recordedAt: Date;
};

const SOCIAL_INSURANCE_COLUMNS = `personal_id AS "personalId", full_name AS "fullName", sex,
  date_of_birth::text AS "dateOfBirth", social_insurance_number AS "socialInsuranceNumber", status,
  compulsory_contribution_months AS "compulsoryContributionMonths",
  voluntary_contribution_months AS "voluntaryContributionMonths",
  contribution_months_before_2014 AS "contributionMonthsBefore2014",
  average_monthly_salary AS "averageMonthlySalary", monthly_pension AS "monthlyPension",
  pension_start_date::text AS "pensionStartDate"`;
const SOCIAL_PROTECTION_COLUMNS = `personal_id AS "personalId", full_name AS "fullName",
  commune_code AS "communeCode"`;
const PROGRAMME_COLUMNS = `kind, since::text AS since, until::text AS until, monthly_amount AS "monthlyAmount"`;
const MERIT_COLUMNS = `personal_id AS "personalId", full_name AS "fullName", category,
  recognised_on::text AS "recognisedOn", receives_monthly_allowance AS "receivesMonthlyAllowance"`;
const RECOVERY_COLUMNS = `request_id AS "requestId", recovery_number AS "recoveryNumber", registry,
  personal_id AS "personalId", decision_number AS "decisionNumber", amount, reason,
  recorded_at AS "recordedAt"`;

/** A bigint column's text as a number; amounts beyond 2^53 cannot be written through the contract. */
function amountOf(text: string): number {
  const amount = Number(text);
  if (!Number.isSafeInteger(amount)) throw new Error(`Amount ${text} is not a safe integer`);
  return amount;
}

function toRecovery(row: RecoveryRow): RecoveryRecord {
  return { ...row, amount: amountOf(row.amount), recordedAt: row.recordedAt.toISOString() };
}

function selectSocialInsurance(client: Queryable, personalId: string) {
  return selectFirst(
    client,
    `SELECT ${SOCIAL_INSURANCE_COLUMNS} FROM social_insurance_record WHERE personal_id = $1`,
    [personalId],
    (row: SocialInsuranceRow): SocialInsuranceRecord => ({
      ...row,
      averageMonthlySalary: amountOf(row.averageMonthlySalary),
      monthlyPension: row.monthlyPension === null ? null : amountOf(row.monthlyPension),
    }),
  );
}

async function selectSocialProtection(
  client: Queryable,
  personalId: string,
): Promise<SocialProtectionRecord | undefined> {
  const record = await selectFirst<SocialProtectionRow>(
    client,
    `SELECT ${SOCIAL_PROTECTION_COLUMNS} FROM social_protection_record WHERE personal_id = $1`,
    [personalId],
  );
  if (record === undefined) return undefined;
  const programmes = await client.query<ProgrammeRow>(
    `SELECT ${PROGRAMME_COLUMNS} FROM social_protection_programme WHERE personal_id = $1 ORDER BY position`,
    [personalId],
  );
  return {
    ...record,
    programmes: programmes.rows.map((programme) => ({
      ...programme,
      monthlyAmount: amountOf(programme.monthlyAmount),
    })),
  };
}

function selectMerit(client: Queryable, personalId: string) {
  return selectFirst<MeritRecord>(
    client,
    `SELECT ${MERIT_COLUMNS} FROM merit_record WHERE personal_id = $1`,
    [personalId],
  );
}

function selectRecovery(client: Queryable, registry: RegistryName, requestId: string) {
  return selectFirst(
    client,
    `SELECT ${RECOVERY_COLUMNS} FROM recovery WHERE registry = $1 AND request_id = $2`,
    [registry, requestId],
    toRecovery,
  );
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

async function insertMerit(
  client: Queryable,
  record: MeritRecord,
  source: RecordSource,
  now: Date,
): Promise<boolean> {
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

/** How one registry's records are read and written. */
interface RecordTable<T> {
  select(client: Queryable, personalId: string): Promise<T | undefined>;
  /** Inserts unless the person is on record; resolves true when inserted. Inside a transaction. */
  insert(client: PoolClient, record: T, source: RecordSource, now: Date): Promise<boolean>;
}

const TABLES: { readonly [R in RegistryName]: RecordTable<RegistryRecords[R]> } = Object.freeze({
  'social-insurance': { select: selectSocialInsurance, insert: insertSocialInsurance },
  'social-protection': { select: selectSocialProtection, insert: insertSocialProtection },
  merit: { select: selectMerit, insert: insertMerit },
});

export function createPostgresStore(options: { readonly pool: Pool }): PostgresStore {
  const { pool } = options;

  /** `registry`'s lookup, and its admin add: added, or whether the record on file says the same. */
  const port = <R extends RegistryName>(registry: R): RegistryRecordsPort<RegistryRecords[R]> => ({
    find: (personalId) => TABLES[registry].select(pool, personalId),
    add: (record, now) =>
      withTransaction(pool, (client) =>
        addRecordOnce(record, {
          insertIfAbsent: () => TABLES[registry].insert(client, record, 'admin', now),
          findExisting: () => TABLES[registry].select(client, record.personalId),
        }),
      ),
  });

  return {
    records: {
      'social-insurance': port('social-insurance'),
      'social-protection': port('social-protection'),
      merit: port('merit'),
    },
    insertIfAbsent: (registry, record, source, now) =>
      withTransaction(pool, (client) => TABLES[registry].insert(client, record, source, now)),

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
