/**
 * The office's tables (see migrations/0001_deaths-and-benefits.sql): the register of deaths and
 * their signed extracts, the benefit decisions and their recoveries. SQL only; the rules are in
 * domain/. Dates are read back as text (`::text`) so no time zone ever shifts a civil date.
 */
import type { FuneralRoute, Reason, SignedExtract } from '@lienthong/contracts';
import type { Queryable } from '@lienthong/messaging';
import type { RegisteredDeath } from './domain/death-extract.ts';
import type { DeathCommand } from './domain/death-rules.ts';

/**
 * Serialises the death registrations of one person until the transaction ends, so two dossiers
 * for the same death arriving together cannot both miss each other.
 */
export async function lockPerson(tx: Queryable, personalId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('deaths/person/' || $1, 0))`, [personalId]);
}

/** The certificate number of a standing death registration of this person from another dossier. */
export async function findRegisteredDeath(
  tx: Queryable,
  personalId: string,
  dossierId: string,
): Promise<string | null> {
  const { rows } = await tx.query<{ certificate_number: string }>(
    `SELECT certificate_number FROM deaths WHERE personal_id = $1 AND annulled_at IS NULL AND dossier_id <> $2`,
    [personalId, dossierId],
  );
  return rows[0]?.certificate_number ?? null;
}

export async function insertDeath(
  tx: Queryable,
  death: RegisteredDeath & { dossierId: string; registeredAt: Date; command: DeathCommand },
): Promise<void> {
  const { command } = death;
  await tx.query(
    `INSERT INTO deaths (certificate_number, dossier_id, commune_code, registration_date, registered_at,
       personal_id, full_name, sex, date_of_birth, date_of_death, place_of_death, cause_of_death,
       death_notice_kind, death_notice_number, death_notice_issued_by, applicant_personal_id, applicant_relationship)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      death.certificateNumber,
      death.dossierId,
      death.communeCode,
      death.registrationDate,
      death.registeredAt,
      death.deceased.personalId,
      death.deceased.fullName,
      death.deceased.sex,
      death.deceased.dateOfBirth,
      death.deceased.dateOfDeath,
      command.deceased.placeOfDeath,
      command.deceased.causeOfDeath ?? null,
      command.deathNotice.kind,
      command.deathNotice.number,
      command.deathNotice.issuedBy,
      command.applicant.personalId,
      command.applicant.relationshipToDeceased,
    ],
  );
}

export async function insertDeathExtract(
  tx: Queryable,
  extract: { certificateNumber: string; signed: SignedExtract; now: Date },
): Promise<void> {
  await tx.query(
    'INSERT INTO death_extracts (certificate_number, jws, kid, signed_at) VALUES ($1, $2, $3, $4)',
    [extract.certificateNumber, extract.signed.jws, extract.signed.kid, extract.now],
  );
}

/** The death registered under a certificate number, locked, with whether it was annulled. */
export async function lockDeathByCertificate(
  tx: Queryable,
  certificateNumber: string,
): Promise<{ dossierId: string; annulledAt: Date | null } | undefined> {
  const { rows } = await tx.query<{ dossier_id: string; annulled_at: Date | null }>(
    'SELECT dossier_id, annulled_at FROM deaths WHERE certificate_number = $1 FOR UPDATE',
    [certificateNumber],
  );
  const row = rows[0];
  return row && { dossierId: row.dossier_id, annulledAt: row.annulled_at };
}

/** Records an annulment in the register; the person may then be registered dead again, correctly. */
export async function annulDeath(
  tx: Queryable,
  certificateNumber: string,
  annulment: { reason: Reason; actor: string; at: Date },
): Promise<void> {
  await tx.query(
    `UPDATE deaths SET annulled_at = $2, annulled_by = $3, annulment_reason = $4 WHERE certificate_number = $1`,
    [certificateNumber, annulment.at, annulment.actor, JSON.stringify(annulment.reason)],
  );
}

export type Benefit = 'funeral-benefit' | 'survivor-allowance';
/** The registry that pays a benefit, and records its recovery: a funeral route's is the route itself. */
export type PayingRegistry = FuneralRoute;

export async function insertDecision(
  tx: Queryable,
  decision: {
    decisionNumber: string;
    dossierId: string;
    benefit: Benefit;
    personalId: string;
    payingRegistry: PayingRegistry;
    amount: number;
    decision: Readonly<Record<string, unknown>>;
    decidedAt: Date;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO benefit_decisions (decision_number, dossier_id, benefit, personal_id, paying_registry, amount,
       decision, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      decision.decisionNumber,
      decision.dossierId,
      decision.benefit,
      decision.personalId,
      decision.payingRegistry,
      decision.amount,
      decision.decision,
      decision.decidedAt,
    ],
  );
}

/** A funeral benefit already standing for this death (another dossier), by its decision number. */
export async function findStandingFuneralBenefit(
  tx: Queryable,
  personalId: string,
  dossierId: string,
): Promise<string | null> {
  const { rows } = await tx.query<{ decision_number: string }>(
    `SELECT decision_number FROM benefit_decisions
     WHERE personal_id = $1 AND benefit = 'funeral-benefit' AND revoked_at IS NULL AND dossier_id <> $2`,
    [personalId, dossierId],
  );
  return rows[0]?.decision_number ?? null;
}

/** Revokes a decision and records what must be paid back. */
export async function recordRecovery(
  tx: Queryable,
  recovery: {
    decisionNumber: string;
    recoveryNumber: string;
    amount: number;
    reason: Reason;
    registry: PayingRegistry;
    registryRecoveryNumber: string;
    at: Date;
  },
): Promise<void> {
  await tx.query('UPDATE benefit_decisions SET revoked_at = $2 WHERE decision_number = $1', [
    recovery.decisionNumber,
    recovery.at,
  ]);
  await tx.query(
    `INSERT INTO recoveries (recovery_number, decision_number, amount, reason, registry, registry_recovery_number,
       recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      recovery.recoveryNumber,
      recovery.decisionNumber,
      recovery.amount,
      JSON.stringify(recovery.reason),
      recovery.registry,
      recovery.registryRecoveryNumber,
      recovery.at,
    ],
  );
}
