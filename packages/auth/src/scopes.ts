/**
 * Scopes name what a caller may do. They are plain strings compared exactly: no wildcards and
 * no hierarchy (`ops` does not imply `dossiers:read`), so a route's needs read the same in code,
 * in the OpenAPI document and in a token.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { Principal } from './jwt-verifier.ts';

/** The scopes the project's callers are granted. */
export const SCOPES = Object.freeze({
  /** The national portal submits dossiers and withdrawals. */
  dossiersWrite: 'dossiers:write',
  /** Read dossiers and their statuses (portal, operators). */
  dossiersRead: 'dossiers:read',
  /** Operator actions: retry, skip, compensate, replay parked messages. */
  ops: 'ops',
} as const);

/** The agencies that call back with their replies; each has its own scope `agency:<code>`. */
export const AGENCY_CODES = Object.freeze([
  'civil-status',
  'residence',
  'health-insurance',
  'funeral-benefit',
  'social-security',
] as const);

/** A known agency code. */
export type AgencyCode = (typeof AGENCY_CODES)[number];

const AGENCY_CODE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * `civil-status` → `agency:civil-status`. Accepts codes beyond `AGENCY_CODES` as long as they
 * are kebab-case.
 */
export function agencyScope(code: AgencyCode | (string & {})): string {
  if (!AGENCY_CODE_PATTERN.test(code)) throw new Error(`Agency code "${code}" must be kebab-case`);
  return `agency:${code}`;
}

/** The scopes of `required` that `principal` lacks, in the order given. */
export function missingScopes(principal: Principal, required: readonly string[]): string[] {
  return required.filter((scope) => !principal.scopes.includes(scope));
}

/** True when `principal` holds every scope of `required`. */
export function hasScopes(principal: Principal, ...required: readonly string[]): boolean {
  return missingScopes(principal, required).length === 0;
}

/**
 * Throws FORBIDDEN naming the missing scopes unless `principal` holds all of `required`. For
 * checks a hook cannot make, e.g. `agency:${params.agency}` once the body is parsed.
 */
export function assertScopes(principal: Principal, ...required: readonly string[]): void {
  const missing = missingScopes(principal, required);
  if (missing.length > 0) throw insufficientScope(principal, missing, 'all');
}

/** Throws FORBIDDEN unless `principal` holds at least one of `accepted` (which must not be empty). */
export function assertAnyScope(principal: Principal, ...accepted: readonly string[]): void {
  if (accepted.length === 0) throw new Error('assertAnyScope needs at least one scope');
  if (!accepted.some((scope) => principal.scopes.includes(scope))) {
    throw insufficientScope(principal, accepted, 'any');
  }
}

function insufficientScope(principal: Principal, needed: readonly string[], mode: 'all' | 'any') {
  const list = needed.join(mode === 'all' ? ', ' : ' or ');
  const noun = needed.length === 1 ? 'the scope' : mode === 'all' ? 'the scopes' : 'one of the scopes';
  const granted = principal.scopes.length === 0 ? 'none' : principal.scopes.join(', ');
  return coreErrors.create('FORBIDDEN', `This action needs ${noun} ${list}; the token grants: ${granted}.`, {
    extensions: { requiredScopes: [...needed], scopeMode: mode },
  });
}
