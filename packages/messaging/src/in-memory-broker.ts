import type { TopicSpec } from '@lienthong/contracts';
import type {
  AdminPort,
  ConsumedRecord,
  ConsumerOptions,
  ConsumerPort,
  MessageBroker,
  ProducedRecord,
  ProducerPort,
  RecordHandler,
} from './port.ts';

/**
 * An in-memory broker for unit tests only: one partition per topic, committed offsets per
 * group, redelivery when a handler rejects. It does not imitate Kafka's failure modes; tests
 * that prove delivery guarantees run against the real broker.
 */
export class InMemoryBroker implements MessageBroker {
  readonly #topics = new Map<string, ConsumedRecord[]>();
  readonly #committed = new Map<string, number>();
  #listeners = new Set<() => void>();
  /** Set to make every send fail, to exercise callers' retry paths. */
  failSends: Error | undefined;

  records(topic: string): readonly ConsumedRecord[] {
    return this.#topics.get(topic) ?? [];
  }

  createProducer(): ProducerPort {
    return {
      connect: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
      send: (records) => {
        if (this.failSends) return Promise.reject(this.failSends);
        try {
          this.#append(records);
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    };
  }

  createConsumer(options: ConsumerOptions): ConsumerPort {
    return new InMemoryConsumer(this, options);
  }

  createAdmin(): AdminPort {
    return {
      ensureTopics: (specs: readonly TopicSpec[]) => {
        for (const spec of specs) if (!this.#topics.has(spec.name)) this.#topics.set(spec.name, []);
        return Promise.resolve();
      },
      ping: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
    };
  }

  #append(records: readonly ProducedRecord[]): void {
    for (const record of records) {
      const log = this.#topics.get(record.topic);
      if (!log) throw new Error(`topic ${record.topic} does not exist (auto-create is off)`);
      log.push({
        topic: record.topic,
        partition: 0,
        offset: String(log.length),
        key: record.key,
        value: record.value,
        headers: { ...record.headers },
        timestamp: String(log.length),
      });
    }
    for (const listener of this.#listeners) listener();
  }

  /** @internal used by InMemoryConsumer */
  nextFor(groupId: string, topic: string): ConsumedRecord | undefined {
    return this.#topics.get(topic)?.[this.#committed.get(`${groupId}\u0000${topic}`) ?? 0];
  }

  /** @internal */
  commit(groupId: string, topic: string, offset: string): void {
    this.#committed.set(`${groupId}\u0000${topic}`, Number(offset) + 1);
  }

  /** @internal */
  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

class InMemoryConsumer implements ConsumerPort {
  readonly #broker: InMemoryBroker;
  readonly #options: ConsumerOptions;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(broker: InMemoryBroker, options: ConsumerOptions) {
    this.#broker = broker;
    this.#options = options;
  }

  start(handle: RecordHandler): Promise<void> {
    this.#running = true;
    this.#unsubscribe = this.#broker.onAppend(() => this.#wake?.());
    this.#loop = this.#run(handle);
    return Promise.resolve();
  }

  async #run(handle: RecordHandler): Promise<void> {
    const context = { heartbeat: () => Promise.resolve(), isStopping: () => !this.#running };
    while (this.#running) {
      let delivered = false;
      for (const topic of this.#options.topics) {
        const record = this.#broker.nextFor(this.#options.groupId, topic);
        if (!record) continue;
        delivered = true;
        try {
          await handle(record, context);
          this.#broker.commit(this.#options.groupId, topic, record.offset);
        } catch {
          // Not committed: the same record is delivered again on the next round.
        }
      }
      if (!delivered && this.#running) await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    this.#unsubscribe?.();
    await this.#loop;
  }

  isJoined(): boolean {
    return this.#running;
  }
}
