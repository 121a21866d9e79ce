/**
 * A Map-based store for route unit tests: the same answers as the Postgres one, none of its
 * concurrency guarantees (those are proven against Postgres in the int tests).
 */
import { addRecordToMap } from '@lienthong/stand-in-kit';
import type {
  MeritRecord,
  RecoveryRecord,
  SocialInsuranceRecord,
  SocialProtectionRecord,
} from './contract.ts';
import { recoveryNumber, recoveryNumberPrefix, vietnamYear } from './domain/registries.ts';
import type { RegistryName } from './domain/registries.ts';
import { sameRecoveryRequest } from './store.ts';
import type { BenefitRegistriesStore, RegistryRecordsPort } from './store.ts';

interface InMemoryStore extends BenefitRegistriesStore {
  readonly socialInsurance: Map<string, SocialInsuranceRecord>;
  readonly socialProtection: Map<string, SocialProtectionRecord>;
  readonly merit: Map<string, MeritRecord>;
  /** Keyed by `<registry> <requestId>`, in the order recorded. */
  readonly recoveries: Map<string, RecoveryRecord>;
}

/** A registry's records on `records`, keyed by personal ID. */
const port = <T extends { readonly personalId: string }>(
  records: Map<string, T>,
): RegistryRecordsPort<T> => ({
  find: (personalId) => Promise.resolve(records.get(personalId)),
  add: (record) => addRecordToMap(records, record.personalId, record),
});

const byId = <T extends { readonly personalId: string }>(records: readonly T[] = []) =>
  new Map(records.map((record) => [record.personalId, record]));

export function createInMemoryStore(
  options: {
    readonly socialInsurance?: readonly SocialInsuranceRecord[];
    readonly socialProtection?: readonly SocialProtectionRecord[];
    readonly merit?: readonly MeritRecord[];
  } = {},
): InMemoryStore {
  const socialInsurance = byId(options.socialInsurance);
  const socialProtection = byId(options.socialProtection);
  const merit = byId(options.merit);
  const recoveries = new Map<string, RecoveryRecord>();
  const key = (registry: RegistryName, requestId: string) => `${registry} ${requestId}`;

  return {
    socialInsurance,
    socialProtection,
    merit,
    recoveries,
    records: {
      'social-insurance': port(socialInsurance),
      'social-protection': port(socialProtection),
      merit: port(merit),
    },
    recordRecovery: (registry, request, now) => {
      const known = recoveries.get(key(registry, request.requestId));
      if (known !== undefined) {
        return Promise.resolve(
          sameRecoveryRequest(request, known)
            ? { kind: 'recorded', recovery: known, replayed: true }
            : { kind: 'key-reused' },
        );
      }
      const year = vietnamYear(now);
      const prefix = recoveryNumberPrefix(registry, year);
      const sequence =
        [...recoveries.values()].filter((recovery) => recovery.recoveryNumber.startsWith(prefix)).length + 1;
      const recovery: RecoveryRecord = {
        requestId: request.requestId,
        recoveryNumber: recoveryNumber(registry, year, sequence),
        registry,
        personalId: request.personalId,
        decisionNumber: request.decisionNumber.normalize('NFC'),
        amount: request.amount,
        reason: request.reason.normalize('NFC'),
        recordedAt: now.toISOString(),
      };
      recoveries.set(key(registry, request.requestId), recovery);
      return Promise.resolve({ kind: 'recorded', recovery, replayed: false });
    },
    findRecovery: (registry, requestId) => Promise.resolve(recoveries.get(key(registry, requestId))),
    listRecoveries: (filter) =>
      Promise.resolve(
        [...recoveries.values()].filter(
          (recovery) =>
            (filter.personalId === undefined || recovery.personalId === filter.personalId) &&
            (filter.registry === undefined || recovery.registry === filter.registry),
        ),
      ),
  };
}
