import { baseServiceConfig, envInteger } from '@lienthong/service-kit';
import { z } from 'zod';

/** The saga coordinator's configuration, read once by main.ts from the environment. */
export const SagaCoordinatorConfig = baseServiceConfig
  .extend({
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
      .default('saga_coordinator')
      .describe('Postgres schema this service owns'),
    KAFKA_REPLICATION_FACTOR: envInteger({ min: 1, max: 5 })
      .default(1)
      .describe('Replication factor of the topics it creates: 1 on a single local broker, 3 in production'),
    AUTH_JWKS_URL: z.url().optional().describe('JWKS of the token issuer (production)'),
    AUTH_JWKS_FILE: z.string().min(1).optional().describe('JWKS file (local development issuer)'),
    AUTH_ISSUER: z.string().min(1).describe('Expected `iss` of bearer tokens'),
    AUTH_AUDIENCE: z.string().min(1).default('lienthong').describe('Expected `aud` of bearer tokens'),
    SAGA_TICK_INTERVAL_MS: envInteger({ min: 10 })
      .default(1_000)
      .describe('How often due saga timers (reply timeouts, deadlines) are looked for'),
  })
  .refine((config) => config.AUTH_JWKS_URL !== undefined || config.AUTH_JWKS_FILE !== undefined, {
    message: 'set AUTH_JWKS_URL or AUTH_JWKS_FILE',
    path: ['AUTH_JWKS_URL'],
  });
export type SagaCoordinatorConfig = z.infer<typeof SagaCoordinatorConfig>;
