/**
 * Start-up and shutdown of a service process. Components start in the order given and close
 * in reverse, so what takes work in (HTTP, consumers) stops before what that work needs
 * (producers, pools): list them as pool → producers → consumers → HTTP. Shutdown has a
 * budget; past it the process exits non-zero rather than hang. This module is the only one
 * that touches `process`, through a `ServiceHost` that tests replace.
 */
import type { Logger } from './logger.ts';

/** A started component: something that must be closed on shutdown. */
export interface StartedComponent {
  /** Stops taking new work, finishes or hands back work in flight, releases resources. */
  close(): Promise<void>;
}

/** A part of the service with a start and (optionally) a close, e.g. a pool or a consumer. */
export interface ServiceComponent {
  /** Short name for logs, e.g. `postgres`, `http`, `dossier-events-consumer`. */
  readonly name: string;
  /** Starts it; resolves with what closes it, or nothing for one-shot steps like migrations. */
  start(): Promise<StartedComponent | void>;
}

/** Signals that ask for a graceful shutdown. */
export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

/** What `runService` needs from the process; `nodeProcessHost` in production, a fake in tests. */
export interface ServiceHost {
  /** Calls `handler` on `signal`; returns an unsubscribe function. */
  onSignal(signal: ShutdownSignal, handler: () => void): () => void;
  /** Calls `handler` on an uncaught exception or unhandled rejection; returns an unsubscribe function. */
  onFatal(handler: (error: unknown, origin: string) => void): () => void;
  /** Calls `fn` after `ms` milliseconds; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
  /** Ends the process. */
  exit(code: number): void;
}

/** The real process. */
export const nodeProcessHost: ServiceHost = {
  onSignal: (signal, handler) => {
    process.on(signal, handler);
    return () => {
      process.off(signal, handler);
    };
  },
  onFatal: (handler) => {
    const onException = (error: unknown, origin: string) => handler(error, origin);
    const onRejection = (reason: unknown) => handler(reason, 'unhandledRejection');
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
    return () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    };
  },
  setTimer: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    // The shutdown budget must not by itself keep a finished process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
  exit: (code) => process.exit(code),
};

/** Options of `runService`. */
export interface RunServiceOptions {
  /** The service's name, for logs. */
  readonly name: string;
  readonly logger: Logger;
  /** Started in this order, closed in reverse. */
  readonly components: readonly ServiceComponent[];
  /** Budget for closing everything before a forced exit with code 1. @default 15000 */
  readonly shutdownTimeoutMs?: number;
  /** @default nodeProcessHost */
  readonly host?: ServiceHost;
}

/** A service started by `runService`. */
export interface RunningService {
  /** Shuts down (once; later calls join it), resolving with the exit code once stopped. */
  shutdown(reason: string): Promise<number>;
  /** Resolves with the exit code once the service has stopped, however that came about. */
  readonly stopped: Promise<number>;
}

/**
 * Starts the components in order, then waits for SIGINT/SIGTERM to close them in reverse and
 * exit 0. A component that fails to start, an uncaught exception or an unhandled rejection
 * closes what was started and exits 1; so does a component whose close fails (the others are
 * still closed). A shutdown exceeding `shutdownTimeoutMs`, or a second signal, exits 1 at once.
 * Resolves when start-up is over (successful or not); `stopped` tells when it has ended.
 */
export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const host = options.host ?? nodeProcessHost;
  const logger = options.logger.child({ lifecycle: options.name });
  const timeoutMs = options.shutdownTimeoutMs ?? 15_000;
  const started: { name: string; component: StartedComponent }[] = [];
  let shuttingDown: Promise<number> | undefined;
  // The start in flight, if any: shutdown lets it settle so what it opened is closed too.
  let starting: Promise<unknown> = Promise.resolve();
  let exited = false;
  let resolveStopped: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });

  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    for (const unsubscribe of subscriptions) unsubscribe();
    try {
      logger.flush();
    } catch {
      // Nothing more can be done about a log that will not flush.
    }
    resolveStopped(code);
    host.exit(code);
  };

  const closeAll = async (): Promise<number> => {
    await starting.catch(() => undefined);
    let code = 0;
    for (const { name, component } of started.toReversed()) {
      logger.info({ component: name }, 'closing');
      try {
        await component.close();
        logger.info({ component: name }, 'closed');
      } catch (error) {
        code = 1;
        logger.error({ err: error, component: name }, 'close failed');
      }
    }
    return code;
  };

  const shutdown = (reason: string, requestedCode = 0): Promise<number> => {
    if (shuttingDown !== undefined) return shuttingDown;
    logger.info({ reason, timeoutMs }, 'shutting down');
    const cancelTimer = host.setTimer(timeoutMs, () => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      exit(1);
    });
    shuttingDown = closeAll().then((closeCode) => {
      cancelTimer();
      const code = Math.max(requestedCode, closeCode);
      if (!exited) logger.info({ code }, 'stopped');
      exit(code);
      return code;
    });
    return shuttingDown;
  };

  const onSignal = (signal: ShutdownSignal) => () => {
    if (shuttingDown !== undefined) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
      return;
    }
    void shutdown(signal);
  };
  const subscriptions = [
    host.onSignal('SIGTERM', onSignal('SIGTERM')),
    host.onSignal('SIGINT', onSignal('SIGINT')),
    host.onFatal((error, origin) => {
      logger.fatal({ err: error, origin }, 'uncaught error');
      void shutdown(origin, 1);
    }),
  ];

  logger.info({ components: options.components.map((component) => component.name) }, 'starting');
  for (const component of options.components) {
    if (shuttingDown !== undefined) break;
    try {
      const pending = component.start();
      starting = pending;
      const result = await pending;
      if (result) started.push({ name: component.name, component: result });
      logger.info({ component: component.name }, 'started');
    } catch (error) {
      logger.fatal({ err: error, component: component.name }, 'start failed');
      void shutdown(`start of ${component.name} failed`, 1);
      break;
    }
  }
  if (shuttingDown === undefined) logger.info('running');
  return {
    shutdown: (reason) => {
      void shutdown(reason);
      return stopped;
    },
    stopped,
  };
}

/** A component from a name and a start function. */
export function component(name: string, start: () => Promise<StartedComponent | void>): ServiceComponent {
  return { name, start };
}
