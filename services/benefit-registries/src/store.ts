/**
 * The port the HTTP routes use: the three registries' records and the recoveries they record.
 * Postgres in production (postgres-store.ts), a Map-based fake in route unit tests
 * (in-memory-store.ts).
 */
import type { AddRecordResult } from '@lienthong/stand-in-kit';
import type { RecoveryRecord, RecoveryRequest, RegistryRecords } from './contract.ts';
import type { RegistryName } from './domain/registries.ts';

/** The outcome of recording a recovery. */
export type RecordRecoveryResult =
  /** The recovery under this key; `replayed` when the key had been seen before. */
  | { readonly kind: 'recorded'; readonly recovery: RecoveryRecord; readonly replayed: boolean }
  /** The key was already used, in this registry, for a recovery with other data. */
  | { readonly kind: 'key-reused' };

export interface RecoveryFilter {
  readonly personalId?: string | undefined;
  readonly registry?: RegistryName | undefined;
}

/** The store's lookup and admin add of one registry's records. */
export interface RegistryRecordsPort<T> {
  find(personalId: string): Promise<T | undefined>;
  /** Adds a record; the same data again (stand-in-kit's `sameRecord`) is `unchanged`, other data a `conflict`. */
  add(record: T, now: Date): Promise<AddRecordResult>;
}

export interface BenefitRegistriesStore {
  /** Each registry's records, for the routes every registry serves alike. */
  readonly records: { readonly [R in RegistryName]: RegistryRecordsPort<RegistryRecords[R]> };
  /** Records a recovery under its key in `registry`, numbered in the Vietnam year of `now`; idempotent per key. */
  recordRecovery(registry: RegistryName, request: RecoveryRequest, now: Date): Promise<RecordRecoveryResult>;
  findRecovery(registry: RegistryName, requestId: string): Promise<RecoveryRecord | undefined>;
  /** Recoveries matching the filter, oldest first. */
  listRecoveries(filter: RecoveryFilter): Promise<RecoveryRecord[]>;
}

/** Whether a recovery request asks for what `recovery` recorded (what a replay compares). */
export function sameRecoveryRequest(request: RecoveryRequest, recovery: RecoveryRecord): boolean {
  return (
    request.personalId === recovery.personalId &&
    request.decisionNumber.normalize('NFC') === recovery.decisionNumber.normalize('NFC') &&
    request.amount === recovery.amount &&
    request.reason.normalize('NFC') === recovery.reason.normalize('NFC')
  );
}
