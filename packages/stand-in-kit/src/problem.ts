import { z } from 'zod';

/**
 * The problem document (RFC 9457) as a response schema, for the OpenAPI document only:
 * problems are serialized by service-kit's error handler, never reshaped by a route's schema.
 * @param keyName what the document's `requestId` must not be taken for: the idempotency key of
 *   the stand-in's requests, e.g. `the recovery requestId`
 */
export function problemResponse(keyName: string) {
  return z
    .looseObject({
      type: z.string().describe('https://lienthong.gov.vn/problems/<code in kebab-case>'),
      title: z.string(),
      status: z.number().int(),
      detail: z.string(),
      instance: z.string(),
      code: z.string().describe('Stable code; branch on it, never on title or detail'),
      retryable: z.boolean(),
      requestId: z.string().describe(`The HTTP request id (x-request-id), not ${keyName}`),
    })
    .describe('RFC 9457 problem document (application/problem+json)');
}
