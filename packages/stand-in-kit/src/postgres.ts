/**
 * What the stand-ins' Postgres stores share. Types only from pg: the pool itself is
 * service-kit's `createPool`.
 */
import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** A pool, or a client inside a transaction. */
export type Queryable = Pool | PoolClient;

/** The first row `sql` selects with `values`, or undefined when it selects none. */
export async function selectFirst<Row extends QueryResultRow>(
  client: Queryable,
  sql: string,
  values: readonly unknown[],
): Promise<Row | undefined>;
/** The first row `sql` selects with `values`, mapped by `map`, or undefined when it selects none. */
export async function selectFirst<Row extends QueryResultRow, T>(
  client: Queryable,
  sql: string,
  values: readonly unknown[],
  map: (row: Row) => T,
): Promise<T | undefined>;
export async function selectFirst<Row extends QueryResultRow, T>(
  client: Queryable,
  sql: string,
  values: readonly unknown[],
  map?: (row: Row) => T,
): Promise<Row | T | undefined> {
  const { rows } = await client.query<Row>(sql, [...values]);
  const row = rows[0];
  if (row === undefined) return undefined;
  return map === undefined ? row : map(row);
}
