/**
 * The error codes the registries answer with: core codes only. Nothing here is a refusal: a
 * person missing from a registry is a normal 404 answer, and a recovery is always recorded.
 * README.md, "Error codes", lists these codes; a unit test fails when they drift.
 */
import { coreErrors, defineErrorCatalogue } from '@lienthong/service-kit';
import type { CoreErrorCode, ErrorDefinition } from '@lienthong/service-kit';

/** The codes the routes of this service send (besides what any service-kit app may send). */
const ANSWERED_ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'SERVICE_UNAVAILABLE',
] as const satisfies readonly CoreErrorCode[];

/** The same codes as a catalogue, with their core definitions, for the documentation check. */
export const answeredErrors = defineErrorCatalogue(
  Object.fromEntries(
    ANSWERED_ERROR_CODES.map((code): [string, ErrorDefinition] => [code, coreErrors.entries[code]]),
  ),
);
