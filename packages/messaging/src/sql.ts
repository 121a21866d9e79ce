/** The slice of pg's client and pool this package uses, so tests and callers pass either. */
export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface PoolLike extends Queryable {
  connect(): Promise<PooledClient>;
}

export interface PooledClient extends Queryable {
  release(error?: Error | boolean): void;
}

/** Runs `work` in a transaction on its own pooled connection. */
export async function inTransaction<T>(pool: PoolLike, work: (tx: PooledClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection itself is gone; the pool must not hand it out again.
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
