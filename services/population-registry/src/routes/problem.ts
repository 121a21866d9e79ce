import { problemResponse } from '@lienthong/stand-in-kit';

/** The problem document as a response schema, for the OpenAPI document only. */
export const ProblemResponse = problemResponse('the personal-ID requestId');
