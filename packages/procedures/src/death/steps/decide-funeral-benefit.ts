import { FuneralBenefit, type DataOf } from '@lienthong/contracts';
import { reply, type Deadline, type RetryPolicy, type StepDefinition } from '@lienthong/saga-engine';
import {
  AGENCY_REPLY_RETRY,
  actReplies,
  cancelVia,
  compensationVia,
  supplementVia,
} from '../../act-steps.ts';
import { deceasedOf, type DeathDossier } from '../death-dossier.ts';
import { deathCertificateOf } from './register-death.ts';

/** What the revocation of a benefit returns: its recovery record. */
export function recoveryOf(data: Readonly<Record<string, unknown>>) {
  const revoked = data as DataOf<NonNullable<typeof FuneralBenefit.compensated>>;
  return {
    recoveryNumber: revoked.recoveryNumber,
    amountToRecover: revoked.amountToRecover,
    revokedAt: revoked.revokedAt,
  };
}

/**
 * Step 2b: the funeral benefit, routed by eligibility from the deceased's records: Social
 * Security's funeral allowance, the social-protection funeral support or the people-with-merit
 * benefit; only the highest is paid and the decision says which and why. No entitlement is a
 * refusal of this step, not a failure. Revoked, with a recovery record, if the death
 * registration is annulled.
 */
export function decideFuneralBenefit(
  deadline: Deadline,
  compensationRetry: RetryPolicy,
): StepDefinition<DeathDossier> {
  return {
    id: 'funeral-benefit',
    service: 'funeral-benefit',
    agency: 'funeral-benefit',
    title: { vi: 'Trợ cấp mai táng', en: 'Funeral benefit' },
    after: ['death-registration'],
    command: ({ dossierId, input, results }) => {
      const { applicant } = input;
      const recipient = input.funeralBenefit?.recipient ?? {
        fullName: applicant.fullName,
        personalId: applicant.personalId,
        relationshipToDeceased: applicant.relationshipToDeceased,
      };
      return {
        type: FuneralBenefit.command.type,
        topic: FuneralBenefit.command.topic,
        data: {
          dossierId,
          communeCode: input.communeCode,
          deceased: deceasedOf(input),
          deathCertificateNumber: deathCertificateOf(results),
          recipient,
        } satisfies DataOf<typeof FuneralBenefit.command>,
      };
    },
    replies: actReplies(FuneralBenefit, (data) => {
      const {
        dossierId: _dossierId,
        decidedAt: _decidedAt,
        ...decision
      } = data as DataOf<typeof FuneralBenefit.succeeded>;
      return reply.succeeded(decision);
    }),
    retry: AGENCY_REPLY_RETRY,
    deadline,
    onRefusal: 'continue',
    cancel: cancelVia(FuneralBenefit),
    supplement: supplementVia(FuneralBenefit),
    compensation: compensationVia(FuneralBenefit, compensationRetry, recoveryOf),
  };
}
