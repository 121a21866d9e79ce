import {
  SUPPLEMENT_DEADLINE,
  type Deadline,
  type Ending,
  type Reason,
  type ReplyOutcome,
  type RetryPolicy,
  type SagaDefinition,
  type StepContext,
  type StepDefinition,
} from './definition.ts';
import {
  FINISHED_SAGA_STATUSES,
  FINISHED_STEP_STATUSES,
  UNDECIDED_STEP_STATUSES,
  type HistoryEntry,
  type PlannedCommand,
  type SagaState,
  type SagaStatus,
  type StepChange,
  type StepState,
  type StepStatus,
} from './state.ts';

/** What drives a saga. */
export type SagaInput =
  | { readonly kind: 'start'; readonly sagaId: string; readonly services: readonly string[] }
  | {
      readonly kind: 'reply';
      readonly messageId: string;
      readonly type: string;
      readonly data: Readonly<Record<string, unknown>>;
    }
  /** Time passed: reply timeouts, supplement and statutory deadlines are checked against `now`. */
  | { readonly kind: 'tick' }
  | { readonly kind: 'retry'; readonly actor: string; readonly reason: string; readonly stepId?: string }
  /** The citizen withdraws the dossier (through the portal). */
  | { readonly kind: 'withdraw'; readonly actor: string; readonly note?: string }
  /** The citizen sends the documents an agency asked for. */
  | {
      readonly kind: 'supplement';
      readonly actor: string;
      readonly stepId?: string;
      readonly supplement: Readonly<Record<string, unknown>>;
    };

/** Everything the orchestrator needs from outside, passed in so it stays pure. */
export interface DecisionContext<TInput> {
  readonly now: Date;
  /** The dossier's data, from which commands are built. */
  readonly input: TInput;
  /** The statutory due moment of a step started at `start` (the working-day calendar). */
  readonly dueAt: (start: Date, deadline: Deadline) => Date;
}

export interface Decision {
  readonly state: SagaState;
  readonly commands: readonly PlannedCommand[];
  readonly history: readonly HistoryEntry[];
  readonly stepChanges: readonly StepChange[];
  readonly statusChange?: { readonly from: SagaStatus | undefined; readonly to: SagaStatus };
  /** Steps that became overdue in this decision. */
  readonly overdue: readonly string[];
}

export interface Rejection {
  readonly rejected: { readonly code: RejectionCode; readonly message: string };
}

export type RejectionCode =
  | 'UNKNOWN_SERVICE'
  | 'MISSING_REQUIRED_SERVICE'
  | 'NOT_STARTED'
  | 'NOTHING_TO_RETRY'
  | 'ALREADY_FINISHED'
  | 'ENDING_IN_PROGRESS'
  | 'NOTHING_TO_SUPPLEMENT';

export function isRejection(value: Decision | Rejection): value is Rejection {
  return 'rejected' in value;
}

/** Why a withdrawn dossier stopped. */
export const WITHDRAWN_BY_CITIZEN: Reason = {
  code: 'WITHDRAWN_BY_CITIZEN',
  message: { vi: 'Công dân rút hồ sơ', en: 'The citizen withdrew the dossier' },
};

const SUPPLEMENT_NOT_PROVIDED: Reason = {
  code: 'SUPPLEMENT_NOT_PROVIDED',
  message: {
    vi: 'Công dân không bổ sung hồ sơ trong thời hạn',
    en: 'The citizen did not send the requested documents in time',
  },
};

/**
 * The pure orchestrator: (definition, state, input) → new state, commands, history. Replaying
 * the same input on the same state gives the same decision, command ids included, so the
 * runtime may retry a failed transaction without sending anything twice.
 */
