import type { Ending, Reason } from './definition.ts';

export type StepStatus =
  | 'pending'
  | 'in_progress'
  | 'id_pending'
  | 'awaiting_officer'
  | 'supplement_requested'
  | 'succeeded'
  | 'refused'
  | 'failed'
  | 'cancelled'
  | 'compensating'
  | 'compensated'
  /** Undoing the step failed past its retries: parked for an operator. */
  | 'compensation_failed';

/** Statuses after which the step's agency has nothing more to do (unless an annulment undoes it). */
export const FINISHED_STEP_STATUSES: ReadonlySet<StepStatus> = new Set([
  'succeeded',
  'refused',
  'cancelled',
  'compensated',
]);

/** Statuses of a step whose act the agency has not decided yet: a withdrawal or annulment cancels them. */
export const UNDECIDED_STEP_STATUSES: ReadonlySet<StepStatus> = new Set([
  'in_progress',
  'awaiting_officer',
  'supplement_requested',
  'failed',
]);

export type SagaStatus =
  /** Steps are running or waiting. */
  | 'running'
  /** A step (or undoing one) failed technically: parked until an operator acts. */
  | 'failed'
  | 'completed'
  | 'partially_completed'
  | 'refused'
  | 'withdrawn';

export const FINISHED_SAGA_STATUSES: ReadonlySet<SagaStatus> = new Set([
  'completed',
  'partially_completed',
  'refused',
  'withdrawn',
]);

/** A cancel sent to the agency, waiting for its answer. */
export interface CancelState {
  readonly attempt: number;
  readonly commandId: string;
  /** Re-sent after this when no answer came; absent when no answer is awaited. */
  readonly replyTimeoutAt?: string;
  /** `attempt` when the current retry budget started (an operator's retry starts a new one). */
  readonly budgetFrom?: number;
}

/** Undoing a step after an annulment. */
export interface CompensationState {
  readonly attempt: number;
  readonly commandId: string;
  /** Sent again after this (no answer, or the agency reported a failure). */
  readonly replyTimeoutAt?: string;
  readonly budgetFrom?: number;
  /** What the agency returned when it was undone (e.g. a recovery record). */
  readonly result?: Readonly<Record<string, unknown>>;
  /** Why the last attempt failed. */
  readonly lastFailure?: Reason;
}

export interface StepState {
  readonly id: string;
  readonly service: string;
  readonly agency: string;
  readonly status: StepStatus;
  /** Sends of the command so far. */
  readonly attempt: number;
  /** `attempt` when the current retry budget started (an operator's retry starts a new one). */
  readonly budgetFrom?: number;
  readonly commandId?: string;
  readonly startedAt?: string;
  /** Statutory due moment, from the working-day calendar. */
  readonly dueAt?: string;
  readonly overdue: boolean;
  /** Set while the latest send has had no reply at all; the command is re-sent after it. */
  readonly replyTimeoutAt?: string;
  /** While documents are asked for: the step is refused if none come by then. */
  readonly supplementDueAt?: string;
  /** Supplements sent to the agency so far. */
  readonly supplements?: number;
  readonly completedAt?: string;
  readonly reason?: Reason;
  readonly result: Readonly<Record<string, unknown>>;
  readonly cancel?: CancelState;
  readonly compensation?: CompensationState;
}

/** The saga's durable state: one row per dossier. */
export interface SagaState {
  readonly sagaId: string;
  readonly definition: string;
  readonly definitionVersion: number;
  readonly status: SagaStatus;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** The chosen steps, in procedure order. */
  readonly steps: readonly StepState[];
  /** Set once the dossier is withdrawn or a registration of it annulled. */
  readonly ending?: Ending;
}

export type HistoryType =
  | 'saga-started'
  | 'command-sent'
  | 'reply-received'
  | 'reply-ignored'
  | 'step-status-changed'
  | 'step-overdue'
  | 'saga-status-changed'
  | 'operator-retry'
  | 'withdrawal-requested'
  | 'annulment-received'
  | 'supplement-submitted'
  | 'supplement-expired';

/** One line of the dossier's timeline; appended, never rewritten. */
export interface HistoryEntry {
  readonly at: string;
  readonly type: HistoryType;
  readonly step?: string;
  readonly from?: string;
  readonly to?: string;
  readonly actor?: string;
  readonly reason?: string;
  readonly messageId?: string;
  readonly messageType?: string;
  readonly detail?: string;
}

/** A command to send, with an id that is the same however often the decision is replayed. */
export interface PlannedCommand {
  readonly id: string;
  readonly stepId: string;
  readonly type: string;
  readonly topic: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface StepChange {
  readonly stepId: string;
  readonly from: StepStatus;
  readonly to: StepStatus;
}
