import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@lienthong/service-kit';
import { standInConfig } from './config.ts';

const Config = standInConfig({ schema: 'a_stand_in', seedDescription: 'Add the test people' });
const env = { SERVICE_NAME: 'a-stand-in', HTTP_PORT: '8099', DATABASE_URL: 'postgres://x@127.0.0.1:5432/x' };

describe('standInConfig', () => {
  it('drops KAFKA_BROKERS, defaults the schema and seeds', () => {
    const config = loadConfig(Config, { ...env, KAFKA_BROKERS: '127.0.0.1:9092' });

    expect(config).toMatchObject({ DATABASE_SCHEMA: 'a_stand_in', SEED_TEST_PEOPLE: true });
    expect(config).not.toHaveProperty('KAFKA_BROKERS');
    expect(Config.shape.SEED_TEST_PEOPLE.description).toBe('Add the test people');
  });

  it('takes another schema, no seed, and refuses a schema that is not a plain identifier', () => {
    expect(loadConfig(Config, { ...env, DATABASE_SCHEMA: 'other', SEED_TEST_PEOPLE: 'false' })).toMatchObject(
      {
        DATABASE_SCHEMA: 'other',
        SEED_TEST_PEOPLE: false,
      },
    );
    expect(() => loadConfig(Config, { ...env, DATABASE_SCHEMA: 'A-Stand-In' })).toThrow(/DATABASE_SCHEMA/);
  });
});
