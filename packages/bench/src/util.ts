import { setTimeout as sleepFor } from 'node:timers/promises';

export const sleep = (ms: number): Promise<void> => sleepFor(ms);

/**
 * Polls until `done()` holds. Returns false when `limitMs` passed first: a guard against a
 * stuck pipeline, never a judgement on speed (the caller reports what it saw either way).
 */
export async function waitUntil(done: () => boolean, limitMs: number, everyMs = 5): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}
