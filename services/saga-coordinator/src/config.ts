import { baseServiceConfig, envInteger } from '@lienthong/service-kit';
import {
  DEFAULT_COMPENSATION_RETRY,
  DEFAULT_DEATH_DEADLINES,
  type DeathDeadlines,
  type ProcedureSettings,
} from '@lienthong/procedures';
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
    COMPENSATION_MAX_ATTEMPTS: envInteger({ min: 1, max: 100 })
      .default(DEFAULT_COMPENSATION_RETRY.maxAttempts)
      .describe(
        'Sends of a compensation (undoing a step after an annulment) before it is parked for an operator',
      ),
    COMPENSATION_RETRY_DELAY_MS: envInteger({ min: 1 })
      .default(DEFAULT_COMPENSATION_RETRY.replyTimeoutMs)
      .describe('Wait after the first send of a compensation before it is sent again; doubles each time'),
    DEATH_DEADLINES: z
      .string()
      .transform((text, context) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          context.addIssue({ code: 'custom', message: 'must be a JSON object' });
          return z.NEVER;
        }
      })
      .pipe(
        z
          .object({
            'residence-deletion': z.number().int().min(0).max(60).optional(),
            'funeral-benefit': z.number().int().min(0).max(60).optional(),
            'survivor-allowance': z.number().int().min(0).max(60).optional(),
          })
          .strict(),
      )
      .optional()
      .describe(
        'Working days allowed for the death group’s steps after the death registration (unconfirmed in law), ' +
          'e.g. {"residence-deletion":2,"funeral-benefit":3,"survivor-allowance":5}; absent ones keep their default',
      ),
  })
  .refine((config) => config.AUTH_JWKS_URL !== undefined || config.AUTH_JWKS_FILE !== undefined, {
    message: 'set AUTH_JWKS_URL or AUTH_JWKS_FILE',
    path: ['AUTH_JWKS_URL'],
  });
export type SagaCoordinatorConfig = z.infer<typeof SagaCoordinatorConfig>;

/** The procedures' settings this deployment configures. */
export function procedureSettings(config: SagaCoordinatorConfig): ProcedureSettings {
  const deadlines = { ...DEFAULT_DEATH_DEADLINES };
  for (const [step, workingDays] of Object.entries(config.DEATH_DEADLINES ?? {})) {
    const key = step as keyof DeathDeadlines;
    if (workingDays !== undefined) {
      deadlines[key] = {
        workingDays,
        basis: `configured (DEATH_DEADLINES); default ${DEFAULT_DEATH_DEADLINES[key].basis}`,
      };
    }
  }
  return {
    compensationRetry: {
      maxAttempts: config.COMPENSATION_MAX_ATTEMPTS,
      replyTimeoutMs: config.COMPENSATION_RETRY_DELAY_MS,
      backoffMultiplier: DEFAULT_COMPENSATION_RETRY.backoffMultiplier,
    },
    deathDeadlines: deadlines,
  };
}
