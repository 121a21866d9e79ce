import { envInteger } from '@lienthong/service-kit';
import { z } from 'zod';

/**
 * What the residence service reads besides the agency kit's variables (database, Kafka, auth,
 * HTTP), parsed by `loadConfig` from the same environment.
 */
export const ResidenceConfig = z.object({
  POPULATION_REGISTRY_URL: z
    .url({ protocol: /^https?$/ })
    .describe(
      'Base URL of the National Population Database (or its stand-in): the permanent residence of a ' +
        'deceased person this register does not hold',
    ),
  POPULATION_LOOKUP_TIMEOUT_MS: envInteger({ min: 1, max: 60_000 })
    .default(3000)
    .describe('Budget of one lookup; past it the command is retried'),
});
export type ResidenceConfig = z.infer<typeof ResidenceConfig>;
