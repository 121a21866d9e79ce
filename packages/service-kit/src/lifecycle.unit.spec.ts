import { describe, it, expect } from '@jest/globals';
import { runService } from './lifecycle.ts';
import type { ServiceComponent, ServiceHost, ShutdownSignal } from './lifecycle.ts';
import { createLogger } from './logger.ts';

/** A process stand-in: signals, fatal errors and the shutdown timer are fired by the test. */
function fakeHost() {
  const signalHandlers = new Map<ShutdownSignal, () => void>();
  let fatalHandler: ((error: unknown, origin: string) => void) | undefined;
  const timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
  const exits: number[] = [];
  const host: ServiceHost = {
    onSignal: (signal, handler) => {
      signalHandlers.set(signal, handler);
      return () => signalHandlers.delete(signal);
    },
    onFatal: (handler) => {
      fatalHandler = handler;
      return () => {
        fatalHandler = undefined;
      };
    },
    setTimer: (ms, fn) => {
      const timer = { ms, fn, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    exit: (code) => void exits.push(code),
  };
  return {
    host,
    exits,
    timers,
    signal: (signal: ShutdownSignal) => signalHandlers.get(signal)?.(),
    fatal: (error: unknown) => fatalHandler?.(error, 'uncaughtException'),
    subscribed: () => signalHandlers.size,
  };
}

/** Components that record their starts and closes in one shared journal. */
function recording(journal: string[], names: string[]): ServiceComponent[] {
  return names.map((name) => ({
    name,
    start: () => {
      journal.push(`start ${name}`);
      return Promise.resolve({
        close: () => {
          journal.push(`close ${name}`);
          return Promise.resolve();
        },
      });
    },
  }));
}

const silentLogger = () => createLogger({ service: 'test', level: 'silent' });

describe('runService', () => {
  it('starts components in order and on SIGTERM closes them in reverse, then exits 0', async () => {
    const fake = fakeHost();
    const journal: string[] = [];

    const service = await runService({
      name: 'dossier-service',
      logger: silentLogger(),
      host: fake.host,
      components: recording(journal, ['postgres', 'producer', 'consumer', 'http']),
    });
    expect(journal).toEqual(['start postgres', 'start producer', 'start consumer', 'start http']);
    fake.signal('SIGTERM');

    await expect(service.stopped).resolves.toBe(0);
    expect(journal.slice(4)).toEqual(['close http', 'close consumer', 'close producer', 'close postgres']);
    expect(fake.exits).toEqual([0]);
    expect(fake.timers[0]?.cancelled).toBe(true);
    expect(fake.subscribed()).toBe(0);
  });

  it('exits 1 when shutdown exceeds its timeout, without waiting for the stuck close', async () => {
    const fake = fakeHost();
    const journal: string[] = [];
    const stuck: ServiceComponent = {
      name: 'consumer',
      start: () => Promise.resolve({ close: () => new Promise<void>(() => undefined) }),
    };

    const service = await runService({
      name: 'svc',
      logger: silentLogger(),
      host: fake.host,
      shutdownTimeoutMs: 5000,
      components: [...recording(journal, ['postgres']), stuck],
    });
    fake.signal('SIGINT');
    expect(fake.timers).toHaveLength(1);
    expect(fake.timers[0]?.ms).toBe(5000);
    fake.timers[0]?.fn();

    await expect(service.stopped).resolves.toBe(1);
    expect(fake.exits).toEqual([1]);
    expect(journal).toEqual(['start postgres']);
  });

  it('on an uncaught error logs it, closes everything in reverse and exits 1', async () => {
    const fake = fakeHost();
    const journal: string[] = [];
    const lines: string[] = [];
    const logger = createLogger({ service: 'test', destination: { write: (line) => void lines.push(line) } });

    const service = await runService({
      name: 'svc',
      logger,
      host: fake.host,
      components: recording(journal, ['postgres', 'http']),
    });
    fake.fatal(new Error('kaboom'));

    await expect(service.stopped).resolves.toBe(1);
    expect(journal).toEqual(['start postgres', 'start http', 'close http', 'close postgres']);
    expect(lines.some((line) => line.includes('"level":"fatal"') && line.includes('kaboom'))).toBe(true);
  });

  it('when a component fails to start, closes those already started and exits 1', async () => {
    const fake = fakeHost();
    const journal: string[] = [];
    const failing: ServiceComponent = {
      name: 'migrations',
      start: () => Promise.reject(new Error('relation exists')),
    };

    const service = await runService({
      name: 'svc',
      logger: silentLogger(),
      host: fake.host,
      components: [...recording(journal, ['postgres']), failing, ...recording(journal, ['http'])],
    });

    await expect(service.stopped).resolves.toBe(1);
    expect(journal).toEqual(['start postgres', 'close postgres']);
  });

  it('keeps closing the rest when one close fails, and exits 1', async () => {
    const fake = fakeHost();
    const journal: string[] = [];
    const broken: ServiceComponent = {
      name: 'producer',
      start: () => Promise.resolve({ close: () => Promise.reject(new Error('flush failed')) }),
    };

    const service = await runService({
      name: 'svc',
      logger: silentLogger(),
      host: fake.host,
      components: [...recording(journal, ['postgres']), broken, ...recording(journal, ['http'])],
    });
    await service.shutdown('test');

    await expect(service.stopped).resolves.toBe(1);
    expect(journal).toEqual(['start postgres', 'start http', 'close http', 'close postgres']);
  });

  it('a second signal during shutdown exits 1 at once', async () => {
    const fake = fakeHost();
    const stuck: ServiceComponent = {
      name: 'consumer',
      start: () => Promise.resolve({ close: () => new Promise<void>(() => undefined) }),
    };

    const service = await runService({
      name: 'svc',
      logger: silentLogger(),
      host: fake.host,
      components: [stuck],
    });
    fake.signal('SIGTERM');
    fake.signal('SIGINT');

    await expect(service.stopped).resolves.toBe(1);
    expect(fake.exits).toEqual([1]);
  });

  it('a signal during start-up stops starting further components and closes the started ones', async () => {
    const fake = fakeHost();
    const journal: string[] = [];
    let releaseStart: () => void = () => undefined;
    const slow: ServiceComponent = {
      name: 'producer',
      start: async () => {
        journal.push('start producer');
        await new Promise<void>((resolve) => {
          releaseStart = resolve;
        });
        return {
          close: () => {
            journal.push('close producer');
            return Promise.resolve();
          },
        };
      },
    };

    const running = runService({
      name: 'svc',
      logger: silentLogger(),
      host: fake.host,
      components: [...recording(journal, ['postgres']), slow, ...recording(journal, ['http'])],
    });
    await Promise.resolve();
    await Promise.resolve();
    fake.signal('SIGTERM');
    releaseStart();
    const service = await running;

    await expect(service.stopped).resolves.toBe(0);
    expect(journal).toEqual(['start postgres', 'start producer', 'close producer', 'close postgres']);
  });
});
