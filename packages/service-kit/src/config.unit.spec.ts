import { describe, it, expect } from '@jest/globals';
import { z } from 'zod';
import { baseServiceConfig, ConfigError, envBoolean, loadConfig } from './config.ts';

const validEnv = {
  SERVICE_NAME: 'dossier-service',
  HTTP_PORT: '8080',
  DATABASE_URL: 'postgres://app:secret@127.0.0.1:5432/lienthong',
  KAFKA_BROKERS: 'localhost:9092, kafka-2:9092',
};

describe('loadConfig', () => {
  it('given a valid environment, parses it and applies the defaults', () => {
    const config = loadConfig(baseServiceConfig, validEnv);

    expect(config).toEqual({
      SERVICE_NAME: 'dossier-service',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 8080,
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://app:secret@127.0.0.1:5432/lienthong',
      KAFKA_BROKERS: ['localhost:9092', 'kafka-2:9092'],
      SHUTDOWN_TIMEOUT_MS: 15000,
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
    });
  });

  it('treats empty values as unset, so defaults apply', () => {
    const config = loadConfig(baseServiceConfig, { ...validEnv, LOG_LEVEL: '', SHUTDOWN_TIMEOUT_MS: '' });

    expect(config.LOG_LEVEL).toBe('info');
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(15000);
  });

  it('given several bad variables, throws one ConfigError naming each with its rule, without values', () => {
    const env = {
      SERVICE_NAME: 'dossier-service',
      HTTP_PORT: 'eighty',
      DATABASE_URL: 'mysql://root:hunter2@db/app',
      KAFKA_BROKERS: ' , ',
      LOG_LEVEL: 'loud',
    };

    let caught: unknown;
    try {
      loadConfig(baseServiceConfig, env);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ConfigError);
    const issues = (caught as ConfigError).issues;
    expect(issues.map((issue) => issue.variable).sort()).toEqual(
      ['DATABASE_URL', 'HTTP_PORT', 'KAFKA_BROKERS', 'LOG_LEVEL'].sort(),
    );
    expect(issues.find((issue) => issue.variable === 'HTTP_PORT')?.rule).toBe('invalid_format');
    expect(issues.find((issue) => issue.variable === 'KAFKA_BROKERS')?.rule).toBe('too_small');
    expect(issues.find((issue) => issue.variable === 'LOG_LEVEL')?.rule).toBe('invalid_value');
    expect((caught as ConfigError).message).toContain('HTTP_PORT');
    expect((caught as ConfigError).message).not.toContain('hunter2');
  });

  it('reports a missing required variable as "required"', () => {
    const { DATABASE_URL: _omitted, ...env } = validEnv;

    expect(() => loadConfig(baseServiceConfig, env)).toThrow(/DATABASE_URL: required \[invalid_type\]/);
  });

  it('rejects a port out of range and a broker without a port', () => {
    expect(() => loadConfig(baseServiceConfig, { ...validEnv, HTTP_PORT: '70000' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig(baseServiceConfig, { ...validEnv, KAFKA_BROKERS: 'localhost' })).toThrow(
      /KAFKA_BROKERS/,
    );
  });

  it('lets a service extend the base schema with its own variables', () => {
    const schema = baseServiceConfig.extend({
      FEATURE_PAYMENTS: envBoolean().default(false),
      AGENCY_URL: z.url(),
    });

    const config = loadConfig(schema, {
      ...validEnv,
      FEATURE_PAYMENTS: 'yes',
      AGENCY_URL: 'https://agency.test/api',
    });

    expect(config.FEATURE_PAYMENTS).toBe(true);
    expect(config.AGENCY_URL).toBe('https://agency.test/api');
  });
});
