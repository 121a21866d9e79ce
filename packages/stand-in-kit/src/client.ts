/**
 * The HTTP client core of the stand-ins' adapters (`@lienthong/stand-in-kit/client`): one call
 * with a time budget, and the mapping of its failures to the two kinds the messaging layer
 * retries or parks. A stand-in's client builds its operations on it and speaks its contract,
 * so pointing `baseUrl` at a real endpoint with the same contract replaces the stand-in.
 *
 * `TransientError` for timeouts, connection errors, 5xx, 408 and 429 (retry with the same
 * requestId); `PermanentError` for answers retrying cannot change (400, 409, an unexpected
 * status, an answer that breaks the contract). Messages start with the system's name and name
 * the call by its route template, never by the personal data in it.
 *
 * No fastify, no pg: the stand-ins' index.ts files, which other services import as client
 * libraries, reach this module.
 */
import { PermanentError, TransientError } from '@lienthong/messaging';
import { z } from 'zod';

export {
  communeCodeSchema,
  FaultSettingsMembers,
  personalIdSchema,
  requestIdSchema,
  Sex,
} from './contract.ts';

export interface StandInClientOptions {
  /** The system as error messages name it, first: 'Population registry'. */
  readonly name: string;
  /** The system's possessive, as contract errors start. @default `${name}'s` */
  readonly possessive?: string;
  /** Where the system answers, e.g. `http://127.0.0.1:8090`; a path in it is kept. */
  readonly baseUrl: string;
  /** Budget of one call, body included; past it the call fails with a `TransientError`. */
  readonly timeoutMs: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /**
   * What an "unreachable" error says of the failure: `'message'` quotes its message
   * (`… unreachable for GET v1/x: fetch failed`), `'name'` only its error name
   * (`… unreachable for GET v1/x (TypeError)`), since a fetch error may quote the URL and so a
   * personal ID. @default 'name'
   */
  readonly causeDetail?: 'message' | 'name';
}

/** An answer the system gave: its status and its JSON body (undefined when empty or not JSON). */
export interface StandInAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface StandInClient {
  /**
   * Sends one call and reads its answer. `what` names it in error messages: a route template
   * (`GET v1/people/{personalId}`), never its personal data; `path` is relative to the base URL.
   * Throws a `TransientError` on a timeout, a connection error, 5xx, 408 and 429; every other
   * status is the caller's to map.
   */
  call(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<StandInAnswer>;
  /**
   * GETs what may not exist: the 200 answer parsed with `schema`, undefined on a 404 about it
   * (`isNotFound`), a `PermanentError` on any other status.
   */
  find<T>(what: string, path: string, schema: z.ZodType<T>): Promise<T | undefined>;
  /** The answer's body parsed with `schema`, or a `PermanentError`: it breaks the contract. */
  parse<T>(schema: z.ZodType<T>, what: string, answer: StandInAnswer): T;
  /** A `PermanentError` for an answer of a status the call does not expect. */
  unexpected(what: string, answer: StandInAnswer): never;
  /** A `PermanentError` for an answer that is not about what was asked, e.g. "another person's record". */
  wrongAnswer(what: string, description: string): never;
}

/** What a client reads of a problem answer (RFC 9457): its stable code and its detail. */
export const ProblemAnswer = z.looseObject({ code: z.string(), detail: z.string().optional() });

export function createStandInClient(options: StandInClientOptions): StandInClient {
  const { name, timeoutMs } = options;
  const possessive = options.possessive ?? `${name}'s`;
  const causeDetail = options.causeDetail ?? 'name';
  const fetchFn = options.fetch ?? globalThis.fetch;
  // A base with a path (`http://gateway/population`) keeps it: relative URLs resolve under it.
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);

  function unreachable(what: string, error: unknown): TransientError {
    // By name, not instanceof: the DOMException of a timeout may come from another realm.
    const { name: errorName, message } = (typeof error === 'object' && error !== null ? error : {}) as {
      name?: unknown;
      message?: unknown;
    };
    if (errorName === 'TimeoutError' || errorName === 'AbortError') {
      return new TransientError(`${name} did not answer ${what} within ${timeoutMs} ms`, { cause: error });
    }
    const detail =
      causeDetail === 'message'
        ? `: ${typeof message === 'string' ? message : String(error)}`
        : typeof errorName === 'string'
          ? ` (${errorName})`
          : '';
    return new TransientError(`${name} unreachable for ${what}${detail}`, { cause: error });
  }

  const client: StandInClient = {
    call: async (what, method, path, body) => {
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
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        throw unreachable(what, error);
      }
      const parsed = parseJson(text);
      const { status } = response;
      if (status >= 500 || status === 408 || status === 429) {
        throw new TransientError(`${name} answered ${what} with ${status}${problemCode(parsed)}`);
      }
      return { status, body: parsed };
    },

    find: async (what, path, schema) => {
      const answer = await client.call(what, 'GET', path);
      if (isNotFound(answer)) return undefined;
      if (answer.status !== 200) return client.unexpected(what, answer);
      return client.parse(schema, what, answer);
    },

    parse: (schema, what, answer) => {
      const result = schema.safeParse(answer.body);
      if (!result.success) {
        throw new PermanentError(
          `${possessive} ${answer.status} answer to ${what} breaks the contract: ${z.prettifyError(result.error)}`,
        );
      }
      return result.data;
    },

    unexpected: (what, answer) => client.wrongAnswer(what, `${answer.status}${problemCode(answer.body)}`),

    wrongAnswer: (what, description) => {
      throw new PermanentError(`${name} answered ${what} with ${description}`);
    },
  };
  return client;
}

/**
 * Whether an answer is a 404 about the thing asked for. A 404 ROUTE_NOT_FOUND means a wrong
 * base URL, which must not read as "no such person" or "no such request".
 */
export function isNotFound(answer: StandInAnswer): boolean {
  if (answer.status !== 404) return false;
  const problem = ProblemAnswer.safeParse(answer.body);
  return !(problem.success && problem.data.code === 'ROUTE_NOT_FOUND');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** ` (CODE)` when `body` is a problem document, for error messages. */
function problemCode(body: unknown): string {
  const problem = ProblemAnswer.safeParse(body);
  return problem.success ? ` (${problem.data.code})` : '';
}
