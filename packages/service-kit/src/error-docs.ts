/**
 * Keeps the error documentation honest: parses the code table of a markdown section and
 * lists every difference from a catalogue. Each service's own drift test calls
 * `findErrorDocDrift` with its catalogue and its section of docs/errors.md.
 */
import type { ErrorCatalogue } from './errors.ts';

/** One row of a documented error table. */
export interface DocumentedError {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly meaning: string;
}

/**
 * Reads the first table under the heading `heading` (exact text, any level) whose header
 * row starts `| code | status | retryable | meaning |` (case-insensitive). Codes may be
 * wrapped in backticks; retryable is `yes` or `no`. Throws when the section or table is missing.
 */
export function parseErrorTable(markdown: string, heading: string): DocumentedError[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex(
    (line) => /^#{1,6}\s/.test(line) && line.replace(/^#+\s*/, '').trim() === heading,
  );
  if (start < 0) throw new Error(`No heading "${heading}" in the error documentation`);
  const rows: DocumentedError[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6}\s/.test(line)) break;
    const trimmed = line.trim();
    if (!trimmed.startsWith('|')) {
      if (inTable) break;
      continue;
    }
    const cells = trimmed
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
    if (!inTable) {
      const header = cells.slice(0, 4).map((cell) => cell.toLowerCase());
      if (header.join(',') !== 'code,status,retryable,meaning') {
        throw new Error(`Table under "${heading}" must have columns code | status | retryable | meaning`);
      }
      inTable = true;
      continue;
    }
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
    const [code = '', status = '', retryable = '', meaning = ''] = cells;
    rows.push({
      code: code.replaceAll('`', ''),
      status: Number(status),
      retryable: retryable.toLowerCase() === 'yes',
      meaning,
    });
  }
  if (!inTable) throw new Error(`No error table under "${heading}"`);
  return rows;
}

/** Every difference between a catalogue and its documented table; empty when they agree. */
export function findErrorDocDrift(
  catalogue: ErrorCatalogue,
  documented: readonly DocumentedError[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of documented) {
    if (seen.has(row.code)) problems.push(`${row.code}: documented twice`);
    seen.add(row.code);
    const definition = catalogue.find(row.code);
    if (definition === undefined) {
      problems.push(`${row.code}: documented but not in the catalogue`);
      continue;
    }
    if (definition.status !== row.status) {
      problems.push(`${row.code}: status is ${definition.status}, documented ${row.status}`);
    }
    if (definition.retryable !== row.retryable) {
      problems.push(`${row.code}: retryable is ${definition.retryable}, documented ${row.retryable}`);
    }
    if (row.meaning === '') problems.push(`${row.code}: meaning is empty`);
  }
  for (const code of catalogue.codes) {
    if (!seen.has(code)) problems.push(`${code}: in the catalogue but not documented`);
  }
  return problems;
}
