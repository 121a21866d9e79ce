import type { Deadline, Reason, ReplyOutcome, SagaDefinition, StepDefinition } from './definition.ts';
import {
  FINISHED_SAGA_STATUSES,
  FINISHED_STEP_STATUSES,
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
  /** Time passed: reply timeouts and statutory deadlines are checked against `now`. */
  | { readonly kind: 'tick' }
  | { readonly kind: 'retry'; readonly actor: string; readonly reason: string; readonly stepId?: string };

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
  'UNKNOWN_SERVICE' | 'MISSING_REQUIRED_SERVICE' | 'NOT_STARTED' | 'NOTHING_TO_RETRY';

export function isRejection(value: Decision | Rejection): value is Rejection {
  return 'rejected' in value;
}

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
  }
  return run.finish(state.status);
}

/** The earliest moment the saga needs a tick: a reply timeout or a deadline. */
export function nextWakeAt(state: SagaState): string | undefined {
  let earliest: string | undefined;
  for (const step of state.steps) {
    if (FINISHED_STEP_STATUSES.has(step.status)) continue;
    for (const at of [step.replyTimeoutAt, step.overdue ? undefined : step.dueAt]) {
      if (at && (!earliest || at < earliest)) earliest = at;
    }
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
  run.startReadySteps();
  return run.finish(undefined);
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

  constructor(definition: SagaDefinition<TInput>, state: SagaState, context: DecisionContext<TInput>) {
    this.#definition = definition;
    this.#state = state;
    this.#context = context;
    this.#now = context.now.toISOString();
    this.#steps = new Map(state.steps.map((step) => [step.id, step]));
  }

  onReply(messageId: string, type: string, data: Readonly<Record<string, unknown>>): void {
    const found = this.#definition.steps.find((step) => type in step.replies);
    const step = found && this.#steps.get(found.id);
    if (!found || !step) {
      this.history.push({
        at: this.#now,
        type: 'reply-ignored',
        messageId,
        messageType: type,
        detail: 'no step of this saga takes it',
      });
      return;
    }
    // A failed step still takes replies: the agency may answer after we gave up waiting.
    if (FINISHED_STEP_STATUSES.has(step.status)) {
      this.history.push({
        at: this.#now,
        type: 'reply-ignored',
        step: step.id,
        messageId,
        messageType: type,
        detail: `step already ${step.status}`,
      });
      return;
    }
    const interpret = found.replies[type];
    if (!interpret) return;
    const outcome: ReplyOutcome = interpret(data);
    this.history.push({ at: this.#now, type: 'reply-received', step: step.id, messageId, messageType: type });
    const result =
      'result' in outcome && outcome.result ? { ...step.result, ...outcome.result } : step.result;
    const base = { ...step, result, replyTimeoutAt: undefined };
    switch (outcome.outcome) {
      case 'succeeded':
        this.#set({ ...base, status: 'succeeded', completedAt: this.#now, reason: undefined });
        this.startReadySteps();
        break;
      case 'refused':
        this.#set({ ...base, status: 'refused', completedAt: this.#now, reason: outcome.reason });
        this.#cancelDependents(found, outcome.reason);
        break;
      case 'progress':
        this.#set({ ...base, status: outcome.status });
        break;
      case 'failed':
        this.#set({ ...base, status: 'failed', reason: outcome.reason });
        break;
    }
  }

  onTick(): void {
    for (const step of [...this.#steps.values()]) {
      if (FINISHED_STEP_STATUSES.has(step.status)) continue;
      const definition = this.#stepDefinition(step.id);
      if (step.replyTimeoutAt && step.replyTimeoutAt <= this.#now) {
        if (step.attempt < definition.retry.maxAttempts) {
          this.#send(definition, step, step.status);
        } else {
          this.#set({
            ...step,
            status: 'failed',
            replyTimeoutAt: undefined,
            reason: {
              code: 'AGENCY_NO_ANSWER',
              message: {
                vi: `Cơ quan không phản hồi sau ${step.attempt} lần gửi`,
                en: `The agency did not answer after ${step.attempt} sends`,
              },
            },
          });
        }
      }
      const current = this.#steps.get(step.id) ?? step;
      if (
        !current.overdue &&
        current.dueAt &&
        current.dueAt <= this.#now &&
        !FINISHED_STEP_STATUSES.has(current.status)
      ) {
        this.#steps.set(step.id, { ...current, overdue: true });
        this.#overdue.push(step.id);
        this.history.push({
          at: this.#now,
          type: 'step-overdue',
          step: step.id,
          detail: `due ${current.dueAt}`,
        });
      }
    }
  }

  /** Re-sends the command of failed steps; returns how many. */
  onRetry(actor: string, reason: string, stepId: string | undefined): number {
    const failed = [...this.#steps.values()].filter(
      (step) => step.status === 'failed' && (stepId === undefined || step.id === stepId),
    );
    for (const step of failed) {
      this.history.push({ at: this.#now, type: 'operator-retry', step: step.id, actor, reason });
      this.#send(this.#stepDefinition(step.id), { ...step, reason: undefined }, 'in_progress');
    }
    return failed.length;
  }

  /** Starts every pending step whose prerequisites have all succeeded. */
  startReadySteps(): void {
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

  finish(previous: SagaStatus | undefined): Decision {
    const steps = this.#state.steps.map((step) => this.#steps.get(step.id) ?? step);
    const status = deriveSagaStatus(this.#definition, steps);
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
      state: { ...this.#state, steps, status, updatedAt: touched ? this.#now : this.#state.updatedAt },
      commands: this.#commands,
      history: this.history,
      stepChanges: this.#changes,
      ...(status !== previous ? { statusChange: { from: previous, to: status } } : {}),
      overdue: this.#overdue,
    };
  }

  #send(definition: StepDefinition<TInput>, step: StepState, status: StepStatus): void {
    const attempt = step.attempt + 1;
    const command = definition.command({
      dossierId: this.#state.sagaId,
      input: this.#context.input,
      results: this.#results(),
      attempt,
    });
    const id = `${this.#state.sagaId}:${definition.id}:${attempt}`;
    this.#commands.push({ id, stepId: definition.id, ...command });
    const wait = definition.retry.replyTimeoutMs * definition.retry.backoffMultiplier ** (attempt - 1);
    this.history.push({
      at: this.#now,
      type: 'command-sent',
      step: definition.id,
      messageId: id,
      messageType: command.type,
      detail: `attempt ${attempt}`,
    });
    this.#set({
      ...step,
      status,
      attempt,
      commandId: id,
      replyTimeoutAt: new Date(this.#context.now.getTime() + wait).toISOString(),
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

  #results(): Record<string, Readonly<Record<string, unknown>>> {
    const results: Record<string, Readonly<Record<string, unknown>>> = {};
    for (const step of this.#steps.values()) if (step.status === 'succeeded') results[step.id] = step.result;
    return results;
  }

  #stepDefinition(id: string): StepDefinition<TInput> {
    const definition = this.#definition.steps.find((step) => step.id === id);
    if (!definition)
      throw new Error(`saga ${this.#definition.name} v${this.#definition.version} has no step ${id}`);
    return definition;
  }
}

/** The saga's status from its steps. */
export function deriveSagaStatus<TInput>(
  definition: SagaDefinition<TInput>,
  steps: readonly StepState[],
): SagaStatus {
  if (steps.some((step) => step.status === 'failed')) return 'failed';
  if (!steps.every((step) => FINISHED_STEP_STATUSES.has(step.status))) return 'running';
  const refusedDossier = steps.some(
    (step) =>
      step.status === 'refused' &&
      definition.steps.find((candidate) => candidate.id === step.id)?.onRefusal === 'refuse-dossier',
  );
  if (refusedDossier) return 'refused';
  return steps.every((step) => step.status === 'succeeded') ? 'completed' : 'partially_completed';
}

export { FINISHED_SAGA_STATUSES };
