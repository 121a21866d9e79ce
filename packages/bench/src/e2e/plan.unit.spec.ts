import { describe, expect, it } from '@jest/globals';
import { mapConcurrently } from '../util.ts';
import {
  commonSettings,
  letters,
  openStepCount,
  pickSamples,
  plannedDossiers,
  spread,
  systemWarmupCount,
} from './plan.ts';

const settings = {
  ...commonSettings(false),
  loads: [5, 10, 15, 20],
  burst: 200,
  systemWarmup: { rate: 8, ms: 15_000 },
};

describe('the dossiers a run submits', () => {
  it('counts the warm-up, every step with its own warm-up, and the burst', () => {
    expect(systemWarmupCount(settings)).toBe(120);
    expect(openStepCount(settings, 15)).toBe(525);
    expect(plannedDossiers(settings)).toBe(120 + 175 + 350 + 525 + 700 + 200);
    expect(plannedDossiers({ ...settings, loads: [], burst: 0 })).toBe(120);
  });
});

describe('spread', () => {
  it('picks indexes evenly from the first, all of them when asked for more', () => {
    expect(spread(4, 10)).toEqual([0, 2, 5, 7]);
    expect(spread(5, 3)).toEqual([0, 1, 2]);
    expect(spread(0, 3)).toEqual([]);
    expect(new Set(spread(100, 101)).size).toBe(100);
  });
});

describe('pickSamples', () => {
  it('takes a few per step spread out, and always the last', () => {
    expect(pickSamples(2, 1, 10)).toEqual([0, 2, 4, 6, 8, 9]);
    expect(pickSamples(2, 1, 0)).toEqual([]);
  });
});

describe('letters', () => {
  it('gives every number a name part of its own', () => {
    expect([letters(0), letters(25), letters(26), letters(27)]).toEqual(['A', 'Z', 'Ba', 'Bb']);
    expect(new Set(Array.from({ length: 3_000 }, (_, n) => letters(n))).size).toBe(3_000);
  });
});

describe('mapConcurrently', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([30, 10, 20, 0, 5], 2, async (ms, index) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return index * 2;
    });
    expect(results).toEqual([0, 2, 4, 6, 8]);
    expect(most).toBe(2);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrently([1, 2, 3, 4], 1, (n) => {
        started.push(n);
        return n === 2 ? Promise.reject(new Error('two')) : Promise.resolve(n);
      }),
    ).rejects.toThrow('two');
    expect(started).toEqual([1, 2]);
  });
});
