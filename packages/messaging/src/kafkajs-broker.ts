import type { TopicSpec } from '@lienthong/contracts';
import { Kafka, logLevel, Partitioners, type Consumer, type IHeaders, type LogEntry } from 'kafkajs';
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
import type { Logger } from './runtime.ts';

export interface KafkajsBrokerOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly logger: Logger;
}

/**
 * The kafkajs adapter behind our port. Non-default choices, and why:
 * - idempotent producer, acks=all, one request in flight: kafkajs allows unlimited in-flight
 *   requests by default, which can reorder a dossier's messages on retry;
 * - allowAutoTopicCreation false everywhere: topics come only from TOPIC_SPECS;
 * - the Java-compatible partitioner, so other clients route the same key to the same partition;
 * - offsets resolved per record after the handler resolved (never per batch up front).
 */
export function createKafkajsBroker(options: KafkajsBrokerOptions): MessageBroker {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => forwardLog(options.logger, entry),
    retry: { initialRetryTime: 200, retries: 8 },
  });
  return {
    createProducer: () => new KafkajsProducer(kafka),
    createConsumer: (consumerOptions) => new KafkajsConsumer(kafka, consumerOptions),
    createAdmin: () => new KafkajsAdmin(kafka),
  };
}

function forwardLog(logger: Logger, entry: LogEntry): void {
  const { message, ...rest } = entry.log;
  // We bound the producer's retries on purpose: a failed send fails the relay round, which
  // retries the batch later; any duplicate this causes is dropped by the consumers' inbox.
  if (message.startsWith('Limiting retries for the idempotent producer')) return;
  const fields = { kafka: entry.namespace, ...rest };
  // kafkajs logs each failed protocol response at error level, then retries it itself;
  // what finally fails reaches our code as a rejected promise and is logged there.
  const retriedByClient = entry.namespace === 'Connection' && message.startsWith('Response ');
  if (entry.level === logLevel.ERROR && !retriedByClient) logger.error(fields, message);
  else if (entry.level === logLevel.WARN || entry.level === logLevel.ERROR) logger.warn(fields, message);
  else logger.debug(fields, message);
}

class KafkajsProducer implements ProducerPort {
  readonly #producer;

  constructor(kafka: Kafka) {
    this.#producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    await this.#producer.connect();
  }

  async send(records: readonly ProducedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, { key: string; value: Buffer; headers: IHeaders }[]>();
    for (const record of records) {
      const list = byTopic.get(record.topic) ?? [];
      list.push({ key: record.key, value: record.value, headers: { ...record.headers } });
      byTopic.set(record.topic, list);
    }
    await this.#producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  async disconnect(): Promise<void> {
    await this.#producer.disconnect();
  }
}

class KafkajsConsumer implements ConsumerPort {
  readonly #consumer: Consumer;
  readonly #options: ConsumerOptions;
  #joined = false;
  #stopping = false;

  constructor(kafka: Kafka, options: ConsumerOptions) {
    this.#options = options;
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
    });
    const { GROUP_JOIN, CRASH, STOP, DISCONNECT } = this.#consumer.events;
    this.#consumer.on(GROUP_JOIN, () => {
      this.#joined = true;
    });
    for (const event of [CRASH, STOP, DISCONNECT]) {
      this.#consumer.on(event, () => {
        this.#joined = false;
      });
    }
  }

  async start(handle: RecordHandler): Promise<void> {
    await this.#consumer.connect();
    // A new group starts from the earliest offset: nothing published before it joined is missed.
    await this.#consumer.subscribe({ topics: [...this.#options.topics], fromBeginning: true });
    await this.#consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.#options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const context = {
          heartbeat: () => payload.heartbeat(),
          isStopping: () => this.#stopping || !payload.isRunning(),
        };
        for (const message of batch.messages) {
          if (!payload.isRunning() || payload.isStale()) break;
          const record: ConsumedRecord = {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key ? message.key.toString('utf8') : null,
            value: message.value,
            headers: flattenHeaders(message.headers),
            timestamp: message.timestamp,
          };
          await handle(record, context);
          payload.resolveOffset(message.offset);
          await payload.commitOffsetsIfNecessary();
        }
      },
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    // disconnect() waits for the batch in hand, then commits resolved offsets and leaves.
    await this.#consumer.disconnect();
  }

  isJoined(): boolean {
    return this.#joined;
  }
}

function flattenHeaders(headers: IHeaders | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) flat[name] = first.toString();
  }
  return flat;
}

class KafkajsAdmin implements AdminPort {
  readonly #admin;
  #connected: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.#admin = kafka.admin();
  }

  #connect(): Promise<void> {
    this.#connected ??= this.#admin.connect();
    return this.#connected;
  }

  async ensureTopics(specs: readonly TopicSpec[], options: { replicationFactor: number }): Promise<void> {
    await this.#connect();
    const existing = new Set(await this.#admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.name));
    if (missing.length > 0) {
      await this.#admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: options.replicationFactor,
          configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    const present = specs.filter((spec) => existing.has(spec.name));
    if (present.length === 0) return;
    const metadata = await this.#admin.fetchTopicMetadata({ topics: present.map((spec) => spec.name) });
    const grow = present.flatMap((spec) => {
      const current = metadata.topics.find((topic) => topic.name === spec.name)?.partitions.length ?? 0;
      return current < spec.partitions ? [{ topic: spec.name, count: spec.partitions }] : [];
    });
    if (grow.length > 0) await this.#admin.createPartitions({ topicPartitions: grow });
  }

  async ping(): Promise<void> {
    await this.#connect();
    await this.#admin.describeCluster();
  }

  async disconnect(): Promise<void> {
    if (this.#connected) await this.#admin.disconnect();
    this.#connected = undefined;
  }
}
