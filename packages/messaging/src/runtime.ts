import type { Logger as PinoLogger } from 'pino';

/** What this package logs through: any pino logger (or child). */
export type Logger = Pick<PinoLogger, 'debug' | 'info' | 'warn' | 'error'>;

/** Sources of time and chance, injected so retry behaviour is testable without sleeping. */
export interface Runtime {
  readonly random: () => number;
  /** Resolves after `ms`, or earlier when `signal` aborts. Never rejects. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const realRuntime: Runtime = {
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};
