/**
 * Waits out injected latency and held answers. Kept behind an interface so route tests do not
 * sleep, and cancellable so that shutdown does not wait out a long delay or a 30-second held
 * answer (`buildStandInApp` wakes it when the app closes).
 */
export interface Sleeper {
  /** Resolves after `ms` (at once for 0 or less), or at once after `wakeAll()`. */
  sleep(ms: number): Promise<void>;
  /** Ends every sleep in progress and every later one (called when the app closes). */
  wakeAll(): void;
}

/** A sleeper on real timers. */
export function createSleeper(): Sleeper {
  const sleeping = new Map<NodeJS.Timeout, () => void>();
  let awake = false;
  return {
    sleep: (ms) => {
      if (awake || ms <= 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          sleeping.delete(timer);
          resolve();
        }, ms);
        sleeping.set(timer, resolve);
      });
    },
    wakeAll: () => {
      awake = true;
      for (const [timer, resolve] of sleeping) {
        clearTimeout(timer);
        resolve();
      }
      sleeping.clear();
    },
  };
}