export function decide<TInput>(
  definition: SagaDefinition<TInput>,
  state: SagaState | undefined,
  input: SagaInput,
  context: DecisionContext<TInput>,
): Decision | Rejection {
  if (input.kind === 'start') {
    if (state) return unchanged(state);
    return start(definition, input.sagaId, input.services, context);
  }
  if (!state) return reject('NOT_STARTED', `saga has not started; cannot take ${input.kind}`);
  const run = new Run(definition, state, context);
  switch (input.kind) {
    case 'reply':
      run.onReply(input.messageId, input.type, input.data);
      break;
    case 'tick':
      run.onTick();
      break;
    case 'retry': {
      const retried = run.onRetry(input.actor, input.reason, input.stepId);
      if (retried === 0) {
        const which = input.stepId ? `step ${input.stepId} is not failed` : 'no step is failed';
        return reject('NOTHING_TO_RETRY', `${which}; only failed steps can be retried`);
      }
      break;
    }
    case 'withdraw': {
      if (state.ending?.kind === 'withdrawn') return unchanged(state);
      if (state.ending) {
        return reject(
          'ENDING_IN_PROGRESS',
          'a registration of this dossier was annulled; it is being undone',
        );
      }
      if (FINISHED_SAGA_STATUSES.has(state.status)) {
        return reject(
          'ALREADY_FINISHED',
          `the dossier is already ${state.status}; only a dossier in progress can be withdrawn`,
        );
      }
      run.onWithdraw(input.actor, input.note);
      break;
    }
    case 'supplement': {
      if (state.ending) {
        return reject(
          'ENDING_IN_PROGRESS',
          `the dossier is being ${state.ending.kind}; it takes no documents`,
        );
      }
      const sent = run.onSupplement(input.actor, input.stepId, input.supplement);
      if (sent === 0) {
        const which = input.stepId ? `step ${input.stepId} asks for nothing` : 'no step asks for documents';
        return reject('NOTHING_TO_SUPPLEMENT', `${which}; documents are taken only when asked for`);
      }
      break;
    }
  }
  run.advance();
  return run.finish(state.status);
}

/** The earliest moment the saga needs a tick: a reply timeout, a supplement or statutory deadline. */
export function nextWakeAt(state: SagaState): string | undefined {
  let earliest: string | undefined;
  const consider = (at: string | undefined) => {
    if (at && (!earliest || at < earliest)) earliest = at;
  };
  for (const step of state.steps) {
    if (step.status === 'compensating') consider(step.compensation?.replyTimeoutAt);
    if (FINISHED_STEP_STATUSES.has(step.status)) continue;
    if (step.cancel) consider(step.cancel.replyTimeoutAt);
    else consider(step.replyTimeoutAt);
    if (step.status === 'supplement_requested') consider(step.supplementDueAt);
    if (!step.overdue && !state.ending) consider(step.dueAt);
  }
  return earliest;
}

function reject(code: RejectionCode, message: string): Rejection {
  return { rejected: { code, message } };
}

function unchanged(state: SagaState): Decision {
  return { state, commands: [], history: [], stepChanges: [], overdue: [] };
}

function start<TInput>(
  definition: SagaDefinition<TInput>,
  sagaId: string,
  services: readonly string[],
  context: DecisionContext<TInput>,
): Decision | Rejection {
  const known = new Set(definition.steps.map((step) => step.service));
  const unknown = services.filter((service) => !known.has(service));
  if (unknown.length > 0) {
    return reject('UNKNOWN_SERVICE', `${definition.name} has no service ${unknown.join(', ')}`);
  }
  const missing = definition.requiredServices.filter((service) => !services.includes(service));
  if (missing.length > 0) {
    return reject('MISSING_REQUIRED_SERVICE', `${definition.name} always includes ${missing.join(', ')}`);
  }
  const now = context.now.toISOString();
  const initial: SagaState = {
    sagaId,
    definition: definition.name,
    definitionVersion: definition.version,
    status: 'running',
    startedAt: now,
    updatedAt: now,
    steps: definition.steps
      .filter((step) => services.includes(step.service))
      .map((step) => ({
        id: step.id,
        service: step.service,
        agency: step.agency,
        status: 'pending',
        attempt: 0,
        overdue: false,
        result: {},
      })),
  };
  const run = new Run(definition, initial, context);
  run.history.push({ at: now, type: 'saga-started', detail: `${definition.name} v${definition.version}` });
  run.advance();
  return run.finish(undefined);
}

/** Sends left in the current budget of a retry policy. */
function hasBudget(attempt: number, budgetFrom: number | undefined, retry: RetryPolicy): boolean {
  return attempt - (budgetFrom ?? 0) < retry.maxAttempts;
}

/** How long to wait after the n-th send of the current budget (1-based). */
function waitAfter(sendInBudget: number, retry: RetryPolicy): number {
  return retry.replyTimeoutMs * retry.backoffMultiplier ** Math.max(0, sendInBudget - 1);
}

