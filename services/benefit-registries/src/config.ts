import { standInConfig } from '@lienthong/stand-in-kit';
import type { z } from 'zod';

/**
 * The benefit registries' configuration, read once by main.ts from the environment. No
 * KAFKA_BROKERS: the registries stand for external systems; callers reach them over HTTP.
 */
export const BenefitRegistriesConfig = standInConfig({
  schema: 'benefit_registries',
  seedDescription: 'Add the test records of examples/registries at start (idempotent)',
});
export type BenefitRegistriesConfig = z.infer<typeof BenefitRegistriesConfig>;
