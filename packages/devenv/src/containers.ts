import type { Logger } from './logger.ts';
import { KAFKA_VERSION } from './kafka/version.ts';
import { waitForKafka } from './kafka/kafka-readiness.ts';
import { waitForPostgres } from './postgres/postgres-readiness.ts';
import { findFreePort, withTimeout } from './process-utils.ts';

export const KAFKA_IMAGE = `apache/kafka:${KAFKA_VERSION}`;
export const POSTGRES_IMAGE = 'postgres:17-alpine';

/**
 * True when testcontainers finds a Docker-compatible runtime. Without one,
 * getContainerRuntimeClient() rejects in about 200 ms; the timeout guards a hanging socket.
 */
export async function containerRuntimeAvailable(logger: Logger, timeoutMs = 5000): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await withTimeout(getContainerRuntimeClient(), timeoutMs, 'no answer from the container runtime');
    return true;
  } catch (error) {
    logger.debug?.({ reason: (error as Error).message }, 'no container runtime');
    return false;
  }
}

export interface KafkaContainer {
  brokers: string[];
  stop: () => Promise<void>;
}

/**
 * The official apache/kafka image as a single KRaft node. Clients must reach the broker at the
 * address it advertises, and that address has to be known before the container starts, hence
 * a fixed host port. A second listener serves the broker's connections to itself.
 */
export async function startKafkaContainer(logger: Logger): Promise<KafkaContainer> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const runtime = await getContainerRuntimeClient();
  const host = runtime.info.containerRuntime.host;
  // Docker publishes on all interfaces, so check the port there.
  const hostPort = await findFreePort('0.0.0.0');
  const started = Date.now();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'EXTERNAL://:9092,INTERNAL://:19092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `EXTERNAL://${host}:${hostPort},INTERNAL://localhost:19092`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'EXTERNAL:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withExposedPorts({ container: 9092, host: hostPort })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  const brokers = [`${host}:${hostPort}`];
  try {
    await waitForKafka(brokers, { logger, timeoutMs: 60_000 });
  } catch (error) {
    await container.stop();
    throw error;
  }
  logger.info({ brokers, ms: Date.now() - started }, `${KAFKA_IMAGE} container ready`);
  return {
    brokers,
    stop: async () => {
      await container.stop();
    },
  };
}

export interface PostgresContainer {
  url: string;
  stop: () => Promise<void>;
}

export async function startPostgresContainer(logger: Logger): Promise<PostgresContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const started = Date.now();
  const password = 'postgres';
  const container = await new GenericContainer(POSTGRES_IMAGE)
    .withEnvironment({ POSTGRES_PASSWORD: password })
    // Test data is thrown away: skip the flushes.
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=200'])
    .withExposedPorts(5432)
    // The image's entrypoint starts the server once to initialise, then again for real.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withStartupTimeout(120_000)
    .start();
  const url = `postgres://postgres:${password}@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  try {
    await waitForPostgres(url, { timeoutMs: 30_000 });
  } catch (error) {
    await container.stop();
    throw error;
  }
  logger.info({ ms: Date.now() - started }, `${POSTGRES_IMAGE} container ready`);
  return {
    url,
    stop: async () => {
      await container.stop();
    },
  };
}
