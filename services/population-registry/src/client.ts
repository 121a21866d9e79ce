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
import { PermanentError, TransientError } from '@lienthong/messaging';
import { z } from 'zod';
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

const Problem = z.looseObject({ code: z.string(), detail: z.string().optional() });

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export function createPopulationRegistryClient(
  options: PopulationRegistryClientOptions,
): PopulationRegistryClient {
  const fetchFn = options.fetch ?? globalThis.fetch;
  // A base with a path (`http://gateway/population`) keeps it: relative URLs resolve under it.
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);

  /** `what` names the call in error messages: a route template, never its personal data. */
  async function call(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    let response: Response;
    let text: string;
    try {
      response = await fetchFn(new URL(path, base), {
        method,
        headers: {
          accept: 'application/json, application/problem+json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // By name, not instanceof: the DOMException of a timeout may come from another realm.
      const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as {
        name?: unknown;
        message?: unknown;
      };
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new TransientError(
        timedOut
          ? `Population registry did not answer ${what} within ${options.timeoutMs} ms`
          : `Population registry unreachable for ${what}: ${typeof message === 'string' ? message : String(error)}`,
        { cause: error },
      );
    }
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    const { status } = response;
    if (status >= 500 || status === 408 || status === 429) {
      throw new TransientError(`Population registry answered ${what} with ${status}${problemCode(parsed)}`);
    }
    return { status, body: parsed };
  }

  function unexpected(what: string, answer: Answer): never {
    throw new PermanentError(
      `Population registry answered ${what} with ${answer.status}${problemCode(answer.body)}`,
    );
  }

  function parse<T>(schema: z.ZodType<T>, what: string, answer: Answer): T {
    const result = schema.safeParse(answer.body);
    if (!result.success) {
      throw new PermanentError(
        `Population registry's ${answer.status} answer to ${what} breaks the contract: ${z.prettifyError(result.error)}`,
      );
    }
    return result.data;
  }

  function refusal(what: string, answer: Answer): PersonalIdOutcome {
    const problem = parse(Problem, what, answer);
    return { kind: 'refused', code: problem.code, reason: problem.detail ?? '' };
  }

  return {
    requestPersonalId: async (request) => {
      const what = 'POST v1/personal-id-requests';
      const answer = await call(what, 'POST', 'v1/personal-id-requests', request);
      switch (answer.status) {
        case 201:
          return { kind: 'issued', personalId: parse(IssuedAnswer, what, answer).personalId };
        case 202:
          parse(PendingAnswer, what, answer);
          return { kind: 'pending' };
        case 422:
          return refusal(what, answer);
        default:
          return unexpected(what, answer);
      }
    },

    findPersonalIdRequest: async (requestId) => {
      const path = `v1/personal-id-requests/${encodeURIComponent(requestId)}`;
      const what = 'GET v1/personal-id-requests/{requestId}';
      const answer = await call(what, 'GET', path);
      if (isNotFound(answer)) return undefined;
      if (answer.status !== 200) return unexpected(what, answer);
      const state = parse(PersonalIdRequestStatus, what, answer);
      switch (state.status) {
        case 'issued':
          return { kind: 'issued', personalId: state.personalId };
        case 'pending':
          return { kind: 'pending' };
        case 'refused':
          return { kind: 'refused', code: state.code, reason: state.reason };
      }
    },

    findPerson: async (personalId) => {
      const what = 'GET v1/people/{personalId}';
      const answer = await call(what, 'GET', `v1/people/${encodeURIComponent(personalId)}`);
      if (isNotFound(answer)) return undefined;
      if (answer.status !== 200) return unexpected(what, answer);
      return parse(PersonRecord, what, answer);
    },
  };
}

/**
 * A 404 about the thing asked for. A 404 ROUTE_NOT_FOUND means a wrong base URL, which must
 * not read as "this person does not exist".
 */
function isNotFound(answer: Answer): boolean {
  if (answer.status !== 404) return false;
  const problem = Problem.safeParse(answer.body);
  return !(problem.success && problem.data.code === 'ROUTE_NOT_FOUND');
}

/** ` (CODE)` when `body` is a problem document, for error messages. */
function problemCode(body: unknown): string {
  const problem = Problem.safeParse(body);
  return problem.success ? ` (${problem.data.code})` : '';
}
