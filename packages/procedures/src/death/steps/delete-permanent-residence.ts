import { ResidenceDeletion, type DataOf } from '@lienthong/contracts';
import { reply, type Deadline, type RetryPolicy } from '@lienthong/saga-engine';
import { actStep } from '../../act-steps.ts';
import type { DeathDossier } from '../death-dossier.ts';
import { deathCertificateOf } from './register-death.ts';

/**
 * Step 2a: the police delete the deceased's permanent residence, from the death registration.
 * Restored if the death registration is annulled.
 */
export const deletePermanentResidence = (deadline: Deadline, compensationRetry: RetryPolicy) =>
  actStep<DeathDossier>(ResidenceDeletion, {
    id: 'residence-deletion',
    agency: 'residence',
    title: { vi: 'Xóa đăng ký thường trú', en: 'Deletion of permanent residence' },
    after: ['death-registration'],
    command: ({ dossierId, input, results }) =>
      ({
        dossierId,
        communeCode: input.communeCode,
        deceased: {
          personalId: input.deceased.personalId,
          fullName: input.deceased.fullName,
          dateOfDeath: input.deceased.dateOfDeath,
        },
        deathCertificateNumber: deathCertificateOf(results),
      }) satisfies DataOf<typeof ResidenceDeletion.command>,
    succeeded: (data) => {
      const { dossierId: _dossierId, ...deleted } = data as DataOf<typeof ResidenceDeletion.succeeded>;
      return reply.succeeded(deleted);
    },
    deadline,
    onRefusal: 'continue',
    undo: {
      retry: compensationRetry,
      result: (data) => ({
        restoredAt: (data as DataOf<NonNullable<typeof ResidenceDeletion.compensated>>).restoredAt,
      }),
    },
  });
