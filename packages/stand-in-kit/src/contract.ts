/**
 * The parts of the stand-ins' HTTP contracts that are the same everywhere: personal ID numbers,
 * commune codes, sexes, the caller's idempotency key and the fault settings of the admin API.
 * zod only, so a stand-in's contract (which its client parses answers with) keeps free of the
 * server's dependencies; exported from `@lienthong/stand-in-kit/client`.
 */
import { z } from 'zod';

/**
 * A personal identification number, 12 digits (Circular 59/2021/TT-BCA), documented with
 * `example`: a person of the stand-in's own test data.
 */
export function personalIdSchema(example: string) {
  return z
    .string()
    .regex(/^\d{12}$/, 'must be 12 digits')
    .describe('Personal identification number, 12 digits (Circular 59/2021/TT-BCA)')
    .meta({ example });
}

/**
 * A commune-level unit's code, 5 digits (Decision 19/2025/QĐ-TTg), described as `description`
 * followed by that decision: `Commune-level unit of the residence (Decision 19/2025/QĐ-TTg)`.
 */
export function communeCodeSchema(description: string) {
  return z
    .string()
    .regex(/^\d{5}$/, 'must be 5 digits')
    .describe(`${description} (Decision 19/2025/QĐ-TTg)`);
}

/** The caller's idempotency key (`requestId`), documented with `example`. */
export function requestIdSchema(example: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'letters, digits and . _ : - only, at most 200')
    .describe("The caller's idempotency key, e.g. the dossier id and the step")
    .meta({ example });
}

export const Sex = z.enum(['male', 'female']).describe('Sex as recorded');
export type Sex = z.infer<typeof Sex>;

const Rate = z.number().min(0).max(1);

/**
 * The members of `FaultSettings` (`@lienthong/stand-in-kit/faults`) as the admin API shows and
 * takes them, an absent member being off. A stand-in extends this object with its own members,
 * omits `timeoutRate` when it holds no answers, and may re-describe `outageUntil` with what an
 * outage hits there.
 */
export const FaultSettingsMembers = z.object({
  latencyMs: z.number().int().min(0).max(600_000).optional().describe('Added before every answer'),
  errorRate: Rate.optional().describe('Share of requests answered 503 at once, unprocessed (0..1)'),
  timeoutRate: Rate.optional().describe(
    'Share of requests processed but answered only after the hold (about 30 s), past the caller’s timeout (0..1)',
  ),
  outageUntil: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Every targeted request answers 503 with Retry-After until this time (ISO 8601)'),
});
export type FaultSettingsMembers = z.infer<typeof FaultSettingsMembers>;
