// Runs a relay or a consumer in a child process and kills it with SIGKILL at the worst moment,
// for the crash tests in exactly-once.int.spec.ts. Configured by environment variables:
//   MODE=relay     publishes the outbox and dies after Kafka acknowledged the first batch,
//                  before the rows are marked published;
//   MODE=consumer  consumes and dies after the CRASH_AFTER-th effect committed in Postgres,
//                  before Kafka has the offset.
import { InboxConsumer } from '../inbox-consumer.ts';
import { createKafkajsBroker } from '../kafkajs-broker.ts';
import { OutboxRelay } from '../outbox-relay.ts';
import type { ConsumerOptions, MessageBroker } from '../port.ts';
import { countingHandler, createPool, registry, SCHEMA, testLogger } from './backbone-fixture.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`crash fixture needs ${name}`);
  return value;
};

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

const brokers = env('KAFKA_BROKERS').split(',');
const pool = createPool(env('DATABASE_URL'));
const kafka = createKafkajsBroker({ clientId: 'crash-fixture', brokers, logger: testLogger });

if (env('MODE') === 'relay') {
  const producer = kafka.createProducer();
  await producer.connect();
  const relay = new OutboxRelay({
    pool,
    schema: SCHEMA,
    producer,
    logger: testLogger,
    batchSize: 1000,
    onPublished: die,
  });
  relay.start();
} else {
  const crashAfter = Number(env('CRASH_AFTER'));
  let handled = 0;
  // Wraps the real port: the kill comes after the inbox transaction committed and before the
  // adapter gets to resolve and commit the offset.
  const crashing: MessageBroker = {
    ...kafka,
    createConsumer: (options: ConsumerOptions) => {
      const inner = kafka.createConsumer(options);
      return {
        ...inner,
        isJoined: () => inner.isJoined(),
        stop: () => inner.stop(),
        start: (handle) =>
          inner.start(async (record, context) => {
            await handle(record, context);
            handled += 1;
            if (handled === crashAfter) die();
          }),
      };
    },
  };
  const consumer = new InboxConsumer({
    name: env('GROUP'),
    pool,
    broker: crashing,
    topics: [env('TOPIC')],
    registry,
    handle: countingHandler(),
    logger: testLogger,
    // The broker's minimum: the group notices the killed member within seconds.
    sessionTimeoutMs: 6_000,
  });
  await consumer.start();
}
