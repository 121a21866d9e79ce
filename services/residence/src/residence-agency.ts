// The commune police's agency act: a newborn's permanent residence registration, as data for the
// agency kit. Kept apart from the composition root so tests can drive it with an AgencyRuntime.
import type { AgencyDefinition } from '@lienthong/agency-kit';
import { ResidenceRegistration } from '@lienthong/contracts';
import { AppError } from '@lienthong/service-kit';
import { vietnamCivilDate } from '@lienthong/working-days';
import {
  assessResidence,
  recordNumberScope,
  residenceRecordNumber,
  type ResidenceCommand,
  type ResidenceFacts,
} from './domain/residence-policy.ts';

export const residenceAgency: AgencyDefinition<ResidenceCommand, ResidenceFacts> = {
  agency: 'residence',
  messages: ResidenceRegistration,
  facts: async (command, { tx }) => {
    const { rows } = await tx.query<{ record_number: string }>(
      `SELECT record_number FROM residence_records WHERE personal_id = $1 AND dossier_id <> $2 AND status = 'active'`,
      [command.child.personalId, command.dossierId],
    );
    return { existingRecordNumber: rows[0]?.record_number ?? null };
  },
  assess: (command, facts) => assessResidence(command, facts),
  act: async (command, context) => {
    const { tx, now } = context;
    const { communeCode, address, householdHeadPersonalId, relationshipToHouseholdHead } = command.residence;
    // The record's year is Vietnam's (UTC+7): a registration at 00:30 on 1 January is the new year's.
    const year = vietnamCivilDate(now).slice(0, 4);
    const recordNumber = residenceRecordNumber(
      communeCode,
      year,
      await context.nextNumber(recordNumberScope(communeCode, year)),
    );
    const { rowCount } = await tx.query(
      `INSERT INTO residence_records (record_number, personal_id, dossier_id, commune_code, address,
         household_head_personal_id, relationship_to_household_head, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (personal_id) WHERE status = 'active' DO NOTHING`,
      [
        recordNumber,
        command.child.personalId,
        command.dossierId,
        communeCode,
        address,
        householdHeadPersonalId,
        relationshipToHouseholdHead,
        now,
      ],
    );
    if (rowCount === 0) {
      // Another dossier registered the child after this case was assessed (typically while it
      // waited for an officer). Nothing is written (the transaction rolls back, the sequence
      // number too). An officer gets a 409 and refuses the task instead; a command from Kafka is
      // retried (an unclassified error) and the retry finds the record and refuses.
      throw new AppError(
        'STATE_CONFLICT',
        'The child already holds a permanent residence record from another dossier; ' +
          'refuse this case with ALREADY_REGISTERED.',
        { extensions: { reasonCode: 'ALREADY_REGISTERED' } },
      );
    }
    return { recordNumber, registeredAt: now.toISOString() };
  },
  // The birth registration was annulled: the entry made for this dossier is removed (kept on file).
  undo: async (command, record, _annulment, { tx, now }) => {
    const recordNumber = String(record.recordNumber);
    await tx.query(
      `UPDATE residence_records SET status = 'removed', closed_at = $3, closed_by_dossier = $2
       WHERE record_number = $1 AND status <> 'removed'`,
      [recordNumber, command.dossierId, now],
    );
    return { recordNumber, removedAt: now.toISOString() };
  },
};
