import { describe, expect, it } from '@jest/globals';
import { TOPICS, TOPIC_SPECS } from '@lienthong/contracts';
import { InMemoryBroker } from './in-memory-broker.ts';
import type { ConsumedRecord } from './port.ts';

const record = (key: string) => ({ topic: TOPICS.dossierEvents, key, value: Buffer.from('{}'), headers: {} });

describe('InMemoryBroker (unit-test adapter)', () => {
  it('delivers in order, and delivers again a record whose handler rejected', async () => {
    const broker = new InMemoryBroker();
    await broker.createAdmin().ensureTopics(TOPIC_SPECS, { replicationFactor: 1 });
    const seen: string[] = [];
    let failOnce = true;
    const consumer = broker.createConsumer({ groupId: 'g', topics: [TOPICS.dossierEvents] });
    const done = new Promise<void>((resolve) => {
      void consumer.start((r: ConsumedRecord) => {
        seen.push(r.key ?? '');
        if (r.key === 'b' && failOnce) {
          failOnce = false;
          return Promise.reject(new Error('boom'));
        }
        if (r.key === 'c') resolve();
        return Promise.resolve();
      });
    });
    await broker.createProducer().send([record('a'), record('b'), record('c')]);
    await done;
    await consumer.stop();
    expect(seen).toEqual(['a', 'b', 'b', 'c']);
  });

  it('refuses topics that were never created', async () => {
    await expect(new InMemoryBroker().createProducer().send([record('a')])).rejects.toThrow(/does not exist/);
  });
});
