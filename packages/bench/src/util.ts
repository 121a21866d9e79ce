import { setTimeout as sleepFor } from 'node:timers/promises';
import pg from 'pg';

export const sleep = (ms: number): Promise<void> => sleepFor(ms);

/**
 * Polls until `done()` holds. Returns false when `limitMs` passed first: a guard against a
 * stuck pipeline, never a judgement on speed (the caller reports what it saw either way).
 */
export async function waitUntil(done: () => boolean, limitMs: number, everyMs = 5): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

/**
 * `work` for every item, at most `limit` at a time, results in the items' order. The first
 * failure rejects once the items already started have settled; none is started after it.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker),
  );
  const rejection = settled.find((outcome) => outcome.status === 'rejected');
  if (rejection) throw rejection.reason;
  return results;
}

/** `work` with a client of its own connected to `url`, closed again whatever `work` did. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
