import { describe, expect, it } from '@jest/globals';
import { chooseSources, parseKafkaBrokers } from './environment.ts';

describe('parseKafkaBrokers', () => {
  it('splits a comma list and ignores blanks', () => {
    expect(parseKafkaBrokers(' a:9092, b:9092 ,,')).toEqual(['a:9092', 'b:9092']);
  });

  it('treats unset and blank as absent', () => {
    expect(parseKafkaBrokers(undefined)).toBeUndefined();
    expect(parseKafkaBrokers(' , ')).toBeUndefined();
  });
});

describe('chooseSources', () => {
  const none = { kafkaFromEnv: false, postgresFromEnv: false };

  it('uses what the environment names, whatever else is available', () => {
    expect(
      chooseSources({ purpose: 'test', kafkaFromEnv: true, postgresFromEnv: true, containerRuntime: true }),
    ).toEqual({ kafka: 'env', postgres: 'env' });
  });

  it('uses containers for tests when a runtime is there', () => {
    expect(chooseSources({ purpose: 'test', ...none, containerRuntime: true })).toEqual({
      kafka: 'testcontainers',
      postgres: 'testcontainers',
    });
  });

  it('falls back to local processes for tests without a runtime', () => {
    expect(chooseSources({ purpose: 'test', ...none, containerRuntime: false })).toEqual({
      kafka: 'local',
      postgres: 'embedded',
    });
  });

  it('never uses containers for npm start', () => {
    expect(chooseSources({ purpose: 'start', ...none, containerRuntime: true })).toEqual({
      kafka: 'local',
      postgres: 'embedded',
    });
  });

  it('decides per component', () => {
    expect(
      chooseSources({ purpose: 'test', kafkaFromEnv: true, postgresFromEnv: false, containerRuntime: false }),
    ).toEqual({ kafka: 'env', postgres: 'embedded' });
  });
});
