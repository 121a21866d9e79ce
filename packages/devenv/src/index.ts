export { provisionInfrastructure, parseKafkaBrokers } from './environment.ts';
export type {
  Infrastructure,
  KafkaSource,
  PostgresSource,
  ProvisionOptions,
  Purpose,
} from './environment.ts';
export { startLocalKafka, stopLeftoverKafka } from './kafka/local-kafka.ts';
export type { LocalKafka, StartLocalKafkaOptions } from './kafka/local-kafka.ts';
export { ensureKafkaJars } from './kafka/kafka-jars.ts';
export { waitForKafka } from './kafka/kafka-readiness.ts';
export { KAFKA_VERSION } from './kafka/version.ts';
export { startLocalPostgres, stopLeftoverPostgres } from './postgres/local-postgres.ts';
export type { LocalPostgres, StartLocalPostgresOptions } from './postgres/local-postgres.ts';
export { redactUrl, waitForPostgres } from './postgres/postgres-readiness.ts';
export { localDir, repoRoot } from './paths.ts';
export { silentLogger } from './logger.ts';
export type { Logger } from './logger.ts';
export { SERVICES, type ServiceSpec } from './services.ts';
export {
  formatLogLine,
  freePort,
  startServiceProcess,
  waitUntilReady,
  type RunningServiceProcess,
  type StartServiceOptions,
} from './service-processes.ts';
