import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@lienthong/service-kit';
import { PopulationRegistryConfig } from './config.ts';

describe('PopulationRegistryConfig', () => {
  it('needs no Kafka and defaults the schema and the loops', () => {
    const config = loadConfig(PopulationRegistryConfig, {
      SERVICE_NAME: 'population-registry',
      HTTP_PORT: '8090',
      DATABASE_URL: 'postgres://lienthong@127.0.0.1:5432/lienthong',
    });

    expect(config).toMatchObject({
      DATABASE_SCHEMA: 'population_registry',
      SEED_TEST_PEOPLE: true,
      DUE_POLL_INTERVAL_MS: 1000,
      CALLBACK_TIMEOUT_MS: 5000,
      FAULT_TIMEOUT_HOLD_MS: 30_000,
    });
    expect(config).not.toHaveProperty('KAFKA_BROKERS');
  });

  it('ignores KAFKA_BROKERS when the environment sets it for every service', () => {
    const config = loadConfig(PopulationRegistryConfig, {
      SERVICE_NAME: 'population-registry',
      HTTP_PORT: '8090',
      DATABASE_URL: 'postgres://lienthong@127.0.0.1:5432/lienthong',
      KAFKA_BROKERS: '127.0.0.1:9092',
      SEED_TEST_PEOPLE: 'false',
    });

    expect(config).not.toHaveProperty('KAFKA_BROKERS');
    expect(config.SEED_TEST_PEOPLE).toBe(false);
  });
});
