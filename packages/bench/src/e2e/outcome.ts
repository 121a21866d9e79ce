// How a dossier ended, judged from its `status-changed` event alone (status and step statuses).

/** A step as the `status-changed` event shows it. */
export interface StepView {
  readonly service: string;
  readonly status: string;
}

/** Dossier statuses after which nothing changes any more (but for an annulment). */
export const FINISHED: ReadonlySet<string> = new Set([
  'completed',
  'partially_completed',
  'refused',
  'failed',
  'withdrawn',
]);

/** `completed`, with exactly the saga's steps, each `succeeded`. */
export function completedAsExpected(
  status: string,
  steps: readonly StepView[],
  expected: readonly string[],
): boolean {
  return (
    status === 'completed' &&
    steps.length === expected.length &&
    expected.every((service) => steps.some((step) => step.service === service && step.status === 'succeeded'))
  );
}

/** `refused` with every step `compensated`: an annulment undone in full. */
export function undoneInFull(status: string, steps: readonly StepView[]): boolean {
  return status === 'refused' && steps.length > 0 && steps.every((step) => step.status === 'compensated');
}

/**
 * What a dossier that did not reach its goal showed last: its status and, once it is finished
 * (or at the goal's status), the steps that were not as the goal wants them
 * ("partially_completed: funeral-benefit refused").
 */
export function lastSeen(
  status: string | undefined,
  steps: readonly StepView[],
  goal: { readonly status: string; readonly stepStatus: string },
): string {
  if (status === undefined) return 'no event';
  if (status !== goal.status && !FINISHED.has(status)) return status;
  const off = steps.filter((step) => step.status !== goal.stepStatus);
  if (off.length === 0) return status === goal.status ? `${status}: other steps than expected` : status;
  return `${status}: ${off.map((step) => `${step.service} ${step.status}`).join(', ')}`;
}

/** What a completed dossier must show when read back. */
export interface Expected {
  readonly steps: readonly string[];
  readonly requiredResults: readonly string[];
  readonly expectedResults: Readonly<Record<string, unknown>>;
}

/**
 * Why a dossier read back with `GET /v1/dossiers/{id}` is not completed as expected ("refused,
 * 1/4 steps succeeded, missing residenceDeletionNumber"), or undefined when it is.
 */
export function viewProblems(
  view: {
    readonly status: string;
    readonly steps: readonly StepView[];
    readonly results: Record<string, unknown>;
  },
  expected: Expected,
): string | undefined {
  const succeeded = view.steps.filter((step) => step.status === 'succeeded').length;
  const missing = expected.requiredResults.filter(
    (key) => view.results[key] === undefined || view.results[key] === null,
  );
  const wrong = Object.entries(expected.expectedResults).flatMap(([key, value]) =>
    view.results[key] === undefined || view.results[key] === null || view.results[key] === value
      ? []
      : [`${key} ${JSON.stringify(view.results[key])} instead of ${JSON.stringify(value)}`],
  );
  if (
    completedAsExpected(view.status, view.steps, expected.steps) &&
    succeeded === expected.steps.length &&
    missing.length === 0 &&
    wrong.length === 0
  ) {
    return undefined;
  }
  return (
    `${view.status}, ${succeeded}/${expected.steps.length} steps succeeded` +
    (missing.length > 0 ? `, missing ${missing.join(', ')}` : '') +
    (wrong.length > 0 ? `, ${wrong.join(', ')}` : '')
  );
}
