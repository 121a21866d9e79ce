// Vietnam Social Security's act: the first BHYT card of a child under 6, and its revocation when
// the birth registration it was issued from is annulled. Kept apart from the composition root
// so tests can drive it with an AgencyRuntime.
import type { AgencyDefinition } from '@lienthong/agency-kit';
import { provinceOfCommune } from '@lienthong/admin-units';
import { ChildHealthInsuranceCard } from '@lienthong/contracts';
import {
  assessChildCard,
  childCard,
  type ChildCardCommand,
  type ChildCardFacts,
} from './domain/child-card-policy.ts';

export const childCardAgency: AgencyDefinition<ChildCardCommand, ChildCardFacts> = {
  agency: 'health-insurance',
  messages: ChildHealthInsuranceCard,
  facts: async (command, { tx }) => {
    const { rows } = await tx.query<{ card_number: string }>(
      `SELECT card_number FROM cards WHERE personal_id = $1 AND status = 'active'`,
      [command.child.personalId],
    );
    return { existingCardNumber: rows[0]?.card_number ?? null };
  },
  assess: (command, facts) => assessChildCard(command, facts),
  act: async (command, { tx, now }) => {
    const card = childCard(command, provinceOfCommune(command.communeCode).code);
    await tx.query(
      `INSERT INTO cards (card_number, personal_id, social_insurance_number, dossier_id, valid_from, valid_to, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        card.cardNumber,
        command.child.personalId,
        card.socialInsuranceNumber,
        command.dossierId,
        card.validFrom,
        card.validTo,
        now,
      ],
    );
    return { ...card, issuedAt: now.toISOString() };
  },
  undo: async (command, record, annulment, { tx, now }) => {
    const cardNumber = String(record.cardNumber);
    await tx.query(
      `UPDATE cards SET status = 'revoked', revoked_at = $2, revocation_reason = $3
       WHERE card_number = $1 AND dossier_id = $4 AND status = 'active'`,
      [cardNumber, now, annulment.reason, command.dossierId],
    );
    return { cardNumber, revokedAt: now.toISOString() };
  },
};
