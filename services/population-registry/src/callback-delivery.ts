/**
 * Delivers the answers owed to callers of pending requests: POST the payload to the callback
 * URL until it answers 2xx, with exponential backoff and full jitter between attempts. The
 * queue is the `callback` table, so a restart loses nothing; a delivery in flight holds a
 * lease (next_attempt_at pushed ahead), so an instance that dies mid-delivery is retried by
 * the next poll after the lease, never lost. A receiver may therefore see an answer twice and
 * must treat it idempotently, by requestId.
 */
import { backoffDelayMs, describeError } from '@lienthong/messaging';
import type { RetryPolicy } from '@lienthong/messaging';
import type { Logger } from '@lienthong/service-kit';
import type { Pool } from 'pg';

export interface CallbackDeliveryOptions {
  readonly pool: Pool;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** [0, 1), for the jitter. */
  readonly random: () => number;
  readonly fetch: typeof fetch;
  /** Budget of one POST. */
  readonly timeoutMs: number;
  /** Delays between attempts; `maxAttempts` is ignored: delivery goes on until acknowledged. */
  readonly backoff: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs' | 'multiplier'>;
  /** Most callbacks claimed (and sent in parallel) per round. @default 20 */
  readonly batchSize?: number;
}

export interface CallbackDelivery {
  /** Sends every callback due now; resolves with how many were acknowledged. */
  deliverDue(): Promise<number>;
}

interface CallbackRow {
  request_id: string;
  url: string;
  payload: unknown;
  attempts: number;
}

export function createCallbackDelivery(options: CallbackDeliveryOptions): CallbackDelivery {
  const { pool, logger, clock } = options;
  const batchSize = options.batchSize ?? 20;
  const policy: RetryPolicy = { ...options.backoff, maxAttempts: Number.POSITIVE_INFINITY };
  // Longer than one POST may take, so a live deliverer always finishes before its lease ends.
  const leaseMs = options.timeoutMs + 5_000;

  async function post(row: CallbackRow): Promise<string | undefined> {
    try {
      const response = await options.fetch(row.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(row.payload),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return describeError(error);
    }
  }

  async function deliver(row: CallbackRow): Promise<boolean> {
    const failure = await post(row);
    const now = clock();
    const attempts = row.attempts + 1;
    if (failure === undefined) {
      await pool.query(
        `UPDATE callback SET delivered_at = $2, attempts = $3, last_error = NULL WHERE request_id = $1`,
        [row.request_id, now, attempts],
      );
      logger.info({ requestId: row.request_id, attempts }, 'callback acknowledged');
      return true;
    }
    const delayMs = backoffDelayMs(policy, attempts, options.random);
    await pool.query(
      `UPDATE callback SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE request_id = $1`,
      [row.request_id, attempts, new Date(now.getTime() + delayMs), failure],
    );
    logger.warn(
      { requestId: row.request_id, attempts, retryInMs: delayMs, error: failure },
      'callback not acknowledged',
    );
    return false;
  }

  return {
    deliverDue: async () => {
      const now = clock();
      const { rows } = await pool.query<CallbackRow>(
        `UPDATE callback SET next_attempt_at = $2
          WHERE request_id IN (
            SELECT request_id FROM callback
             WHERE delivered_at IS NULL AND next_attempt_at <= $1
             ORDER BY next_attempt_at
             LIMIT $3
             FOR UPDATE SKIP LOCKED)
          RETURNING request_id, url, payload, attempts`,
        [now, new Date(now.getTime() + leaseMs), batchSize],
      );
      const results = await Promise.all(rows.map((row) => deliver(row)));
      return results.filter(Boolean).length;
    },
  };
}
