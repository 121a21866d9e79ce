import type { Envelope, MessageRegistry } from '@lienthong/contracts';
import type { Pool } from 'pg';
import { classifyFailure, describeError } from './failures.ts';
import { readRecord } from './kafka-codec.ts';
import type { ConsumedRecord, ConsumerPort, HandlerContext, MessageBroker } from './port.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, hasAttemptsLeft, type RetryPolicy } from './retry-policy.ts';
import { realRuntime, type Logger, type Runtime } from './runtime.ts';
import { inTransaction, type PooledClient } from './sql.ts';

/**
 * Applies one message's effect inside the given transaction. Throw `TransientError` for
 * "try again later", `PermanentError` for "an operator must look"; a business refusal is not
 * an error (emit a reply message instead).
 */
export type MessageHandler = (message: Envelope, tx: PooledClient) => Promise<void>;

export interface InboxConsumerOptions {
  /** Stable name: the Kafka consumer group and the inbox/parking partition key. */
  readonly name: string;
  readonly pool: Pool;
  readonly broker: MessageBroker;
  readonly topics: readonly string[];
  readonly registry: MessageRegistry;
  readonly handle: MessageHandler;
  readonly logger: Logger;
  readonly retryPolicy?: RetryPolicy;
  readonly runtime?: Runtime;
  readonly partitionsConsumedConcurrently?: number;
  readonly sessionTimeoutMs?: number;
}

export type FailureCategory = 'poison' | 'permanent' | 'exhausted';

export interface ParkedMessage {
  readonly id: string;
  readonly consumer: string;
  readonly key: string;
  readonly messageId: string;
  readonly messageType: string | null;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly status: 'parked' | 'waiting' | 'released' | 'skipped';
  readonly failureKind: FailureCategory | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly parkedAt: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly resolutionReason: string | null;
}

export interface OperatorAction {
  readonly actor: string;
  readonly reason: string;
}

export interface ReleaseOutcome {
  readonly released: number;
  readonly skipped: number;
  /** True when a message failed again and the key stays parked. */
  readonly stillParked: boolean;
  readonly error?: string;
}

export interface InboxStats {
  handled: number;
  duplicates: number;
  parked: number;
  queued: number;
  retries: number;
}

type Outcome = 'handled' | 'duplicate' | 'queued';

/** Checked between backoff slices so group membership survives long waits. */
const HEARTBEAT_SLICE_MS = 2_000;

/**
 * Idempotent consumer with per-key parking.
 *
 * For each record: the message id is recorded in `inbox` in the same transaction as the
 * handler's effects, and the offset is committed only after that transaction commits, so a
 * redelivery (crash before the offset commit, a duplicate publish) finds the row and changes
 * nothing. Transient failures are retried with backoff; permanent or exhausted ones park the
 * message and its key: later messages of that dossier queue behind it while other dossiers
 * flow. An operator releases (or skips) the parked message to resume the dossier in order.
 */
export class InboxConsumer {
  readonly stats: InboxStats = { handled: 0, duplicates: 0, parked: 0, queued: 0, retries: 0 };
  readonly #options: InboxConsumerOptions & { retryPolicy: RetryPolicy; runtime: Runtime };
  readonly #consumer: ConsumerPort;
  readonly #stopping = new AbortController();

