import { describe, expect, it } from '@jest/globals';
import { NO_FAULTS } from '@lienthong/stand-in-kit/faults';
import { faultContext } from '@lienthong/stand-in-kit/testing';
import { decideFault, isTargeted } from './faults.ts';
import type { FaultTarget } from './faults.ts';

// What every fault does is decided by stand-in-kit (tested there); here, which requests are hit.

const NOW = Date.parse('2026-11-20T02:00:00Z');
const SI_LOOKUP: FaultTarget = { registry: 'social-insurance', route: 'lookups' };
const MERIT_RECOVERY: FaultTarget = { registry: 'merit', route: 'recoveries' };
const noDraw = faultContext(NOW);

describe('decideFault', () => {
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

  it('decides a targeted request as stand-in-kit does', () => {
    expect(decideFault(NO_FAULTS, SI_LOOKUP, noDraw)).toEqual({ kind: 'pass', delayMs: 0 });
    expect(decideFault({ latencyMs: 800, errorRate: 1 }, SI_LOOKUP, faultContext(NOW, 0.5))).toEqual({
      kind: 'error',
      delayMs: 800,
    });
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
