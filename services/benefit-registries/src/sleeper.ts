/**
 * Waits out injected latency. Kept behind an interface so route tests do not sleep, and
 * cancellable so that shutdown does not wait out a long injected delay.
 */
export interface Sleeper {
  /** Resolves after `ms`, or at once after `wakeAll()`. */
  sleep(ms: number): Promise<void>;
  /** Ends every sleep in progress and every later one (called when the app closes). */
  wakeAll(): void;
}

export function createSleeper(): Sleeper {
  const pending = new Map<NodeJS.Timeout, () => void>();
  let closed = false;
  return {
    sleep: (ms) => {
      if (closed || ms <= 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, ms);
        pending.set(timer, resolve);
      });
    },
    wakeAll: () => {
      closed = true;
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}
