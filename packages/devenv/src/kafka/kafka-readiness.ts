import { Kafka, logLevel } from 'kafkajs';
import type { logCreator } from 'kafkajs';
import type { Logger } from '../logger.ts';
import { pollUntil } from '../process-utils.ts';

/** Routes kafkajs's own logging to our logger at debug level. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, log }) => {
      const { message, ...extra } = log;
      logger.debug?.({ namespace, ...extra }, `kafkajs: ${message}`);
    };
}

/**
 * Polls the cluster with an admin `describeCluster()` until it answers with at least one
 * broker. Fails after `timeoutMs`, or at once when `signal` aborts (the broker process died).
 */
export async function waitForKafka(
  brokers: string[],
  options: { logger: Logger; timeoutMs?: number; signal?: AbortSignal },
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'devenv-readiness',
    brokers,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
    logLevel: logLevel.ERROR,
    logCreator: kafkajsLogCreator(options.logger),
  });
  await pollUntil(
    async () => {
      const admin = kafka.admin({ retry: { retries: 0 } });
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 ? cluster : undefined;
      } finally {
        await admin.disconnect().catch(() => {});
      }
    },
    {
      what: `Kafka at ${brokers.join(',')}`,
      timeoutMs: options.timeoutMs ?? 60_000,
      intervalMs: 200,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
}
