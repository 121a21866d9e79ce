import { ResidenceRegistration, type DataOf } from '@lienthong/contracts';
import { reply, type RetryPolicy } from '@lienthong/saga-engine';
import { actStep } from '../../act-steps.ts';
import type { BirthDossier } from '../birth-dossier.ts';

/**
 * Step 2a: the commune police register the child's permanent residence, with the personal ID
 * number from step 1. ≤ 2 working days (≤ 5 with verification). A refusal here never undoes
 * the birth registration: the dossier ends partially completed. Undone (the entry removed) when
 * the birth registration is annulled.
 */
export const registerPermanentResidence = (compensationRetry: RetryPolicy) =>
  actStep<BirthDossier>(ResidenceRegistration, {
    id: 'residence-registration',
    agency: 'residence',
    title: { vi: 'Đăng ký thường trú', en: 'Permanent residence registration' },
    after: ['birth-registration'],
    command: ({ dossierId, input, results }) => {
      const birth = results['birth-registration'];
      const residence = input.residence;
      if (!residence || typeof birth?.personalId !== 'string') {
        throw new Error('residence registration needs the residence request and the child’s personal ID');
      }
      return {
        dossierId,
        child: {
          personalId: birth.personalId,
          fullName: input.child.fullName,
          sex: input.child.sex,
          dateOfBirth: input.child.dateOfBirth,
        },
        motherPersonalId: input.mother.personalId,
        ...(input.father ? { fatherPersonalId: input.father.personalId } : {}),
        residence: {
          communeCode: residence.communeCode,
          address: residence.address,
          householdHeadPersonalId: residence.householdHeadPersonalId,
          relationshipToHouseholdHead: residence.relationshipToHouseholdHead,
          householdHeadConsent: residence.householdHeadConsent,
        },
      } satisfies DataOf<typeof ResidenceRegistration.command>;
    },
    succeeded: (data) => {
      const registered = data as DataOf<typeof ResidenceRegistration.succeeded>;
      return reply.succeeded({
        recordNumber: registered.recordNumber,
        registeredAt: registered.registeredAt,
      });
    },
    deadline: { workingDays: 2, basis: 'Decree 63/2024/NĐ-CP: ≤ 2 working days (≤ 5 with verification)' },
    onRefusal: 'continue',
    undo: {
      retry: compensationRetry,
      result: (data) => {
        const removed = data as DataOf<NonNullable<typeof ResidenceRegistration.compensated>>;
        return { recordNumber: removed.recordNumber, removedAt: removed.removedAt };
      },
    },
  });
