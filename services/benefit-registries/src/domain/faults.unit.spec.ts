import { describe, expect, it } from '@jest/globals';
import { decideFault, isTargeted, NO_FAULTS, retryAfterSeconds } from './faults.ts';
import type { FaultTarget } from './faults.ts';

const NOW = Date.parse('2026-11-20T02:00:00Z');
const SI_LOOKUP: FaultTarget = { registry: 'social-insurance', route: 'lookups' };
const MERIT_RECOVERY: FaultTarget = { registry: 'merit', route: 'recoveries' };
const at = (draw: number) => ({ nowMs: NOW, random: () => draw });
const noDraw = {
  nowMs: NOW,
  random: () => {
    throw new Error('must not draw');
  },
};

describe('decideFault', () => {
  it('passes without delay when nothing is injected, without drawing', () => {
    expect(decideFault(NO_FAULTS, SI_LOOKUP, noDraw)).toEqual({ kind: 'pass', delayMs: 0 });
  });

  it('adds latency to normal answers and to injected errors', () => {
    expect(decideFault({ latencyMs: 800 }, SI_LOOKUP, noDraw)).toEqual({ kind: 'pass', delayMs: 800 });
    expect(decideFault({ latencyMs: 800, errorRate: 1 }, SI_LOOKUP, at(0.5))).toEqual({
      kind: 'error',
      delayMs: 800,
    });
  });

  it('answers an error below errorRate, normally from it on', () => {
    expect(decideFault({ errorRate: 0.3 }, SI_LOOKUP, at(0.29))).toEqual({ kind: 'error', delayMs: 0 });
    expect(decideFault({ errorRate: 0.3 }, SI_LOOKUP, at(0.3))).toEqual({ kind: 'pass', delayMs: 0 });
  });

  it('answers every targeted request with an outage until it ends, then goes back to the other faults', () => {
    const settings = { outageUntilMs: NOW + 60_000, errorRate: 1 };

    expect(decideFault(settings, SI_LOOKUP, at(0.99))).toEqual({ kind: 'outage', untilMs: NOW + 60_000 });
    expect(decideFault(settings, SI_LOOKUP, { ...at(0.5), nowMs: NOW + 60_000 })).toEqual({
      kind: 'error',
      delayMs: 0,
    });
  });

  it('leaves requests outside the chosen registries and routes alone', () => {
    const settings = {
      outageUntilMs: NOW + 60_000,
      latencyMs: 100,
      registries: ['merit'] as const,
      routes: ['recoveries'] as const,
    };

    expect(decideFault(settings, SI_LOOKUP, noDraw)).toEqual({ kind: 'pass', delayMs: 0 });
    expect(decideFault(settings, { registry: 'merit', route: 'lookups' }, noDraw)).toEqual({
      kind: 'pass',
      delayMs: 0,
    });
    expect(decideFault(settings, MERIT_RECOVERY, noDraw)).toEqual({ kind: 'outage', untilMs: NOW + 60_000 });
  });
});

describe('isTargeted', () => {
  it('targets everything when the filters are absent', () => {
    expect(isTargeted(NO_FAULTS, SI_LOOKUP)).toBe(true);
    expect(isTargeted({ routes: ['lookups'] }, SI_LOOKUP)).toBe(true);
    expect(isTargeted({ routes: ['lookups'] }, MERIT_RECOVERY)).toBe(false);
    expect(isTargeted({ registries: ['social-insurance', 'merit'] }, MERIT_RECOVERY)).toBe(true);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up and never says 0', () => {
    expect(retryAfterSeconds(NOW + 1_500, NOW)).toBe(2);
    expect(retryAfterSeconds(NOW + 10, NOW)).toBe(1);
    expect(retryAfterSeconds(NOW - 10, NOW)).toBe(1);
  });
});
