import type { Pool, PoolClient } from 'pg';
import { describeError } from './failures.ts';
import { outboxChannel } from './outbox.ts';
import type { ProducedRecord, ProducerPort } from './port.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
import { realRuntime, type Logger, type Runtime } from './runtime.ts';

export interface OutboxRelayOptions {
  readonly pool: Pool;
  /** The service's schema; the outbox table and the notify channel are per schema. */
  readonly schema: string;
  readonly producer: ProducerPort;
  readonly logger: Logger;
  /** Rows published per round trip. Default 500. */
  readonly batchSize?: number;
  /** Fallback poll when no notification arrives (NOTIFY is the fast path). Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** How long published rows are kept for audit before deletion. Default 7 days. */
  readonly retentionMs?: number;
  /** Backoff when Kafka or Postgres fails; attempts are unbounded (nothing is dropped). */
  readonly retryPolicy?: RetryPolicy;
  readonly runtime?: Runtime;
  /** Observability seam, called after Kafka acknowledged a batch and before it is marked. */
  readonly onPublished?: (messageIds: readonly string[]) => Promise<void> | void;
}

interface OutboxRow extends Record<string, unknown> {
  id: string;
  message_id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: unknown;
}

const CLEANUP_EVERY_MS = 10 * 60 * 1000;

/**
 * Publishes outbox rows to Kafka, at least once, in id order. One relay per schema is active
 * at a time (a session advisory lock), so replicas may all run one.
 *
 * Correctness notes:
 * - Rows are selected by `published_at IS NULL`, not by an id cursor, so a row whose
 *   transaction commits after a higher id was published is still found.
 * - A crash between Kafka's acknowledgement and the UPDATE republishes the batch; consumers
 *   deduplicate by message id (inbox), so the effect still happens once.
 */
export class OutboxRelay {
  readonly #options: Required<Omit<OutboxRelayOptions, 'onPublished'>> &
    Pick<OutboxRelayOptions, 'onPublished'>;
  readonly #stopping = new AbortController();
  #wake: AbortController = new AbortController();
  #listener: PoolClient | undefined;
  #leader = false;
  #loop: Promise<void> | undefined;
  #lastCleanup = 0;
  #healthy = false;
  #published = 0;

  constructor(options: OutboxRelayOptions) {
    this.#options = {
      batchSize: 500,
      pollIntervalMs: 1000,
      retentionMs: 7 * 24 * 60 * 60 * 1000,
      retryPolicy: DEFAULT_RETRY_POLICY,
      runtime: realRuntime,
      ...options,
    };
  }

  /** Messages published since start. */
  get publishedCount(): number {
    return this.#published;
  }

  /** True while the relay can reach Postgres (it may be standing by for another leader). */
  isHealthy(): boolean {
    return this.#healthy;
  }

  isLeader(): boolean {
    return this.#leader;
  }

  start(): void {
    if (this.#loop) return;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#wake.abort();
    await this.#loop;
    await this.#dropListener();
  }

  async #run(): Promise<void> {
    const { logger, runtime, retryPolicy, pollIntervalMs, batchSize } = this.#options;
    let failures = 0;
    while (!this.#stopping.signal.aborted) {
      try {
        await this.#ensureListenerAndLock();
        this.#healthy = true;
        if (!this.#leader) {
          await this.#idle(pollIntervalMs);
          continue;
        }
        const published = await this.publishPending();
        failures = 0;
        await this.#cleanupIfDue();
        if (published < batchSize) await this.#idle(pollIntervalMs);
      } catch (error) {
        failures += 1;
        this.#healthy = false;
        logger.warn({ err: describeError(error), failures }, 'outbox relay round failed; retrying');
        await this.#dropListener(true);
        await runtime.sleep(
          backoffDelayMs(retryPolicy, Math.min(failures, 16), runtime.random),
          this.#stopping.signal,
        );
      }
    }
  }

  /** Publishes everything unpublished right now, batch by batch; returns how many. Needs the lock. */
  async publishPending(): Promise<number> {
    const { pool, batchSize, producer, onPublished } = this.#options;
    let total = 0;
    for (;;) {
      const { rows } = await pool.query<OutboxRow>(
        `SELECT id, message_id, topic, message_key, headers, payload FROM outbox
         WHERE published_at IS NULL ORDER BY id LIMIT $1`,
        [batchSize],
      );
      if (rows.length === 0) return total;
      const records: ProducedRecord[] = rows.map((row) => ({
        topic: row.topic,
        key: row.message_key,
        value: Buffer.from(JSON.stringify(row.payload)),
        headers: row.headers,
      }));
      await producer.send(records);
      await onPublished?.(rows.map((row) => row.message_id));
      await pool.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [
        rows.map((row) => row.id),
      ]);
      total += rows.length;
      this.#published += rows.length;
      if (rows.length < batchSize || this.#stopping.signal.aborted) return total;
    }
  }

  async #ensureListenerAndLock(): Promise<void> {
    if (!this.#listener) {
      const client = await this.#options.pool.connect();
      client.on('notification', () => this.#wake.abort());
      client.on('error', (error) => {
        this.#options.logger.warn({ err: describeError(error) }, 'outbox relay listener connection failed');
        this.#wake.abort();
      });
      this.#listener = client;
      await client.query(`LISTEN "${outboxChannel(this.#options.schema)}"`);
    }
    if (!this.#leader) {
      const { rows } = await this.#listener.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [`lienthong.outbox-relay.${this.#options.schema}`],
      );
      this.#leader = rows[0]?.locked === true;
      if (this.#leader)
        this.#options.logger.info({ schema: this.#options.schema }, 'outbox relay is the active publisher');
    }
  }

  async #dropListener(broken = false): Promise<void> {
    const client = this.#listener;
    this.#listener = undefined;
    this.#leader = false;
    if (!client) return;
    if (!broken) {
      // Unlock explicitly so the pooled connection can be reused; if that fails, fall through.
      const unlocked = await client.query('SELECT pg_advisory_unlock_all()').then(
        () => true,
        () => false,
      );
      if (unlocked) {
        client.release();
        return;
      }
    }
    // Destroying the connection also frees its advisory lock.
    client.release(true);
  }

  async #idle(ms: number): Promise<void> {
    const wake = this.#wake;
    if (!wake.signal.aborted) await this.#options.runtime.sleep(ms, wake.signal);
    if (wake.signal.aborted && !this.#stopping.signal.aborted) this.#wake = new AbortController();
  }

  async #cleanupIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastCleanup < CLEANUP_EVERY_MS) return;
    this.#lastCleanup = now;
    await this.#options.pool.query(
      `DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - ($1::bigint * interval '1 millisecond')`,
      [this.#options.retentionMs],
    );
  }
}