  constructor(options: InboxConsumerOptions) {
    this.#options = { retryPolicy: DEFAULT_RETRY_POLICY, runtime: realRuntime, ...options };
    this.#consumer = options.broker.createConsumer({
      groupId: options.name,
      topics: options.topics,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
    });
  }

  get name(): string {
    return this.#options.name;
  }

  async start(): Promise<void> {
    await this.#consumer.start((record, context) => this.#onRecord(record, context));
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#consumer.stop();
  }

  isJoined(): boolean {
    return this.#consumer.isJoined();
  }

  async #onRecord(record: ConsumedRecord, context: HandlerContext): Promise<void> {
    const key = record.key ?? record.headers.ce_subject ?? `${record.topic}/${record.partition}`;
    const read = readRecord(record);
    if (!read.ok) return this.#park(record, key, undefined, 'poison', read.reason, 0, context);
    const decoded = this.#options.registry.decode(read.attributes, read.data);
    if (!decoded.ok) return this.#park(record, key, read.attributes.id, 'poison', decoded.reason, 0, context);
    const message = decoded.message;

    const { retryPolicy, runtime, logger } = this.#options;
    for (let failures = 0; ;) {
      try {
        const outcome = await this.#apply(record, key, message);
        this.#count(outcome);
        return;
      } catch (error) {
        failures += 1;
        const kind = classifyFailure(error);
        const log = {
          consumer: this.name,
          messageId: message.id,
          type: message.type,
          dossierId: key,
          failures,
        };
        if (kind === 'permanent' || !hasAttemptsLeft(retryPolicy, failures)) {
          const category = kind === 'permanent' ? 'permanent' : 'exhausted';
          logger.error(
            { ...log, err: describeError(error) },
            `message failed (${category}); parking its dossier`,
          );
          return this.#park(record, key, message.id, category, describeError(error), failures, context);
        }
        this.stats.retries += 1;
        logger.warn({ ...log, err: describeError(error) }, 'transient failure; retrying after backoff');
        await this.#pause(backoffDelayMs(retryPolicy, failures, runtime.random), context);
      }
    }
  }

  async #apply(record: ConsumedRecord, key: string, message: Envelope): Promise<Outcome> {
    return inTransaction(this.#options.pool, async (tx) => {
      // FOR KEY SHARE waits for an operator's release in progress on this key to finish.
      const parked = await tx.query(
        'SELECT 1 FROM parked_keys WHERE consumer = $1 AND message_key = $2 FOR KEY SHARE',
        [this.name, key],
      );
      const queued = (parked.rowCount ?? 0) > 0;
      const inserted = await tx.query(
        `INSERT INTO inbox (consumer, message_id, message_type, topic, kafka_partition, kafka_offset, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (consumer, message_id) DO NOTHING`,
        [
          this.name,
          message.id,
          message.type,
          record.topic,
          record.partition,
          record.offset,
          queued ? 'queued' : 'handled',
        ],
      );
      if ((inserted.rowCount ?? 0) === 0) return 'duplicate';
      if (queued) {
        await insertParkedMessage(
          tx,
          this.name,
          key,
          message.id,
          message.type,
          record,
          'waiting',
          null,
          null,
          0,
        );
        return 'queued';
      }
      await this.#options.handle(message, tx);
      return 'handled';
    });
  }

  /** Records a failed message and parks its key. Retries until the database takes it. */
  async #park(
    record: ConsumedRecord,
    key: string,
    messageId: string | undefined,
    kind: FailureCategory,
    error: string,
    attempts: number,
    context: HandlerContext,
  ): Promise<void> {
    const id = messageId ?? `${record.topic}/${record.partition}/${record.offset}`;
    for (let failures = 0; ;) {
      try {
        const parked = await inTransaction(this.#options.pool, async (tx) => {
          const inserted = await tx.query(
            `INSERT INTO inbox (consumer, message_id, message_type, topic, kafka_partition, kafka_offset, outcome)
             VALUES ($1, $2, $3, $4, $5, $6, 'parked') ON CONFLICT (consumer, message_id) DO NOTHING`,
            [this.name, id, record.headers.ce_type ?? null, record.topic, record.partition, record.offset],
          );
          if ((inserted.rowCount ?? 0) === 0) return false;
          await tx.query(
            'INSERT INTO parked_keys (consumer, message_key) VALUES ($1, $2) ON CONFLICT DO NOTHING',
            [this.name, key],
          );
          await insertParkedMessage(
            tx,
            this.name,
            key,
            id,
            record.headers.ce_type ?? null,
            record,
            'parked',
            kind,
            error,
            attempts,
          );
          return true;
        });
        if (parked) this.stats.parked += 1;
        else this.stats.duplicates += 1;
        return;
      } catch (parkError) {
        failures += 1;
        this.#options.logger.error(
          { consumer: this.name, messageId: id, err: describeError(parkError), failures },
          'could not park message; the database may be down; retrying',
        );
        // Throwing leaves the offset uncommitted: the record comes back after a restart.
        if (this.#stopping.signal.aborted) throw parkError;
        await this.#pause(
          backoffDelayMs(this.#options.retryPolicy, Math.min(failures, 16), this.#options.runtime.random),
          context,
        );
      }
    }
  }

  async #pause(ms: number, context: HandlerContext): Promise<void> {
    const { runtime } = this.#options;
    for (let left = ms; left > 0 && !context.isStopping(); left -= HEARTBEAT_SLICE_MS) {
      await runtime.sleep(Math.min(left, HEARTBEAT_SLICE_MS), this.#stopping.signal);
      await context.heartbeat();
    }
    if (context.isStopping())
      throw new Error('consumer stopping during backoff; the record will be redelivered');
  }

  #count(outcome: Outcome): void {
    if (outcome === 'handled') this.stats.handled += 1;
    else if (outcome === 'duplicate') this.stats.duplicates += 1;
    else this.stats.queued += 1;
  }

  // ----- operator actions -----

  async listParked(filter: { key?: string; includeResolved?: boolean } = {}): Promise<ParkedMessage[]> {
    const { rows } = await this.#options.pool.query<ParkedRow>(
      `SELECT * FROM parked_messages
       WHERE consumer = $1 AND ($2::text IS NULL OR message_key = $2)
         AND ($3::boolean OR status IN ('parked', 'waiting'))
       ORDER BY id`,
      [this.name, filter.key ?? null, filter.includeResolved ?? false],
    );
    return rows.map(toParkedMessage);
  }

  /**
   * Handles a parked key's messages again, in their original order, then unparks the key.
   * With `skipHead`, the first parked message is marked skipped instead of handled. Stops at
   * the first message that fails again; that one stays parked with its new error.
   */
  async releaseKey(key: string, action: OperatorAction & { skipHead?: boolean }): Promise<ReleaseOutcome> {
    let released = 0;
    let skipped = 0;
    let skipNext = action.skipHead ?? false;
    for (;;) {
      const step = await inTransaction(this.#options.pool, async (tx) => {
        const lock = await tx.query(
          'SELECT 1 FROM parked_keys WHERE consumer = $1 AND message_key = $2 FOR UPDATE',
          [this.name, key],
        );
        if ((lock.rowCount ?? 0) === 0) return { done: true as const };
        const { rows } = await tx.query<ParkedRow>(
          `SELECT * FROM parked_messages WHERE consumer = $1 AND message_key = $2 AND status IN ('parked', 'waiting')
           ORDER BY id LIMIT 1`,
          [this.name, key],
        );
        const next = rows[0];
        if (!next) {
          await tx.query('DELETE FROM parked_keys WHERE consumer = $1 AND message_key = $2', [
            this.name,
            key,
          ]);
          return { done: true as const };
        }
        if (skipNext) {
          await resolveParked(tx, next.id, 'skipped', action);
          return { done: false as const, skipped: true };
        }
        const failure = await this.#handleParked(tx, next);
        if (failure) {
          await tx.query(
            `UPDATE parked_messages SET status = 'parked', attempts = attempts + 1, error = $2,
               failure_kind = COALESCE(failure_kind, $3) WHERE id = $1`,
            [next.id, failure.error, failure.kind],
          );
          return { done: true as const, error: failure.error };
        }
        await resolveParked(tx, next.id, 'released', action);
        await tx.query(`UPDATE inbox SET outcome = 'handled' WHERE consumer = $1 AND message_id = $2`, [
          this.name,
          next.message_id,
        ]);
        return { done: false as const, skipped: false };
      });
      if (step.done) {
        this.#options.logger.info(
          { consumer: this.name, dossierId: key, released, skipped, actor: action.actor },
          'parked key released',
        );
        return step.error === undefined
          ? { released, skipped, stillParked: false }
          : { released, skipped, stillParked: true, error: step.error };
      }
      skipNext = false;
      if (step.skipped) skipped += 1;
      else released += 1;
    }
  }

  /** Runs the handler on a stored message inside a savepoint; returns the failure, if any. */
  async #handleParked(
    tx: PooledClient,
    row: ParkedRow,
  ): Promise<{ error: string; kind: FailureCategory } | undefined> {
    const read = readRecord({ headers: row.headers, value: row.value });
    if (!read.ok) return { error: read.reason, kind: 'poison' };
    const decoded = this.#options.registry.decode(read.attributes, read.data);
    if (!decoded.ok) return { error: decoded.reason, kind: 'poison' };
    await tx.query('SAVEPOINT release_handler');
    try {
      await this.#options.handle(decoded.message, tx);
      await tx.query('RELEASE SAVEPOINT release_handler');
      return undefined;
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT release_handler');
      return {
        error: describeError(error),
        kind: classifyFailure(error) === 'permanent' ? 'permanent' : 'exhausted',
      };
    }
  }
}

