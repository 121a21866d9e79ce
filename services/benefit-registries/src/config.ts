import { baseServiceConfig, envBoolean } from '@lienthong/service-kit';
import { z } from 'zod';

/**
 * The benefit registries' configuration, read once by main.ts from the environment. No
 * KAFKA_BROKERS: the registries stand for external systems; callers reach them over HTTP.
 */
export const BenefitRegistriesConfig = baseServiceConfig.omit({ KAFKA_BROKERS: true }).extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
    .default('benefit_registries')
    .describe('Postgres schema this service owns'),
  SEED_TEST_PEOPLE: envBoolean()
    .default(true)
    .describe('Add the test records of examples/registries at start (idempotent)'),
});
export type BenefitRegistriesConfig = z.infer<typeof BenefitRegistriesConfig>;