/** One decision in the making: a mutable copy of the state plus what it emits. */
class Run<TInput> {
  readonly history: HistoryEntry[] = [];
  readonly #commands: PlannedCommand[] = [];
  readonly #changes: StepChange[] = [];
  readonly #overdue: string[] = [];
  readonly #steps: Map<string, StepState>;
  readonly #definition: SagaDefinition<TInput>;
  readonly #state: SagaState;
  readonly #context: DecisionContext<TInput>;
  readonly #now: string;
  #ending: Ending | undefined;

  constructor(definition: SagaDefinition<TInput>, state: SagaState, context: DecisionContext<TInput>) {
    this.#definition = definition;
    this.#state = state;
    this.#context = context;
    this.#now = context.now.toISOString();
    this.#steps = new Map(state.steps.map((step) => [step.id, step]));
    this.#ending = state.ending;
  }

  onReply(messageId: string, type: string, data: Readonly<Record<string, unknown>>): void {
    const forward = this.#definition.steps.find((step) => type in step.replies);
    const undo = forward
      ? undefined
      : this.#definition.steps.find((step) => step.compensation && type in step.compensation.replies);
    const definition = forward ?? undo;
    const step = definition && this.#steps.get(definition.id);
    const interpret = forward ? forward.replies[type] : undo?.compensation?.replies[type];
    if (!definition || !step || !interpret) {
      this.#ignore(messageId, type, undefined, 'no step of this saga takes it');
      return;
    }
    const outcome: ReplyOutcome = interpret(data);
    if (undo) {
      this.#onCompensationReply(definition, step, outcome, messageId, type);
      return;
    }
    if (outcome.outcome === 'annulled') {
      this.#onAnnulled(step, outcome, messageId, type);
      return;
    }
    const why = this.#whyNotTaken(step, outcome);
    if (why) {
      this.#ignore(messageId, type, step.id, why);
      return;
    }
    this.history.push({ at: this.#now, type: 'reply-received', step: step.id, messageId, messageType: type });
    const result =
      'result' in outcome && outcome.result ? { ...step.result, ...outcome.result } : step.result;
    const base = { ...step, result, replyTimeoutAt: undefined, supplementDueAt: undefined };
    const settled = { ...base, cancel: undefined, completedAt: this.#now };
    switch (outcome.outcome) {
      case 'succeeded':
        this.#set({ ...settled, status: 'succeeded', reason: undefined });
        break;
      case 'refused':
        this.#set({ ...settled, status: 'refused', reason: outcome.reason });
        this.#cancelDependents(definition, outcome.reason);
        break;
      case 'progress':
        this.#set({
          ...base,
          status: outcome.status,
          reason: outcome.reason,
          // The registration is decided; only its follow-up is pending: nothing left to cancel.
          ...(outcome.status === 'id_pending' ? { cancel: undefined } : {}),
          ...(outcome.status === 'supplement_requested'
            ? { supplementDueAt: step.supplementDueAt ?? this.#supplementDueAt() }
            : {}),
        });
        break;
      case 'failed':
        this.#set({ ...base, status: 'failed', reason: outcome.reason });
        break;
      case 'cancelled':
        this.#set({ ...settled, status: 'cancelled', reason: this.#stopReason() });
        break;
    }
  }

  onTick(): void {
    for (const step of [...this.#steps.values()]) {
      const definition = this.#stepDefinition(step.id);
      if (step.status === 'compensating') {
        this.#tickCompensation(definition, step);
        continue;
      }
      if (step.status === 'compensation_failed' || FINISHED_STEP_STATUSES.has(step.status)) continue;
      if (step.cancel) this.#tickCancel(definition, step);
      else if (step.replyTimeoutAt && step.replyTimeoutAt <= this.#now) this.#tickReply(definition, step);
      const current = this.#step(step.id);
      if (
        current.status === 'supplement_requested' &&
        current.supplementDueAt &&
        current.supplementDueAt <= this.#now
      ) {
        this.#expireSupplement(definition, current);
      }
      const latest = this.#step(step.id);
      if (
        !this.#ending &&
        !latest.overdue &&
        latest.dueAt &&
        latest.dueAt <= this.#now &&
        !FINISHED_STEP_STATUSES.has(latest.status)
      ) {
        this.#steps.set(step.id, { ...latest, overdue: true });
        this.#overdue.push(step.id);
        this.history.push({
          at: this.#now,
          type: 'step-overdue',
          step: step.id,
          detail: `due ${latest.dueAt}`,
        });
      }
    }
  }

  /** Sends again what failed: a step's command, its cancel, or its compensation. Returns how many. */
  onRetry(actor: string, reason: string, stepId: string | undefined): number {
    const failed = [...this.#steps.values()].filter(
      (step) =>
        (step.status === 'failed' || step.status === 'compensation_failed') &&
        (stepId === undefined || step.id === stepId),
    );
    for (const step of failed) {
      this.history.push({ at: this.#now, type: 'operator-retry', step: step.id, actor, reason });
      const definition = this.#stepDefinition(step.id);
      if (step.status === 'compensation_failed') {
        this.#sendCompensation(definition, step, { newBudget: true });
      } else if (step.cancel) {
        this.#sendCancel(definition, { ...step, status: 'in_progress' }, { newBudget: true });
      } else {
        this.#send(definition, { ...step, reason: undefined, budgetFrom: step.attempt }, 'in_progress');
      }
    }
    return failed.length;
  }

  onWithdraw(actor: string, note: string | undefined): void {
    this.#ending = { kind: 'withdrawn', at: this.#now, actor, reason: WITHDRAWN_BY_CITIZEN };
    this.history.push({
      at: this.#now,
      type: 'withdrawal-requested',
      actor,
      reason: note ?? WITHDRAWN_BY_CITIZEN.message.en,
    });
  }

  /** Hands the documents to every step asking for them (or the one named). Returns how many. */
  onSupplement(
    actor: string,
    stepId: string | undefined,
    supplement: Readonly<Record<string, unknown>>,
  ): number {
    const asking = [...this.#steps.values()].flatMap((step) => {
      const build = this.#stepDefinition(step.id).supplement;
      const asks = step.status === 'supplement_requested' && (stepId === undefined || step.id === stepId);
      return asks && build ? [{ step, build }] : [];
    });
    for (const { step, build } of asking) {
      const count = (step.supplements ?? 0) + 1;
      const command = build.command({ ...this.#stepContext(step.attempt), supplement });
      const id = `${this.#state.sagaId}:${step.id}:supplement:${count}`;
      this.#commands.push({ id, stepId: step.id, ...command });
      this.history.push({ at: this.#now, type: 'supplement-submitted', step: step.id, actor, messageId: id });
      this.#sent(step.id, id, command.type, `supplement ${count}`);
      this.#set({
        ...step,
        status: 'in_progress',
        supplements: count,
        supplementDueAt: undefined,
        reason: undefined,
      });
    }
    return asking.length;
  }

  /** After every input: start what is ready, or stop and undo what the ending asks. */
  advance(): void {
    if (!this.#ending) {
      this.#startReadySteps();
      return;
    }
    const stop = this.#stopReason();
    for (const definition of this.#definition.steps) {
      const step = this.#steps.get(definition.id);
      if (!step) continue;
      if (step.status === 'pending') {
        this.#set({ ...step, status: 'cancelled', completedAt: this.#now, reason: stop });
      } else if (UNDECIDED_STEP_STATUSES.has(step.status) && !step.cancel) {
        this.#sendCancel(definition, step, { newBudget: false });
      }
    }
    if (this.#ending.kind !== 'annulled') return;
    // Undo in reverse order: a step is undone once every step that followed from it is settled.
    for (const definition of [...this.#definition.steps].reverse()) {
      const step = this.#steps.get(definition.id);
      if (!step || !this.#dependentsSettled(definition)) continue;
      if (definition.id === this.#ending.step) {
        if (step.status === 'compensating') {
          this.#set({ ...step, status: 'compensated', completedAt: this.#now });
        }
      } else if (step.status === 'succeeded' && definition.compensation) {
        this.#sendCompensation(definition, step, { newBudget: true });
      }
    }
  }

  finish(previous: SagaStatus | undefined): Decision {
    const steps = this.#state.steps.map((step) => this.#steps.get(step.id) ?? step);
    const ending = this.#ending;
    const status = deriveSagaStatus(this.#definition, steps, ending);
    if (status !== previous) {
      this.history.push({
        at: this.#now,
        type: 'saga-status-changed',
        ...(previous ? { from: previous } : {}),
        to: status,
      });
    }
    const touched = this.#changes.length > 0 || this.history.length > 0;
    return {
      state: {
        ...this.#state,
        steps,
        status,
        updatedAt: touched ? this.#now : this.#state.updatedAt,
        ...(ending ? { ending } : {}),
      },
      commands: this.#commands,
      history: this.history,
      stepChanges: this.#changes,
      ...(status !== previous ? { statusChange: { from: previous, to: status } } : {}),
      overdue: this.#overdue,
    };
  }

  /** Why a forward reply does not move its step, or undefined when it does. */
  #whyNotTaken(step: StepState, outcome: ReplyOutcome): string | undefined {
    if (step.status === 'pending') return 'step not started';
    // A failed step still takes replies: the agency may answer after we gave up waiting.
    if (FINISHED_STEP_STATUSES.has(step.status)) return `step already ${step.status}`;
    if (step.status === 'compensating' || step.status === 'compensation_failed') {
      return `step is being undone (${step.status})`;
    }
    // Once a cancel is sent, only a decision or the cancellation settles the step; progress is
    // an older answer (the agency answers the cancel after it).
    if (
      step.cancel &&
      (outcome.outcome === 'failed' || (outcome.outcome === 'progress' && outcome.status !== 'id_pending'))
    ) {
      return 'a cancel was sent; waiting for its answer';
    }
    return undefined;
  }

  #onAnnulled(
    step: StepState,
    outcome: Extract<ReplyOutcome, { outcome: 'annulled' }>,
    messageId: string,
    type: string,
  ): void {
    if (this.#ending?.kind === 'annulled') {
      this.#ignore(messageId, type, step.id, `already annulled (${this.#ending.step ?? 'a step'})`);
      return;
    }
    if (step.status === 'pending' || step.status === 'refused' || step.status === 'cancelled') {
      this.#ignore(messageId, type, step.id, `step was never done (${step.status})`);
      return;
    }
    this.history.push({ at: this.#now, type: 'reply-received', step: step.id, messageId, messageType: type });
    this.#ending = {
      kind: 'annulled',
      at: outcome.at ?? this.#now,
      actor: outcome.actor,
      reason: outcome.reason,
      step: step.id,
    };
    this.history.push({
      at: this.#now,
      type: 'annulment-received',
      step: step.id,
      actor: outcome.actor,
      reason: outcome.reason.code,
      detail: outcome.reason.message.en,
    });
    const result = outcome.result ? { ...step.result, ...outcome.result } : step.result;
    this.#set({
      ...step,
      status: 'compensating',
      result,
      reason: outcome.reason,
      replyTimeoutAt: undefined,
      supplementDueAt: undefined,
      cancel: undefined,
    });
  }

  #onCompensationReply(
    definition: StepDefinition<TInput>,
    step: StepState,
    outcome: ReplyOutcome,
    messageId: string,
    type: string,
  ): void {
    const compensation = step.compensation;
    const retry = definition.compensation?.retry;
    if (step.status !== 'compensating' || !compensation || !retry) {
      this.#ignore(messageId, type, step.id, `step is ${step.status}, not being undone`);
      return;
    }
    this.history.push({ at: this.#now, type: 'reply-received', step: step.id, messageId, messageType: type });
    if (outcome.outcome === 'succeeded') {
      this.#set({
        ...step,
        status: 'compensated',
        completedAt: this.#now,
        compensation: {
          ...compensation,
          replyTimeoutAt: undefined,
          ...(outcome.result ? { result: outcome.result } : {}),
        },
      });
      return;
    }
    const failure: Reason =
      outcome.outcome === 'failed' || outcome.outcome === 'refused'
        ? outcome.reason
        : {
            code: 'COMPENSATION_UNEXPECTED_REPLY',
            message: {
              vi: 'Cơ quan trả lời không như mong đợi',
              en: `The agency answered ${outcome.outcome}`,
            },
          };
    if (hasBudget(compensation.attempt, compensation.budgetFrom, retry)) {
      // Sent again after a backoff, by the tick.
      const sendInBudget = compensation.attempt - (compensation.budgetFrom ?? 0);
      this.#set({
        ...step,
        compensation: {
          ...compensation,
          lastFailure: failure,
          replyTimeoutAt: new Date(
            this.#context.now.getTime() + waitAfter(sendInBudget, retry),
          ).toISOString(),
        },
      });
      return;
    }
    this.#set({
      ...step,
      status: 'compensation_failed',
      reason: failure,
      compensation: { ...compensation, lastFailure: failure, replyTimeoutAt: undefined },
    });
  }

  #tickReply(definition: StepDefinition<TInput>, step: StepState): void {
    if (hasBudget(step.attempt, step.budgetFrom, definition.retry)) {
      this.#send(definition, step, step.status);
      return;
    }
    this.#set({ ...step, status: 'failed', replyTimeoutAt: undefined, reason: noAnswer(step.attempt) });
  }

  #tickCancel(definition: StepDefinition<TInput>, step: StepState): void {
    const cancel = step.cancel;
    if (!cancel?.replyTimeoutAt || cancel.replyTimeoutAt > this.#now) return;
    if (hasBudget(cancel.attempt, cancel.budgetFrom, definition.retry)) {
      this.#sendCancel(definition, step, { newBudget: false });
      return;
    }
    this.#set({
      ...step,
      status: 'failed',
      reason: noAnswer(cancel.attempt - (cancel.budgetFrom ?? 0)),
      cancel: { ...cancel, replyTimeoutAt: undefined },
    });
  }

