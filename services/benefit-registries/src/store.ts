/**
 * The port the HTTP routes use: the three registries' records and the recoveries they record.
 * Postgres in production (postgres-store.ts), a Map-based fake in route unit tests
 * (in-memory-store.ts).
 */
import type { AddRecordResult } from '@lienthong/stand-in-kit';
import type {
  MeritRecord,
  RecoveryRecord,
  RecoveryRequest,
  RegistryRecords,
  SocialInsuranceRecord,
  SocialProtectionRecord,
} from './contract.ts';
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

export interface BenefitRegistriesStore {
  findSocialInsurance(personalId: string): Promise<SocialInsuranceRecord | undefined>;
  findSocialProtection(personalId: string): Promise<SocialProtectionRecord | undefined>;
  findMerit(personalId: string): Promise<MeritRecord | undefined>;
  addSocialInsurance(record: SocialInsuranceRecord, now: Date): Promise<AddRecordResult>;
  addSocialProtection(record: SocialProtectionRecord, now: Date): Promise<AddRecordResult>;
  addMerit(record: MeritRecord, now: Date): Promise<AddRecordResult>;
  /** Records a recovery under its key in `registry`, numbered in the Vietnam year of `now`; idempotent per key. */
  recordRecovery(registry: RegistryName, request: RecoveryRequest, now: Date): Promise<RecordRecoveryResult>;
  findRecovery(registry: RegistryName, requestId: string): Promise<RecoveryRecord | undefined>;
  /** Recoveries matching the filter, oldest first. */
  listRecoveries(filter: RecoveryFilter): Promise<RecoveryRecord[]>;
}

/** The store's lookup and admin add of one registry's records. */
export interface RegistryRecordsPort<T> {
  find(personalId: string): Promise<T | undefined>;
  add(record: T, now: Date): Promise<AddRecordResult>;
}

/** The store's operations by registry, for the routes every registry serves alike. */
export function recordsByRegistry(store: BenefitRegistriesStore): {
  readonly [R in RegistryName]: RegistryRecordsPort<RegistryRecords[R]>;
} {
  return {
    'social-insurance': {
      find: (id) => store.findSocialInsurance(id),
      add: (r, now) => store.addSocialInsurance(r, now),
    },
    'social-protection': {
      find: (id) => store.findSocialProtection(id),
      add: (r, now) => store.addSocialProtection(r, now),
    },
    merit: { find: (id) => store.findMerit(id), add: (r, now) => store.addMerit(r, now) },
  };
}

/**
 * A value as canonical JSON: keys sorted at every level and text in Unicode NFC, so records
 * that say the same thing compare equal whatever their key order or composition.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, member]) => [key, canonical(member)]),
    );
  }
  return value;
}

/** Whether two records hold the same data (what an idempotent add compares). */
export function sameRecord(a: object, b: object): boolean {
  return canonicalJson(a) === canonicalJson(b);
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
