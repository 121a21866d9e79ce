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
import { PermanentError, TransientError } from '@lienthong/messaging';
import { z } from 'zod';
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

const Problem = z.looseObject({ code: z.string(), detail: z.string().optional() });

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export function createBenefitRegistriesClient(
  options: BenefitRegistriesClientOptions,
): BenefitRegistriesClient {
  const fetchFn = options.fetch ?? globalThis.fetch;
  // A base with a path (`http://gateway/benefits`) keeps it: relative URLs resolve under it.
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
      const { name } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown };
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      // The cause's message is left out: a fetch error may quote the URL, and so a personal ID.
      throw new TransientError(
        timedOut
          ? `Benefit registries did not answer ${what} within ${options.timeoutMs} ms`
          : `Benefit registries unreachable for ${what}${typeof name === 'string' ? ` (${name})` : ''}`,
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
      throw new TransientError(`Benefit registries answered ${what} with ${status}${problemCode(parsed)}`);
    }
    return { status, body: parsed };
  }

  function unexpected(what: string, answer: Answer): never {
    throw new PermanentError(
      `Benefit registries answered ${what} with ${answer.status}${problemCode(answer.body)}`,
    );
  }

  function parse<T>(schema: z.ZodType<T>, what: string, answer: Answer): T {
    const result = schema.safeParse(answer.body);
    if (!result.success) {
      throw new PermanentError(
        `Benefit registries' ${answer.status} answer to ${what} breaks the contract: ${z.prettifyError(result.error)}`,
      );
    }
    return result.data;
  }

  async function lookup<T extends { readonly personalId: string }>(
    registry: RegistryName,
    schema: z.ZodType<T>,
    personalId: string,
  ): Promise<T | undefined> {
    const what = `GET v1/${registry}/people/{personalId}`;
    const answer = await call(what, 'GET', `v1/${registry}/people/${encodeURIComponent(personalId)}`);
    if (isNotFound(answer)) return undefined;
    if (answer.status !== 200) return unexpected(what, answer);
    const record = parse(schema, what, answer);
    if (record.personalId !== personalId) {
      throw new PermanentError(`Benefit registries answered ${what} with another person's record`);
    }
    return record;
  }

  /** A recovery answer, checked to be the one asked for. */
  function recovery(what: string, answer: Answer, registry: RegistryName, requestId: string): RecoveryRecord {
    const record = parse(RecoveryRecord, what, answer);
    if (record.registry !== registry || record.requestId !== requestId) {
      throw new PermanentError(`Benefit registries answered ${what} with another recovery`);
    }
    return record;
  }

  return {
    findSocialInsurance: (personalId) => lookup('social-insurance', SocialInsuranceRecord, personalId),
    findSocialProtection: (personalId) => lookup('social-protection', SocialProtectionRecord, personalId),
    findMerit: (personalId) => lookup('merit', MeritRecord, personalId),

    recordRecovery: async (registry, request) => {
      const what = `POST v1/${registry}/recoveries`;
      const answer = await call(what, 'POST', `v1/${registry}/recoveries`, request);
      if (answer.status !== 200 && answer.status !== 201) return unexpected(what, answer);
      return recovery(what, answer, registry, request.requestId);
    },

    findRecovery: async (registry, requestId) => {
      const what = `GET v1/${registry}/recoveries/{requestId}`;
      const answer = await call(what, 'GET', `v1/${registry}/recoveries/${encodeURIComponent(requestId)}`);
      if (isNotFound(answer)) return undefined;
      if (answer.status !== 200) return unexpected(what, answer);
      return recovery(what, answer, registry, requestId);
    },
  };
}

/**
 * A 404 about the thing asked for. A 404 ROUTE_NOT_FOUND means a wrong base URL, which must
 * not read as "this person is not in the registry".
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
