import { baseServiceConfig, envInteger } from '@lienthong/service-kit';
import { z } from 'zod';

/** The saga coordinator's configuration, read once by main.ts from the environment. */
export const SagaCoordinatorConfig = baseServiceConfig.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
    .default('saga_coordinator')
    .describe('Postgres schema this service owns'),
  KAFKA_REPLICATION_FACTOR: envInteger({ min: 1, max: 5 })
    .default(1)
    .describe('Replication factor of the topics it creates: 1 on a single local broker, 3 in production'),
});
export type SagaCoordinatorConfig = z.infer<typeof SagaCoordinatorConfig>;
