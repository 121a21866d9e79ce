import { inTransaction, type PoolLike } from '@lienthong/messaging';
import type { HistoryEntry, SagaState, StepStatus } from '@lienthong/saga-engine';
import { AppError } from '@lienthong/service-kit';
import { createHash } from 'node:crypto';
import { dossierReason, type DossierStatus } from '../domain/dossier-status.ts';
import { canonicalJson } from './canonical-json.ts';
import type { SagaRuntime } from './saga-runtime.ts';

export interface SubmitDossier {
  readonly submittedBy: string;
  readonly idempotencyKey: string;
  readonly body: {
    readonly procedure: string;
    readonly services: readonly string[];
    readonly communeCode: string;
  };
  readonly now: Date;
  readonly newId: () => string;
  /** The portal request's W3C `traceparent`, continued by every message of the dossier. */
  readonly traceparent: string;
}

export interface SubmittedDossier {
  readonly id: string;
  readonly status: DossierStatus;
  readonly created: boolean;
}

export interface StepView {
  readonly service: string;
  readonly title: { vi: string; en: string };
  readonly agency: string;
  /** The statutory time limit and where it comes from ("unconfirmed" when it is). */
  readonly deadline: { workingDays: number; basis: string } | null;
  readonly status: StepStatus;
  readonly attempt: number;
  readonly startedAt: string | null;
  readonly dueAt: string | null;
  readonly overdue: boolean;
  readonly completedAt: string | null;
  readonly reason: { code: string; message: { vi: string; en: string } } | null;
  readonly result: Record<string, unknown>;
  readonly supplementDueAt: string | null;
  readonly compensation: { attempts: number; result: Readonly<Record<string, unknown>> | null } | null;
}

export interface DossierView {
  readonly id: string;
  readonly procedure: string;
  readonly status: DossierStatus;
  readonly portalStatusCode: number;
  readonly communeCode: string;
  readonly services: string[];
  readonly receivedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly steps: StepView[];
  readonly results: Record<string, unknown>;
  /** Why it ended as it did (or is ending): the annulment, the withdrawal or the refusal. */
  readonly reason: { code: string; message: { vi: string; en: string } } | null;
  readonly history: HistoryEntry[];
}

export interface DossierSummary {
  readonly id: string;
  readonly procedure: string;
  readonly status: DossierStatus;
  readonly portalStatusCode: number;
  readonly communeCode: string;
  readonly services: string[];
  readonly receivedAt: string;
  readonly updatedAt: string;
}

export interface DossierFilter {
  readonly status?: DossierStatus;
  readonly procedure?: string;
  readonly communeCode?: string;
  readonly receivedFrom?: string;
  readonly receivedTo?: string;
  readonly recordNumber?: string;
  readonly limit: number;
  readonly cursor?: string;
}

interface DossierRow extends Record<string, unknown> {
  id: string;
  procedure: string;
  status: DossierStatus;
  portal_status_code: number;
  commune_code: string;
  services: string[];
  received_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  state: SagaState | null;
}

/**
 * The dossier side of the coordinator: submission (idempotent per caller and key, enforced by a
 * unique index) and the portal's read views.
 */
export class DossierStore {
  readonly #pool: PoolLike;
  readonly #saga: SagaRuntime;

  constructor(pool: PoolLike, saga: SagaRuntime) {
    this.#pool = pool;
    this.#saga = saga;
  }

