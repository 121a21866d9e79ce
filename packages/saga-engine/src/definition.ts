/**
 * A saga definition reads top to bottom as the government procedure: one step per agency
 * act, named by its business verb, with the command it sends, how each reply is read, its
 * retry policy, reply timeout, statutory deadline and (when the law allows undoing it) its
 * compensation, all declared as data beside it.
 *
 * Step ids are stored in saga rows: once released, a step id never changes.
 */

export interface Localized {
  readonly vi: string;
  readonly en: string;
}

/** Why an agency refused, or why a step could not be done: a stable code and a plain message. */
export interface Reason {
  readonly code: string;
  readonly message: Localized;
}

/** What an agency may say while it works. */
export type ProgressStatus = 'in_progress' | 'id_pending' | 'awaiting_officer' | 'supplement_requested';

/**
 * How one reply message moves its step:
 * - succeeded: the agency's act is done; `result` is merged into the step's result;
 * - refused: a business refusal (a normal outcome, never an exception);
 * - progress: still working, with what the citizen should see;
 * - failed: a technical failure the agency gave up on: the saga is parked for an operator.
 */
export type ReplyOutcome =
  | { readonly outcome: 'succeeded'; readonly result?: Readonly<Record<string, unknown>> }
  | {
      readonly outcome: 'refused';
      readonly reason: Reason;
      readonly result?: Readonly<Record<string, unknown>>;
    }
  | {
      readonly outcome: 'progress';
      readonly status: ProgressStatus;
      readonly detail?: string;
      readonly result?: Readonly<Record<string, unknown>>;
    }
  | { readonly outcome: 'failed'; readonly reason: Reason };

/** A command for an agency, as data: the runtime wraps it in an envelope and an outbox row. */
export interface CommandSpec {
  readonly type: string;
  readonly topic: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What a step's command builder sees. */
export interface StepContext<TInput> {
  readonly dossierId: string;
  readonly input: TInput;
  /** Results of the steps already succeeded, by step id. */
  readonly results: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** 1 for the first send, then 2, 3... for re-sends and operator retries. */
  readonly attempt: number;
}

export interface RetryPolicy {
  /** Sends of the command in all before the step fails for lack of an answer. */
  readonly maxAttempts: number;
  /** How long to wait for the agency's first reply to a send. */
  readonly replyTimeoutMs: number;
  /** Each further wait is multiplied by this. */
  readonly backoffMultiplier: number;
}

export interface Deadline {
  /** Statutory time in working days; 0 means the same working day. */
  readonly workingDays: number;
  /** Where the figure comes from, e.g. "Decree 63/2024/NĐ-CP"; "unconfirmed" when it is. */
  readonly basis: string;
}

/** What happens to the dossier when this step is refused. */
export type RefusalPolicy =
  /** The whole dossier is refused; steps that depend on this one are cancelled. */
  | 'refuse-dossier'
  /** The dossier goes on; it ends partially completed. */
  | 'continue';

export interface CompensationDefinition<TInput> {
  readonly command: (context: StepContext<TInput>) => CommandSpec;
  readonly replies: Readonly<Record<string, (data: Readonly<Record<string, unknown>>) => ReplyOutcome>>;
  readonly retry: RetryPolicy;
}

export interface StepDefinition<TInput> {
  /** Stable id, stored in saga rows. */
  readonly id: string;
  /** The service the citizen chose that this step performs (a step runs only when chosen). */
  readonly service: string;
  /** The agency that acts. */
  readonly agency: string;
  readonly title: Localized;
  /** Steps that must have succeeded before this one starts. */
  readonly after: readonly string[];
  readonly command: (context: StepContext<TInput>) => CommandSpec;
  /** Each reply message type this step understands, and how it reads it. */
  readonly replies: Readonly<Record<string, (data: Readonly<Record<string, unknown>>) => ReplyOutcome>>;
  readonly retry: RetryPolicy;
  readonly deadline: Deadline;
  readonly onRefusal: RefusalPolicy;
  /** How to undo the act when the law reverses it (annulment); absent when it cannot be. */
  readonly compensation?: CompensationDefinition<TInput>;
}

export interface SagaDefinition<TInput> {
  /** Stable name, stored in saga rows, e.g. `birth-3-in-1`. */
  readonly name: string;
  readonly version: number;
  readonly title: Localized;
  /** Services the citizen must always include. */
  readonly requiredServices: readonly string[];
  readonly steps: readonly StepDefinition<TInput>[];
}

/** Checks a definition once, at load: unique ids, known dependencies, no cycles, one owner per reply. */
export function defineSaga<TInput>(definition: SagaDefinition<TInput>): SagaDefinition<TInput> {
  const ids = new Set<string>();
  const replyOwners = new Map<string, string>();
  for (const step of definition.steps) {
    if (ids.has(step.id)) throw new Error(`saga ${definition.name}: step ${step.id} is declared twice`);
    for (const dependency of step.after) {
      // Declaring steps in procedure order also rules out cycles.
      if (!ids.has(dependency)) {
        throw new Error(
          `saga ${definition.name}: step ${step.id} runs after ${dependency}, declared later or unknown`,
        );
      }
    }
    ids.add(step.id);
    for (const type of [...Object.keys(step.replies), ...Object.keys(step.compensation?.replies ?? {})]) {
      const owner = replyOwners.get(type);
      if (owner && owner !== step.id) {
        throw new Error(`saga ${definition.name}: reply ${type} is claimed by ${owner} and ${step.id}`);
      }
      replyOwners.set(type, step.id);
    }
    if (step.retry.maxAttempts < 1)
      throw new Error(`saga ${definition.name}: step ${step.id} needs ≥ 1 attempt`);
  }
  for (const service of definition.requiredServices) {
    if (!definition.steps.some((step) => step.service === service)) {
      throw new Error(`saga ${definition.name}: required service ${service} has no step`);
    }
  }
  return definition;
}

/** Helpers that keep reply tables short and readable. */
export const reply = {
  succeeded: (result?: Readonly<Record<string, unknown>>): ReplyOutcome =>
    result ? { outcome: 'succeeded', result } : { outcome: 'succeeded' },
  refused: (reason: Reason): ReplyOutcome => ({ outcome: 'refused', reason }),
  progress: (status: ProgressStatus, result?: Readonly<Record<string, unknown>>): ReplyOutcome =>
    result ? { outcome: 'progress', status, result } : { outcome: 'progress', status },
  failed: (reason: Reason): ReplyOutcome => ({ outcome: 'failed', reason }),
};
