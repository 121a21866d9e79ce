import { describe, expect, it } from '@jest/globals';
import { decideFault, NO_FAULTS, retryAfterSeconds } from './faults.ts';
import { faultContext } from './testing.ts';

const NOW = Date.parse('2026-11-20T02:00:00Z');
const at = (draw: number) => faultContext(NOW, draw, 30_000);
const noDraw = faultContext(NOW);

describe('decideFault', () => {
  it('passes without delay when nothing is injected, without drawing', () => {
    const random = () => {
      throw new Error('must not draw');
    };
    expect(decideFault(NO_FAULTS, { nowMs: NOW, random, timeoutHoldMs: 30_000 })).toEqual({
      kind: 'pass',
      delayMs: 0,
    });
  });

  it('adds latency to normal answers and to injected errors', () => {
    expect(decideFault({ latencyMs: 800 }, at(0.5))).toEqual({ kind: 'pass', delayMs: 800 });
    expect(decideFault({ latencyMs: 800 }, noDraw)).toEqual({ kind: 'pass', delayMs: 800 });
    expect(decideFault({ latencyMs: 800, errorRate: 1 }, at(0.5))).toEqual({ kind: 'error', delayMs: 800 });
  });

  it('splits one draw between timeouts, then errors, then normal answers', () => {
    const settings = { timeoutRate: 0.2, errorRate: 0.3 };

    expect(decideFault(settings, at(0))).toEqual({ kind: 'timeout', holdMs: 30_000 });
    expect(decideFault(settings, at(0.19))).toEqual({ kind: 'timeout', holdMs: 30_000 });
    expect(decideFault(settings, at(0.2))).toEqual({ kind: 'error', delayMs: 0 });
    expect(decideFault(settings, at(0.49))).toEqual({ kind: 'error', delayMs: 0 });
    expect(decideFault(settings, at(0.5))).toEqual({ kind: 'pass', delayMs: 0 });
  });

  it('answers an error below errorRate, normally from it on', () => {
    expect(decideFault({ errorRate: 0.3 }, at(0.29))).toEqual({ kind: 'error', delayMs: 0 });
    expect(decideFault({ errorRate: 0.3 }, at(0.3))).toEqual({ kind: 'pass', delayMs: 0 });
  });

  it('never times out where no answer is held, and draws only for errors there', () => {
    const settings = { timeoutRate: 0.2, errorRate: 0.3 };
    const unheld = (draw: number) => faultContext(NOW, draw);

    expect(decideFault({ timeoutRate: 1 }, noDraw)).toEqual({ kind: 'pass', delayMs: 0 });
    expect(decideFault(settings, unheld(0))).toEqual({ kind: 'error', delayMs: 0 });
    expect(decideFault(settings, unheld(0.3))).toEqual({ kind: 'pass', delayMs: 0 });
  });

  it('answers every request with an outage until it ends, then goes back to the other faults', () => {
    const settings = { outageUntilMs: NOW + 60_000, errorRate: 1 };

    expect(decideFault(settings, at(0.99))).toEqual({ kind: 'outage', untilMs: NOW + 60_000 });
    expect(decideFault(settings, { ...at(0.5), nowMs: NOW + 60_000 })).toEqual({ kind: 'error', delayMs: 0 });
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up and never says 0', () => {
    expect(retryAfterSeconds(NOW + 1_500, NOW)).toBe(2);
    expect(retryAfterSeconds(NOW + 10, NOW)).toBe(1);
    expect(retryAfterSeconds(NOW - 10, NOW)).toBe(1);
  });
});
