import pg from 'pg';
import { pollUntil } from '../process-utils.ts';

/** Polls until `url` accepts a connection and a query; returns the server version ("18.4"). */
export async function waitForPostgres(url: string, options: { timeoutMs?: number } = {}): Promise<string> {
  return pollUntil(
    async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      // A connection refused mid-handshake is emitted as an event as well as rejected.
      client.on('error', () => {});
      try {
        await client.connect();
        const result = await client.query<{ version: string }>(
          "SELECT current_setting('server_version') AS version",
        );
        return result.rows[0]?.version;
      } finally {
        await client.end().catch(() => {});
      }
    },
    { what: `Postgres at ${redactUrl(url)}`, timeoutMs: options.timeoutMs ?? 30_000, intervalMs: 200 },
  );
}

/** The URL with its password masked, fit for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
