import { ResidenceDeletion, type DataOf } from '@lienthong/contracts';
import { reply, type Deadline, type RetryPolicy, type StepDefinition } from '@lienthong/saga-engine';
import {
  AGENCY_REPLY_RETRY,
  actReplies,
  cancelVia,
  compensationVia,
  supplementVia,
} from '../../act-steps.ts';
import type { DeathDossier } from '../death-dossier.ts';
import { deathCertificateOf } from './register-death.ts';

/**
 * Step 2a: the police delete the deceased's permanent residence, from the death registration.
 * Restored if the death registration is annulled.
 */
export function deletePermanentResidence(
  deadline: Deadline,
  compensationRetry: RetryPolicy,
): StepDefinition<DeathDossier> {
  return {
    id: 'residence-deletion',
    service: 'residence-deletion',
    agency: 'residence',
    title: { vi: 'Xóa đăng ký thường trú', en: 'Deletion of permanent residence' },
    after: ['death-registration'],
    command: ({ dossierId, input, results }) => ({
      type: ResidenceDeletion.command.type,
      topic: ResidenceDeletion.command.topic,
      data: {
        dossierId,
        communeCode: input.communeCode,
        deceased: {
          personalId: input.deceased.personalId,
          fullName: input.deceased.fullName,
          dateOfDeath: input.deceased.dateOfDeath,
        },
        deathCertificateNumber: deathCertificateOf(results),
      } satisfies DataOf<typeof ResidenceDeletion.command>,
    }),
    replies: actReplies(ResidenceDeletion, (data) => {
      const deleted = data as DataOf<typeof ResidenceDeletion.succeeded>;
      return reply.succeeded({
        deletionNumber: deleted.deletionNumber,
        recordNumber: deleted.recordNumber,
        communeCode: deleted.communeCode,
        deletedAt: deleted.deletedAt,
      });
    }),
    retry: AGENCY_REPLY_RETRY,
    deadline,
    onRefusal: 'continue',
    cancel: cancelVia(ResidenceDeletion),
    supplement: supplementVia(ResidenceDeletion),
    compensation: compensationVia(ResidenceDeletion, compensationRetry, (data) => {
      const restored = data as DataOf<NonNullable<typeof ResidenceDeletion.compensated>>;
      return { restoredAt: restored.restoredAt };
    }),
  };
}
