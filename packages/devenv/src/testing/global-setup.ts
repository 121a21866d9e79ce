import { provisionInfrastructure } from '../environment.ts';
import type { Infrastructure } from '../environment.ts';
import type { Logger } from '../logger.ts';

export const INFRASTRUCTURE_KEY = Symbol.for('@lienthong/devenv/test-infrastructure');

type GlobalWithInfrastructure = typeof globalThis & { [INFRASTRUCTURE_KEY]?: Infrastructure };

// Only problems are worth a line in the test output; progress stays quiet.
const logger: Logger = {
  info: () => {},
  // eslint-disable-next-line no-console -- jest's global setup has no other channel to the developer
  warn: (objOrMsg, msg) => console.warn(`[devenv] ${msg ?? ''}`, objOrMsg),
  // eslint-disable-next-line no-console -- as above
  error: (objOrMsg, msg) => console.error(`[devenv] ${msg ?? ''}`, objOrMsg),
};

/**
 * Provisions Kafka and Postgres once per jest run. Test workers are started after this and
 * inherit process.env, which is how KAFKA_BROKERS and DATABASE_URL reach them.
 */
export default async function setup(): Promise<void> {
  const holder = globalThis as GlobalWithInfrastructure;
  // The int and e2e projects share this setup; a run that selects both provisions once.
  if (holder[INFRASTRUCTURE_KEY]) return;
  const infrastructure = await provisionInfrastructure({ purpose: 'test', env: process.env, logger });
  holder[INFRASTRUCTURE_KEY] = infrastructure;
  process.env.KAFKA_BROKERS = infrastructure.kafka.brokers.join(',');
  process.env.DATABASE_URL = infrastructure.postgres.url;
  // eslint-disable-next-line no-console -- one line telling which infrastructure the tests ran against
  console.log(
    `\ntest infrastructure: kafka=${infrastructure.kafka.description}; postgres=${infrastructure.postgres.description}`,
  );
}
