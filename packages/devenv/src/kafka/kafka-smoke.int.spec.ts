// The kafkajs smoke test that justifies the pinned broker version (KAFKA_VERSION): the client
// features the services rely on, against the broker the test run provisioned.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, EachMessagePayload } from 'kafkajs';
import { testKafkaBrokers, uniqueName } from '../testing/index.ts';

const PARTITIONS = 3;
const KEYS = ['dossier-a', 'dossier-b', 'dossier-c', 'dossier-d', 'dossier-e'];
const PER_KEY = 20;

describe('kafkajs 2.2.4 against the pinned Apache Kafka broker', () => {
  const kafka = new Kafka({
    clientId: uniqueName('smoke'),
    brokers: testKafkaBrokers(),
    // The negative case below makes kafkajs log errors on purpose; assertions tell what failed.
    logLevel: logLevel.NOTHING,
  });
  const topic = uniqueName('smoke-topic');
  const groupId = uniqueName('smoke-group');
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  it('creates a topic explicitly (the broker auto-creates nothing)', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(PARTITIONS);
  }, 30_000);

  it('refuses to auto-create a topic a producer names', async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: true, retry: { retries: 2 } });
    await producer.connect();
    try {
      await expect(
        producer.send({ topic: uniqueName('never-created'), messages: [{ value: 'x' }] }),
      ).rejects.toThrow();
    } finally {
      await producer.disconnect();
    }
  }, 30_000);

  it('produces idempotently and consumes every key in order, committing offsets', async () => {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    try {
      for (let sequence = 0; sequence < PER_KEY; sequence += 1) {
        await producer.send({
          topic,
          acks: -1,
          messages: KEYS.map((key) => ({ key, value: JSON.stringify({ key, sequence }) })),
        });
      }
    } finally {
      await producer.disconnect();
    }

    const received = new Map<string, number[]>();
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumeUntil(consumer, KEYS.length * PER_KEY, async ({ partition, message }) => {
      const { key, sequence } = JSON.parse(message.value?.toString() ?? '{}') as {
        key: string;
        sequence: number;
      };
      received.set(key, [...(received.get(key) ?? []), sequence]);
      const offset = (BigInt(message.offset) + 1n).toString();
      await consumer.commitOffsets([{ topic, partition, offset }]);
    });

    const inOrder = Array.from({ length: PER_KEY }, (_, sequence) => sequence);
    for (const key of KEYS) expect(received.get(key)).toEqual(inOrder);

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    for (const { partition, high } of ends) {
      const partitionCommit = committed[0]?.partitions.find((entry) => entry.partition === partition);
      // A partition no key hashed to has nothing committed: -1.
      expect(partitionCommit?.offset).toBe(high === '0' ? '-1' : high);
    }
  }, 60_000);

  it('resumes a restarted group after its committed offsets', async () => {
    // One marker per partition, sent after the first consumer committed. Within a partition
    // order is kept, so a re-read old message would arrive before that partition's marker.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: PARTITIONS }, (_, partition) => ({
          partition,
          key: 'marker',
          value: JSON.stringify({ marker: partition }),
        })),
      });
    } finally {
      await producer.disconnect();
    }

    const values: unknown[] = [];
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumeUntil(consumer, PARTITIONS, ({ message }) => {
      values.push(JSON.parse(message.value?.toString() ?? 'null'));
      return Promise.resolve();
    });
    expect(values).toHaveLength(PARTITIONS);
    expect(values).toEqual(expect.arrayContaining([{ marker: 0 }, { marker: 1 }, { marker: 2 }]));
  }, 60_000);

  /** Runs `consumer` from the group's committed position until it has seen `count` messages. */
  async function consumeUntil(
    consumer: Consumer,
    count: number,
    handle: (payload: EachMessagePayload) => Promise<void>,
  ): Promise<void> {
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      let seen = 0;
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachMessage: async (payload) => {
              await handle(payload);
              seen += 1;
              if (seen >= count) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  }
});
