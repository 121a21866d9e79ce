import { describe, expect, it } from '@jest/globals';
import { defineSaga, reply, type Deadline, type SagaDefinition } from './definition.ts';
import {
  decide,
  isRejection,
  nextWakeAt,
  type Decision,
  type DecisionContext,
  type SagaInput,
} from './orchestrator.ts';
import type { SagaState } from './state.ts';

// A small procedure shaped like the birth group: a first step, then two in parallel.
interface Input {
  readonly child: string;
}
const retry = { maxAttempts: 3, replyTimeoutMs: 60_000, backoffMultiplier: 2 };
const refusal = (code: string) => ({ code, message: { vi: `vi ${code}`, en: `en ${code}` } });

const saga: SagaDefinition<Input> = defineSaga<Input>({
  name: 'test-birth',
  version: 1,
  title: { vi: 'Thử', en: 'Test' },
  requiredServices: ['register'],
  steps: [
    {
      id: 'register',
      service: 'register',
      agency: 'civil-status',
      title: { vi: 'Đăng ký khai sinh', en: 'Register the birth' },
      after: [],
      command: ({ input }) => ({ type: 'test.register', topic: 't.cs', data: { child: input.child } }),
      replies: {
        'test.registered': (data) => (data.id ? reply.succeeded(data) : reply.progress('id_pending', data)),
        'test.id-attached': (data) => reply.succeeded(data),
        'test.register-refused': () => reply.refused(refusal('DUPLICATE')),
        'test.register-failed': () => reply.failed(refusal('ID_OUTAGE')),
      },
      retry,
      deadline: { workingDays: 0, basis: 'test' },
      onRefusal: 'refuse-dossier',
    },
    {
      id: 'residence',
      service: 'residence',
      agency: 'police',
      title: { vi: 'Thường trú', en: 'Residence' },
      after: ['register'],
      command: ({ results }) => ({ type: 'test.reside', topic: 't.res', data: { id: results.register?.id } }),
      replies: {
        'test.resided': (data) => reply.succeeded(data),
        'test.reside-refused': () => reply.refused(refusal('NO_CONSENT')),
      },
      retry,
      deadline: { workingDays: 2, basis: 'test' },
      onRefusal: 'continue',
    },
    {
      id: 'insurance',
      service: 'insurance',
      agency: 'social-security',
      title: { vi: 'BHYT', en: 'Insurance' },
      after: ['register'],
      command: ({ results }) => ({ type: 'test.insure', topic: 't.ins', data: { id: results.register?.id } }),
      replies: { 'test.insured': (data) => reply.succeeded(data) },
      retry,
      deadline: { workingDays: 2, basis: 'test' },
      onRefusal: 'continue',
    },
  ],
});

const T0 = new Date('2026-11-23T02:00:00Z');
// A stand-in calendar: N working days = N days + 8 hours. The real one is @lienthong/working-days.
const dueAt = (start: Date, deadline: Deadline) =>
  new Date(start.getTime() + (deadline.workingDays * 24 + 8) * 3_600_000);
