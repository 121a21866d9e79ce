import { FuneralBenefit, type DataOf } from '@lienthong/contracts';
import { reply, type Deadline, type RetryPolicy } from '@lienthong/saga-engine';
import { actStep } from '../../act-steps.ts';
import { deceasedOf, type DeathDossier } from '../death-dossier.ts';
import { deathCertificateOf } from './register-death.ts';

/** What the revocation of a benefit returns: its recovery record. */
export function recoveryOf(data: Readonly<Record<string, unknown>>) {
  const {
    dossierId: _dossierId,
    decisionNumber: _decisionNumber,
    ...recovery
  } = data as DataOf<NonNullable<typeof FuneralBenefit.compensated>>;
  return recovery;
}

/** How a benefit's decision reads: whole, but for the dossier id and when it was decided. */
export function decisionOf(data: Readonly<Record<string, unknown>>) {
  const { dossierId: _dossierId, decidedAt: _decidedAt, ...decision } = data;
  return reply.succeeded(decision);
}

/**
 * Step 2b: the funeral benefit, routed by eligibility from the deceased's records: Social
 * Security's funeral allowance, the social-protection funeral support or the people-with-merit
 * benefit; only the highest is paid and the decision says which and why. No entitlement is a
 * refusal of this step, not a failure. Revoked, with a recovery record, if the death
 * registration is annulled.
 */
export const decideFuneralBenefit = (deadline: Deadline, compensationRetry: RetryPolicy) =>
  actStep<DeathDossier>(FuneralBenefit, {
    id: 'funeral-benefit',
    agency: 'funeral-benefit',
    title: { vi: 'Trợ cấp mai táng', en: 'Funeral benefit' },
    after: ['death-registration'],
    command: ({ dossierId, input, results }) => {
      const { applicant } = input;
      return {
        dossierId,
        communeCode: input.communeCode,
        deceased: deceasedOf(input),
        deathCertificateNumber: deathCertificateOf(results),
        // Without a named recipient, the applicant organised the funeral.
        recipient: input.funeralBenefit?.recipient ?? {
          fullName: applicant.fullName,
          personalId: applicant.personalId,
          relationshipToDeceased: applicant.relationshipToDeceased,
        },
      } satisfies DataOf<typeof FuneralBenefit.command>;
    },
    succeeded: decisionOf,
    deadline,
    onRefusal: 'continue',
    undo: { retry: compensationRetry, result: recoveryOf },
  });
