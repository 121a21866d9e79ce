import { ChildHealthInsuranceCard, type DataOf } from '@lienthong/contracts';
import { reply, type RetryPolicy, type StepDefinition } from '@lienthong/saga-engine';
import {
  AGENCY_REPLY_RETRY,
  actReplies,
  cancelVia,
  compensationVia,
  supplementVia,
} from '../../act-steps.ts';
import type { BirthDossier } from '../birth-dossier.ts';

/**
 * Step 2b, in parallel with residence: Vietnam Social Security issues the first BHYT card of a
 * child under 6, from the personal ID and the birth-certificate number. ≤ 2 working days; a
 * refusal comes within 1 working day with its reason. Revoked when the birth registration is
 * annulled.
 */
export function issueChildHealthInsuranceCard(compensationRetry: RetryPolicy): StepDefinition<BirthDossier> {
  return {
    id: 'health-insurance',
    service: 'health-insurance',
    agency: 'health-insurance',
    title: { vi: 'Cấp thẻ BHYT cho trẻ dưới 6 tuổi', en: 'Health-insurance card for a child under 6' },
    after: ['birth-registration'],
    command: ({ dossierId, input, results }) => {
      const birth = results['birth-registration'];
      if (typeof birth?.personalId !== 'string' || typeof birth.certificateNumber !== 'string') {
        throw new Error('the health-insurance card needs the personal ID and the birth-certificate number');
      }
      return {
        type: ChildHealthInsuranceCard.command.type,
        topic: ChildHealthInsuranceCard.command.topic,
        data: {
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
        } satisfies DataOf<typeof ChildHealthInsuranceCard.command>,
      };
    },
    replies: actReplies(ChildHealthInsuranceCard, (data) => {
      const issued = data as DataOf<typeof ChildHealthInsuranceCard.succeeded>;
      return reply.succeeded({
        cardNumber: issued.cardNumber,
        socialInsuranceNumber: issued.socialInsuranceNumber,
        validFrom: issued.validFrom,
        validTo: issued.validTo,
      });
    }),
    retry: AGENCY_REPLY_RETRY,
    deadline: { workingDays: 2, basis: 'Decree 63/2024/NĐ-CP: ≤ 2 working days' },
    onRefusal: 'continue',
    cancel: cancelVia(ChildHealthInsuranceCard),
    supplement: supplementVia(ChildHealthInsuranceCard),
    compensation: compensationVia(ChildHealthInsuranceCard, compensationRetry, (data) => {
      const revoked = data as DataOf<NonNullable<typeof ChildHealthInsuranceCard.compensated>>;
      return { cardNumber: revoked.cardNumber, revokedAt: revoked.revokedAt };
    }),
  };
}
