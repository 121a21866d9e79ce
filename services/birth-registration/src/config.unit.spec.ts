import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@lienthong/service-kit';
import { BirthRegistrationConfig, personalIdCallbackUrl } from './config.ts';

const required = {
  POPULATION_REGISTRY_URL: 'http://127.0.0.1:8090',
  SIGNING_KEYS_DIR: '.local/signing/civil-status',
};

describe('configuration', () => {
  it('needs the population database and the signing keys; the rest has defaults', () => {
    expect(loadConfig(BirthRegistrationConfig, { ...required, SERVICE_NAME: 'ignored-here' })).toEqual({
      ...required,
      PARENT_LOOKUP_TIMEOUT_MS: 2000,
      ID_REQUEST_TIMEOUT_MS: 3000,
      ID_REQUEST_MAX_ATTEMPTS: 8,
      ID_REQUEST_INITIAL_DELAY_MS: 1000,
      ID_REQUEST_MAX_DELAY_MS: 60_000,
      ID_PENDING_RECHECK_MS: 60_000,
      ID_POLL_INTERVAL_MS: 500,
    });
  });

  it('names every bad variable', () => {
    const error = (() => {
      try {
        loadConfig(BirthRegistrationConfig, { ID_REQUEST_MAX_ATTEMPTS: '0', PUBLIC_BASE_URL: 'not a url' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.variable).sort()).toEqual([
      'ID_REQUEST_MAX_ATTEMPTS',
      'POPULATION_REGISTRY_URL',
      'PUBLIC_BASE_URL',
      'SIGNING_KEYS_DIR',
    ]);
  });

  it('builds the callback URL from the public base URL', () => {
    expect(personalIdCallbackUrl('http://127.0.0.1:8081/')).toBe(
      'http://127.0.0.1:8081/v1/callbacks/personal-id',
    );
    expect(personalIdCallbackUrl(undefined)).toBeUndefined();
  });
});
