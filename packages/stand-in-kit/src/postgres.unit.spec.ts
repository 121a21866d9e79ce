import { describe, expect, it } from '@jest/globals';
import { selectFirst } from './postgres.ts';
import type { Queryable } from './postgres.ts';

/** A client whose every query answers `rows`, recording what was asked. */
function answering(rows: object[]) {
  const asked: { sql: string; values: unknown }[] = [];
  const client = {
    query: (sql: string, values: unknown) => {
      asked.push({ sql, values });
      return Promise.resolve({ rows, rowCount: rows.length });
    },
  } as unknown as Queryable;
  return { client, asked };
}

describe('selectFirst', () => {
  it('answers the first row selected, mapped when asked, or undefined when there is none', async () => {
    const some = answering([{ n: 1 }, { n: 2 }]);
    const none = answering([]);

    await expect(selectFirst(some.client, 'SELECT n FROM t WHERE k = $1', ['k'])).resolves.toEqual({ n: 1 });
    await expect(selectFirst(some.client, 'SELECT n', [], (row: { n: number }) => row.n * 10)).resolves.toBe(
      10,
    );
    await expect(selectFirst(none.client, 'SELECT n', [], () => 'never')).resolves.toBeUndefined();
    expect(some.asked[0]).toEqual({ sql: 'SELECT n FROM t WHERE k = $1', values: ['k'] });
  });
});
