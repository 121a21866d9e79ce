/**
 * The HTTP client of the benefit registries: what the death-funeral service uses as its
 * adapter to Vietnam Social Security, the social-protection system and the people-with-merit
 * records. It speaks the contract (contract.ts), so pointing `baseUrl` at real endpoints with
 * the same contract replaces the stand-in.
 *
 * A lookup answers the record, or undefined when the person is not in that registry (a normal
 * answer). Failures are exceptions of the two kinds the messaging layer retries or parks:
 * `TransientError` for timeouts, connection errors, 5xx, 408 and 429 (retry with the same
 * requestId: a recovery is never recorded twice); `PermanentError` for answers retrying cannot
 * change (400, 409 IDEMPOTENCY_KEY_REUSED, an answer that breaks the contract). Messages name
 * the route template, never the personal data in the call.
 */
import { createStandInClient } from '@lienthong/stand-in-kit/client';
import type { z } from 'zod';
import { MeritRecord, RecoveryRecord, SocialInsuranceRecord, SocialProtectionRecord } from './contract.ts';
import type { RecoveryRequest } from './contract.ts';
import type { RegistryName } from './domain/registries.ts';

export interface BenefitRegistriesClientOptions {
  /** Where the registries answer, e.g. `http://127.0.0.1:8091`. */
  readonly baseUrl: string;
  /** Budget of one call, body included; past it the call fails with a `TransientError`. */
  readonly timeoutMs: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export interface BenefitRegistriesClient {
  /** The person's social-insurance record, or undefined when Social Security has none. */
  findSocialInsurance(personalId: string): Promise<SocialInsuranceRecord | undefined>;
  /** The person's social-protection record, or undefined when they receive no such benefit. */
  findSocialProtection(personalId: string): Promise<SocialProtectionRecord | undefined>;
  /** The person's people-with-merit record, or undefined when they are not among them. */
  findMerit(personalId: string): Promise<MeritRecord | undefined>;
  /** Records at `registry` what must be recovered; idempotent by `request.requestId`. */
  recordRecovery(registry: RegistryName, request: RecoveryRequest): Promise<RecoveryRecord>;
  /** A recovery recorded at `registry` under `requestId`, or undefined when there is none. */
  findRecovery(registry: RegistryName, requestId: string): Promise<RecoveryRecord | undefined>;
}

export function createBenefitRegistriesClient(
  options: BenefitRegistriesClientOptions,
): BenefitRegistriesClient {
  // A fetch error's message is left out (the default): it may quote the URL, and so a personal ID.
  const registries = createStandInClient({
    ...options,
    name: 'Benefit registries',
    possessive: "Benefit registries'",
  });

  async function lookup<T extends { readonly personalId: string }>(
    registry: RegistryName,
    schema: z.ZodType<T>,
    personalId: string,
  ): Promise<T | undefined> {
    const what = `GET v1/${registry}/people/{personalId}`;
    const record = await registries.find(
      what,
      `v1/${registry}/people/${encodeURIComponent(personalId)}`,
      schema,
    );
    if (record !== undefined && record.personalId !== personalId) {
      return registries.wrongAnswer(what, "another person's record");
    }
    return record;
  }

  /** A recovery answer, checked to be the one asked for. */
  function checked(what: string, record: RecoveryRecord, registry: RegistryName, requestId: string) {
    if (record.registry !== registry || record.requestId !== requestId) {
      return registries.wrongAnswer(what, 'another recovery');
    }
    return record;
  }

  return {
    findSocialInsurance: (personalId) => lookup('social-insurance', SocialInsuranceRecord, personalId),
    findSocialProtection: (personalId) => lookup('social-protection', SocialProtectionRecord, personalId),
    findMerit: (personalId) => lookup('merit', MeritRecord, personalId),

    recordRecovery: async (registry, request) => {
      const what = `POST v1/${registry}/recoveries`;
      const answer = await registries.call(what, 'POST', `v1/${registry}/recoveries`, request);
      if (answer.status !== 200 && answer.status !== 201) return registries.unexpected(what, answer);
      return checked(what, registries.parse(RecoveryRecord, what, answer), registry, request.requestId);
    },

    findRecovery: async (registry, requestId) => {
      const what = `GET v1/${registry}/recoveries/{requestId}`;
      const path = `v1/${registry}/recoveries/${encodeURIComponent(requestId)}`;
      const record = await registries.find(what, path, RecoveryRecord);
      return record === undefined ? undefined : checked(what, record, registry, requestId);
    },
  };
}
