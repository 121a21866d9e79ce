/**
 * Test doubles for stand-ins and their clients (`@lienthong/stand-in-kit/testing`): the
 * dependencies of an app under `inject()`, fetches that answer what a test says, and the real
 * app served as a fetch.
 */
import { createLogger } from '@lienthong/service-kit';
import type { HttpApp } from '@lienthong/service-kit';
import type { StandInAppDependencies } from './app.ts';
import type { FaultContext } from './faults.ts';

export interface TestAppOptions {
  /** The logger's service name. */
  readonly service: string;
  /** The clock's time at start. @default 2026-11-20T03:00:00Z (10:00 in Vietnam) */
  readonly start?: Date;
  /** What `random` answers, in turn; 0.99 (no fault drawn) once they are used up. @default [] */
  readonly draws?: readonly number[];
  /** Where log lines go, at info; absent: nothing is logged. */
  readonly logLines?: string[];
}

export interface TestApp {
  /** To spread into the app's dependencies. */
  readonly dependencies: StandInAppDependencies;
  /** What the sleeper was asked to sleep, in order; it never sleeps. */
  readonly sleeps: number[];
  readonly now: () => Date;
  /** Moves the clock on. */
  readonly advance: (ms: number) => void;
}

/** The dependencies of a stand-in's app under test: a settable clock, pinned draws, a recording sleeper. */
export function testAppDependencies(options: TestAppOptions): TestApp {
  let now = options.start ?? new Date('2026-11-20T03:00:00Z');
  const draws = [...(options.draws ?? [])];
  const sleeps: number[] = [];
  const { logLines } = options;
  return {
    dependencies: {
      logger: createLogger({
        service: options.service,
        level: logLines === undefined ? 'silent' : 'info',
        destination: { write: (line) => void logLines?.push(line) },
      }),
      readinessChecks: [],
      clock: () => now,
      random: () => draws.shift() ?? 0.99,
      sleeper: {
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
        wakeAll: () => undefined,
      },
    },
    sleeps,
    now: () => now,
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const urlOf = (input: string | URL | Request): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** A fetch answering every call with `status` and `body` (as JSON; none when undefined), recording what was asked. */
export function answeringFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchFn = ((input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: urlOf(input), init });
    return Promise.resolve(
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  }) as typeof fetch;
  return { fetchFn, calls };
}

/** A problem document with `code` and `status`, as a stand-in answers it. */
export const problemBody = (code: string, status: number, detail = 'why') => ({
  type: `https://lienthong.gov.vn/problems/${code.toLowerCase()}`,
  title: 't',
  status,
  detail,
  instance: '/x',
  code,
  retryable: status >= 500,
  requestId: 'r',
});

/** A fetch served by `app.inject()`: a client under test talks to the real app, without a socket. */
export function injectAsFetch(app: HttpApp): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(urlOf(input));
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname,
      headers: init?.headers as Record<string, string>,
      ...(init?.body === undefined ? {} : { payload: init.body as string }),
    });
    return new Response(response.body === '' ? null : response.body, {
      status: response.statusCode,
      headers: { 'content-type': String(response.headers['content-type'] ?? 'application/json') },
    });
  };
}

/** The fault admin endpoints of an app under `inject()`, one call a line. */
export function faultAdmin(app: HttpApp, prefix = '/v1/admin') {
  const url = `${prefix}/faults`;
  return {
    /** `PUT /faults`: replace the settings. */
    put: (payload: Record<string, unknown>) => app.inject({ method: 'PUT', url, payload }),
    /** `GET /faults`: the settings shown. */
    get: () => app.inject({ method: 'GET', url }),
    /** `DELETE /faults`: clear them. */
    clear: () => app.inject({ method: 'DELETE', url }),
  };
}

/**
 * The context of a fault decision at `nowMs`: `random` answers `draw`, or throws "must not draw"
 * when no draw is given, so that a test shows nothing was drawn.
 */
export function faultContext(nowMs: number, draw?: number, timeoutHoldMs?: number): FaultContext {
  return {
    nowMs,
    random: () => {
      if (draw === undefined) throw new Error('must not draw');
      return draw;
    },
    ...(timeoutHoldMs === undefined ? {} : { timeoutHoldMs }),
  };
}
