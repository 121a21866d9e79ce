import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Helpers for *.int.spec.ts and *.e2e.spec.ts. Jest's global setup (global-setup.ts) provisions
// Kafka and Postgres once per run and hands them to the test workers through these variables.

function required(name: 'KAFKA_BROKERS' | 'DATABASE_URL'): string {
  const value = process.env[name]?.trim();
  if (!value) {
    throw new Error(
      `${name} is not set: run integration tests through jest's "int" or "e2e" project, ` +
        'whose global setup provisions Kafka and Postgres',
    );
  }
  return value;
}

/** The test Kafka cluster's bootstrap brokers. */
export function testKafkaBrokers(): string[] {
  return required('KAFKA_BROKERS')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/** A URL with the right to create databases; tests should work in createTestDatabase() instead. */
export function testDatabaseAdminUrl(): string {
  return required('DATABASE_URL');
}

/** A name no other test or run uses, for topics, consumer groups and databases: `<prefix>-<time>-<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  url: string;
  /** Drops the database, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file, so that files running in parallel never meet. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testDatabaseAdminUrl();
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdminClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      }),
  };
}

async function withAdminClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
