import { describe, expect, it } from '@jest/globals';
import { defineSaga, reply, type Deadline, type SagaDefinition, type StepDefinition } from './definition.ts';
import {
  decide,
  isRejection,
  nextWakeAt,
  type Decision,
  type DecisionContext,
  type SagaInput,
} from './orchestrator.ts';
import type { SagaState } from './state.ts';

// Withdrawal, annulment and supplements on a procedure shaped like the death group: a
// registration, then two acts that follow from it, each cancellable and undoable.
interface Input {
  readonly who: string;
}
const retry = { maxAttempts: 3, replyTimeoutMs: 60_000, backoffMultiplier: 2 };
const reason = (code: string) => ({ code, message: { vi: `vi ${code}`, en: `en ${code}` } });

function act(id: string, after: string[], undoable: boolean): StepDefinition<Input> {
  return {
    id,
    service: id,
    agency: `agency-${id}`,
    title: { vi: id, en: id },
    after,
    command: ({ input }) => ({ type: `t.${id}`, topic: 't.cmd', data: { who: input.who } }),
    replies: {
      [`t.${id}-done`]: (data) => reply.succeeded(data),
      [`t.${id}-progressed`]: (data) =>
        reply.progress(
          data.status as 'awaiting_officer' | 'supplement_requested',
          undefined,
          typeof data.missing === 'string' ? reason(data.missing) : undefined,
        ),
      [`t.${id}-refused`]: () => reply.refused(reason('NO')),
      [`t.${id}-cancelled`]: () => reply.cancelled(),
      ...(after.length === 0
        ? { [`t.${id}-annulled`]: (data) => reply.annulled(reason('REGISTERED_IN_ERROR'), String(data.by)) }
        : {}),
    },
    retry,
    deadline: { workingDays: after.length === 0 ? 0 : 2, basis: 'test' },
    onRefusal: after.length === 0 ? 'refuse-dossier' : 'continue',
    cancel: {
      command: ({ reason: why }) => ({ type: `t.cancel-${id}`, topic: 't.cmd', data: { why: why.code } }),
    },
    supplement: {
      command: ({ supplement }) => ({ type: `t.supplement-${id}`, topic: 't.cmd', data: { ...supplement } }),
    },
    ...(undoable
      ? {
          compensation: {
            command: ({ ending }) => ({
              type: `t.undo-${id}`,
              topic: 't.cmd',
              data: { why: ending?.reason.code },
            }),
            replies: {
              [`t.${id}-undone`]: (data) => reply.succeeded(data),
              [`t.${id}-undo-failed`]: () => reply.failed(reason('REGISTRY_DOWN')),
            },
            retry,
          },
        }
      : {}),
  };
}

const saga: SagaDefinition<Input> = defineSaga<Input>({
  name: 'test-death',
  version: 1,
  title: { vi: 'Thử', en: 'Test' },
  requiredServices: ['register'],
  steps: [
    act('register', [], false),
    act('residence', ['register'], true),
    act('benefit', ['register'], true),
  ],
});

const T0 = new Date('2026-11-23T02:00:00Z');
const DAY = 24 * 3_600_000;
// N working days = N days + 8 hours (the real calendar is @lienthong/working-days).
const dueAt = (start: Date, deadline: Deadline) =>
  new Date(start.getTime() + deadline.workingDays * DAY + 8 * 3_600_000);
const at = (minutes: number): DecisionContext<Input> => ({
  now: new Date(T0.getTime() + minutes * 60_000),
  input: { who: 'Bình' },
  dueAt,
});

function run(state: SagaState | undefined, input: SagaInput, minutes = 0): Decision {
  const decision = decide(saga, state, input, at(minutes));
  if (isRejection(decision)) throw new Error(`unexpected rejection ${decision.rejected.code}`);
  return decision;
}
const answer = (type: string, data: Record<string, unknown> = {}, id = type): SagaInput => ({
  kind: 'reply',
  messageId: id,
  type,
  data,
});
const statuses = (state: SagaState) => Object.fromEntries(state.steps.map((step) => [step.id, step.status]));
const sent = (decision: Decision) => decision.commands.map((command) => command.type);
const start: SagaInput = { kind: 'start', sagaId: 'HS-9', services: ['register', 'residence', 'benefit'] };
const withdraw: SagaInput = { kind: 'withdraw', actor: 'portal', note: 'we moved' };

