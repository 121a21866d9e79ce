import type pg from 'pg';
import { sleep } from './util.ts';

/** Per role, what its Postgres backends were doing, as shares of all samples, largest first. */
export type WaitProfile = Readonly<
  Record<string, readonly { readonly what: string; readonly share: number }[]>
>;

interface ActivityRow {
  role: string;
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
  query: string | null;
}

/**
 * Samples pg_stat_activity for the benchmark's pools (application_name `bench:<role>`) every
 * `everyMs` until stopped: a cheap wait-event profile of where the backends spend their time.
 * The relay's LISTEN connection is left out: it idles by design.
 */
export function sampleWaits(client: pg.Client, everyMs = 50): { stop(): Promise<WaitProfile> } {
  const counts = new Map<string, Map<string, number>>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      // A failed sample ends the sampling (the profile keeps what it has); it never throws.
      const result = await client
        .query<ActivityRow>(
          `SELECT substr(application_name, 7) AS role, state, wait_event_type, wait_event, query
         FROM pg_stat_activity WHERE application_name LIKE 'bench:%' AND pid <> pg_backend_pid()`,
        )
        .catch(() => undefined);
      if (!result) return;
      for (const row of result.rows) {
        if (row.query?.startsWith('LISTEN') || row.query?.includes('pg_try_advisory_lock')) continue;
        const byWhat = counts.get(row.role) ?? new Map<string, number>();
        const what = describe(row);
        byWhat.set(what, (byWhat.get(what) ?? 0) + 1);
        counts.set(row.role, byWhat);
      }
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      const profile: Record<string, { what: string; share: number }[]> = {};
      for (const [role, byWhat] of counts) {
        const total = [...byWhat.values()].reduce((sum, n) => sum + n, 0);
        profile[role] = [...byWhat]
          .map(([what, n]) => ({ what, share: n / total }))
          .sort((a, b) => b.share - a.share);
      }
      return profile;
    },
  };
}

/** "idle" (the backend waits for its client), "CPU" (running), or the wait event. */
function describe(row: ActivityRow): string {
  if (row.state === 'idle' || row.state === 'idle in transaction') return 'idle';
  if (row.state !== 'active') return row.state ?? '?';
  return row.wait_event_type ? `${row.wait_event_type}:${row.wait_event ?? '?'}` : 'CPU';
}

/** "CPU 45 %, Lock:object 30 %, idle 20 %": the `top` largest shares. */
export function formatProfile(entries: WaitProfile[string] | undefined, top = 3): string {
  if (!entries || entries.length === 0) return '–';
  return entries
    .slice(0, top)
    .map((entry) => `${entry.what} ${Math.round(entry.share * 100)} %`)
    .join(', ');
}
