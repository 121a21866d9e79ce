import {
  PermanentResidenceRegistered,
  RegisterPermanentResidence,
  ResidenceRegistrationFailed,
  ResidenceRegistrationProgressed,
  ResidenceRegistrationRefused,
  type DataOf,
} from '@lienthong/contracts';
import { reply, type StepDefinition } from '@lienthong/saga-engine';
import type { BirthDossier } from '../birth-dossier.ts';

/**
 * Step 2a: the commune police register the child's permanent residence, with the personal ID
 * number from step 1. ≤ 2 working days (≤ 5 with verification). A refusal here never undoes
 * the birth registration: the dossier ends partially completed.
 */
export const registerPermanentResidence: StepDefinition<BirthDossier> = {
  id: 'residence-registration',
  service: 'residence-registration',
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
      type: RegisterPermanentResidence.type,
      topic: RegisterPermanentResidence.topic,
      data: {
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
      } satisfies DataOf<typeof RegisterPermanentResidence>,
    };
  },
  replies: {
    [ResidenceRegistrationProgressed.type]: (data) =>
      reply.progress((data as DataOf<typeof ResidenceRegistrationProgressed>).status),
    [PermanentResidenceRegistered.type]: (data) => {
      const registered = data as DataOf<typeof PermanentResidenceRegistered>;
      return reply.succeeded({
        recordNumber: registered.recordNumber,
        registeredAt: registered.registeredAt,
      });
    },
    [ResidenceRegistrationRefused.type]: (data) =>
      reply.refused((data as DataOf<typeof ResidenceRegistrationRefused>).reason),
    [ResidenceRegistrationFailed.type]: (data) =>
      reply.failed((data as DataOf<typeof ResidenceRegistrationFailed>).reason),
  },
  retry: { maxAttempts: 5, replyTimeoutMs: 2 * 60_000, backoffMultiplier: 2 },
  deadline: { workingDays: 2, basis: 'Decree 63/2024/NĐ-CP: ≤ 2 working days (≤ 5 with verification)' },
  onRefusal: 'continue',
};
