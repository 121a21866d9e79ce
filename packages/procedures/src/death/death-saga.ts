import { defineSaga, type SagaDefinition } from '@lienthong/saga-engine';
import { DEFAULT_PROCEDURE_SETTINGS, type ProcedureSettings } from '../settings.ts';
import type { DeathDossier } from './death-dossier.ts';
import { decideFuneralBenefit } from './steps/decide-funeral-benefit.ts';
import { decideSurvivorAllowance } from './steps/decide-survivor-allowance.ts';
import { deletePermanentResidence } from './steps/delete-permanent-residence.ts';
import { registerDeath } from './steps/register-death.ts';

/**
 * Death (Decree 63/2024/NĐ-CP, group 2): death registration first; then the deletion of
 * permanent residence ∥ the funeral benefit ∥ the survivor allowance, the last two when chosen.
 * An annulled death registration restores the residence and revokes both benefits, each with
 * a recovery record.
 */
export function buildDeathSaga(settings: ProcedureSettings): SagaDefinition<DeathDossier> {
  const { deathDeadlines: deadlines, compensationRetry } = settings;
  return defineSaga<DeathDossier>({
    name: 'death',
    version: 1,
    title: {
      vi: 'Liên thông khai tử – xóa thường trú – trợ cấp mai táng',
      en: 'Death, residence deletion and funeral benefits',
    },
    requiredServices: ['death-registration', 'residence-deletion'],
    steps: [
      registerDeath,
      deletePermanentResidence(deadlines['residence-deletion'], compensationRetry),
      decideFuneralBenefit(deadlines['funeral-benefit'], compensationRetry),
      decideSurvivorAllowance(deadlines['survivor-allowance'], compensationRetry),
    ],
  });
}

/** The death saga with the default settings. */
export const deathSaga = buildDeathSaga(DEFAULT_PROCEDURE_SETTINGS);
