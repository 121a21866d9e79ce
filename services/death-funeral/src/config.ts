import { envInteger } from '@lienthong/service-kit';
import { z } from 'zod';

/**
 * What the death-funeral service reads besides the agency kit's variables (database, Kafka,
 * auth, HTTP), parsed by `loadConfig` from the same environment.
 */
export const DeathFuneralConfig = z.object({
  POPULATION_REGISTRY_URL: z
    .url({ protocol: /^https?$/ })
    .describe(
      'Base URL of the National Population Database (or its stand-in): the deceased is checked there',
    ),
  BENEFIT_REGISTRIES_URL: z
    .url({ protocol: /^https?$/ })
    .describe(
      'Base URL of the social-insurance, social-protection and people-with-merit registries (or their stand-in)',
    ),
  SIGNING_KEYS_DIR: z
    .string()
    .min(1)
    .describe('Folder of the Ed25519 keys signing the death-certificate extracts (created on first use)'),
  LOOKUP_TIMEOUT_MS: envInteger({ min: 1, max: 60_000 })
    .default(3000)
    .describe('Budget of one registry call; past it the command (or the compensation) is retried'),
  SOCIAL_PROTECTION_FUNERAL_MULTIPLIER: z.coerce
    .number()
    .min(20)
    .max(100)
    .default(20)
    .describe(
      'Times the social-assistance standard level for the funeral support: at least 20; a province may set more',
    ),
});
export type DeathFuneralConfig = z.infer<typeof DeathFuneralConfig>;
