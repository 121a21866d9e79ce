import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DEATH_DEADLINES } from '@lienthong/procedures';
import { loadConfig } from '@lienthong/service-kit';
import { procedureSettings, SagaCoordinatorConfig } from './config.ts';

const env = {
  SERVICE_NAME: 'saga-coordinator',
  HTTP_PORT: '8080',
  DATABASE_URL: 'postgres://127.0.0.1:5432/lienthong',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_ISSUER: 'dev',
  AUTH_JWKS_FILE: '/tmp/jwks.json',
};

describe('the procedures’ settings from the environment', () => {
  it('given nothing set, then the defaults: five compensation sends from 2 minutes, the unconfirmed death deadlines', () => {
    const settings = procedureSettings(loadConfig(SagaCoordinatorConfig, env));
    expect(settings.compensationRetry).toEqual({
      maxAttempts: 5,
      replyTimeoutMs: 120_000,
      backoffMultiplier: 2,
    });
    expect(settings.deathDeadlines).toEqual(DEFAULT_DEATH_DEADLINES);
  });

  it('given DEATH_DEADLINES, then those steps take the configured working days and say so', () => {
    const settings = procedureSettings(
      loadConfig(SagaCoordinatorConfig, {
        ...env,
        DEATH_DEADLINES: '{"funeral-benefit":5}',
        COMPENSATION_MAX_ATTEMPTS: '3',
      }),
    );
    expect(settings.deathDeadlines['funeral-benefit']).toMatchObject({
      workingDays: 5,
      basis: expect.stringContaining('configured'),
    });
    expect(settings.deathDeadlines['residence-deletion']).toEqual(
      DEFAULT_DEATH_DEADLINES['residence-deletion'],
    );
    expect(settings.compensationRetry.maxAttempts).toBe(3);
  });

  it.each([
    ['not JSON', 'two days'],
    ['an unknown step', '{"death-registration":1}'],
    ['a negative number', '{"survivor-allowance":-1}'],
  ])('given DEATH_DEADLINES %s, then the configuration is refused at start', (_what, value) => {
    expect(() => loadConfig(SagaCoordinatorConfig, { ...env, DEATH_DEADLINES: value })).toThrow(
      /DEATH_DEADLINES/,
    );
  });
});