const at = (minutes: number): DecisionContext<Input> => ({
  now: new Date(T0.getTime() + minutes * 60_000),
  input: { child: 'An' },
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
const allThree: SagaInput = {
  kind: 'start',
  sagaId: 'HS-1',
  services: ['register', 'residence', 'insurance'],
};

describe('starting a saga', () => {
  it('given all three services, when started, then only the first step is sent, with its due moment', () => {
    const { state, commands } = run(undefined, allThree);
    expect(commands).toEqual([
      {
        id: 'HS-1:register:1',
        stepId: 'register',
        type: 'test.register',
        topic: 't.cs',
        data: { child: 'An' },
      },
    ]);
    expect(statuses(state)).toEqual({ register: 'in_progress', residence: 'pending', insurance: 'pending' });
    expect(state.steps[0]?.dueAt).toBe('2026-11-23T10:00:00.000Z');
    expect(state.status).toBe('running');
  });

  it('given a two-service choice, then the unchosen step is not part of the saga', () => {
    const { state } = run(undefined, { ...allThree, services: ['register', 'insurance'] });
    expect(state.steps.map((step) => step.id)).toEqual(['register', 'insurance']);
  });

  it('refuses a choice without the required service or with an unknown one', () => {
    expect(decide(saga, undefined, { ...allThree, services: ['residence'] }, at(0))).toMatchObject({
      rejected: { code: 'MISSING_REQUIRED_SERVICE' },
    });
    expect(decide(saga, undefined, { ...allThree, services: ['register', 'x'] }, at(0))).toMatchObject({
      rejected: { code: 'UNKNOWN_SERVICE' },
    });
  });
});

describe('replies', () => {
  it('given the first step registered without an id, then it is id_pending and the others wait; when the id arrives, both start in parallel', () => {
    const started = run(undefined, allThree).state;
    const pending = run(started, answer('test.registered', { certificate: 'KS-1' }), 5);
    expect(statuses(pending.state)).toMatchObject({ register: 'id_pending', residence: 'pending' });
    expect(pending.commands).toEqual([]);
    expect(pending.state.steps[0]?.replyTimeoutAt).toBeUndefined();

    const attached = run(pending.state, answer('test.id-attached', { id: '001326000001' }), 90);
    expect(attached.state.steps[0]?.result).toEqual({ certificate: 'KS-1', id: '001326000001' });
    expect(attached.commands.map((command) => [command.id, command.data])).toEqual([
      ['HS-1:residence:1', { id: '001326000001' }],
      ['HS-1:insurance:1', { id: '001326000001' }],
    ]);
  });

  it('given a refused later step, then the dossier ends partially completed and the first step stands', () => {
    let state = run(undefined, allThree).state;
    state = run(state, answer('test.registered', { id: '1' })).state;
    state = run(state, answer('test.reside-refused')).state;
    const final = run(state, answer('test.insured', { card: 'BH-1' }));
    expect(statuses(final.state)).toEqual({
      register: 'succeeded',
      residence: 'refused',
      insurance: 'succeeded',
    });
    expect(final.state.status).toBe('partially_completed');
    expect(final.state.steps[1]?.reason?.code).toBe('NO_CONSENT');
    expect(final.statusChange).toEqual({ from: 'running', to: 'partially_completed' });
  });

  it('given the first step refused, then the dossier is refused and the later steps are cancelled with the reason', () => {
    const state = run(undefined, allThree).state;
    const refused = run(state, answer('test.register-refused'));
    expect(refused.state.status).toBe('refused');
    expect(statuses(refused.state)).toEqual({
      register: 'refused',
      residence: 'cancelled',
      insurance: 'cancelled',
    });
    expect(refused.state.steps[1]?.reason?.code).toBe('PREREQUISITE_REFUSED');
    expect(refused.commands).toEqual([]);
  });

  it('ignores a second reply to a finished step, and replies no step takes, recording both', () => {
    let state = run(undefined, allThree).state;
    state = run(state, answer('test.registered', { id: '1' })).state;
    const again = run(state, answer('test.registered', { id: '2' }, 'dup'));
    expect(again.state.steps[0]?.result).toEqual({ id: '1' });
    expect(again.commands).toEqual([]);
    expect(run(state, answer('test.unknown')).history).toEqual([
      expect.objectContaining({ type: 'reply-ignored', messageType: 'test.unknown' }),
    ]);
    expect(again.history).toEqual([expect.objectContaining({ type: 'reply-ignored', step: 'register' })]);
  });

  it('is deterministic: the same input on the same state gives the same decision', () => {
    const state = run(undefined, allThree).state;
    const input = answer('test.registered', { id: '1' });
    expect(run(state, input, 3)).toEqual(run(state, input, 3));
  });
});

describe('time', () => {
  it('re-sends a command nobody answered, with backoff, then fails the step and the saga after maxAttempts', () => {
    let decision = run(undefined, allThree);
    expect(nextWakeAt(decision.state)).toBe('2026-11-23T02:01:00.000Z');
    decision = run(decision.state, { kind: 'tick' }, 1);
    expect(decision.commands.map((command) => command.id)).toEqual(['HS-1:register:2']);
    expect(decision.state.steps[0]?.replyTimeoutAt).toBe('2026-11-23T02:03:00.000Z');
    decision = run(decision.state, { kind: 'tick' }, 3);
    expect(decision.commands.map((command) => command.id)).toEqual(['HS-1:register:3']);
    decision = run(decision.state, { kind: 'tick' }, 7);
    expect(decision.commands).toEqual([]);
    expect(decision.state.steps[0]).toMatchObject({ status: 'failed', reason: { code: 'AGENCY_NO_ANSWER' } });
    expect(decision.state.status).toBe('failed');
  });

  it('does nothing on a tick before anything is due', () => {
    const state = run(undefined, allThree).state;
    const decision = run(state, { kind: 'tick' }, 0);
    expect(decision.commands).toEqual([]);
    expect(decision.history).toEqual([]);
    expect(decision.state).toEqual(state);
  });

  it('flags an overdue step once, and keeps waiting for it', () => {
    let state = run(undefined, allThree).state;
    state = run(state, answer('test.registered', { certificate: 'KS-1' })).state;
    const late = run(state, { kind: 'tick' }, 8 * 60);
    expect(late.overdue).toEqual(['register']);
    expect(late.state.steps[0]).toMatchObject({ status: 'id_pending', overdue: true });
    expect(run(late.state, { kind: 'tick' }, 9 * 60).overdue).toEqual([]);
    expect(nextWakeAt(late.state)).toBeUndefined();
  });
});

describe('operator retry', () => {
  function failedSaga(): SagaState {
    let state = run(undefined, allThree).state;
    state = run(state, answer('test.register-failed')).state;
    expect(state.status).toBe('failed');
    return state;
  }

  it('re-sends the failed step as a new attempt, records who and why, and resumes the saga', () => {
    const retried = decide(
      saga,
      failedSaga(),
      { kind: 'retry', actor: 'ops:an', reason: 'population DB back' },
      at(60),
    );
    if (isRejection(retried)) throw new Error('rejected');
    expect(retried.commands.map((command) => command.id)).toEqual(['HS-1:register:2']);
    expect(retried.state.status).toBe('running');
    expect(retried.history).toContainEqual(
      expect.objectContaining({
        type: 'operator-retry',
        step: 'register',
        actor: 'ops:an',
        reason: 'population DB back',
      }),
    );
  });

  it('accepts a late success for a failed step without an operator', () => {
    const recovered = run(failedSaga(), answer('test.id-attached', { id: '1' }), 30);
    expect(recovered.state.steps[0]?.status).toBe('succeeded');
    expect(recovered.commands).toHaveLength(2);
  });

  it('rejects a retry when nothing failed', () => {
    const state = run(undefined, allThree).state;
    expect(decide(saga, state, { kind: 'retry', actor: 'ops:an', reason: 'x' }, at(1))).toMatchObject({
      rejected: { code: 'NOTHING_TO_RETRY' },
    });
  });
});

describe('defineSaga', () => {
  it('rejects a step that runs after an unknown or later step, and a reply claimed twice', () => {
    const [first, second] = saga.steps;
    if (!first || !second) throw new Error('fixture');
    expect(() => defineSaga({ ...saga, steps: [second, first] })).toThrow(/declared later or unknown/);
    expect(() =>
      defineSaga({
        ...saga,
        steps: [first, { ...second, replies: { ...second.replies, ...first.replies } }],
      }),
    ).toThrow(/claimed by register and residence/);
  });
});
