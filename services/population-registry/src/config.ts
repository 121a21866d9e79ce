import { envInteger } from '@lienthong/service-kit';
import { standInConfig } from '@lienthong/stand-in-kit';
import type { z } from 'zod';

/**
 * The population registry's configuration, read once by main.ts from the environment. No
 * KAFKA_BROKERS: the national database does not sit on our Kafka; callers reach it over HTTP.
 */
export const PopulationRegistryConfig = standInConfig({
  schema: 'population_registry',
  seedDescription: 'Add the test people of examples/population at start (idempotent)',
}).extend({
  DUE_POLL_INTERVAL_MS: envInteger({ min: 10 })
    .default(1_000)
    .describe('How often pending ("answer later") requests due for a decision are looked for'),
  CALLBACK_POLL_INTERVAL_MS: envInteger({ min: 10 })
    .default(1_000)
    .describe('How often callbacks due for (re)delivery are looked for'),
  CALLBACK_TIMEOUT_MS: envInteger({ min: 100 }).default(5_000).describe('Budget of one callback POST'),
  CALLBACK_INITIAL_DELAY_MS: envInteger({ min: 1 })
    .default(1_000)
    .describe('Upper bound of the delay after the first failed callback (full jitter)'),
  CALLBACK_MAX_DELAY_MS: envInteger({ min: 1 })
    .default(10 * 60_000)
    .describe('Cap on the delay between callback attempts; attempts go on until acknowledged'),
  FAULT_TIMEOUT_HOLD_MS: envInteger({ min: 0 })
    .default(30_000)
    .describe('How long the timeout fault holds an answer: longer than any caller waits'),
});
export type PopulationRegistryConfig = z.infer<typeof PopulationRegistryConfig>;
