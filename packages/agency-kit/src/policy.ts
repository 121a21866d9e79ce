/**
 * What an agency's pure rules (their `domain/` folder) take from the kit: the verdict type and a
 * refusal. No I/O is reachable from here.
 */
import type { Assessment } from './definition.ts';

export type { Assessment } from './definition.ts';

/** A refusal by the declared policy: a stable code, and why in Vietnamese and English. */
export function refusal(code: string, vi: string, en: string): Assessment {
  return { decision: 'refuse', reason: { code, message: { vi, en } } };
}
