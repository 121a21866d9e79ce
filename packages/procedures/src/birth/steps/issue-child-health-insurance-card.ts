import { ChildHealthInsuranceCard, type DataOf } from '@lienthong/contracts';
import { reply, type RetryPolicy } from '@lienthong/saga-engine';
import { actStep } from '../../act-steps.ts';
import type { BirthDossier } from '../birth-dossier.ts';

/**
 * Step 2b, in parallel with residence: Vietnam Social Security issues the first BHYT card of a
 * child under 6, from the personal ID and the birth-certificate number. ≤ 2 working days; a
 * refusal comes within 1 working day with its reason. Revoked when the birth registration is
 * annulled.
 */
export const issueChildHealthInsuranceCard = (compensationRetry: RetryPolicy) =>
  actStep<BirthDossier>(ChildHealthInsuranceCard, {
    id: 'health-insurance',
    agency: 'health-insurance',
    title: { vi: 'Cấp thẻ BHYT cho trẻ dưới 6 tuổi', en: 'Health-insurance card for a child under 6' },
    after: ['birth-registration'],
    command: ({ dossierId, input, results }) => {
      const birth = results['birth-registration'];
      if (typeof birth?.personalId !== 'string' || typeof birth.certificateNumber !== 'string') {
        throw new Error('the health-insurance card needs the personal ID and the birth-certificate number');
      }
      return {
        dossierId,
        applicationDate: input.receivedAt.slice(0, 10),
        communeCode: input.communeCode,
        child: {
          personalId: birth.personalId,
          fullName: input.child.fullName,
          sex: input.child.sex,
          dateOfBirth: input.child.dateOfBirth,
        },
        birthCertificateNumber: birth.certificateNumber,
        ...(input.healthInsurance?.initialCareFacility
          ? { initialCareFacility: input.healthInsurance.initialCareFacility }
          : {}),
      } satisfies DataOf<typeof ChildHealthInsuranceCard.command>;
    },
    succeeded: (data) => {
      const {
        dossierId: _dossierId,
        issuedAt: _issuedAt,
        ...card
      } = data as DataOf<typeof ChildHealthInsuranceCard.succeeded>;
      return reply.succeeded(card);
    },
    deadline: { workingDays: 2, basis: 'Decree 63/2024/NĐ-CP: ≤ 2 working days' },
    onRefusal: 'continue',
    undo: {
      retry: compensationRetry,
      result: (data) => {
        const revoked = data as DataOf<NonNullable<typeof ChildHealthInsuranceCard.compensated>>;
        return { cardNumber: revoked.cardNumber, revokedAt: revoked.revokedAt };
      },
    },
  });