function completed(): SagaState {
  let state = run(undefined, start).state;
  state = run(state, answer('t.register-done', { certificate: 'KT-1' })).state;
  state = run(state, answer('t.residence-done', { deletion: 'XT-1' })).state;
  state = run(state, answer('t.benefit-done', { decision: 'MT-1' })).state;
  expect(state.status).toBe('completed');
  return state;
}

describe('withdrawal', () => {
  it('given the registration in progress, then the steps not started are cancelled, the running one is told to stop, and the cancellation ends it withdrawn', () => {
    const started = run(undefined, start).state;
    const withdrawn = run(started, withdraw, 5);
    expect(statuses(withdrawn.state)).toEqual({
      register: 'in_progress',
      residence: 'cancelled',
      benefit: 'cancelled',
    });
    expect(withdrawn.commands).toEqual([
      expect.objectContaining({
        id: 'HS-9:register:cancel:1',
        type: 't.cancel-register',
        data: { why: 'WITHDRAWN_BY_CITIZEN' },
      }),
    ]);
    expect(withdrawn.history).toContainEqual(
      expect.objectContaining({ type: 'withdrawal-requested', actor: 'portal', reason: 'we moved' }),
    );
    expect(withdrawn.state.status).toBe('running');

    const done = run(withdrawn.state, answer('t.register-cancelled'), 6);
    expect(statuses(done.state)).toMatchObject({ register: 'cancelled' });
    expect(done.state.status).toBe('withdrawn');
    expect(done.state.ending).toMatchObject({ kind: 'withdrawn', reason: { code: 'WITHDRAWN_BY_CITIZEN' } });
  });

  it('given the agency decided before the cancel reached it, then its decision stands and nothing new starts', () => {
    let state = run(undefined, start).state;
    state = run(state, withdraw, 1).state;
    // The agency registered just before the cancel arrived; it repeats that decision to the cancel.
    const decided = run(state, answer('t.register-done', { certificate: 'KT-1' }), 2);
    expect(statuses(decided.state)).toEqual({
      register: 'succeeded',
      residence: 'cancelled',
      benefit: 'cancelled',
    });
    expect(decided.commands).toEqual([]);
    expect(decided.state.status).toBe('withdrawn');
    // Its late answer to the cancel changes nothing.
    const late = run(decided.state, answer('t.register-done', {}, 'again'), 3);
    expect(late.state.steps[0]?.status).toBe('succeeded');
  });

  it('ignores older progress once a cancel is sent, and re-sends the cancel nobody answered', () => {
    let decision = run(run(undefined, start).state, withdraw, 0);
    decision = run(decision.state, answer('t.register-progressed', { status: 'awaiting_officer' }), 0.5);
    expect(decision.state.steps[0]?.status).toBe('in_progress');
    expect(nextWakeAt(decision.state)).toBe('2026-11-23T02:01:00.000Z');
    decision = run(decision.state, { kind: 'tick' }, 1);
    expect(decision.commands.map((command) => command.id)).toEqual(['HS-9:register:cancel:2']);
  });

  it('refuses to withdraw a finished dossier, and takes a repeated withdrawal as the same one', () => {
    expect(decide(saga, completed(), withdraw, at(10))).toMatchObject({
      rejected: { code: 'ALREADY_FINISHED' },
    });
    const once = run(run(undefined, start).state, withdraw, 1);
    const twice = run(once.state, withdraw, 2);
    expect(twice.commands).toEqual([]);
    expect(twice.history).toEqual([]);
  });
});

