import { baseServiceConfig, envBoolean } from '@lienthong/service-kit';
import { z } from 'zod';

export interface StandInConfigOptions {
  /** The schema the stand-in owns by default, e.g. `population_registry`. */
  readonly schema: string;
  /** What `SEED_TEST_PEOPLE` adds, e.g. `Add the test people of examples/population at start (idempotent)`. */
  readonly seedDescription: string;
}

/**
 * A stand-in's configuration, which its main.ts reads once from the environment and may extend:
 * every service's, without KAFKA_BROKERS (the systems stood for do not sit on our Kafka; callers
 * reach them over HTTP), with the schema it owns (`DATABASE_SCHEMA`) and whether to add its
 * test data at start (`SEED_TEST_PEOPLE`, default true).
 */
export function standInConfig(options: StandInConfigOptions) {
  return baseServiceConfig.omit({ KAFKA_BROKERS: true }).extend({
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
      .default(options.schema)
      .describe('Postgres schema this service owns'),
    SEED_TEST_PEOPLE: envBoolean().default(true).describe(options.seedDescription),
  });
}
export type StandInConfig = z.infer<ReturnType<typeof standInConfig>>;
