/**
 * Fault injection: the ways the real population database misbehaves (slow, failing, silent,
 * down, answering hours later), switched on at run time so the birth saga can be tested
 * against them. The faults every stand-in has are stand-in-kit's (`FaultSettings`, decided by
 * `decideFault`); this database also holds answers past the caller's timeout (`timeoutRate`)
 * and answers issuance later (`answerLaterMs`). This module only decides; the HTTP layer
 * sleeps and answers.
 */
import type { FaultSettings as StandInFaultSettings } from '@lienthong/stand-in-kit/faults';

/**
 * Active faults, applied to issuance and lookup; absent members are off. `timeoutRate` holds
 * the answer (`FAULT_TIMEOUT_HOLD_MS`) of requests it processed.
 */
export interface FaultSettings extends StandInFaultSettings {
  /** New issuance requests answer 202 pending and are decided this long after they arrive. */
  readonly answerLaterMs?: number | undefined;
}

/** How a new issuance request is answered under these settings. */
export function issuanceMode(
  settings: FaultSettings,
): { readonly kind: 'now' } | { readonly kind: 'later'; readonly afterMs: number } {
  return settings.answerLaterMs === undefined
    ? { kind: 'now' }
    : { kind: 'later', afterMs: settings.answerLaterMs };
}
