import { readFileSync } from 'node:fs';
import { describe, it, expect } from '@jest/globals';
import { findErrorDocDrift, parseErrorTable } from './error-docs.ts';
import { coreErrors } from './errors.ts';

// The one file this unit test reads: the documentation it guards.
const ERRORS_DOC = new URL('../../../docs/errors.md', import.meta.url);

describe('docs/errors.md', () => {
  it('documents exactly the core catalogue: every code, its status and retryability', () => {
    const rows = parseErrorTable(readFileSync(ERRORS_DOC, 'utf8'), 'Core codes');

    expect(findErrorDocDrift(coreErrors, rows)).toEqual([]);
  });
});

describe('findErrorDocDrift', () => {
  const table = (rows: string[]) =>
    [
      '# Errors',
      '## Core codes',
      '',
      '| code | status | retryable | meaning |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
  const allRows = coreErrors.codes.map((code) => {
    const definition = coreErrors.entries[code];
    return `| \`${code}\` | ${definition.status} | ${definition.retryable ? 'yes' : 'no'} | meaning |`;
  });

  it('reports nothing when table and catalogue agree', () => {
    expect(findErrorDocDrift(coreErrors, parseErrorTable(table(allRows), 'Core codes'))).toEqual([]);
  });

  it('reports a missing code, an unknown code, a wrong status and a wrong retryable', () => {
    const drifted = allRows
      .filter((row) => !row.includes('`FORBIDDEN`'))
      .map((row) => (row.includes('`CONFLICT`') ? row.replace('409', '410') : row))
      .map((row) => (row.includes('`SERVICE_UNAVAILABLE`') ? row.replace('yes', 'no') : row))
      .concat('| `TEAPOT` | 418 | no | short and stout |');

    expect(findErrorDocDrift(coreErrors, parseErrorTable(table(drifted), 'Core codes'))).toEqual([
      'CONFLICT: status is 409, documented 410',
      'SERVICE_UNAVAILABLE: retryable is true, documented false',
      'TEAPOT: documented but not in the catalogue',
      'FORBIDDEN: in the catalogue but not documented',
    ]);
  });

  it('fails loudly when the section is missing', () => {
    expect(() => parseErrorTable('# Errors', 'Core codes')).toThrow(/No heading/);
  });
});
