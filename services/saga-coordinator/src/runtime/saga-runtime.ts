import {
  ALL_MESSAGES,
  createEnvelope,
  DossierReceived,
  DossierStatusChanged,
  MessageRegistry,
  StepOverdue,
  type DataOf,
  type Envelope,
} from '@lienthong/contracts';
import {
  childTraceparent,
  enqueueMessages,
  PermanentError,
  type OutgoingMessage,
  type PooledClient,
  type Queryable,
} from '@lienthong/messaging';
import {
  isRejection,
  nextWakeAt,
  type Decision,
  type Rejection,
  type SagaInput,
  type SagaState,
} from '@lienthong/saga-engine';
import { AppError } from '@lienthong/service-kit';
import type { z } from 'zod';
import {
  deriveDossierStatus,
  dossierReason,
  FINISHED_DOSSIER_STATUSES,
  PORTAL_STATUS_CODES,
} from '../domain/dossier-status.ts';
import {
  getProcedure,
  PROCEDURES,
  type Procedure,
  type Procedures,
  type StoredDossier,
} from './procedures.ts';

export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** A fresh unique id for an event this service emits. */
  next(): string;
}

const SOURCE = '/lienthong/saga-coordinator';
const registry = new MessageRegistry(ALL_MESSAGES);

interface DossierRow extends Record<string, unknown> {
  id: string;
  procedure: string;
  services: string[];
  commune_code: string;
  status: string;
  submission: Record<string, unknown>;
  received_at: Date;
  first_reply_at: Date | null;
  state: SagaState | null;
  wake_at: Date | null;
  traceparent: string | null;
}

/**
 * Runs sagas durably. Every input (a start, an agency reply, a tick, an operator retry) is
 * decided by the pure orchestrator inside one transaction that also saves the new state, the
 * history, the commands (outbox) and the dossier's status: all of it commits, or none.
 * The saga row is locked for the decision, so inputs of one dossier are applied one by one.
 */
export class SagaRuntime {
  readonly #schema: string;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly procedures: Procedures;

  constructor(options: { schema: string; clock: Clock; ids: IdSource; procedures?: Procedures }) {
    this.#schema = options.schema;
    this.#clock = options.clock;
    this.#ids = options.ids;
    this.procedures = options.procedures ?? PROCEDURES;
  }

  /** The procedure group of a dossier (birth, death), with its saga. */
  procedure(name: string): Procedure {
    return getProcedure(name, this.procedures);
  }

