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
 * - progress: still working, with what the citizen should see (and why, e.g. what is missing);
 * - failed: a technical failure the agency gave up on: the saga is parked for an operator;
 * - cancelled: the agency stopped the act undecided, as the saga asked;
 * - annulled: an authorised officer annulled the act after it was done: everything that
 *   followed from it is compensated, in reverse order, and the dossier ends refused.
 *
 * In a compensation's reply table, `succeeded` means undone and `failed` means undoing failed
 * (retried with backoff, then parked for an operator).
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
      readonly reason?: Reason;
      readonly detail?: string;
      readonly result?: Readonly<Record<string, unknown>>;
    }
  | { readonly outcome: 'failed'; readonly reason: Reason }
  | { readonly outcome: 'cancelled' }
  | {
      readonly outcome: 'annulled';
      readonly reason: Reason;
      /** Who annulled it, for the history. */
      readonly actor: string;
      /** When it was annulled; default the moment the saga hears of it. */
      readonly at?: string;
      readonly result?: Readonly<Record<string, unknown>>;
    };

/** Why a dossier stops before its steps are done: the citizen withdrew it, or a registration was annulled. */
export interface Ending {
  readonly kind: 'withdrawn' | 'annulled';
  readonly at: string;
  readonly actor: string;
  readonly reason: Reason;
  /** The annulled step. */
  readonly step?: string;
}

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
  /** Set while the dossier is being withdrawn or annulled (for cancel and compensation commands). */
  readonly ending?: Ending;
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

/**
 * How to undo a step when the registration it followed from is annulled. The command is sent
 * again when no reply comes or the agency reports a failure, with backoff, `retry.maxAttempts`
 * times; then the step is `compensation_failed` and the saga parked for an operator.
 */
export interface CompensationDefinition<TInput> {
  readonly command: (context: StepContext<TInput>) => CommandSpec;
  /** `succeeded`: undone (its result is kept as the compensation's result); `failed`: not undone. */
  readonly replies: Readonly<Record<string, (data: Readonly<Record<string, unknown>>) => ReplyOutcome>>;
  readonly retry: RetryPolicy;
}

/** How to tell the agency to stop an act not yet decided; it answers with a `cancelled` reply. */
export interface CancelDefinition<TInput> {
  readonly command: (context: StepContext<TInput> & { readonly reason: Reason }) => CommandSpec;
}

/** How to hand the agency the documents it asked for. */
export interface SupplementDefinition<TInput> {
  readonly command: (
    context: StepContext<TInput> & { readonly supplement: Readonly<Record<string, unknown>> },
  ) => CommandSpec;
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
  /**
   * How to stop the act at the agency when the dossier is withdrawn or annulled before the act
   * is decided. Absent: the step is cancelled here only.
   */
  readonly cancel?: CancelDefinition<TInput>;
  /** How to send the agency the documents it asked for; absent: supplements cannot be sent. */
  readonly supplement?: SupplementDefinition<TInput>;
}

export interface SagaDefinition<TInput> {
  /** Stable name, stored in saga rows, e.g. `birth-3-in-1`. */
  readonly name: string;
  readonly version: number;
  readonly title: Localized;
  /** Services the citizen must always include. */
  readonly requiredServices: readonly string[];
  readonly steps: readonly StepDefinition<TInput>[];
  /**
   * How long the citizen has to send documents an agency asked for, after which the step is
   * refused. Default `SUPPLEMENT_DEADLINE`.
   */
  readonly supplementDeadline?: Deadline;
}

/** Decree 63/2024/NĐ-CP: the citizen has 7 working days to supplement a dossier, else it is refused. */
export const SUPPLEMENT_DEADLINE: Deadline = {
  workingDays: 7,
  basis: 'Decree 63/2024/NĐ-CP: 7 working days to supplement, else refused',
};

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
    if (step.retry.maxAttempts < 1 || (step.compensation && step.compensation.retry.maxAttempts < 1))
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
  progress: (
    status: ProgressStatus,
    result?: Readonly<Record<string, unknown>>,
    reason?: Reason,
  ): ReplyOutcome => ({
    outcome: 'progress',
    status,
    ...(result ? { result } : {}),
    ...(reason ? { reason } : {}),
  }),
  failed: (reason: Reason): ReplyOutcome => ({ outcome: 'failed', reason }),
  cancelled: (): ReplyOutcome => ({ outcome: 'cancelled' }),
  annulled: (
    reason: Reason,
    actor: string,
    at?: string,
    result?: Readonly<Record<string, unknown>>,
  ): ReplyOutcome => ({
    outcome: 'annulled',
    reason,
    actor,
    ...(at ? { at } : {}),
    ...(result ? { result } : {}),
  }),
};
