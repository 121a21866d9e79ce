import { SurvivorAllowance, type DataOf } from '@lienthong/contracts';
import type { Deadline, RetryPolicy } from '@lienthong/saga-engine';
import { actStep } from '../../act-steps.ts';
import { deceasedOf, type DeathDossier } from '../death-dossier.ts';
import { decisionOf, recoveryOf } from './decide-funeral-benefit.ts';
import { deathCertificateOf } from './register-death.ts';

/**
 * Step 2c (optional): Vietnam Social Security decides the survivor allowance, a lump sum or
 * monthly as the relatives chose, from the deceased's social-insurance record. Revoked, with a
 * recovery record, if the death registration is annulled.
 */
export const decideSurvivorAllowance = (deadline: Deadline, compensationRetry: RetryPolicy) =>
  actStep<DeathDossier>(SurvivorAllowance, {
    id: 'survivor-allowance',
    agency: 'social-security',
    title: { vi: 'Trợ cấp tuất', en: 'Survivor allowance' },
    after: ['death-registration'],
    command: ({ dossierId, input, results }) => {
      const request = input.survivorAllowance;
      if (!request) throw new Error('the survivor allowance needs what the relatives claim');
      return {
        dossierId,
        communeCode: input.communeCode,
        deceased: deceasedOf(input),
        deathCertificateNumber: deathCertificateOf(results),
        kind: request.kind,
        beneficiaries: request.beneficiaries,
      } satisfies DataOf<typeof SurvivorAllowance.command>;
    },
    succeeded: decisionOf,
    deadline,
    onRefusal: 'continue',
    undo: { retry: compensationRetry, result: recoveryOf },
  });
