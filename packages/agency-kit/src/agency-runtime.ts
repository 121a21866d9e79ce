import { createEnvelope, type Envelope, type MessageDefinition, type Reason } from '@lienthong/contracts';
import { childTraceparent, enqueueMessages, type PooledClient } from '@lienthong/messaging';
import { AppError } from '@lienthong/service-kit';
import type { AgencyContext, AgencyDefinition, Assessment } from './definition.ts';

export interface Clock {
  now(): Date;
}

export type CaseStatus = 'awaiting_officer' | 'supplement_requested' | 'approved' | 'refused' | 'failed';

export interface CaseRow extends Record<string, unknown> {
  dossier_id: string;
  command_type: string;
  command_id: string;
  command: Record<string, unknown>;
  status: CaseStatus;
  reason: Reason | null;
  record: Record<string, unknown> | null;
  received_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  traceparent: string | null;
}

export interface OfficerTask {
  readonly id: string;
  readonly dossierId: string;
  readonly reason: Reason;
  readonly status: 'open' | 'approved' | 'refused' | 'supplement_requested';
  readonly createdAt: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  /** The command the agency received (personal data: shown to officers only). */
  readonly command: Record<string, unknown>;
}

export type OfficerAction =
  | { readonly action: 'approve'; readonly actor: string; readonly note?: string }
  | { readonly action: 'refuse'; readonly actor: string; readonly reason: Reason }
  | { readonly action: 'request-supplement'; readonly actor: string; readonly reason: Reason };

/**
 * Runs one agency act durably: each command is handled in the inbox transaction that received
 * it, so the case, the act and the reply commit together. A case is per dossier: a command sent
 * again (the coordinator re-sends when it heard nothing) gets the same answer again, never a
 * second act.
 */
export class AgencyRuntime<TCommand, TFacts> {
  readonly #definition: AgencyDefinition<TCommand, TFacts>;
  readonly #schema: string;
  readonly #clock: Clock;
  readonly #ids: () => string;
  readonly #source: string;

  constructor(options: {
    definition: AgencyDefinition<TCommand, TFacts>;
    schema: string;
    clock: Clock;
    ids: () => string;
  }) {
    this.#definition = options.definition;
    this.#schema = options.schema;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.#source = `/lienthong/${options.definition.agency}`;
  }

  get agency(): string {
    return this.#definition.agency;
  }