  /**
   * Accepts a dossier and starts its saga in one transaction. The same caller sending the same
   * key and body again gets the same dossier; the same key with another body is a conflict.
   */
  async submit(input: SubmitDossier): Promise<SubmittedDossier> {
    const hash = createHash('sha256').update(canonicalJson(input.body)).digest('hex');
    return inTransaction(this.#pool, async (tx) => {
      const id = input.newId();
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO dossiers (id, procedure, services, commune_code, status, portal_status_code, submission,
           submitted_by, idempotency_key, request_hash, received_at, updated_at, traceparent)
         VALUES ($1, $2, $3, $4, 'received', 2, $5, $6, $7, $8, $9, $9, $10)
         ON CONFLICT (submitted_by, idempotency_key) DO NOTHING RETURNING id`,
        [
          id,
          input.body.procedure,
          input.body.services,
          input.body.communeCode,
          input.body,
          input.submittedBy,
          input.idempotencyKey,
          hash,
          input.now,
          input.traceparent,
        ],
      );
      if ((inserted.rowCount ?? 0) === 1) {
        await this.#saga.start(tx, id);
        const { rows } = await tx.query<{ status: DossierStatus }>(
          'SELECT status FROM dossiers WHERE id = $1',
          [id],
        );
        return { id, status: rows[0]?.status ?? 'received', created: true };
      }
      const { rows } = await tx.query<{ id: string; status: DossierStatus; request_hash: string }>(
        'SELECT id, status, request_hash FROM dossiers WHERE submitted_by = $1 AND idempotency_key = $2',
        [input.submittedBy, input.idempotencyKey],
      );
      const existing = rows[0];
      if (!existing) throw new Error('idempotency conflict without a row');
      if (existing.request_hash !== hash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `Idempotency-Key "${input.idempotencyKey}" was already used for dossier ${existing.id} with a different body. ` +
            'Send the same body to get that dossier again, or use a new key for a new dossier.',
          { extensions: { dossierId: existing.id } },
        );
      }
      return { id: existing.id, status: existing.status, created: false };
    });
  }

  async findView(id: string): Promise<DossierView | undefined> {
    const { rows } = await this.#pool.query<DossierRow>(
      `SELECT d.*, s.state FROM dossiers d LEFT JOIN sagas s ON s.dossier_id = d.id WHERE d.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    const history = await this.#pool.query<{ entry: HistoryEntry }>(
      'SELECT entry FROM dossier_history WHERE dossier_id = $1 ORDER BY id',
      [id],
    );
    const procedure = this.#saga.procedure(row.procedure);
    const saga = procedure.saga;
    const titles = new Map(saga.steps.map((step) => [step.id, step]));
    const state = row.state;
    return {
      ...summary(row),
      finishedAt: row.finished_at?.toISOString() ?? null,
      steps: (state?.steps ?? []).map((step) => ({
        service: step.service,
        title: titles.get(step.id)?.title ?? { vi: step.service, en: step.service },
        agency: titles.get(step.id)?.agency ?? step.agency,
        deadline: titles.get(step.id)?.deadline ?? null,
        status: step.status,
        attempt: step.attempt,
        startedAt: step.startedAt ?? null,
        dueAt: step.dueAt ?? null,
        overdue: step.overdue,
        completedAt: step.completedAt ?? null,
        reason: step.reason ?? null,
        result: step.result,
        supplementDueAt: step.supplementDueAt ?? null,
        compensation: step.compensation
          ? { attempts: step.compensation.attempt, result: step.compensation.result ?? null }
          : null,
      })),
      results: state ? procedure.results(state) : {},
      reason: (state && dossierReason(saga, state)) ?? null,
      history: history.rows.map((entry) => entry.entry),
    };
  }

  /** Newest first; the cursor is the last item's `receivedAt|id`. */
  async list(filter: DossierFilter): Promise<{ items: DossierSummary[]; nextCursor: string | null }> {
    const [cursorAt, cursorId] = filter.cursor ? decodeCursor(filter.cursor) : [null, null];
    const { rows } = await this.#pool.query<DossierRow>(
      `SELECT d.* FROM dossiers d
       WHERE ($1::text IS NULL OR d.status = $1)
         AND ($2::text IS NULL OR d.procedure = $2)
         AND ($3::text IS NULL OR d.commune_code = $3)
         AND ($4::timestamptz IS NULL OR d.received_at >= $4)
         AND ($5::timestamptz IS NULL OR d.received_at < $5)
         AND ($6::text IS NULL OR d.id IN (SELECT dossier_id FROM record_numbers WHERE number = $6))
         AND ($7::timestamptz IS NULL OR (d.received_at, d.id) < ($7, $8))
       ORDER BY d.received_at DESC, d.id DESC
       LIMIT $9`,
      [
        filter.status ?? null,
        filter.procedure ?? null,
        filter.communeCode ?? null,
        filter.receivedFrom ?? null,
        filter.receivedTo ?? null,
        filter.recordNumber ?? null,
        cursorAt,
        cursorId,
        filter.limit + 1,
      ],
    );
    const page = rows.slice(0, filter.limit).map(summary);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.receivedAt, last.id) : null,
    };
  }

  async listSagas(
    status: string,
    limit: number,
  ): Promise<{ dossierId: string; status: string; updatedAt: string; failedSteps: string[] }[]> {
    const { rows } = await this.#pool.query<{
      dossier_id: string;
      status: string;
      updated_at: Date;
      state: SagaState;
    }>(
      'SELECT dossier_id, status, updated_at, state FROM sagas WHERE status = $1 ORDER BY updated_at DESC LIMIT $2',
      [status, limit],
    );
    return rows.map((row) => ({
      dossierId: row.dossier_id,
      status: row.status,
      updatedAt: row.updated_at.toISOString(),
      failedSteps: row.state.steps
        .filter((step) => step.status === 'failed' || step.status === 'compensation_failed')
        .map((step) => step.id),
    }));
  }

  async findSaga(dossierId: string): Promise<{ state: SagaState; history: HistoryEntry[] } | undefined> {
    const { rows } = await this.#pool.query<{ state: SagaState }>(
      'SELECT state FROM sagas WHERE dossier_id = $1',
      [dossierId],
    );
    const state = rows[0]?.state;
    if (!state) return undefined;
    const history = await this.#pool.query<{ entry: HistoryEntry }>(
      'SELECT entry FROM dossier_history WHERE dossier_id = $1 ORDER BY id',
      [dossierId],
    );
    return { state, history: history.rows.map((row) => row.entry) };
  }
}

function summary(row: DossierRow): DossierSummary {
  return {
    id: row.id,
    procedure: row.procedure,
    status: row.status,
    portalStatusCode: row.portal_status_code,
    communeCode: row.commune_code,
    services: row.services,
    receivedAt: row.received_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(`${receivedAt}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at))) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API returned.', {
      errors: [
        { field: 'query.cursor', rule: 'valid_cursor', message: 'use nextCursor from a previous page' },
      ],
    });
  }
  return [at, id];
}
