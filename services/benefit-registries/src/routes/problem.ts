import { problemResponse } from '@lienthong/stand-in-kit';

/** The problem document as a response schema, for the OpenAPI document only. */
export const ProblemResponse = problemResponse('the recovery requestId');

/** A route's problem answers by status, for its response schemas: `{ 400: ProblemResponse, … }`. */
export function problemAnswers<const S extends number>(...statuses: S[]): Record<S, typeof ProblemResponse> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemResponse])) as Record<
    S,
    typeof ProblemResponse
  >;
}