  #tickCompensation(definition: StepDefinition<TInput>, step: StepState): void {
    const compensation = step.compensation;
    const retry = definition.compensation?.retry;
    if (!compensation?.replyTimeoutAt || compensation.replyTimeoutAt > this.#now || !retry) return;
    if (hasBudget(compensation.attempt, compensation.budgetFrom, retry)) {
      this.#sendCompensation(definition, step, { newBudget: false });
      return;
    }
    this.#set({
      ...step,
      status: 'compensation_failed',
      reason: compensation.lastFailure ?? noAnswer(compensation.attempt - (compensation.budgetFrom ?? 0)),
      compensation: { ...compensation, replyTimeoutAt: undefined },
    });
  }

  /** No documents within the supplement deadline: the step is refused and the agency told to stop. */
  #expireSupplement(definition: StepDefinition<TInput>, step: StepState): void {
    this.history.push({
      at: this.#now,
      type: 'supplement-expired',
      step: step.id,
      detail: `documents were due ${step.supplementDueAt ?? ''}`,
    });
    const refused: StepState = {
      ...step,
      status: 'refused',
      completedAt: this.#now,
      reason: SUPPLEMENT_NOT_PROVIDED,
      supplementDueAt: undefined,
      replyTimeoutAt: undefined,
    };
    this.#set(refused);
    if (definition.cancel) {
      // Told once: the step is settled here whatever the agency answers.
      const command = definition.cancel.command({
        ...this.#stepContext(step.attempt),
        reason: SUPPLEMENT_NOT_PROVIDED,
      });
      const id = `${this.#state.sagaId}:${step.id}:cancel:1`;
      this.#commands.push({ id, stepId: step.id, ...command });
      this.#sent(step.id, id, command.type, 'cancel after the supplement deadline');
      this.#set({ ...refused, cancel: { attempt: 1, commandId: id } });
    }
    this.#cancelDependents(definition, SUPPLEMENT_NOT_PROVIDED);
  }

  /** Starts every pending step whose prerequisites have all succeeded. */
  #startReadySteps(): void {
    for (const definition of this.#definition.steps) {
      const step = this.#steps.get(definition.id);
      if (!step || step.status !== 'pending') continue;
      const ready = definition.after.every((dependency) => {
        const prerequisite = this.#steps.get(dependency);
        // A prerequisite the citizen did not choose is not waited for.
        return !prerequisite || prerequisite.status === 'succeeded';
      });
      if (!ready) continue;
      const started = {
        ...step,
        startedAt: this.#now,
        dueAt: this.#context.dueAt(this.#context.now, definition.deadline).toISOString(),
      };
      this.#send(definition, started, 'in_progress');
    }
  }

  /** Every chosen step that runs after `definition` is settled for an annulment. */
  #dependentsSettled(definition: StepDefinition<TInput>): boolean {
    return this.#definition.steps.every((later) => {
      if (!later.after.includes(definition.id)) return true;
      const step = this.#steps.get(later.id);
      if (!step) return true;
      if (step.status === 'refused' || step.status === 'cancelled' || step.status === 'compensated')
        return true;
      // Decided ones stand unless the law reverses them.
      return step.status === 'succeeded' && !later.compensation;
    });
  }

  #send(definition: StepDefinition<TInput>, step: StepState, status: StepStatus): void {
    const attempt = step.attempt + 1;
    const command = definition.command(this.#stepContext(attempt));
    const id = `${this.#state.sagaId}:${definition.id}:${attempt}`;
    this.#commands.push({ id, stepId: definition.id, ...command });
    const wait = waitAfter(attempt - (step.budgetFrom ?? 0), definition.retry);
    this.#sent(definition.id, id, command.type, `attempt ${attempt}`);
    this.#set({
      ...step,
      status,
      attempt,
      commandId: id,
      replyTimeoutAt: new Date(this.#context.now.getTime() + wait).toISOString(),
    });
  }

  #sendCancel(definition: StepDefinition<TInput>, step: StepState, options: { newBudget: boolean }): void {
    const reason = this.#stopReason();
    if (!definition.cancel) {
      // Nothing to tell the agency with: the step stops here.
      this.#set({ ...step, status: 'cancelled', completedAt: this.#now, reason, replyTimeoutAt: undefined });
      return;
    }
    const attempt = (step.cancel?.attempt ?? 0) + 1;
    const budgetFrom = options.newBudget ? attempt - 1 : (step.cancel?.budgetFrom ?? 0);
    const command = definition.cancel.command({ ...this.#stepContext(step.attempt), reason });
    const id = `${this.#state.sagaId}:${definition.id}:cancel:${attempt}`;
    this.#commands.push({ id, stepId: definition.id, ...command });
    this.#sent(definition.id, id, command.type, `cancel ${attempt}`);
    const wait = waitAfter(attempt - budgetFrom, definition.retry);
    this.#set({
      ...step,
      replyTimeoutAt: undefined,
      supplementDueAt: undefined,
      cancel: {
        attempt,
        commandId: id,
        budgetFrom,
        replyTimeoutAt: new Date(this.#context.now.getTime() + wait).toISOString(),
      },
    });
  }

  #sendCompensation(
    definition: StepDefinition<TInput>,
    step: StepState,
    options: { newBudget: boolean },
  ): void {
    const compensation = definition.compensation;
    if (!compensation) return;
    const attempt = (step.compensation?.attempt ?? 0) + 1;
    const budgetFrom = options.newBudget ? attempt - 1 : (step.compensation?.budgetFrom ?? 0);
    const command = compensation.command(this.#stepContext(attempt));
    const id = `${this.#state.sagaId}:${definition.id}:compensate:${attempt}`;
    this.#commands.push({ id, stepId: definition.id, ...command });
    this.#sent(definition.id, id, command.type, `compensation ${attempt}`);
    const wait = waitAfter(attempt - budgetFrom, compensation.retry);
    this.#set({
      ...step,
      status: 'compensating',
      reason: this.#ending?.reason,
      compensation: {
        ...step.compensation,
        attempt,
        commandId: id,
        budgetFrom,
        replyTimeoutAt: new Date(this.#context.now.getTime() + wait).toISOString(),
      },
    });
  }

  #cancelDependents(refused: StepDefinition<TInput>, reason: Reason): void {
    const blocked = new Set([refused.id]);
    for (const definition of this.#definition.steps) {
      const step = this.#steps.get(definition.id);
      if (!step) continue;
      const dependsOnBlocked = definition.after.some((dependency) => blocked.has(dependency));
      const dossierRefused = refused.onRefusal === 'refuse-dossier' && step.status === 'pending';
      if (step.status === 'pending' && (dependsOnBlocked || dossierRefused)) {
        blocked.add(definition.id);
        this.#set({
          ...step,
          status: 'cancelled',
          completedAt: this.#now,
          reason: {
            code: 'PREREQUISITE_REFUSED',
            message: {
              vi: `Không thực hiện vì bước trước bị từ chối: ${reason.message.vi}`,
              en: `Not done because an earlier step was refused: ${reason.message.en}`,
            },
          },
        });
      }
    }
  }

  /** The reason a step stopped by the ending carries. */
  #stopReason(): Reason {
    const ending = this.#ending;
    if (!ending) return WITHDRAWN_BY_CITIZEN;
    if (ending.kind === 'withdrawn') return ending.reason;
    return {
      code: 'REGISTRATION_ANNULLED',
      message: {
        vi: `Dừng vì đăng ký bị hủy: ${ending.reason.message.vi}`,
        en: `Stopped because the registration was annulled: ${ending.reason.message.en}`,
      },
    };
  }

  #supplementDueAt(): string {
    const deadline = this.#definition.supplementDeadline ?? SUPPLEMENT_DEADLINE;
    return this.#context.dueAt(this.#context.now, deadline).toISOString();
  }

  #stepContext(attempt: number): StepContext<TInput> {
    return {
      dossierId: this.#state.sagaId,
      input: this.#context.input,
      results: this.#results(),
      attempt,
      ...(this.#ending ? { ending: this.#ending } : {}),
    };
  }

  #sent(stepId: string, messageId: string, messageType: string, detail: string): void {
    this.history.push({ at: this.#now, type: 'command-sent', step: stepId, messageId, messageType, detail });
  }

  #ignore(messageId: string, messageType: string, step: string | undefined, detail: string): void {
    this.history.push({
      at: this.#now,
      type: 'reply-ignored',
      ...(step ? { step } : {}),
      messageId,
      messageType,
      detail,
    });
  }

  #set(step: StepState): void {
    const before = this.#steps.get(step.id);
    this.#steps.set(step.id, step);
    if (before && before.status !== step.status) {
      this.#changes.push({ stepId: step.id, from: before.status, to: step.status });
      this.history.push({
        at: this.#now,
        type: 'step-status-changed',
        step: step.id,
        from: before.status,
        to: step.status,
        ...(step.reason ? { reason: step.reason.code } : {}),
      });
    }
  }

  #step(id: string): StepState {
    const step = this.#steps.get(id);
    if (!step) throw new Error(`saga ${this.#state.sagaId} has no step ${id}`);
    return step;
  }

  /** Results of the steps done (succeeded, or being undone), by step id. */
  #results(): Record<string, Readonly<Record<string, unknown>>> {
    const results: Record<string, Readonly<Record<string, unknown>>> = {};
    for (const step of this.#steps.values()) {
      if (
        step.status === 'succeeded' ||
        step.status === 'compensating' ||
        step.status === 'compensation_failed'
      ) {
        results[step.id] = step.result;
      }
    }
    return results;
  }

  #stepDefinition(id: string): StepDefinition<TInput> {
    const definition = this.#definition.steps.find((step) => step.id === id);
    if (!definition)
      throw new Error(`saga ${this.#definition.name} v${this.#definition.version} has no step ${id}`);
    return definition;
  }
}