describe('annulment', () => {
  it('given a completed dossier, when the registration is annulled, then what followed is undone first, the registration last, and the dossier ends refused', () => {
    const annulled = run(completed(), answer('t.register-annulled', { by: 'officer:hoa' }), 60);
    expect(statuses(annulled.state)).toEqual({
      register: 'compensating',
      residence: 'compensating',
      benefit: 'compensating',
    });
    expect(sent(annulled)).toEqual(['t.undo-benefit', 't.undo-residence']);
    expect(annulled.commands[0]).toMatchObject({
      id: 'HS-9:benefit:compensate:1',
      data: { why: 'REGISTERED_IN_ERROR' },
    });
    expect(annulled.history).toContainEqual(
      expect.objectContaining({
        type: 'annulment-received',
        actor: 'officer:hoa',
        reason: 'REGISTERED_IN_ERROR',
      }),
    );
    expect(annulled.state.status).toBe('running');

    const one = run(annulled.state, answer('t.benefit-undone', { recovery: 'TH-1' }), 61);
    expect(statuses(one.state)).toMatchObject({ benefit: 'compensated', register: 'compensating' });
    const two = run(one.state, answer('t.residence-undone', { restored: true }), 62);
    expect(statuses(two.state)).toEqual({
      register: 'compensated',
      residence: 'compensated',
      benefit: 'compensated',
    });
    expect(two.state.status).toBe('refused');
    expect(two.state.steps[2]?.compensation?.result).toEqual({ recovery: 'TH-1' });
    expect(two.state.steps.map((step) => step.reason?.code)).toEqual([
      'REGISTERED_IN_ERROR',
      'REGISTERED_IN_ERROR',
      'REGISTERED_IN_ERROR',
    ]);
    const order = two.history.filter((entry) => entry.to === 'compensated').map((entry) => entry.step);
    expect(order).toEqual(['residence', 'register']);
  });

  it('given a step still running when the registration is annulled, then it is cancelled, and undone if the agency had decided it meanwhile', () => {
    let state = run(undefined, start).state;
    state = run(state, answer('t.register-done', { certificate: 'KT-1' })).state;
    state = run(state, answer('t.benefit-done')).state;
    const annulled = run(state, answer('t.register-annulled', { by: 'officer:hoa' }), 5);
    expect(sent(annulled)).toEqual(['t.cancel-residence', 't.undo-benefit']);
    expect(annulled.commands[0]?.data).toEqual({ why: 'REGISTRATION_ANNULLED' });

    // The police had deleted the residence just before the cancel: the decision comes back…
    const raced = run(annulled.state, answer('t.residence-done', { deletion: 'XT-1' }), 6);
    expect(sent(raced)).toEqual(['t.undo-residence']);
    let final = run(raced.state, answer('t.residence-undone'), 7).state;
    final = run(final, answer('t.benefit-undone'), 8).state;
    expect(statuses(final)).toEqual({
      register: 'compensated',
      residence: 'compensated',
      benefit: 'compensated',
    });
    expect(final.status).toBe('refused');
  });

  it('given the annulment arrives before the later steps started, then they are cancelled and the registration is undone at once', () => {
    let state = run(undefined, start).state;
    state = run(state, answer('t.register-progressed', { status: 'awaiting_officer' })).state;
    state = run(state, answer('t.register-done', { certificate: 'KT-1' })).state;
    const residenceOnly = run(state, answer('t.residence-refused')).state;
    const annulled = run(residenceOnly, answer('t.register-annulled', { by: 'officer:x' }), 3);
    expect(sent(annulled)).toEqual(['t.cancel-benefit']);
    const done = run(annulled.state, answer('t.benefit-cancelled'), 4);
    expect(statuses(done.state)).toEqual({
      register: 'compensated',
      residence: 'refused',
      benefit: 'cancelled',
    });
    expect(done.state.status).toBe('refused');
  });

  it('retries a compensation that fails, with backoff, then parks it for an operator, whose retry finishes it', () => {
    let decision = run(completed(), answer('t.register-annulled', { by: 'officer:hoa' }), 0);
    decision = run(decision.state, answer('t.residence-undone'), 1);
    decision = run(decision.state, answer('t.benefit-undo-failed', {}, 'f1'), 2);
    expect(decision.commands).toEqual([]);
    const benefit = () => decision.state.steps[2];
    expect(benefit()?.status).toBe('compensating');
    expect(benefit()?.compensation?.replyTimeoutAt).toBe('2026-11-23T02:03:00.000Z');
    decision = run(decision.state, { kind: 'tick' }, 3);
    expect(decision.commands.map((command) => command.id)).toEqual(['HS-9:benefit:compensate:2']);
    decision = run(decision.state, answer('t.benefit-undo-failed', {}, 'f2'), 4);
    expect(run(decision.state, { kind: 'tick' }, 5).commands).toEqual([]);
    decision = run(decision.state, { kind: 'tick' }, 6);
    expect(decision.commands.map((command) => command.id)).toEqual(['HS-9:benefit:compensate:3']);
    decision = run(decision.state, answer('t.benefit-undo-failed', {}, 'f3'), 7);
    expect(benefit()).toMatchObject({ status: 'compensation_failed', reason: { code: 'REGISTRY_DOWN' } });
    expect(decision.state.status).toBe('failed');
    expect(statuses(decision.state)).toMatchObject({ register: 'compensating' });
    expect(nextWakeAt(decision.state)).toBeUndefined();

    const retried = run(decision.state, { kind: 'retry', actor: 'ops:an', reason: 'registry back' }, 300);
    expect(retried.commands.map((command) => command.id)).toEqual(['HS-9:benefit:compensate:4']);
    expect(retried.state.status).toBe('running');
    const done = run(retried.state, answer('t.benefit-undone'), 301);
    expect(done.state.status).toBe('refused');
  });

  it('takes the annulment once: a second one, and late replies of undone steps, change nothing', () => {
    const annulled = run(completed(), answer('t.register-annulled', { by: 'a' }), 0).state;
    const again = run(annulled, answer('t.register-annulled', { by: 'b' }, 'second'), 1);
    expect(again.commands).toEqual([]);
    expect(again.state.ending?.actor).toBe('a');
    const late = run(annulled, answer('t.benefit-done', {}, 'late'), 1);
    expect(late.state.steps[2]?.status).toBe('compensating');
    expect(late.commands).toEqual([]);
  });

  it('stops a withdrawal in progress when the registration is annulled, and refuses a withdrawal during an annulment', () => {
    let state = run(undefined, start).state;
    state = run(state, answer('t.register-done')).state;
    state = run(state, withdraw, 1).state;
    const annulled = run(state, answer('t.register-annulled', { by: 'officer:x' }), 2);
    expect(annulled.state.ending?.kind).toBe('annulled');
    expect(decide(saga, annulled.state, withdraw, at(3))).toMatchObject({
      rejected: { code: 'ENDING_IN_PROGRESS' },
    });
  });
});