  /** Handles a command from the coordinator (inbox consumer handler). */
  async onCommand(tx: PooledClient, message: Envelope): Promise<void> {
    if (message.type !== this.#definition.command.type) return;
    const command = message.data as TCommand;
    const existing = await this.#lock(tx, message.subject);
    if (existing && existing.status !== 'failed') {
      await this.#definition.onRepeat?.(command, this.#context(tx, this.#clock.now()));
      await this.#repeatAnswer(tx, existing, message.id);
      return;
    }
    const now = this.#clock.now();
    await tx.query(
      `INSERT INTO cases (dossier_id, command_type, command_id, command, status, received_at, updated_at, traceparent)
       VALUES ($1, $2, $3, $4, 'awaiting_officer', $5, $5, $6)
       ON CONFLICT (dossier_id) DO UPDATE SET command_id = $3, command = $4, updated_at = $5, traceparent = $6`,
      [message.subject, message.type, message.id, message.data, now, message.traceparent ?? null],
    );
    const context = this.#context(tx, now);
    const facts = await this.#definition.facts(command, context);
    const assessment: Assessment = this.#definition.assess(command, facts, now);
    switch (assessment.decision) {
      case 'approve':
        await this.#approve(tx, message.subject, command, 'policy', message.id);
        break;
      case 'refuse':
        await this.#refuse(tx, message.subject, assessment.reason, 'policy', message.id);
        break;
      case 'ask-officer':
        await tx.query(
          `INSERT INTO officer_tasks (dossier_id, reason, status, created_at) VALUES ($1, $2, 'open', $3)
           ON CONFLICT DO NOTHING`,
          [message.subject, assessment.reason, now],
        );
        await this.#setStatus(tx, message.subject, 'awaiting_officer', assessment.reason, null);
        await this.#reply(tx, this.#definition.replies.progressed, message.subject, message.id, {
          status: 'awaiting_officer',
          reason: assessment.reason,
        });
        break;
    }
  }

  /** An officer decides an open task. */
  async decideTask(tx: PooledClient, taskId: string, decision: OfficerAction): Promise<void> {
    const { rows } = await tx.query<{ dossier_id: string; status: string }>(
      'SELECT dossier_id, status FROM officer_tasks WHERE id = $1 FOR UPDATE',
      [taskId],
    );
    const task = rows[0];
    if (!task) throw new AppError('NOT_FOUND', `No officer task ${taskId}.`);
    if (task.status !== 'open') {
      throw new AppError(
        'STATE_CONFLICT',
        `Task ${taskId} is already ${task.status}; only open tasks can be decided.`,
        {
          extensions: { currentState: task.status, allowedWhen: 'open' },
        },
      );
    }
    const caseRow = await this.#lock(tx, task.dossier_id);
    if (!caseRow) throw new Error(`task ${taskId} without a case`);
    const now = this.#clock.now();
    const resolution =
      decision.action === 'approve' ? { note: decision.note ?? null } : { reason: decision.reason };
    const taskStatus =
      decision.action === 'approve'
        ? 'approved'
        : decision.action === 'refuse'
          ? 'refused'
          : 'supplement_requested';
    await tx.query(
      'UPDATE officer_tasks SET status = $2, resolved_at = $3, resolved_by = $4, resolution = $5 WHERE id = $1',
      [taskId, taskStatus, now, decision.actor, resolution],
    );
    const causation = caseRow.command_id;
    switch (decision.action) {
      case 'approve':
        await this.#approve(tx, task.dossier_id, caseRow.command as TCommand, decision.actor, causation);
        break;
      case 'refuse':
        await this.#refuse(tx, task.dossier_id, decision.reason, decision.actor, causation);
        break;
      case 'request-supplement':
        await this.#setStatus(tx, task.dossier_id, 'supplement_requested', decision.reason, null);
        await this.#reply(tx, this.#definition.replies.progressed, task.dossier_id, causation, {
          status: 'supplement_requested',
          reason: decision.reason,
        });
        break;
    }
  }

  async listTasks(tx: PooledClient, status: OfficerTask['status']): Promise<OfficerTask[]> {
    const { rows } = await tx.query<{
      id: string;
      dossier_id: string;
      reason: Reason;
      status: OfficerTask['status'];
      created_at: Date;
      resolved_at: Date | null;
      resolved_by: string | null;
      command: Record<string, unknown>;
    }>(
      `SELECT t.*, c.command FROM officer_tasks t JOIN cases c USING (dossier_id)
       WHERE t.status = $1 ORDER BY t.id LIMIT 500`,
      [status],
    );
    return rows.map((row) => ({
      id: row.id,
      dossierId: row.dossier_id,
      reason: row.reason,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      resolvedAt: row.resolved_at?.toISOString() ?? null,
      resolvedBy: row.resolved_by,
      command: row.command,
    }));
  }

  async findCase(tx: PooledClient, dossierId: string): Promise<CaseRow | undefined> {
    const { rows } = await tx.query<CaseRow>('SELECT * FROM cases WHERE dossier_id = $1', [dossierId]);
    return rows[0];
  }

  async #approve(
    tx: PooledClient,
    dossierId: string,
    command: TCommand,
    actor: string,
    causation: string,
  ): Promise<void> {
    const now = this.#clock.now();
    const record = await this.#definition.act(command, this.#context(tx, now));
    await this.#setStatus(tx, dossierId, 'approved', null, record, actor);
    await this.#reply(tx, this.#definition.replies.succeeded, dossierId, causation, record);
  }

  async #refuse(
    tx: PooledClient,
    dossierId: string,
    reason: Reason,
    actor: string,
    causation: string,
  ): Promise<void> {
    await this.#setStatus(tx, dossierId, 'refused', reason, null, actor);
    await this.#reply(tx, this.#definition.replies.refused, dossierId, causation, { reason });
  }

  /** A re-sent command: say again what was decided, or that it still waits. */
  async #repeatAnswer(tx: PooledClient, row: CaseRow, causation: string): Promise<void> {
    const { replies } = this.#definition;
    switch (row.status) {
      case 'approved':
        return this.#reply(tx, replies.succeeded, row.dossier_id, causation, row.record ?? {});
      case 'refused':
        return this.#reply(tx, replies.refused, row.dossier_id, causation, { reason: row.reason });
      case 'awaiting_officer':
      case 'supplement_requested':
        return this.#reply(tx, replies.progressed, row.dossier_id, causation, {
          status: row.status,
          ...(row.reason ? { reason: row.reason } : {}),
        });
      case 'failed':
        return;
    }
  }

  async #lock(tx: PooledClient, dossierId: string): Promise<CaseRow | undefined> {
    const { rows } = await tx.query<CaseRow>('SELECT * FROM cases WHERE dossier_id = $1 FOR UPDATE', [
      dossierId,
    ]);
    return rows[0];
  }

  async #setStatus(
    tx: PooledClient,
    dossierId: string,
    status: CaseStatus,
    reason: Reason | null,
    record: Readonly<Record<string, unknown>> | null,
    actor?: string,
  ): Promise<void> {
    const now = this.#clock.now();
    const decided = status === 'approved' || status === 'refused';
    await tx.query(
      `UPDATE cases SET status = $2, reason = $3, record = COALESCE($4, record), updated_at = $5,
         decided_at = CASE WHEN $6 THEN $5 ELSE decided_at END,
         decided_by = CASE WHEN $6 THEN $7 ELSE decided_by END
       WHERE dossier_id = $1`,
      [dossierId, status, reason, record, now, decided, actor ?? null],
    );
  }

  async #reply(
    tx: PooledClient,
    definition: MessageDefinition,
    dossierId: string,
    causationId: string,
    data: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const { rows } = await tx.query<{ traceparent: string | null }>(
      'SELECT traceparent FROM cases WHERE dossier_id = $1',
      [dossierId],
    );
    const envelope = createEnvelope({
      definition,
      id: this.#ids(),
      source: this.#source,
      subject: dossierId,
      time: this.#clock.now(),
      correlationId: dossierId,
      causationId,
      traceparent: childTraceparent(rows[0]?.traceparent ?? undefined),
      data: { dossierId, ...data },
    });
    await enqueueMessages(tx, this.#schema, [{ topic: definition.topic, envelope }]);
  }

  #context(tx: PooledClient, now: Date): AgencyContext {
    return {
      tx,
      now,
      nextNumber: async (scope) => {
        const { rows } = await tx.query<{ last: string }>(
          `INSERT INTO record_sequences (scope, last) VALUES ($1, 1)
           ON CONFLICT (scope) DO UPDATE SET last = record_sequences.last + 1 RETURNING last`,
          [scope],
        );
        return Number(rows[0]?.last);
      },
    };
  }
}
