import { envInteger } from '@lienthong/service-kit';
import { z } from 'zod';

/**
 * What the birth-registration service reads besides the agency kit's variables (database,
 * Kafka, auth, HTTP), parsed by `loadConfig` from the same environment.
 */
export const BirthRegistrationConfig = z
  .object({
    POPULATION_REGISTRY_URL: z
      .url({ protocol: /^https?$/ })
      .describe('Base URL of the National Population Database (or its stand-in)'),
    PUBLIC_BASE_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'Where the population database reaches this service; when set, requests carry ' +
          '<PUBLIC_BASE_URL>/v1/callbacks/personal-id so an answer given later wakes the ID worker at once',
      ),
    SIGNING_KEYS_DIR: z
      .string()
      .min(1)
      .describe('Folder of the Ed25519 keys signing the extracts (created on first use)'),
    PARENT_LOOKUP_TIMEOUT_MS: envInteger({ min: 1, max: 60_000 })
      .default(2000)
      .describe('Budget of one parent lookup; past it the parents check is skipped'),
    ID_REQUEST_TIMEOUT_MS: envInteger({ min: 1, max: 120_000 })
      .default(3000)
      .describe('Budget of one personal-ID request'),
    ID_REQUEST_MAX_ATTEMPTS: envInteger({ min: 1, max: 1000 })
      .default(8)
      .describe('Consecutive failed attempts before the request fails (an operator can retry)'),
    ID_REQUEST_INITIAL_DELAY_MS: envInteger({ min: 1 }).default(1000).describe('First backoff bound'),
    ID_REQUEST_MAX_DELAY_MS: envInteger({ min: 1 }).default(60_000).describe('Backoff cap'),
    ID_PENDING_RECHECK_MS: envInteger({ min: 1 })
      .default(60_000)
      .describe('After a "pending" answer, ask again after this long (a callback makes it due at once)'),
    ID_POLL_INTERVAL_MS: envInteger({ min: 1, max: 3_600_000 })
      .default(500)
      .describe('How often the ID worker looks for due requests'),
  })
  .refine((config) => config.ID_REQUEST_INITIAL_DELAY_MS <= config.ID_REQUEST_MAX_DELAY_MS, {
    message: 'must not exceed ID_REQUEST_MAX_DELAY_MS',
    path: ['ID_REQUEST_INITIAL_DELAY_MS'],
  });
export type BirthRegistrationConfig = z.infer<typeof BirthRegistrationConfig>;

/** The callback URL the population database calls once a pending request is decided. */
export function personalIdCallbackUrl(publicBaseUrl: string | undefined): string | undefined {
  if (publicBaseUrl === undefined) return undefined;
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/callbacks/personal-id`;
}
