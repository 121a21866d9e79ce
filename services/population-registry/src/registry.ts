/**
 * The port the HTTP routes use: people on record and personal-ID requests. Postgres in
 * production (postgres-registry.ts), a Map-based fake in route unit tests.
 */
import type { AddRecordResult } from '@lienthong/stand-in-kit';
import type { IssuanceRequest, IssuanceState, PermanentResidence, Person } from './domain/issuance.ts';

/** The outcome of submitting a request. */
export type SubmitResult =
  /** The request's current state; `replayed` when the key had been seen before. */
  | { readonly kind: 'answered'; readonly state: IssuanceState; readonly replayed: boolean }
  /** The key was already used for a request with other data. */
  | { readonly kind: 'key-reused' };

export interface SubmitOptions {
  /** The time of the request. */
  readonly now: Date;
  /** When set, the request is left pending and decided this long after `now`. */
  readonly answerLaterMs?: number | undefined;
}

export interface PopulationRegistry {
  findPerson(personalId: string): Promise<Person | undefined>;
  /** Adds a person; the same data again is `unchanged`, other data under the same number a `conflict`. */
  addPerson(person: Person, now: Date): Promise<AddRecordResult>;
  /** Records a request under its key, deciding it now or leaving it pending; idempotent per key. */
  submit(request: IssuanceRequest, options: SubmitOptions): Promise<SubmitResult>;
  findRequest(requestId: string): Promise<IssuanceState | undefined>;
}

/** Vietnam's calendar date (UTC+7, no daylight saving) at `now`: the "today" of a birth date. */
export function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Whether two records of the same number hold the same data (what an idempotent add compares). */
export function samePerson(a: Person, b: Person): boolean {
  return (
    a.personalId === b.personalId &&
    a.fullName.normalize('NFC') === b.fullName.normalize('NFC') &&
    a.sex === b.sex &&
    a.dateOfBirth === b.dateOfBirth &&
    a.status === b.status &&
    (a.dateOfDeath ?? null) === (b.dateOfDeath ?? null) &&
    (a.provinceCode ?? null) === (b.provinceCode ?? null) &&
    (a.motherPersonalId ?? null) === (b.motherPersonalId ?? null) &&
    (a.fatherPersonalId ?? null) === (b.fatherPersonalId ?? null) &&
    sameResidence(a.permanentResidence, b.permanentResidence)
  );
}

function sameResidence(a: PermanentResidence | undefined, b: PermanentResidence | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.communeCode === b.communeCode &&
    a.address.normalize('NFC') === b.address.normalize('NFC') &&
    a.since === b.since
  );
}
