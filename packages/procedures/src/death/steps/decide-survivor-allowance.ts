import { SurvivorAllowance, type DataOf } from '@lienthong/contracts';
import { reply, type Deadline, type RetryPolicy, type StepDefinition } from '@lienthong/saga-engine';
import {
  AGENCY_REPLY_RETRY,
  actReplies,
  cancelVia,
  compensationVia,
  supplementVia,
} from '../../act-steps.ts';
import { deceasedOf, type DeathDossier } from '../death-dossier.ts';
import { recoveryOf } from './decide-funeral-benefit.ts';
import { deathCertificateOf } from './register-death.ts';

/**
 * Step 2c (optional): Vietnam Social Security decides the survivor allowance, a lump sum or
 * monthly as the relatives chose, from the deceased's social-insurance record. Revoked, with a
 * recovery record, if the death registration is annulled.
 */
export function decideSurvivorAllowance(
  deadline: Deadline,
  compensationRetry: RetryPolicy,
): StepDefinition<DeathDossier> {
  return {
    id: 'survivor-allowance',
    service: 'survivor-allowance',
    agency: 'social-security',
    title: { vi: 'Trợ cấp tuất', en: 'Survivor allowance' },
    after: ['death-registration'],
    command: ({ dossierId, input, results }) => {
      const request = input.survivorAllowance;
      if (!request) throw new Error('the survivor allowance needs what the relatives claim');
      return {
        type: SurvivorAllowance.command.type,
        topic: SurvivorAllowance.command.topic,
        data: {
          dossierId,
          communeCode: input.communeCode,
          deceased: deceasedOf(input),
          deathCertificateNumber: deathCertificateOf(results),
          kind: request.kind,
          beneficiaries: request.beneficiaries,
        } satisfies DataOf<typeof SurvivorAllowance.command>,
      };
    },
    replies: actReplies(SurvivorAllowance, (data) => {
      const {
        dossierId: _dossierId,
        decidedAt: _decidedAt,
        ...decision
      } = data as DataOf<typeof SurvivorAllowance.succeeded>;
      return reply.succeeded(decision);
    }),
    retry: AGENCY_REPLY_RETRY,
    deadline,
    onRefusal: 'continue',
    cancel: cancelVia(SurvivorAllowance),
    supplement: supplementVia(SurvivorAllowance),
    compensation: compensationVia(SurvivorAllowance, compensationRetry, recoveryOf),
  };
}