function noAnswer(sends: number): Reason {
  return {
    code: 'AGENCY_NO_ANSWER',
    message: {
      vi: `Cơ quan không phản hồi sau ${sends} lần gửi`,
      en: `The agency did not answer after ${sends} sends`,
    },
  };
}

/** The saga's status from its steps and, once the dossier is withdrawn or annulled, its ending. */
export function deriveSagaStatus<TInput>(
  definition: SagaDefinition<TInput>,
  steps: readonly StepState[],
  ending?: Ending,
): SagaStatus {
  if (steps.some((step) => step.status === 'failed' || step.status === 'compensation_failed'))
    return 'failed';
  const stepDefinition = (id: string) => definition.steps.find((candidate) => candidate.id === id);
  if (ending?.kind === 'withdrawn') {
    // A registration already made stands; its personal-ID follow-up may still finish later.
    const settled = steps.every(
      (step) => FINISHED_STEP_STATUSES.has(step.status) || step.status === 'id_pending',
    );
    return settled ? 'withdrawn' : 'running';
  }
  if (ending?.kind === 'annulled') {
    const settled = steps.every(
      (step) =>
        step.status === 'refused' ||
        step.status === 'cancelled' ||
        step.status === 'compensated' ||
        (step.status === 'succeeded' && step.id !== ending.step && !stepDefinition(step.id)?.compensation),
    );
    return settled ? 'refused' : 'running';
  }
  if (!steps.every((step) => FINISHED_STEP_STATUSES.has(step.status))) return 'running';
  const refusedDossier = steps.some(
    (step) => step.status === 'refused' && stepDefinition(step.id)?.onRefusal === 'refuse-dossier',
  );
  if (refusedDossier) return 'refused';
  return steps.every((step) => step.status === 'succeeded') ? 'completed' : 'partially_completed';
}

export { FINISHED_SAGA_STATUSES };
