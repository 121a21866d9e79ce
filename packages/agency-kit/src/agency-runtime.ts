import {
  createEnvelope,
  type DataOf,
  type Envelope,
  type MessageDefinition,
  type Reason,
} from '@lienthong/contracts';
import {
  childTraceparent,
  classifyFailure,
  describeError,
  enqueueMessages,
  PermanentError,
  type PooledClient,
} from '@lienthong/messaging';
import { AppError } from '@lienthong/service-kit';
import type { AgencyContext, AgencyDefinition, Annulment, Assessment } from './definition.ts';

export interface Clock {
  now(): Date;
}

export type CaseStatus =
  | 'awaiting_officer'
  | 'supplement_requested'
  | 'approved'
  | 'refused'
  | 'failed'
  | 'cancelled'
  | 'compensated'
  | 'annulled';

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
  supplements: Record<string, unknown>[];
  undo: Record<string, unknown> | null;
  undo_attempts: number;
  undone_at: Date | null;
}

export type OfficerTaskStatus = 'open' | 'approved' | 'refused' | 'supplement_requested' | 'cancelled';

export interface OfficerTask {
  readonly id: string;
  readonly dossierId: string;
  /** The act the task is about (the type of the command that opened the case). */
  readonly act: string;
  readonly reason: Reason;
  readonly status: OfficerTaskStatus;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  /** The command the agency received (personal data: shown to officers only). */
  readonly command: Record<string, unknown>;
  /** Documents the citizen sent when asked, oldest first. */
  readonly supplements: Record<string, unknown>[];
}

export type OfficerAction =
  | { readonly action: 'approve'; readonly actor: string; readonly note?: string }
  | { readonly action: 'refuse'; readonly actor: string; readonly reason: Reason }
  | { readonly action: 'request-supplement'; readonly actor: string; readonly reason: Reason };

/** What an annulment decided at the office says; the event carries it to the coordinator. */
export interface AnnulmentDecision {
  readonly reason: Reason;
  readonly actor: string;
  /** The annulment event and its data (beyond `dossierId`). */
  readonly event: MessageDefinition;
  readonly data: Readonly<Record<string, unknown>>;
}

const SUPPLEMENT_RECEIVED: Reason = {
  code: 'SUPPLEMENT_RECEIVED',
  message: {
    vi: 'Công dân đã bổ sung giấy tờ; cán bộ xem xét lại hồ sơ',
    en: 'The citizen sent the documents asked for; an officer reviews the case again',
  },
};

/**
 * Runs one agency act durably: each command is handled in the inbox transaction that received
 * it, so the case, the act and the reply commit together. A case is per dossier and act: a
 * command sent again (the coordinator re-sends when it heard nothing) gets the same answer
 * again, never a second act. The act's cancel, supplement and compensation commands act on the
 * same case.
 */
