/**
 * What every step performed by an agency act says the same way: how its replies are read, how
 * the act is stopped, how documents reach it, how it is undone. The step files then declare
 * only what is particular to them: the command, what the result keeps, deadlines and policies.
 */
import type { AgencyAct, DataOf } from '@lienthong/contracts';
import {
  reply,
  type CancelDefinition,
  type CompensationDefinition,
  type Deadline,
  type Localized,
  type RefusalPolicy,
  type ReplyOutcome,
  type RetryPolicy,
  type StepContext,
  type StepDefinition,
  type SupplementDefinition,
} from '@lienthong/saga-engine';

type Data = Readonly<Record<string, unknown>>;

/**
 * How a step's command is re-sent when its agency is silent: an office acknowledges within
 * minutes, so after 2 minutes, then 4, 8, 16; five sends in all (re-sending is safe: every act is
 * idempotent per dossier).
 */
export const AGENCY_REPLY_RETRY: RetryPolicy = {
  maxAttempts: 5,
  replyTimeoutMs: 2 * 60_000,
  backoffMultiplier: 2,
};
type Replies = StepDefinition<unknown>['replies'];

/**
 * The reply table of an act: progress (with why it waits), its decision, a technical failure,
 * a cancellation; `succeeded` reads the act's own result.
 */
export function actReplies(act: AgencyAct, succeeded: (data: Data) => ReplyOutcome): Replies {
  return {
    [act.progressed.type]: (data) => {
      const progressed = data as DataOf<AgencyAct['progressed']>;
      return reply.progress(progressed.status, undefined, progressed.reason);
    },
    [act.succeeded.type]: succeeded,
    [act.refused.type]: (data) => reply.refused((data as DataOf<AgencyAct['refused']>).reason),
    [act.failed.type]: (data) => reply.failed((data as DataOf<AgencyAct['failed']>).reason),
    [act.cancelled.type]: () => reply.cancelled(),
  };
}

/** Stops the act at its agency with the reason the saga gives. */
export function cancelVia<TInput>(act: AgencyAct): CancelDefinition<TInput> {
  return {
    command: ({ dossierId, reason }) => ({
      type: act.cancel.type,
      topic: act.cancel.topic,
      data: { dossierId, reason } satisfies DataOf<AgencyAct['cancel']>,
    }),
  };
}

/** Hands the citizen's documents (`{ documents, note?, submittedAt }`) to the act's agency. */
export function supplementVia<TInput>(act: AgencyAct): SupplementDefinition<TInput> {
  return {
    command: ({ dossierId, supplement }) => ({
      type: act.supplement.type,
      topic: act.supplement.topic,
      data: { ...supplement, dossierId },
    }),
  };
}

/** Undoes the act after an annulment; `undone` reads what the agency returns (e.g. a recovery). */
export function compensationVia<TInput>(
  act: AgencyAct,
  retry: RetryPolicy,
  undone: (data: Data) => Readonly<Record<string, unknown>>,
): CompensationDefinition<TInput> {
  const { compensate, compensated, compensationFailed } = act;
  if (!compensate || !compensated || !compensationFailed) {
    throw new Error(`act ${act.name} cannot be undone: it declares no compensation`);
  }
  return {
    command: ({ dossierId, ending }) => {
      if (!ending) throw new Error(`undoing ${act.name} needs the annulment it follows from`);
      return {
        type: compensate.type,
        topic: compensate.topic,
        data: { dossierId, reason: ending.reason, annulledAt: ending.at, annulledBy: ending.actor },
      };
    },
    replies: {
      [compensated.type]: (data) => reply.succeeded(undone(data)),
      [compensationFailed.type]: (data) =>
        reply.failed((data as DataOf<NonNullable<AgencyAct['compensationFailed']>>).reason),
    },
    retry,
  };
}

/** Reads an annulment event: the reason and who annulled, kept in the step's result too. */
export function annulledReply(data: Data): ReplyOutcome {
  const annulled = data as {
    reason: { code: string; message: { vi: string; en: string } };
    annulledBy: string;
    annulledAt: string;
  };
  return reply.annulled(annulled.reason, annulled.annulledBy, annulled.annulledAt, {
    annulledAt: annulled.annulledAt,
    annulledBy: annulled.annulledBy,
  });
}

/** A step performed by one agency act: what is particular to it; the act gives the rest. */
export interface ActStepSpec<TInput> {
  /** Stable id, stored in saga rows; also the service the citizen chooses. */
  readonly id: string;
  readonly agency: string;
  readonly title: Localized;
  readonly after: readonly string[];
  readonly deadline: Deadline;
  readonly onRefusal: RefusalPolicy;
  /** Default `AGENCY_REPLY_RETRY`. */
  readonly retry?: RetryPolicy;
  /** The command's data (its type and topic are the act's). */
  readonly command: (context: StepContext<TInput>) => Readonly<Record<string, unknown>>;
  /** How the act's `succeeded` event reads. */
  readonly succeeded: (data: Data) => ReplyOutcome;
  /** Replies beyond the act's own (an ID attached later, an annulment). */
  readonly replies?: Replies;
  /** When the law lets it be undone: how it is retried, and what undoing it returns. */
  readonly undo?: {
    readonly retry: RetryPolicy;
    readonly result: (data: Data) => Readonly<Record<string, unknown>>;
  };
}

/**
 * The step of an agency act: its command and replies, its cancel and supplement, and its
 * compensation when it has one, all from the act's messages.
 */
export function actStep<TInput>(act: AgencyAct, spec: ActStepSpec<TInput>): StepDefinition<TInput> {
  return {
    id: spec.id,
    service: spec.id,
    agency: spec.agency,
    title: spec.title,
    after: spec.after,
    command: (context) => ({ type: act.command.type, topic: act.command.topic, data: spec.command(context) }),
    replies: { ...actReplies(act, spec.succeeded), ...spec.replies },
    retry: spec.retry ?? AGENCY_REPLY_RETRY,
    deadline: spec.deadline,
    onRefusal: spec.onRefusal,
    cancel: cancelVia(act),
    supplement: supplementVia(act),
    ...(spec.undo ? { compensation: compensationVia(act, spec.undo.retry, spec.undo.result) } : {}),
  };
}
