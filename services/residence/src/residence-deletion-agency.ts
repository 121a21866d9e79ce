// The commune police's second act: deleting a deceased person's permanent residence after the
// death is registered, and restoring it if the death registration is annulled.
import type { AgencyDefinition } from '@lienthong/agency-kit';
import { ResidenceDeletion } from '@lienthong/contracts';
import type { Queryable } from '@lienthong/messaging';
import type { PopulationRegistryClient } from '@lienthong/population-registry';
import { vietnamCivilDate } from '@lienthong/working-days';
import {
  assessDeletion,
  deletionNumber,
  deletionNumberScope,
  type DeletionCommand,
  type DeletionFacts,
  type KnownResidence,
} from './domain/deletion-policy.ts';

export interface ResidenceDeletionDependencies {
  /** The national population database, where residences this register does not hold are found. */
  readonly population: PopulationRegistryClient;
}

/** The deceased's permanent residence: this register's active record, else the population database's. */
async function findResidence(
  tx: Queryable,
  population: PopulationRegistryClient,
  personalId: string,
): Promise<KnownResidence | null> {
  const { rows } = await tx.query<{ record_number: string; commune_code: string; address: string }>(
    `SELECT record_number, commune_code, address FROM residence_records WHERE personal_id = $1 AND status = 'active'`,
    [personalId],
  );
  const own = rows[0];
  if (own) {
    return {
      source: 'register',
      recordNumber: own.record_number,
      communeCode: own.commune_code,
      address: own.address,
    };
  }
  // Unreachable or slow: a TransientError, and the command is retried.
  const person = await population.findPerson(personalId);
  const residence = person?.permanentResidence;
  return residence
    ? { source: 'population-database', communeCode: residence.communeCode, address: residence.address }
    : null;
}

export function residenceDeletionAgency(
  deps: ResidenceDeletionDependencies,
): AgencyDefinition<DeletionCommand, DeletionFacts> {
  return {
    agency: 'residence',
    messages: ResidenceDeletion,
    facts: async (command, { tx }) => {
      const { rows } = await tx.query<{ deletion_number: string }>(
        `SELECT deletion_number FROM residence_deletions
         WHERE personal_id = $1 AND restored_at IS NULL AND dossier_id <> $2`,
        [command.deceased.personalId, command.dossierId],
      );
      return {
        residence: await findResidence(tx, deps.population, command.deceased.personalId),
        standingDeletion: rows[0]?.deletion_number ?? null,
      };
    },
    assess: (_command, facts) => assessDeletion(facts),
    act: async (command, context, judged) => {
      const { tx, now } = context;
      // The residence the policy judged, in this transaction; looked up again after an officer's approval.
      const residence =
        judged?.residence ?? (await findResidence(tx, deps.population, command.deceased.personalId));
      if (!residence) throw new Error('the residence to delete disappeared after the approval');
      const year = vietnamCivilDate(now).slice(0, 4);
      const number = deletionNumber(
        residence.communeCode,
        year,
        await context.nextNumber(deletionNumberScope(residence.communeCode, year)),
      );
      const recordNumber = residence.source === 'register' ? residence.recordNumber : null;
      // The unique index on standing deletions stops a second dossier for the same death that
      // raced this one: its transaction fails and is retried, and then refused.
      await tx.query(
        `INSERT INTO residence_deletions (deletion_number, dossier_id, personal_id, record_number, source,
           commune_code, address, death_certificate_number, deleted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          number,
          command.dossierId,
          command.deceased.personalId,
          recordNumber,
          residence.source,
          residence.communeCode,
          residence.address,
          command.deathCertificateNumber,
          now,
        ],
      );
      if (recordNumber) {
        await tx.query(
          `UPDATE residence_records SET status = 'deleted', closed_at = $2, closed_by_dossier = $3
           WHERE record_number = $1`,
          [recordNumber, now, command.dossierId],
        );
      }
      return {
        deletionNumber: number,
        recordNumber,
        communeCode: residence.communeCode,
        deletedAt: now.toISOString(),
      };
    },
    undo: async (command, _record, annulment, { tx, now }) => {
      const { rows } = await tx.query<{ deletion_number: string; record_number: string | null }>(
        `UPDATE residence_deletions SET restored_at = $2, restore_reason = $3
         WHERE dossier_id = $1 AND restored_at IS NULL
         RETURNING deletion_number, record_number`,
        [command.dossierId, now, annulment.reason],
      );
      const restored = rows[0];
      if (!restored) throw new Error(`no standing residence deletion for dossier ${command.dossierId}`);
      if (restored.record_number) {
        await tx.query(
          `UPDATE residence_records SET status = 'active', closed_at = NULL, closed_by_dossier = NULL
           WHERE record_number = $1 AND status = 'deleted'`,
          [restored.record_number],
        );
      }
      return { deletionNumber: restored.deletion_number, restoredAt: now.toISOString() };
    },
  };
}
