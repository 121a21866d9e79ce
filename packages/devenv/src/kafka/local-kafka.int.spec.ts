import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { silentLogger } from '../logger.ts';
import { findFreePorts, isProcessAlive } from '../process-utils.ts';
import { startLocalKafka } from './local-kafka.ts';
import type { LocalKafka } from './local-kafka.ts';

describe('startLocalKafka', () => {
  let dataDir = '';
  const started: LocalKafka[] = [];

  afterAll(async () => {
    for (const kafka of started) await kafka.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('takes over a broker a crashed run left behind, on the same ports, keeping its topics', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'devenv-kafka-'));
    const [port, controllerPort] = await findFreePorts(2);
    const first = await startLocalKafka({ dataDir, port, controllerPort, logger: silentLogger });
    started.push(first);
    const topic = 'survives-restart';
    await withAdmin(first.brokers, (admin) =>
      admin.createTopics({ topics: [{ topic }], waitForLeaders: true }),
    );

    // No stop(): as if the process that started it had crashed.
    const second = await startLocalKafka({ dataDir, port, controllerPort, logger: silentLogger });
    started.push(second);
    expect(isProcessAlive(first.pid)).toBe(false);
    expect(second.brokers).toEqual(first.brokers);
    const topics = await withAdmin(second.brokers, (admin) => admin.listTopics());
    expect(topics).toContain(topic);

    await second.stop();
    expect(isProcessAlive(second.pid)).toBe(false);
  }, 120_000);
});

async function withAdmin<T>(
  brokers: string[],
  work: (admin: ReturnType<Kafka['admin']>) => Promise<T>,
): Promise<T> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
