import {
  describeError,
  inTransaction,
  realRuntime,
  type Logger,
  type PoolLike,
  type Runtime,
} from '@lienthong/messaging';
import type { SagaRuntime } from './saga-runtime.ts';

/**
 * Durable timers: each saga row carries `wake_at`, its next reply timeout or statutory due
 * moment. This loop wakes the due ones; rows are claimed with SKIP LOCKED, so several
 * coordinator instances share the work and a restart loses nothing.
 */
export class SagaTicker {
  readonly #pool: PoolLike;
  readonly #saga: SagaRuntime;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #batch: number;
  readonly #runtime: Runtime;
  readonly #stopping = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(options: {
    pool: PoolLike;
    saga: SagaRuntime;
    logger: Logger;
    /** How often due timers are looked for. Default 1000 ms. */
    intervalMs?: number;
    batch?: number;
    runtime?: Runtime;
  }) {
    this.#pool = options.pool;
    this.#saga = options.saga;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#batch = options.batch ?? 100;
    this.#runtime = options.runtime ?? realRuntime;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopping.signal.aborted) {
      let due: string[] = [];
      try {
        due = await this.#saga.dueSagas(this.#pool, this.#batch);
        // One transaction per saga: one saga's failure does not hold back the others.
        for (const dossierId of due) {
          if (this.#stopping.signal.aborted) break;
          await inTransaction(this.#pool, (tx) => this.#saga.tick(tx, dossierId));
        }
      } catch (error) {
        this.#logger.warn({ err: describeError(error) }, 'saga timer round failed; will try again');
      }
      if (due.length < this.#batch) await this.#runtime.sleep(this.#intervalMs, this.#stopping.signal);
    }
  }
}
