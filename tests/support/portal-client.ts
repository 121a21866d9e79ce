// The national portal's side of the contract, as the end-to-end tests use it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DossierView {
  readonly id: string;
  readonly status: string;
  readonly portalStatusCode: number;
  readonly steps: readonly {
    service: string;
    status: string;
    dueAt: string | null;
    deadline?: { workingDays: number; basis: string } | null;
    reason: { code: string; message?: { vi: string; en: string } } | null;
    attempt: number;
    result: Record<string, unknown>;
    supplementDueAt?: string | null;
    compensation?: { attempts: number; result: Record<string, unknown> | null } | null;
  }[];
  readonly results: Record<string, unknown>;
  /** Why the dossier ended as it did: the annulment, the withdrawal or the refusal. */
  readonly reason?: { code: string; message: { vi: string; en: string } } | null;
  readonly history: readonly { type: string; actor?: string; reason?: string; step?: string }[];
}

export function exampleDossier(name: string): Record<string, unknown> {
  const file = join(import.meta.dirname, '..', '..', 'examples', 'dossiers', `${name}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

let sequence = 0;

export function portalClient(baseUrl: string, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    async submit(
      body: unknown,
      key = `e2e-${process.pid}-${Date.now()}-${(sequence += 1)}`,
    ): Promise<string> {
      const response = await fetch(`${baseUrl}/v1/dossiers`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      if (response.status !== 202)
        throw new Error(`submit answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
    async get(id: string): Promise<DossierView> {
      const response = await fetch(`${baseUrl}/v1/dossiers/${id}`, { headers });
      if (!response.ok) throw new Error(`GET dossier answered ${response.status}`);
      return (await response.json()) as DossierView;
    },
  };
}
