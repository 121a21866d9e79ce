// Composition root of the commune police's service: a newborn's permanent residence registration.
import { runAgencyService } from '@lienthong/agency-kit';
import { TOPICS } from '@lienthong/contracts';
import { fileURLToPath } from 'node:url';
import type { ResidenceCommand, ResidenceFacts } from './domain/residence-policy.ts';
import { residenceAgency } from './residence-agency.ts';

await runAgencyService<ResidenceCommand, ResidenceFacts>(process.env, () => ({
  definition: residenceAgency,
  commandTopic: TOPICS.residenceCommands,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
}));
