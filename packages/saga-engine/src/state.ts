import type { Reason } from './definition.ts';

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
  | 'compensated';

/** Statuses after which the step's agency has nothing more to do. */
export const FINISHED_STEP_STATUSES: ReadonlySet<StepStatus> = new Set([
  'succeeded',
  'refused',
  'cancelled',
  'compensated',
]);

export type SagaStatus =
  /** Steps are running or waiting. */
  | 'running'
  /** A step failed technically: parked until an operator acts. */
  | 'failed'
  | 'completed'
  | 'partially_completed'
  | 'refused';

export const FINISHED_SAGA_STATUSES: ReadonlySet<SagaStatus> = new Set([
  'completed',
  'partially_completed',
  'refused',
]);

export interface StepState {
  readonly id: string;
  readonly service: string;
  readonly agency: string;
  readonly status: StepStatus;
  /** Sends of the command so far. */
  readonly attempt: number;
  readonly commandId?: string;
  readonly startedAt?: string;
  /** Statutory due moment, from the working-day calendar. */
  readonly dueAt?: string;
  readonly overdue: boolean;
  /** Set while the latest send has had no reply at all; the command is re-sent after it. */
  readonly replyTimeoutAt?: string;
  readonly completedAt?: string;
  readonly reason?: Reason;
  readonly result: Readonly<Record<string, unknown>>;
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
}

export type HistoryType =
  | 'saga-started'
  | 'command-sent'
  | 'reply-received'
  | 'reply-ignored'
  | 'step-status-changed'
  | 'step-overdue'
  | 'saga-status-changed'
  | 'operator-retry';

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
