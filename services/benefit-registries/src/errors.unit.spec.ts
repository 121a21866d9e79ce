import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { findErrorDocDrift, parseErrorTable } from '@lienthong/service-kit';
import { answeredErrors } from './errors.ts';

const README = new URL('../README.md', import.meta.url);

describe('the error codes', () => {
  it('match the "Error codes" table of the README', () => {
    const rows = parseErrorTable(readFileSync(README, 'utf8'), 'Error codes');

    expect(findErrorDocDrift(answeredErrors, rows)).toEqual([]);
  });
});