  /** Starts the saga of a dossier just inserted in this transaction. */
  async start(tx: PooledClient, dossierId: string): Promise<void> {
    const dossier = await this.#load(tx, dossierId, 'lock');
    if (!dossier) throw new Error(`dossier ${dossierId} not found`);
    const procedure = this.procedure(dossier.procedure);
    const now = this.#clock.now();
    const decision = procedure.decide(
      undefined,
      { kind: 'start', sagaId: dossierId, services: dossier.services },
      toStored(dossier),
      now,
    );
    if (isRejection(decision)) throw new AppError('VALIDATION_FAILED', decision.rejected.message);
    const received = createEnvelope({
      definition: DossierReceived,
      id: this.#ids.next(),
      source: SOURCE,
      subject: dossierId,
      time: now,
      correlationId: dossierId,
      traceparent: childTraceparent(dossier.traceparent ?? undefined),
      data: {
        dossierId,
        procedure: dossier.procedure as 'birth' | 'death',
        services: dossier.services,
        communeCode: dossier.commune_code,
        receivedAt: dossier.received_at.toISOString(),
      },
    });
    await this.#apply(tx, dossier, decision, undefined, [
      { topic: DossierReceived.topic, envelope: received },
    ]);
  }

  /** Applies an agency's reply (an event on its topic) to the dossier's saga. */
  async onAgencyEvent(tx: PooledClient, message: Envelope): Promise<void> {
    const dossier = await this.#load(tx, message.subject, 'lock');
    if (!dossier?.state) {
      throw new PermanentError(`${message.type} for dossier ${message.subject}, which has no saga here`);
    }
    const input: SagaInput = {
      kind: 'reply',
      messageId: message.id,
      type: message.type,
      data: message.data as Record<string, unknown>,
    };
    const decision = this.procedure(dossier.procedure).decide(
      dossier.state,
      input,
      toStored(dossier),
      this.#clock.now(),
    );
    if (isRejection(decision)) throw new PermanentError(decision.rejected.message);
    if (!dossier.first_reply_at) {
      await tx.query('UPDATE dossiers SET first_reply_at = $2 WHERE id = $1', [
        dossier.id,
        this.#clock.now(),
      ]);
      dossier.first_reply_at = this.#clock.now();
    }
    await this.#apply(tx, dossier, decision, message.id, []);
  }

  /** Dossiers whose saga timer is due (a reply timeout or a statutory deadline). */
  async dueSagas(db: Queryable, limit: number): Promise<string[]> {
    const { rows } = await db.query<{ dossier_id: string }>(
      'SELECT dossier_id FROM sagas WHERE wake_at <= $1 ORDER BY wake_at LIMIT $2',
      [this.#clock.now(), limit],
    );
    return rows.map((row) => row.dossier_id);
  }

  /**
   * Wakes one saga if its timer is still due. Skips a dossier another transaction holds (a reply
   * being applied, or another coordinator instance ticking it): the next round sees it again.
   */
  async tick(tx: PooledClient, dossierId: string): Promise<boolean> {
    const now = this.#clock.now();
    const dossier = await this.#load(tx, dossierId, 'skip-locked');
    if (!dossier?.state || !dossier.wake_at || dossier.wake_at > now) return false;
    const decision = this.procedure(dossier.procedure).decide(
      dossier.state,
      { kind: 'tick' },
      toStored(dossier),
      now,
    );
    if (isRejection(decision)) return false;
    await this.#apply(tx, dossier, decision, undefined, []);
    return true;
  }

  /** An operator resumes a failed saga from its failed step(s). */
  async retry(
    tx: PooledClient,
    dossierId: string,
    actor: string,
    reason: string,
    stepId?: string,
  ): Promise<void> {
    await this.#act(
      tx,
      dossierId,
      () => ({ kind: 'retry', actor, reason, ...(stepId ? { stepId } : {}) }),
      (dossier, rejection) =>
        new AppError('STATE_CONFLICT', `Cannot retry dossier ${dossierId}: ${rejection.rejected.message}.`, {
          extensions: { sagaStatus: dossier.state?.status, allowedWhen: 'a step is failed' },
        }),
    );
  }

  /**
   * The citizen withdraws the dossier (through the portal): steps not yet decided are stopped at
   * their agencies; decided ones stand. Withdrawing again is the same withdrawal.
   */
  async withdraw(tx: PooledClient, dossierId: string, actor: string, note?: string): Promise<void> {
    await this.#act(
      tx,
      dossierId,
      () => ({ kind: 'withdraw', actor, ...(note ? { note } : {}) }),
      (dossier, rejection) =>
        new AppError(
          'STATE_CONFLICT',
          rejection.rejected.code === 'ALREADY_FINISHED'
            ? `Dossier ${dossierId} is already ${dossier.status}: there is nothing left to withdraw. What the ` +
                'agencies decided stands; only the agency that registered it can annul a registration.'
            : `Dossier ${dossierId} cannot be withdrawn: ${rejection.rejected.message}.`,
          {
            extensions: {
              currentState: dossier.status,
              allowedWhen:
                'the dossier is still in progress (received, in_progress, supplement_requested, failed)',
            },
          },
        ),
    );
  }

  /**
   * The citizen sends the documents an agency asked for; the steps asking (or the one named)
   * work again. Returns the services that got them.
   */
  async supplement(
    tx: PooledClient,
    dossierId: string,
    actor: string,
    supplement: { service?: string; documents: readonly Record<string, unknown>[]; note?: string },
  ): Promise<string[]> {
    const decision = await this.#act(
      tx,
      dossierId,
      (state) => {
        const step = supplement.service
          ? state.steps.find((candidate) => candidate.service === supplement.service)
          : undefined;
        if (supplement.service && !step) {
          throw new AppError(
            'VALIDATION_FAILED',
            `Dossier ${dossierId} has no service ${supplement.service}.`,
            {
              errors: [
                {
                  field: 'body.service',
                  rule: 'chosen_service',
                  message: 'must be one of the dossier’s services',
                },
              ],
            },
          );
        }
        return {
          kind: 'supplement',
          actor,
          ...(step ? { stepId: step.id } : {}),
          supplement: {
            documents: supplement.documents,
            ...(supplement.note ? { note: supplement.note } : {}),
            submittedAt: this.#clock.now().toISOString(),
          },
        };
      },
      (dossier, rejection) =>
        new AppError(
          'STATE_CONFLICT',
          `Dossier ${dossierId} takes no documents now: ${rejection.rejected.message}.`,
          {
            extensions: {
              currentState: dossier.status,
              allowedWhen: 'a step asks for documents (status supplement_requested)',
            },
          },
        ),
    );
    const resumed = new Set(
      decision.history.filter((entry) => entry.type === 'supplement-submitted').map((entry) => entry.step),
    );
    return decision.state.steps.filter((step) => resumed.has(step.id)).map((step) => step.service);
  }

  /**
   * An action on a dossier's saga (an operator's or the portal's): decided on the locked dossier
   * and applied in the same transaction; a rejection becomes the caller's problem.
   */
  async #act(
    tx: PooledClient,
    dossierId: string,
    inputOf: (state: SagaState) => SagaInput,
    conflict: (dossier: DossierRow, rejection: Rejection) => AppError,
  ): Promise<Decision> {
    const dossier = await this.#load(tx, dossierId, 'lock');
    if (!dossier?.state) throw new AppError('NOT_FOUND', `No dossier ${dossierId}.`);
    const decision = this.procedure(dossier.procedure).decide(
      dossier.state,
      inputOf(dossier.state),
      toStored(dossier),
      this.#clock.now(),
    );
    if (isRejection(decision)) throw conflict(dossier, decision);
    await this.#apply(tx, dossier, decision, undefined, []);
    return decision;
  }

  /**
   * Locks the dossier row, then reads it with its saga. Two statements on purpose: under READ
   * COMMITTED a `FOR UPDATE` that waited re-reads only the locked row, so a joined saga state
   * read in the same statement could be the one from before the other transaction committed.
   * Every decision about a dossier takes this lock first, so decisions apply one after another.
   */
  async #load(
    tx: PooledClient,
    dossierId: string,
    lock: 'lock' | 'skip-locked',
  ): Promise<DossierRow | undefined> {
    const locked = await tx.query(
      `SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE${lock === 'skip-locked' ? ' SKIP LOCKED' : ''}`,
      [dossierId],
    );
    if ((locked.rowCount ?? 0) === 0) return undefined;
    const { rows } = await tx.query<DossierRow>(
      `SELECT d.id, d.procedure, d.services, d.commune_code, d.status, d.submission, d.received_at,
              d.first_reply_at, d.traceparent, s.state, s.wake_at
       FROM dossiers d LEFT JOIN sagas s ON s.dossier_id = d.id
       WHERE d.id = $1`,
      [dossierId],
    );
    return rows[0];
  }

  async #apply(
    tx: PooledClient,
    dossier: DossierRow,
    decision: Decision,
    causationId: string | undefined,
    extra: OutgoingMessage[],
  ): Promise<void> {
    const now = this.#clock.now();
    const { state } = decision;
    const procedure = this.procedure(dossier.procedure);
    await tx.query(
      `INSERT INTO sagas (dossier_id, definition, definition_version, status, state, wake_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (dossier_id) DO UPDATE SET status = $4, state = $5, wake_at = $6, updated_at = $7`,
      [
        dossier.id,
        state.definition,
        state.definitionVersion,
        state.status,
        state,
        nextWakeAt(state) ?? null,
        now,
      ],
    );
    if (decision.history.length > 0) {
      await tx.query(
        `INSERT INTO dossier_history (dossier_id, at, entry)
         SELECT $1, (entry->>'at')::timestamptz, entry FROM jsonb_array_elements($2::jsonb) AS entry`,
        [dossier.id, JSON.stringify(decision.history)],
      );
    }
    for (const record of procedure.recordNumbers(state)) {
      await tx.query(
        'INSERT INTO record_numbers (kind, number, dossier_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [record.kind, record.number, dossier.id],
      );
    }

    const messages: OutgoingMessage[] = [...extra];
    for (const command of decision.commands) {
      const definition = registry.getDefinition(command.type);
      messages.push({
        topic: definition.topic,
        envelope: createEnvelope({
          definition,
          id: command.id,
          source: SOURCE,
          subject: dossier.id,
          time: now,
          correlationId: dossier.id,
          ...(causationId ? { causationId } : {}),
          traceparent: childTraceparent(dossier.traceparent ?? undefined),
          data: command.data,
        }),
      });
    }

    const status = deriveDossierStatus(state, dossier.first_reply_at !== null);
    const changed =
      status !== dossier.status || decision.stepChanges.length > 0 || decision.overdue.length > 0;
    if (changed) {
      await tx.query(
        `UPDATE dossiers SET status = $2, portal_status_code = $3, updated_at = $4,
           finished_at = CASE WHEN $5 THEN COALESCE(finished_at, $4) ELSE NULL END
         WHERE id = $1`,
        [dossier.id, status, PORTAL_STATUS_CODES[status], now, FINISHED_DOSSIER_STATUSES.has(status)],
      );
      const data: DataOf<typeof DossierStatusChanged> = {
        dossierId: dossier.id,
        procedure: dossier.procedure as 'birth' | 'death',
        communeCode: dossier.commune_code,
        status,
        portalStatusCode: PORTAL_STATUS_CODES[status],
        steps: state.steps.map((step) => ({
          service: step.service,
          status: step.status,
          dueAt: step.dueAt ?? null,
          overdue: step.overdue,
          reason: step.reason ?? null,
        })),
        changedAt: now.toISOString(),
        reason: dossierReason(procedure.saga, state) ?? null,
      };
      messages.push(this.#event(DossierStatusChanged, dossier, now, causationId, data));
    }
    for (const stepId of decision.overdue) {
      const step = state.steps.find((candidate) => candidate.id === stepId);
      if (!step?.dueAt) continue;
      messages.push(
        this.#event(StepOverdue, dossier, now, causationId, {
          dossierId: dossier.id,
          service: step.service,
          agency: step.agency,
          dueAt: step.dueAt,
          detectedAt: now.toISOString(),
        }),
      );
    }
    await enqueueMessages(tx, this.#schema, messages);
  }

  #event<TDef extends typeof DossierStatusChanged | typeof StepOverdue>(
    definition: TDef,
    dossier: DossierRow,
    now: Date,
    causationId: string | undefined,
    data: z.input<TDef['schema']>,
  ): OutgoingMessage {
    return {
      topic: definition.topic,
      envelope: createEnvelope({
        definition,
        id: this.#ids.next(),
        source: SOURCE,
        subject: dossier.id,
        time: now,
        correlationId: dossier.id,
        ...(causationId ? { causationId } : {}),
        traceparent: childTraceparent(dossier.traceparent ?? undefined),
        data,
      }),
    };
  }
}

function toStored(row: DossierRow): StoredDossier {
  return {
    id: row.id,
    procedure: row.procedure,
    services: row.services,
    communeCode: row.commune_code,
    status: row.status,
    submission: row.submission,
    receivedAt: row.received_at.toISOString(),
    firstReplyAt: row.first_reply_at?.toISOString() ?? null,
  };
}
