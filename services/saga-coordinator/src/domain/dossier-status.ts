import type { Reason, SagaDefinition, SagaState } from '@lienthong/saga-engine';

export type DossierStatus =
  | 'received'
  | 'in_progress'
  | 'supplement_requested'
  | 'completed'
  | 'partially_completed'
  | 'refused'
  | 'withdrawn'
  | 'failed';

/**
 * The national portal's de facto status list (1 new · 2 accepted · 3 refused at reception ·
 * 4 in process · 5 supplement requested · 6 payment requested · 7 withdrawn · 8 stopped ·
 * 9 processed · 10 result returned). A failed saga is still "in process" for the citizen: an
 * operator is on it. A refusal by an agency during processing is "stopped" (8); results,
 * complete or partial, are "returned" (10) because they are delivered electronically at once.
 */
export const PORTAL_STATUS_CODES: Readonly<Record<DossierStatus, number>> = {
  received: 2,
  in_progress: 4,
  supplement_requested: 5,
  completed: 10,
  partially_completed: 10,
  refused: 8,
  withdrawn: 7,
  failed: 4,
};

export const FINISHED_DOSSIER_STATUSES: ReadonlySet<DossierStatus> = new Set([
  'completed',
  'partially_completed',
  'refused',
  'withdrawn',
]);

/** The dossier's status from its saga; `acknowledged` once any agency has answered. */
export function deriveDossierStatus(saga: SagaState, acknowledged: boolean): DossierStatus {
  switch (saga.status) {
    case 'completed':
    case 'partially_completed':
    case 'refused':
    case 'failed':
    case 'withdrawn':
      return saga.status;
    case 'running':
      // Being withdrawn or undone: no longer waiting for the citizen's documents.
      if (!saga.ending && saga.steps.some((step) => step.status === 'supplement_requested')) {
        return 'supplement_requested';
      }
      return acknowledged ? 'in_progress' : 'received';
  }
}

/** Why a dossier ended as it did (or is ending): its withdrawal or annulment, else its refusal. */
export function dossierReason(saga: SagaDefinition<unknown>, state: SagaState): Reason | undefined {
  if (state.ending) return state.ending.reason;
  if (state.status !== 'refused') return undefined;
  const refusing = state.steps.find(
    (step) =>
      step.status === 'refused' &&
      saga.steps.find((candidate) => candidate.id === step.id)?.onRefusal === 'refuse-dossier',
  );
  return refusing?.reason;
}