export class AgencyRuntime<TCommand, TFacts> {
  readonly #definition: AgencyDefinition<TCommand, TFacts>;
  readonly #schema: string;
  readonly #clock: Clock;
  readonly #ids: () => string;
  readonly #source: string;
  readonly #act: string;

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
    this.#act = options.definition.messages.command.type;
  }

  get agency(): string {
    return this.#definition.agency;
  }

  /** The act's key: the type of the command that opens its cases. */
  get act(): string {
    return this.#act;
  }

  /** The command types this act consumes. */
  get commandTypes(): string[] {
    const { messages } = this.#definition;
    return [messages.command, messages.cancel, messages.supplement, messages.compensate]
      .filter((definition) => definition !== undefined)
      .map((definition) => definition.type);
  }

  /** Handles a message from the coordinator (inbox consumer handler); others' messages pass by. */
  async onCommand(tx: PooledClient, message: Envelope): Promise<void> {
    const { messages } = this.#definition;
    switch (message.type) {
      case messages.command.type:
        return this.#onAct(tx, message);
      case messages.cancel.type:
        return this.#onCancel(tx, message);
      case messages.supplement.type:
        return this.#onSupplement(tx, message);
      case messages.compensate?.type:
        return this.#onCompensate(tx, message);
      default:
        return;
    }
  }

  /** An officer decides an open task of this act. */
  async decideTask(tx: PooledClient, taskId: string, decision: OfficerAction): Promise<void> {
    const { rows } = await tx.query<{ dossier_id: string; status: string }>(
      'SELECT dossier_id, status FROM officer_tasks WHERE id = $1 AND command_type = $2 FOR UPDATE',
      [taskId, this.#act],
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
        await this.#askForDocuments(tx, task.dossier_id, decision.reason, causation);
        break;
    }
  }

  async listTasks(tx: PooledClient, status: OfficerTaskStatus): Promise<OfficerTask[]> {
    const { rows } = await tx.query<{
      id: string;
      dossier_id: string;
      command_type: string;
      reason: Reason;
      status: OfficerTaskStatus;
      created_at: Date;
      resolved_at: Date | null;
      resolved_by: string | null;
      command: Record<string, unknown>;
      supplements: Record<string, unknown>[];
    }>(
      `SELECT t.*, c.command, c.supplements FROM officer_tasks t JOIN cases c USING (dossier_id, command_type)
       WHERE t.status = $1 AND t.command_type = $2 ORDER BY t.id LIMIT 500`,
      [status, this.#act],
    );
    return rows.map((row) => ({
      id: row.id,
      dossierId: row.dossier_id,
      act: row.command_type,
      reason: row.reason,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      resolvedAt: row.resolved_at?.toISOString() ?? null,
      resolvedBy: row.resolved_by,
      command: row.command,
      supplements: row.supplements,
    }));
  }

  async findCase(tx: PooledClient, dossierId: string): Promise<CaseRow | undefined> {
    const { rows } = await tx.query<CaseRow>(
      'SELECT * FROM cases WHERE dossier_id = $1 AND command_type = $2',
      [dossierId, this.#act],
    );
    return rows[0];
  }

  /**
   * An authorised officer annulled the act after it was done (decided at the office, e.g.
   * `POST .../annulment`): the case is marked annulled and the event tells the coordinator,
   * which undoes everything that followed. Only an approved case can be annulled.
   */
  async annul(tx: PooledClient, dossierId: string, annulment: AnnulmentDecision): Promise<void> {
    const row = await this.#lock(tx, dossierId);
    if (!row)
      throw new AppError('NOT_FOUND', `No ${this.#definition.messages.name} for dossier ${dossierId}.`);
    if (row.status !== 'approved') {
      throw new AppError(
        'STATE_CONFLICT',
        `The ${this.#definition.messages.name} of dossier ${dossierId} is ${row.status}; only a ` +
          'completed registration can be annulled.',
        { extensions: { currentState: row.status, allowedWhen: 'approved' } },
      );
    }
    const now = this.#clock.now();
    await tx.query(
      `UPDATE cases SET status = 'annulled', reason = $3, undo = $4, undone_at = $5, updated_at = $5
       WHERE dossier_id = $1 AND command_type = $2`,
      [
        dossierId,
        this.#act,
        annulment.reason,
        { annulledBy: annulment.actor, annulledAt: now.toISOString() },
        now,
      ],
    );
    await this.#reply(tx, annulment.event, dossierId, row.command_id, annulment.data);
  }

  async #onAct(tx: PooledClient, message: Envelope): Promise<void> {
    const command = message.data as TCommand;
    const existing = await this.#lock(tx, message.subject);
    if (existing && existing.status !== 'failed') {
      // Follow-up work resumes only for a case that still stands.
      if (!['cancelled', 'compensated', 'annulled'].includes(existing.status)) {
        await this.#definition.onRepeat?.(command, this.#context(tx, this.#clock.now()));
      }
      await this.#repeatAnswer(tx, existing, message.id);
      return;
    }
    const now = this.#clock.now();
    await tx.query(
      `INSERT INTO cases (dossier_id, command_type, command_id, command, status, received_at, updated_at, traceparent)
       VALUES ($1, $2, $3, $4, 'awaiting_officer', $5, $5, $6)
       ON CONFLICT (dossier_id, command_type) DO UPDATE SET command_id = $3, command = $4, updated_at = $5, traceparent = $6`,
      [message.subject, this.#act, message.id, message.data, now, message.traceparent ?? null],
    );
    const context = this.#context(tx, now);
    const facts = await this.#definition.facts(command, context);
    const assessment: Assessment = this.#definition.assess(command, facts, now);
    switch (assessment.decision) {
      case 'approve':
        await this.#approve(tx, message.subject, command, 'policy', message.id, facts);
        break;
      case 'refuse':
        await this.#refuse(tx, message.subject, assessment.reason, 'policy', message.id);
        break;
      case 'ask-officer':
        await this.#openTask(tx, message.subject, assessment.reason, now);
        await this.#setStatus(tx, message.subject, 'awaiting_officer', assessment.reason, null);
        await this.#reply(tx, this.#definition.messages.progressed, message.subject, message.id, {
          status: 'awaiting_officer',
          reason: assessment.reason,
        });
        break;
      case 'request-supplement':
        await this.#askForDocuments(tx, message.subject, assessment.reason, message.id);
        break;
    }
  }

  /** Stop the act if it is not decided; otherwise say again what was decided. */
  async #onCancel(tx: PooledClient, message: Envelope): Promise<void> {
    const { reason } = message.data as DataOf<AgencyDefinition<TCommand, TFacts>['messages']['cancel']>;
    const row = await this.#lock(tx, message.subject);
    const now = this.#clock.now();
    if (!row) {
      // The command never arrived (it would come first on the same partition): keep a cancelled
      // case, so a late command is answered "cancelled" instead of being acted on.
      await tx.query(
        `INSERT INTO cases (dossier_id, command_type, command_id, command, status, reason, received_at, updated_at, traceparent)
         VALUES ($1, $2, $3, '{}'::jsonb, 'cancelled', $4, $5, $5, $6)`,
        [message.subject, this.#act, message.id, reason, now, message.traceparent ?? null],
      );
      await this.#reply(tx, this.#definition.messages.cancelled, message.subject, message.id, {
        cancelledAt: now.toISOString(),
      });
      return;
    }
    switch (row.status) {
      case 'awaiting_officer':
      case 'supplement_requested':
      case 'failed':
        await tx.query(
          `UPDATE officer_tasks SET status = 'cancelled', resolved_at = $3, resolved_by = 'saga-coordinator',
             resolution = $4 WHERE dossier_id = $1 AND command_type = $2 AND status = 'open'`,
          [message.subject, this.#act, now, { reason }],
        );
        await this.#setStatus(tx, message.subject, 'cancelled', reason, null);
        await this.#definition.onCancel?.(message.subject, this.#context(tx, now));
        await this.#reply(tx, this.#definition.messages.cancelled, message.subject, message.id, {
          cancelledAt: now.toISOString(),
        });
        return;
      case 'cancelled':
        await this.#reply(tx, this.#definition.messages.cancelled, message.subject, message.id, {
          cancelledAt: (row.decided_at ?? now).toISOString(),
        });
        return;
      case 'approved':
      case 'refused':
      case 'compensated':
      case 'annulled':
        await this.#repeatAnswer(tx, row, message.id);
        return;
    }
  }

  /** The citizen sent the documents asked for: the case goes back to an officer. */
  async #onSupplement(tx: PooledClient, message: Envelope): Promise<void> {
    const row = await this.#lock(tx, message.subject);
    if (!row) throw new PermanentError(`documents for dossier ${message.subject}, which has no case here`);
    if (row.status !== 'supplement_requested') {
      await this.#repeatAnswer(tx, row, message.id);
      return;
    }
    const now = this.#clock.now();
    const { dossierId: _dossierId, ...supplement } = message.data as Record<string, unknown>;
    await tx.query(
      `UPDATE cases SET supplements = supplements || $3::jsonb WHERE dossier_id = $1 AND command_type = $2`,
      [message.subject, this.#act, JSON.stringify([{ ...supplement, messageId: message.id }])],
    );
    await this.#openTask(tx, message.subject, SUPPLEMENT_RECEIVED, now);
    await this.#setStatus(tx, message.subject, 'awaiting_officer', SUPPLEMENT_RECEIVED, null);
    await this.#reply(tx, this.#definition.messages.progressed, message.subject, message.id, {
      status: 'awaiting_officer',
      reason: SUPPLEMENT_RECEIVED,
    });
  }

  /**
   * Undo the act after an annulment, once. A failure rolls back what the undo wrote (a
   * savepoint) and is reported, so the coordinator retries it with backoff and finally parks it
   * for an operator; nothing is swallowed.
   */
  async #onCompensate(tx: PooledClient, message: Envelope): Promise<void> {
    const definition = this.#definition;
    const { messages } = definition;
    const { compensated, compensationFailed } = messages;
    if (!definition.undo || !compensated || !compensationFailed) {
      throw new PermanentError(`${messages.name} cannot be undone here, yet a compensation came`);
    }
    const row = await this.#lock(tx, message.subject);
    if (row?.status === 'compensated') {
      await this.#reply(tx, compensated, message.subject, message.id, row.undo ?? {});
      return;
    }
    if (row?.status !== 'approved' || !row.record) {
      throw new PermanentError(
        `compensation of ${messages.name} for dossier ${message.subject}: the case is ` +
          `${row?.status ?? 'missing'}, not done, so there is nothing to undo`,
      );
    }
    const { dossierId: _dossierId, ...annulment } = message.data as Annulment & { dossierId: string };
    const now = this.#clock.now();
    await tx.query('SAVEPOINT agency_undo');
    try {
      const undone = await definition.undo(
        row.command as TCommand,
        row.record,
        annulment,
        this.#context(tx, now),
      );
      await tx.query('RELEASE SAVEPOINT agency_undo');
      await tx.query(
        `UPDATE cases SET status = 'compensated', undo = $3, undone_at = $4, updated_at = $4,
           undo_attempts = undo_attempts + 1, reason = $5
         WHERE dossier_id = $1 AND command_type = $2`,
        [message.subject, this.#act, undone, now, annulment.reason],
      );
      await this.#reply(tx, compensated, message.subject, message.id, undone);
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT agency_undo');
      // A bug or broken data: parked for an operator. Anything else is reported and retried.
      if (classifyFailure(error) === 'permanent') throw error;
      const reason: Reason = {
        code: 'COMPENSATION_FAILED',
        message: {
          vi: 'Chưa hoàn tác được; hệ thống sẽ thử lại',
          en: `Could not undo it yet (${describeError(error).slice(0, 200)}); it will be retried`,
        },
      };
      await tx.query(
        `UPDATE cases SET undo_attempts = undo_attempts + 1, undo = $3, updated_at = $4
         WHERE dossier_id = $1 AND command_type = $2`,
        [message.subject, this.#act, { lastFailure: reason, failedAt: now.toISOString() }, now],
      );
      await this.#reply(tx, compensationFailed, message.subject, message.id, { reason });
    }
  }

  async #openTask(tx: PooledClient, dossierId: string, reason: Reason, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO officer_tasks (dossier_id, command_type, reason, status, created_at) VALUES ($1, $2, $3, 'open', $4)
       ON CONFLICT DO NOTHING`,
      [dossierId, this.#act, reason, now],
    );
  }

  async #askForDocuments(
    tx: PooledClient,
    dossierId: string,
    reason: Reason,
    causation: string,
  ): Promise<void> {
    await this.#setStatus(tx, dossierId, 'supplement_requested', reason, null);
    await this.#reply(tx, this.#definition.messages.progressed, dossierId, causation, {
      status: 'supplement_requested',
      reason,
    });
  }

  async #approve(
    tx: PooledClient,
    dossierId: string,
    command: TCommand,
    actor: string,
    causation: string,
    facts?: TFacts,
  ): Promise<void> {
    const now = this.#clock.now();
    const record = await this.#definition.act(command, this.#context(tx, now), facts);
    await this.#setStatus(tx, dossierId, 'approved', null, record, actor);
    await this.#reply(tx, this.#definition.messages.succeeded, dossierId, causation, record);
  }

  async #refuse(
    tx: PooledClient,
    dossierId: string,
    reason: Reason,
    actor: string,
    causation: string,
  ): Promise<void> {
    await this.#setStatus(tx, dossierId, 'refused', reason, null, actor);
    await this.#reply(tx, this.#definition.messages.refused, dossierId, causation, { reason });
  }

  /** A re-sent command: say again what was decided, or that it still waits. */
  async #repeatAnswer(tx: PooledClient, row: CaseRow, causation: string): Promise<void> {
    const { messages } = this.#definition;
    switch (row.status) {
      case 'approved':
        return this.#reply(tx, messages.succeeded, row.dossier_id, causation, row.record ?? {});
      case 'refused':
        return this.#reply(tx, messages.refused, row.dossier_id, causation, { reason: row.reason });
      case 'awaiting_officer':
      case 'supplement_requested':
        return this.#reply(tx, messages.progressed, row.dossier_id, causation, {
          status: row.status,
          ...(row.reason ? { reason: row.reason } : {}),
        });
      case 'cancelled':
        return this.#reply(tx, messages.cancelled, row.dossier_id, causation, {
          cancelledAt: (row.decided_at ?? row.received_at).toISOString(),
        });
      case 'compensated':
        return messages.compensated
          ? this.#reply(tx, messages.compensated, row.dossier_id, causation, row.undo ?? {})
          : undefined;
      // Annulled at the office: the annulment event already told the coordinator.
      case 'annulled':
      case 'failed':
        return;
    }
  }

  async #lock(tx: PooledClient, dossierId: string): Promise<CaseRow | undefined> {
    const { rows } = await tx.query<CaseRow>(
      'SELECT * FROM cases WHERE dossier_id = $1 AND command_type = $2 FOR UPDATE',
      [dossierId, this.#act],
    );
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
    const decided = status === 'approved' || status === 'refused' || status === 'cancelled';
    await tx.query(
      `UPDATE cases SET status = $3, reason = $4, record = COALESCE($5, record), updated_at = $6,
         decided_at = CASE WHEN $7 THEN $6 ELSE decided_at END,
         decided_by = CASE WHEN $7 THEN $8 ELSE decided_by END
       WHERE dossier_id = $1 AND command_type = $2`,
      [dossierId, this.#act, status, reason, record, now, decided, actor ?? null],
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
      'SELECT traceparent FROM cases WHERE dossier_id = $1 AND command_type = $2',
      [dossierId, this.#act],
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
