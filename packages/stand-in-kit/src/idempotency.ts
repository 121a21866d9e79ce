/**
 * How the stand-ins' idempotent POSTs answer: under the caller's `requestId`, a repeat gets the
 * first request's answer marked as a replay, and the same key with other data is a 409.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { AppError } from '@lienthong/service-kit';

/** Header telling the caller the answer is a replay of an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * The 409 IDEMPOTENCY_KEY_REUSED of a POST whose `requestId` was used before with other data.
 * @param thing what the key was used for, as the detail says: `request`, `recovery`
 * @param extension the problem member that carries the key back, e.g. `personalIdRequestId`
 */
export function idempotencyKeyReused(thing: string, extension: string, requestId: string): AppError {
  return coreErrors.create(
    'IDEMPOTENCY_KEY_REUSED',
    `This requestId was already used for a ${thing} with other data; use a new requestId for a new ${thing}.`,
    { extensions: { [extension]: requestId } },
  );
}

/**
 * Where what a POST to `url` recorded under `requestId` is read: the path without its query,
 * then the escaped key (`/v1/merit/recoveries/HS-1%3Ax`), for the `location` header.
 */
export function locationOf(url: string, requestId: string): string {
  return `${url.split('?', 1)[0]}/${encodeURIComponent(requestId)}`;
}
