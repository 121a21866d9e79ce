import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { coreErrors, findErrorDocDrift, parseErrorTable } from '@lienthong/service-kit';
import { REFUSAL_CODES } from './domain/issuance.ts';
import { populationRegistryErrors } from './errors.ts';

const README = new URL('../README.md', import.meta.url);

describe('the error catalogue', () => {
  it('has a 422 code, not retryable, for every refusal', () => {
    for (const code of REFUSAL_CODES) {
      expect(populationRegistryErrors.find(code)).toMatchObject({ status: 422, retryable: false });
    }
  });

  it('matches the "Error codes" table of the README', () => {
    const rows = parseErrorTable(readFileSync(README, 'utf8'), 'Error codes');
    // The core codes are documented in docs/errors.md; this README lists the service's own.
    const serviceOnly = {
      ...populationRegistryErrors,
      codes: populationRegistryErrors.codes.filter((code) => coreErrors.find(code) === undefined),
    };

    expect(findErrorDocDrift(serviceOnly, rows)).toEqual([]);
  });
});
