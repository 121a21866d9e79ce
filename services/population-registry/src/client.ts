/**
 * The HTTP client of the population registry: what the birth-registration service uses as
 * its adapter to the National Population Database. It speaks the contract (contract.ts), so
 * pointing `baseUrl` at a real endpoint with the same contract replaces the stand-in.
 *
 * Answers map to three outcomes, none of them an exception: issued, pending (the number comes
 * later, by callback or by polling) and refused (a business answer with a stable code).
 * Failures are exceptions of the two kinds the messaging layer retries or parks:
 * `TransientError` for timeouts, connection errors, 5xx, 408 and 429 (retry with the same
 * requestId: it never yields a second number); `PermanentError` for answers retrying cannot
 * change (400, 409 IDEMPOTENCY_KEY_REUSED, an answer that breaks the contract).
 */
import { createStandInClient, ProblemAnswer } from '@lienthong/stand-in-kit/client';
import type { StandInAnswer } from '@lienthong/stand-in-kit/client';
import { IssuedAnswer, PendingAnswer, PersonalIdRequestStatus, PersonRecord } from './contract.ts';
import type { PersonalIdRequest } from './contract.ts';

/** The outcome of a personal-ID request. */
export type PersonalIdOutcome =
  | { readonly kind: 'issued'; readonly personalId: string }
  | { readonly kind: 'pending' }
  /** `code` is one of contract.ts's refusal codes from this stand-in; kept open for a real endpoint. */
  | { readonly kind: 'refused'; readonly code: string; readonly reason: string };

export interface PopulationRegistryClientOptions {
  /** Where the registry answers, e.g. `http://127.0.0.1:8090`. */
  readonly baseUrl: string;
  /** Budget of one call, body included; past it the call fails with a `TransientError`. */
  readonly timeoutMs: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export interface PopulationRegistryClient {
  /** Asks for a child's number; idempotent by `request.requestId`. */
  requestPersonalId(request: PersonalIdRequest): Promise<PersonalIdOutcome>;
  /** A request's current outcome, or undefined when the registry does not know the requestId. */
  findPersonalIdRequest(requestId: string): Promise<PersonalIdOutcome | undefined>;
  /** A person on record, or undefined when no one has this number. */
  findPerson(personalId: string): Promise<PersonRecord | undefined>;
}

export function createPopulationRegistryClient(
  options: PopulationRegistryClientOptions,
): PopulationRegistryClient {
  // A fetch error's message is quoted: this client's messages have always carried it.
  const registry = createStandInClient({ ...options, name: 'Population registry', causeDetail: 'message' });

  function refusal(what: string, answer: StandInAnswer): PersonalIdOutcome {
    const problem = registry.parse(ProblemAnswer, what, answer);
    return { kind: 'refused', code: problem.code, reason: problem.detail ?? '' };
  }

  return {
    requestPersonalId: async (request) => {
      const what = 'POST v1/personal-id-requests';
      const answer = await registry.call(what, 'POST', 'v1/personal-id-requests', request);
      switch (answer.status) {
        case 201:
          return { kind: 'issued', personalId: registry.parse(IssuedAnswer, what, answer).personalId };
        case 202:
          registry.parse(PendingAnswer, what, answer);
          return { kind: 'pending' };
        case 422:
          return refusal(what, answer);
        default:
          return registry.unexpected(what, answer);
      }
    },

    findPersonalIdRequest: async (requestId) => {
      const path = `v1/personal-id-requests/${encodeURIComponent(requestId)}`;
      const state = await registry.find(
        'GET v1/personal-id-requests/{requestId}',
        path,
        PersonalIdRequestStatus,
      );
      switch (state?.status) {
        case undefined:
          return undefined;
        case 'issued':
          return { kind: 'issued', personalId: state.personalId };
        case 'pending':
          return { kind: 'pending' };
        case 'refused':
          return { kind: 'refused', code: state.code, reason: state.reason };
      }
    },

    findPerson: (personalId) =>
      registry.find(
        'GET v1/people/{personalId}',
        `v1/people/${encodeURIComponent(personalId)}`,
        PersonRecord,
      ),
  };
}