interface ParkedRow extends Record<string, unknown> {
  id: string;
  consumer: string;
  message_key: string;
  message_id: string;
  message_type: string | null;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  headers: Record<string, string>;
  value: Buffer | null;
  status: ParkedMessage['status'];
  failure_kind: FailureCategory | null;
  error: string | null;
  attempts: number;
  parked_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_reason: string | null;
}

function toParkedMessage(row: ParkedRow): ParkedMessage {
  return {
    id: row.id,
    consumer: row.consumer,
    key: row.message_key,
    messageId: row.message_id,
    messageType: row.message_type,
    topic: row.topic,
    partition: row.kafka_partition,
    offset: row.kafka_offset,
    status: row.status,
    failureKind: row.failure_kind,
    error: row.error,
    attempts: row.attempts,
    parkedAt: row.parked_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by,
    resolutionReason: row.resolution_reason,
  };
}

async function insertParkedMessage(
  tx: PooledClient,
  consumer: string,
  key: string,
  messageId: string,
  messageType: string | null,
  record: ConsumedRecord,
  status: 'parked' | 'waiting',
  kind: FailureCategory | null,
  error: string | null,
  attempts: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO parked_messages (consumer, message_key, message_id, message_type, topic, kafka_partition,
       kafka_offset, headers, value, status, failure_kind, error, attempts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (consumer, message_id) DO NOTHING`,
    [
      consumer,
      key,
      messageId,
      messageType,
      record.topic,
      record.partition,
      record.offset,
      record.headers,
      record.value,
      status,
      kind,
      error,
      attempts,
    ],
  );
}

async function resolveParked(
  tx: PooledClient,
  id: string,
  status: 'released' | 'skipped',
  action: OperatorAction,
): Promise<void> {
  await tx.query(
    `UPDATE parked_messages SET status = $2, resolved_at = now(), resolved_by = $3, resolution_reason = $4 WHERE id = $1`,
    [id, status, action.actor, action.reason],
  );
}
