// Composition root of Vietnam Social Security's service: the first BHYT card of a child under 6.
import { runAgencyService, type AgencyDefinition } from '@lienthong/agency-kit';
import { provinceOfCommune } from '@lienthong/admin-units';
import {
  ChildHealthInsuranceCardIssued,
  HealthInsuranceFailed,
  HealthInsuranceProgressed,
  HealthInsuranceRefused,
  IssueChildHealthInsuranceCard,
  TOPICS,
} from '@lienthong/contracts';
import { fileURLToPath } from 'node:url';
import {
  assessChildCard,
  childCard,
  type ChildCardCommand,
  type ChildCardFacts,
} from './domain/child-card-policy.ts';

const definition: AgencyDefinition<ChildCardCommand, ChildCardFacts> = {
  agency: 'health-insurance',
  command: IssueChildHealthInsuranceCard,
  replies: {
    progressed: HealthInsuranceProgressed,
    succeeded: ChildHealthInsuranceCardIssued,
    refused: HealthInsuranceRefused,
    failed: HealthInsuranceFailed,
  },
  facts: async (command, { tx }) => {
    const { rows } = await tx.query<{ card_number: string }>(
      'SELECT card_number FROM cards WHERE personal_id = $1',
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
};

await runAgencyService<ChildCardCommand, ChildCardFacts>(process.env, () => ({
  definition,
  commandTopic: TOPICS.healthInsuranceCommands,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
}));
