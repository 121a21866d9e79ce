// Composition root of the commune police's service: a newborn's permanent residence
// registration, and the deletion of a deceased person's permanent residence.
import { agencyAct, runAgencyService } from '@lienthong/agency-kit';
import { TOPICS } from '@lienthong/contracts';
import { createPopulationRegistryClient } from '@lienthong/population-registry';
import { loadConfig } from '@lienthong/service-kit';
import { fileURLToPath } from 'node:url';
import { ResidenceConfig } from './config.ts';
import { residenceAgency } from './residence-agency.ts';
import { residenceDeletionAgency } from './residence-deletion-agency.ts';

const settings = loadConfig(ResidenceConfig, process.env);

await runAgencyService(process.env, () => ({
  acts: [
    agencyAct(residenceAgency),
    agencyAct(
      residenceDeletionAgency({
        population: createPopulationRegistryClient({
          baseUrl: settings.POPULATION_REGISTRY_URL,
          timeoutMs: settings.POPULATION_LOOKUP_TIMEOUT_MS,
        }),
      }),
    ),
  ],
  commandTopic: TOPICS.residenceCommands,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
}));
