import path from 'node:path';
import {
  containerRuntimeAvailable,
  KAFKA_IMAGE,
  POSTGRES_IMAGE,
  startKafkaContainer,
  startPostgresContainer,
} from './containers.ts';
import { startLocalKafka } from './kafka/local-kafka.ts';
import { KAFKA_VERSION } from './kafka/version.ts';
import { claimLocalState } from './local-state-lock.ts';
import type { LocalStateClaim } from './local-state-lock.ts';
import type { Logger } from './logger.ts';
import { startLocalPostgres } from './postgres/local-postgres.ts';
import { redactUrl } from './postgres/postgres-readiness.ts';

export type Purpose = 'start' | 'test';
export type KafkaSource = 'env' | 'testcontainers' | 'local';
export type PostgresSource = 'env' | 'testcontainers' | 'embedded';

export interface ProvisionOptions {
  purpose: Purpose;
  /** Usually process.env: KAFKA_BROKERS (comma-separated) and DATABASE_URL are honoured. */
  env: Record<string, string | undefined>;
  logger: Logger;
}

export interface Infrastructure {
  kafka: { brokers: string[]; source: KafkaSource; description: string };
  postgres: { url: string; source: PostgresSource; description: string };
  /** Stops what provisionInfrastructure started, nothing else. Safe to call twice. */
  stop: () => Promise<void>;
}

/** `KAFKA_BROKERS` as a list, or undefined when unset or blank. */
export function parseKafkaBrokers(value: string | undefined): string[] | undefined {
  const brokers = (value ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  return brokers.length > 0 ? brokers : undefined;
}

/**
 * Per component: what the environment names wins; otherwise tests use containers when a
 * container runtime is there, and everything else runs local processes.
 */
export function chooseSources(input: {
  purpose: Purpose;
  kafkaFromEnv: boolean;
  postgresFromEnv: boolean;
  containerRuntime: boolean;
}): { kafka: KafkaSource; postgres: PostgresSource } {
  const containers = input.purpose === 'test' && input.containerRuntime;
  return {
    kafka: input.kafkaFromEnv ? 'env' : containers ? 'testcontainers' : 'local',
    postgres: input.postgresFromEnv ? 'env' : containers ? 'testcontainers' : 'embedded',
  };
}

interface Provisioned<T> {
  value: T;
  description: string;
  stop: () => Promise<void>;
}

/**
 * Provides a Kafka cluster and a Postgres server for `npm start` (data kept in .local/start)
 * or for the test suites (fresh every run, in .local/test or containers).
 */
export async function provisionInfrastructure(options: ProvisionOptions): Promise<Infrastructure> {
  const { purpose, env, logger } = options;
  const envBrokers = parseKafkaBrokers(env.KAFKA_BROKERS);
  const envDatabaseUrl = env.DATABASE_URL?.trim() || undefined;
  const needsProvisioning = envBrokers === undefined || envDatabaseUrl === undefined;
  const sources = chooseSources({
    purpose,
    kafkaFromEnv: envBrokers !== undefined,
    postgresFromEnv: envDatabaseUrl !== undefined,
    containerRuntime: purpose === 'test' && needsProvisioning && (await containerRuntimeAvailable(logger)),
  });

  let claim: LocalStateClaim | undefined;
  if (sources.kafka === 'local' || sources.postgres === 'embedded') {
    claim = await claimLocalState(purpose, logger);
  }
  const localState = claim?.dir ?? '';
  const fresh = purpose === 'test';

  const provisionKafka = async (): Promise<Provisioned<string[]>> => {
    switch (sources.kafka) {
      case 'env': {
        const brokers = envBrokers ?? [];
        return { value: brokers, description: `KAFKA_BROKERS ${brokers.join(',')}`, stop: async () => {} };
      }
      case 'testcontainers': {
        const kafka = await startKafkaContainer(logger);
        return {
          value: kafka.brokers,
          description: `${KAFKA_IMAGE} container at ${kafka.brokers.join(',')}`,
          stop: kafka.stop,
        };
      }
      case 'local': {
        const kafka = await startLocalKafka({ dataDir: path.join(localState, 'kafka'), fresh, logger });
        return {
          value: kafka.brokers,
          description: `local Apache Kafka ${KAFKA_VERSION} at ${kafka.brokers.join(',')}`,
          stop: kafka.stop,
        };
      }
    }
  };

  const provisionPostgres = async (): Promise<Provisioned<string>> => {
    switch (sources.postgres) {
      case 'env': {
        const url = envDatabaseUrl ?? '';
        return { value: url, description: `DATABASE_URL ${redactUrl(url)}`, stop: async () => {} };
      }
      case 'testcontainers': {
        const postgres = await startPostgresContainer(logger);
        return {
          value: postgres.url,
          description: `${POSTGRES_IMAGE} container at ${new URL(postgres.url).host}`,
          stop: postgres.stop,
        };
      }
      case 'embedded': {
        const postgres = await startLocalPostgres({
          dataDir: path.join(localState, 'postgres'),
          fresh,
          durable: purpose === 'start',
          logger,
        });
        return {
          value: postgres.url,
          description: `embedded PostgreSQL ${postgres.version} at 127.0.0.1:${postgres.port}`,
          stop: postgres.stop,
        };
      }
    }
  };

  // The JVM and Postgres start side by side; if either fails, the other is stopped again.
  const [kafka, postgres] = await Promise.allSettled([provisionKafka(), provisionPostgres()]);
  if (kafka.status === 'rejected' || postgres.status === 'rejected') {
    await Promise.allSettled(
      [kafka, postgres].flatMap((result) => (result.status === 'fulfilled' ? [result.value.stop()] : [])),
    );
    await claim?.release();
    const failures: unknown[] = [kafka, postgres].flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    throw failures.length === 1
      ? failures[0]
      : new AggregateError(failures, 'could not provision Kafka and Postgres');
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const results = await Promise.allSettled([kafka.value.stop(), postgres.value.stop()]);
      await claim?.release();
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    })();
    return stopping;
  };

  return {
    kafka: { brokers: kafka.value.value, source: sources.kafka, description: kafka.value.description },
    postgres: {
      url: postgres.value.value,
      source: sources.postgres,
      description: postgres.value.description,
    },
    stop,
  };
}
