import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@lienthong/service-kit';
import { BenefitRegistriesConfig } from './config.ts';

describe('BenefitRegistriesConfig', () => {
  it('needs no Kafka and defaults the schema and the seed', () => {
    const config = loadConfig(BenefitRegistriesConfig, {
      SERVICE_NAME: 'benefit-registries',
      HTTP_PORT: '8091',
      DATABASE_URL: 'postgres://lienthong@127.0.0.1:5432/lienthong',
    });

    expect(config).toMatchObject({
      DATABASE_SCHEMA: 'benefit_registries',
      SEED_TEST_PEOPLE: true,
      HTTP_PORT: 8091,
    });
    expect(config).not.toHaveProperty('KAFKA_BROKERS');
  });

  it('ignores KAFKA_BROKERS, and takes another schema and no seed when asked', () => {
    const config = loadConfig(BenefitRegistriesConfig, {
      SERVICE_NAME: 'benefit-registries',
      HTTP_PORT: '8091',
      DATABASE_URL: 'postgres://lienthong@127.0.0.1:5432/lienthong',
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_SCHEMA: 'registries_test',
      SEED_TEST_PEOPLE: 'false',
    });

    expect(config).not.toHaveProperty('KAFKA_BROKERS');
    expect(config.DATABASE_SCHEMA).toBe('registries_test');
    expect(config.SEED_TEST_PEOPLE).toBe(false);
  });

  it('refuses a schema that is not a plain identifier', () => {
    expect(() =>
      loadConfig(BenefitRegistriesConfig, {
        SERVICE_NAME: 'benefit-registries',
        HTTP_PORT: '8091',
        DATABASE_URL: 'postgres://lienthong@127.0.0.1:5432/lienthong',
        DATABASE_SCHEMA: 'Benefit-Registries',
      }),
    ).toThrow(/DATABASE_SCHEMA/);
  });
});
