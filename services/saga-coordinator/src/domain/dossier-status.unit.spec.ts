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
