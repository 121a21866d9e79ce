/**
 * Whether the population database issues a child a personal ID number, and what a request's
 * state is. Pure: the store gathers the facts (parents on record, a possible duplicate), this
 * module decides, and the store writes the outcome.
 */
import type { Sex } from './personal-id.ts';
import { birthYearOf, centurySexDigit } from './personal-id.ts';

/** A person on record. */
export interface Person {
  readonly personalId: string;
  readonly fullName: string;
  readonly sex: Sex;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth: string;
  readonly status: 'alive' | 'deceased';
  /** `YYYY-MM-DD`, only when deceased. */
  readonly dateOfDeath?: string | undefined;
  /** 2-digit code of the province of birth registration, when known. */
  readonly provinceCode?: string | undefined;
  readonly motherPersonalId?: string | undefined;
  readonly fatherPersonalId?: string | undefined;
  /** The permanent residence on record, when known. */
  readonly permanentResidence?: PermanentResidence | undefined;
}

/** A permanent residence (nơi thường trú) as the population database records it. */
export interface PermanentResidence {
  /** 5-digit code of the commune-level unit (Decision 19/2025/QĐ-TTg). */
  readonly communeCode: string;
  /** The address within the commune, as registered. */
  readonly address: string;
  /** `YYYY-MM-DD`, the day it was registered. */
  readonly since: string;
}

/** A request for a child's number, as the birth-registration service sends it. */
export interface IssuanceRequest {
  /** The caller's idempotency key, e.g. `<dossierId>:birth-registration`. */
  readonly requestId: string;
  /** 2-digit code of the province where the birth is registered. */
  readonly provinceCode: string;
  readonly child: {
    readonly fullName: string;
    readonly sex: Sex;
    readonly dateOfBirth: string;
  };
  readonly mother: { readonly personalId: string };
  readonly father?: { readonly personalId: string } | undefined;
  /** Where to POST the answer when it comes later. */
  readonly callbackUrl?: string | undefined;
}

/** Why a request is refused; each is a stable code the caller branches on. */
export const REFUSAL_CODES = [
  'MOTHER_NOT_FOUND',
  'FATHER_NOT_FOUND',
  'PARENT_DATA_INCONSISTENT',
  'CHILD_DATA_INCONSISTENT',
  'SUSPECTED_DUPLICATE',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export function isRefusalCode(code: string): code is RefusalCode {
  return (REFUSAL_CODES as readonly string[]).includes(code);
}

/** A request's state: what GET answers and what a repeated POST answers. */
export type IssuanceState =
  | { readonly status: 'pending' }
  | { readonly status: 'issued'; readonly personalId: string }
  | { readonly status: 'refused'; readonly code: RefusalCode; readonly reason: string };

/** What the store found before deciding. */
export interface IssuanceFacts {
  readonly mother: Person | undefined;
  /** Undefined when no father was named, or when the named one is not on record. */
  readonly father: Person | undefined;
  /** A child of the same mother, born the same day, with the same name, already has a number. */
  readonly duplicateExists: boolean;
  /** Today's date in Vietnam, `YYYY-MM-DD`. */
  readonly today: string;
}

export type IssuanceDecision =
  | { readonly outcome: 'issue' }
  | { readonly outcome: 'refuse'; readonly code: RefusalCode; readonly reason: string };

const refuse = (code: RefusalCode, reason: string): IssuanceDecision => ({ outcome: 'refuse', code, reason });

/**
 * Decides a request. Reasons name the rule, never the people (they reach logs and portals).
 * Checks run from the child's own data to the parents to the duplicate search, so the reason
 * given is the most basic thing wrong.
 */
export function decideIssuance(request: IssuanceRequest, facts: IssuanceFacts): IssuanceDecision {
  const { child } = request;
  if (centurySexDigit(birthYearOf(child.dateOfBirth), child.sex) === undefined) {
    return refuse('CHILD_DATA_INCONSISTENT', 'The birth year cannot be encoded in a personal ID number.');
  }
  if (child.dateOfBirth > facts.today) {
    return refuse('CHILD_DATA_INCONSISTENT', 'The date of birth is in the future.');
  }
  const { mother, father } = facts;
  if (mother === undefined) {
    return refuse('MOTHER_NOT_FOUND', "The mother's personal ID number is not in the population database.");
  }
  if (request.father !== undefined && father === undefined) {
    return refuse('FATHER_NOT_FOUND', "The father's personal ID number is not in the population database.");
  }
  if (mother.sex !== 'female') {
    return refuse('PARENT_DATA_INCONSISTENT', "The mother's record is not a woman's.");
  }
  if (mother.dateOfBirth >= child.dateOfBirth) {
    return refuse(
      'PARENT_DATA_INCONSISTENT',
      "The mother's recorded date of birth is not before the child's.",
    );
  }
  if (mother.dateOfDeath !== undefined && mother.dateOfDeath < child.dateOfBirth) {
    return refuse('PARENT_DATA_INCONSISTENT', 'The mother is recorded as deceased before the birth.');
  }
  if (father !== undefined) {
    if (father.sex !== 'male') {
      return refuse('PARENT_DATA_INCONSISTENT', "The father's record is not a man's.");
    }
    if (father.dateOfBirth >= child.dateOfBirth) {
      return refuse(
        'PARENT_DATA_INCONSISTENT',
        "The father's recorded date of birth is not before the child's.",
      );
    }
    // A father's death before the birth is possible (a posthumous child), so it is not checked.
  }
  if (facts.duplicateExists) {
    return refuse(
      'SUSPECTED_DUPLICATE',
      'A child of the same mother with the same name and date of birth already has a personal ID number.',
    );
  }
  return { outcome: 'issue' };
}

/**
 * The key under which names are compared for duplicates: Unicode NFC, lower case, single
 * spaces. Diacritics are kept: "Lan" and "Lân" are different names.
 */
export function nameKey(fullName: string): string {
  return fullName.normalize('NFC').toLocaleLowerCase('vi').trim().replace(/\s+/g, ' ');
}

/**
 * The parts of a request that must be identical when its requestId is sent again; anything
 * else is a different request reusing the key. Names are compared as sent (after NFC), so a
 * retry must resend what it sent.
 */
export function requestFingerprint(request: IssuanceRequest): string {
  return JSON.stringify([
    request.provinceCode,
    request.child.fullName.normalize('NFC'),
    request.child.sex,
    request.child.dateOfBirth,
    request.mother.personalId,
    request.father?.personalId ?? null,
    request.callbackUrl ?? null,
  ]);
}
