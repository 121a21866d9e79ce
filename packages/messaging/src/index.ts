import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export * from './failures.ts';
export * from './inbox-consumer.ts';
export * from './kafka-codec.ts';
export { createKafkajsBroker, type KafkajsBrokerOptions } from './kafkajs-broker.ts';
export { InMemoryBroker } from './in-memory-broker.ts';
export * from './outbox.ts';
export * from './messaging-runtime.ts';
export * from './outbox-relay.ts';
export * from './port.ts';
export * from './retry-policy.ts';
export * from './runtime.ts';
export * from './sql.ts';
export * from './trace-context.ts';

/** SQL migrations creating the outbox, inbox and parking tables in a service's schema. */
export const MESSAGING_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
