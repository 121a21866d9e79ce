import { describe, expect, it } from '@jest/globals';
import type { SagaState, StepState } from '@lienthong/saga-engine';
import { deriveDossierStatus, PORTAL_STATUS_CODES } from './dossier-status.ts';

const step = (status: StepState['status']): StepState => ({
  id: 's',
  service: 's',
  agency: 'a',
  status,
  attempt: 1,
  overdue: false,
  result: {},
});
const saga = (status: SagaState['status'], steps: StepState[]): SagaState => ({
  sagaId: 'D',
  definition: 'birth',
  definitionVersion: 1,
  status,
  startedAt: '',
  updatedAt: '',
  steps,
});

describe('dossier status', () => {
  it('is received until an agency answers, then in progress', () => {
    expect(deriveDossierStatus(saga('running', [step('in_progress')]), false)).toBe('received');
    expect(deriveDossierStatus(saga('running', [step('in_progress')]), true)).toBe('in_progress');
  });

  it('shows a supplement request over everything still running', () => {
    expect(
      deriveDossierStatus(saga('running', [step('succeeded'), step('supplement_requested')]), true),
    ).toBe('supplement_requested');
  });

  it('takes the saga’s final status, and maps every status to a portal code', () => {
    expect(deriveDossierStatus(saga('partially_completed', [step('succeeded'), step('refused')]), true)).toBe(
      'partially_completed',
    );
    expect(PORTAL_STATUS_CODES).toMatchObject({ received: 2, in_progress: 4, completed: 10, withdrawn: 7 });
  });
});

describe('dossier status while it is withdrawn or undone', () => {
  const ending = {
    kind: 'withdrawn' as const,
    at: '2026-11-25T03:00:00Z',
    actor: 'portal',
    reason: { code: 'WITHDRAWN_BY_CITIZEN', message: { vi: 'rút', en: 'withdrawn' } },
  };

  it('is in progress, not waiting for documents, until every agency has answered; then withdrawn (code 7)', () => {
    const withdrawing = { ...saga('running', [step('supplement_requested')]), ending };
    expect(deriveDossierStatus(withdrawing, true)).toBe('in_progress');
    const withdrawn = deriveDossierStatus({ ...saga('withdrawn', [step('cancelled')]), ending }, true);
    expect([withdrawn, PORTAL_STATUS_CODES[withdrawn]]).toEqual(['withdrawn', 7]);
  });
});
