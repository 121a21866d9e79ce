/**
 * The port the HTTP routes use: people on record and personal-ID requests. Postgres in
 * production (postgres-registry.ts), a Map-based fake in route unit tests.
 */
import type { AddRecordResult } from '@lienthong/stand-in-kit';
import type { IssuanceRequest, IssuanceState, Person } from './domain/issuance.ts';

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
  /**
   * Adds a person; the same data again (stand-in-kit's `sameRecord`) is `unchanged`, other data
   * under the same number a `conflict`.
   */
  addPerson(person: Person, now: Date): Promise<AddRecordResult>;
  /** Records a request under its key, deciding it now or leaving it pending; idempotent per key. */
  submit(request: IssuanceRequest, options: SubmitOptions): Promise<SubmitResult>;
  findRequest(requestId: string): Promise<IssuanceState | undefined>;
}
