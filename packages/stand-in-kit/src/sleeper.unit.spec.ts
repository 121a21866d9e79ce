import { describe, expect, it } from '@jest/globals';
import { createSleeper } from './sleeper.ts';

describe('createSleeper', () => {
  it('resolves after the time asked, and at once for none', async () => {
    const sleeper = createSleeper();
    const started = Date.now();

    await sleeper.sleep(0);
    await sleeper.sleep(-5);
    const quick = Date.now() - started;
    await sleeper.sleep(30);

    expect(quick).toBeLessThan(25);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('ends every sleep in progress and every later one once woken', async () => {
    const sleeper = createSleeper();
    const started = Date.now();

    const long = sleeper.sleep(60_000);
    sleeper.wakeAll();
    await long;
    await sleeper.sleep(60_000);

    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
