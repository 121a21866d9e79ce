// Composition root of Vietnam Social Security's service: the first BHYT card of a child under 6.
import { agencyAct, runAgencyService } from '@lienthong/agency-kit';
import { TOPICS } from '@lienthong/contracts';
import { fileURLToPath } from 'node:url';
import { childCardAgency } from './child-card-agency.ts';

await runAgencyService(process.env, () => ({
  acts: [agencyAct(childCardAgency)],
  commandTopic: TOPICS.healthInsuranceCommands,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
}));