describe('supplements', () => {
  function asking(): Decision {
    let state = run(undefined, start).state;
    state = run(state, answer('t.register-progressed', { status: 'awaiting_officer' })).state;
    return run(
      state,
      answer('t.register-progressed', { status: 'supplement_requested', missing: 'DEATH_NOTICE' }),
      10,
    );
  }

  it('given an agency asks for documents, then the step shows what is missing with a 7-working-day deadline', () => {
    const { state } = asking();
    expect(state.steps[0]).toMatchObject({
      status: 'supplement_requested',
      reason: { code: 'DEATH_NOTICE' },
      supplementDueAt: new Date(T0.getTime() + 10 * 60_000 + 7 * DAY + 8 * 3_600_000).toISOString(),
    });
    expect(nextWakeAt(state)).toBe(state.steps[0]?.dueAt);
  });

  it('when the citizen sends them, then the agency gets them and the step works again', () => {
    const sentIn = run(
      asking().state,
      {
        kind: 'supplement',
        actor: 'portal',
        supplement: { documents: [{ kind: 'death-notice', reference: 'doc-1' }] },
      },
      60,
    );
    expect(sentIn.commands).toEqual([
      expect.objectContaining({
        id: 'HS-9:register:supplement:1',
        type: 't.supplement-register',
        data: { documents: [{ kind: 'death-notice', reference: 'doc-1' }] },
      }),
    ]);
    expect(sentIn.state.steps[0]).toMatchObject({ status: 'in_progress', supplements: 1 });
    expect(sentIn.state.steps[0]?.supplementDueAt).toBeUndefined();
    expect(sentIn.history).toContainEqual(
      expect.objectContaining({ type: 'supplement-submitted', actor: 'portal' }),
    );
  });

  it('given no documents within the deadline, then the step is refused by the timer, the agency told to stop, and what depends on it cancelled', () => {
    const { state } = asking();
    const due = state.steps[0]?.supplementDueAt ?? '';
    const minutes = (Date.parse(due) - T0.getTime()) / 60_000;
    expect(run(state, { kind: 'tick' }, minutes - 1).state.steps[0]?.status).toBe('supplement_requested');
    const expired = run(state, { kind: 'tick' }, minutes);
    expect(expired.state.steps[0]).toMatchObject({
      status: 'refused',
      reason: { code: 'SUPPLEMENT_NOT_PROVIDED' },
    });
    expect(sent(expired)).toEqual(['t.cancel-register']);
    expect(statuses(expired.state)).toEqual({
      register: 'refused',
      residence: 'cancelled',
      benefit: 'cancelled',
    });
    expect(expired.state.status).toBe('refused');
    expect(expired.history).toContainEqual(
      expect.objectContaining({ type: 'supplement-expired', step: 'register' }),
    );
    // The agency's answer to the cancel changes nothing.
    expect(run(expired.state, answer('t.register-cancelled'), minutes + 1).state.steps[0]?.status).toBe(
      'refused',
    );
  });

  it('rejects documents nobody asked for', () => {
    const state = run(undefined, start).state;
    expect(decide(saga, state, { kind: 'supplement', actor: 'portal', supplement: {} }, at(1))).toMatchObject(
      { rejected: { code: 'NOTHING_TO_SUPPLEMENT' } },
    );
  });
});
