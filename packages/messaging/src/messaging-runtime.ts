import type { MessageRegistry, TopicSpec } from '@lienthong/contracts';
import type { Pool } from 'pg';
import { InboxConsumer, type MessageHandler } from './inbox-consumer.ts';
import { createKafkajsBroker } from './kafkajs-broker.ts';
import { OutboxRelay } from './outbox-relay.ts';
import type { MessageBroker, ProducerPort } from './port.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { Logger } from './runtime.ts';

export interface ConsumerDefinition {
  /** Consumer group and inbox name, e.g. `saga-coordinator.agency-replies`. Never renamed. */
  readonly name: string;
  readonly topics: readonly string[];
  readonly registry: MessageRegistry;
  readonly handle: MessageHandler;
  readonly retryPolicy?: RetryPolicy;
  readonly partitionsConsumedConcurrently?: number;
}

export interface MessagingRuntimeOptions {
  readonly serviceName: string;
  /** The service's schema, holding its outbox, inbox and parking tables. */
  readonly schema: string;
  readonly pool: Pool;
  readonly brokers: readonly string[];
  readonly logger: Logger;
  /** Topics this service makes sure exist before it produces or consumes. */
  readonly topics: readonly TopicSpec[];
  /** 1 for a single local broker; 3 in production. */
  readonly replicationFactor: number;
  readonly consumers: readonly ConsumerDefinition[];
  /** Consumer session timeout (default 30 s): how soon a crashed member's partitions move on. */
  readonly sessionTimeoutMs?: number;
  /** Replaces the kafkajs adapter (tests of composition roots). */
  readonly broker?: MessageBroker;
}

/** Shaped like service-kit's lifecycle component, without depending on it. */
export interface MessagingComponent {
  readonly name: string;
  start(): Promise<{ close(): Promise<void> } | void>;
}

export interface MessagingReadinessCheck {
  readonly name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

export interface MessagingRuntime {
  readonly broker: MessageBroker;
  readonly relay: OutboxRelay;
  readonly consumers: readonly InboxConsumer[];
  /** Start in order: topics → producer → relay → consumers; lifecycle closes them in reverse. */
  readonly components: readonly MessagingComponent[];
  /** Kafka reachable, relay healthy, every consumer joined to its group. */
  readonly readinessChecks: readonly MessagingReadinessCheck[];
}

/** Wires a service's side of the backbone: topics, outbox relay, inbox consumers. */
export function createMessagingRuntime(options: MessagingRuntimeOptions): MessagingRuntime {
  const broker =
    options.broker ??
    createKafkajsBroker({ clientId: options.serviceName, brokers: options.brokers, logger: options.logger });
  const admin = broker.createAdmin();
  const producer: ProducerPort = broker.createProducer();
  const relay = new OutboxRelay({
    pool: options.pool,
    schema: options.schema,
    producer,
    logger: options.logger,
  });
  const consumers = options.consumers.map(
    (definition) =>
      new InboxConsumer({
        ...definition,
        ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
        pool: options.pool,
        broker,
        logger: options.logger,
      }),
  );

  const components: MessagingComponent[] = [
    {
      name: 'kafka-topics',
      start: async () => {
        await admin.ensureTopics(options.topics, { replicationFactor: options.replicationFactor });
        return { close: () => admin.disconnect() };
      },
    },
    {
      name: 'kafka-producer',
      start: async () => {
        await producer.connect();
        return { close: () => producer.disconnect() };
      },
    },
    {
      name: 'outbox-relay',
      start: () => {
        relay.start();
        return Promise.resolve({ close: () => relay.stop() });
      },
    },
    ...consumers.map((consumer) => ({
      name: `consumer:${consumer.name}`,
      start: async () => {
        await consumer.start();
        return { close: () => consumer.stop() };
      },
    })),
  ];

  const readinessChecks: MessagingReadinessCheck[] = [
    {
      name: 'kafka',
      check: async () => {
        await admin.ping();
        return { ok: true };
      },
    },
    {
      name: 'outbox-relay',
      check: () =>
        Promise.resolve(
          relay.isHealthy()
            ? { ok: true, detail: relay.isLeader() ? 'publishing' : 'standing by for another instance' }
            : { ok: false, detail: 'cannot reach the outbox' },
        ),
    },
    ...consumers.map((consumer) => ({
      name: `consumer:${consumer.name}`,
      check: () =>
        Promise.resolve(
          consumer.isJoined()
            ? { ok: true }
            : { ok: false, detail: 'not yet a member of its consumer group' },
        ),
    })),
  ];

  return { broker, relay, consumers, components, readinessChecks };
}
