import { defineSaga, type SagaDefinition } from '@lienthong/saga-engine';
import { DEFAULT_PROCEDURE_SETTINGS, type ProcedureSettings } from '../settings.ts';
import type { BirthDossier } from './birth-dossier.ts';
import { issueChildHealthInsuranceCard } from './steps/issue-child-health-insurance-card.ts';
import { registerPermanentResidence } from './steps/register-permanent-residence.ts';
import { registerBirth } from './steps/register-birth.ts';

/**
 * Birth "3-in-1" (Decree 63/2024/NĐ-CP, group 1): birth registration first; then permanent
 * residence ∥ the first health-insurance card, each only when chosen. Whole group ≤ 3
 * working days (≤ 5 with verification). An annulled birth registration removes the residence
 * entry and revokes the card.
 */
export function buildBirthSaga(settings: ProcedureSettings): SagaDefinition<BirthDossier> {
  return defineSaga<BirthDossier>({
    name: 'birth',
    version: 1,
    title: { vi: 'Liên thông khai sinh – thường trú – BHYT', en: 'Birth, residence and health insurance' },
    requiredServices: ['birth-registration'],
    steps: [
      registerBirth,
      registerPermanentResidence(settings.compensationRetry),
      issueChildHealthInsuranceCard(settings.compensationRetry),
    ],
  });
}

/** The birth saga with the default settings. */
export const birthSaga = buildBirthSaga(DEFAULT_PROCEDURE_SETTINGS);
