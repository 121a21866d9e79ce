import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { buildStandInApp } from './app.ts';
import { FaultSettingsMembers } from './contract.ts';
import { createFaultSwitch, installFaultHooks } from './fault-injection.ts';
import type { FaultHookOptions } from './fault-injection.ts';
import { faultRoutes } from './fault-routes.ts';
import { NO_FAULTS, PASS } from './faults.ts';
import type { FaultSettings } from './faults.ts';
import { problemResponse } from './problem.ts';
import { faultAdmin, testAppDependencies } from './testing.ts';

/** A stand-in's own fault setting, next to the shared ones. */
interface Settings extends FaultSettings {
  readonly quiet?: boolean | undefined;
}

const View = FaultSettingsMembers.extend({ quiet: z.boolean().optional() });

/**
 * A stand-in serving `GET /v1/things` (counted) with the hooks installed as `hooks` says, and
 * the fault admin routes under /v1/admin.
 */
function standIn(options: { draws?: number[]; hooks?: Partial<FaultHookOptions<Settings>> } = {}) {
  const logLines: string[] = [];
  const test = testAppDependencies({ service: 'faults-test', draws: options.draws, logLines });
  const faults = createFaultSwitch<Settings>();
  const served: string[] = [];
  const app = buildStandInApp({
    ...test.dependencies,
    openapi: { title: 'things', version: '0.1.0', description: 'For tests' },
    routes: async (scope) => {
      await scope.register(async (things) => {
        installFaultHooks(things, {
          ...test.dependencies,
          faults,
          system: 'The things registry',
          ...options.hooks,
        });
        things.get('/v1/things', () => {
          served.push(`served after ${test.sleeps.length} sleeps`);
          return Promise.resolve({ ok: true });
        });
        return Promise.resolve();
      });
      await scope.register(
        faultRoutes({
          faults,
          view: View,
          body: View.strict(),
          ownView: (settings) => (settings.quiet === undefined ? {} : { quiet: settings.quiet }),
          ownSettings: (body) => ({ quiet: body.quiet }),
          problem: problemResponse('the key'),
          served: 'things',
          replaceDescription: 'What each member does.',
        }),
        { prefix: '/v1/admin' },
      );
    },
  });
  const get = () => app.inject({ method: 'GET', url: '/v1/things' });
  return { app, faults, admin: faultAdmin(app), get, served, sleeps: test.sleeps, test, logLines };
}

describe('installFaultHooks', () => {
  it('answers an outage and an error in the name of the system, logging the fields given', async () => {
    const { admin, get, served, test, logLines } = standIn({ hooks: { logFields: { registry: 'things' } } });
    const outageUntil = new Date(test.now().getTime() + 1_500).toISOString();

    await admin.put({ outageUntil });
    const down = await get();
    await admin.put({ errorRate: 1, latencyMs: 20 });
    const failing = await get();

    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('2');
    expect(down.json()).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      detail: `The things registry is unavailable until ${outageUntil} (injected outage).`,
    });
    expect(failing.json()).toMatchObject({
      detail: 'The things registry failed to answer (injected error).',
    });
    expect(served).toEqual([]);
    const injected = logLines
      .map((line) => JSON.parse(line) as { msg: string })
      .filter((line) => line.msg === 'injected fault');
    expect(injected).toMatchObject([
      { fault: 'outage', registry: 'things' },
      { fault: 'error', registry: 'things' },
    ]);
  });

  it('waits out the latency before serving, and never sleeps for none', async () => {
    const { admin, get, served, sleeps } = standIn();

    await get();
    await admin.put({ latencyMs: 250 });
    await get();

    expect(sleeps).toEqual([250]);
    expect(served).toEqual(['served after 0 sleeps', 'served after 1 sleeps']);
  });

  it('holds a timed-out answer after serving it, only where answers are held', async () => {
    const held = standIn({ draws: [0.1], hooks: { timeoutHoldMs: 30_000 } });
    const unheld = standIn({ draws: [0.1] });

    for (const { admin, get } of [held, unheld]) {
      await admin.put({ timeoutRate: 0.5 });
      expect((await get()).statusCode).toBe(200);
    }

    expect(held.served).toEqual(['served after 0 sleeps']);
    expect(held.sleeps).toEqual([30_000]);
    // Without a hold, timeoutRate is ignored: nothing drawn, nothing held.
    expect(unheld.sleeps).toEqual([]);
  });

  it('hits only what `decide` targets', async () => {
    const { admin, get } = standIn({
      hooks: { decide: (settings) => (settings.quiet === true ? PASS : { kind: 'error', delayMs: 0 }) },
    });

    await admin.put({ quiet: true });
    const quiet = await get();
    await admin.put({ quiet: false });
    const loud = await get();

    expect(quiet.statusCode).toBe(200);
    expect(loud.statusCode).toBe(503);
  });
});

describe('faultRoutes', () => {
  it('show the shared members and the stand-in’s own, replace them all, and clear them', async () => {
    const { admin, faults } = standIn();

    const set = await admin.put({ latencyMs: 5, outageUntil: '2026-11-20T10:00:00+07:00', quiet: true });
    const stored = faults.get();
    const shown = await admin.get();
    const unknown = await admin.put({ loud: true });
    const cleared = await admin.clear();

    expect(set.json()).toEqual({ latencyMs: 5, outageUntil: '2026-11-20T03:00:00.000Z', quiet: true });
    expect(stored).toEqual({
      latencyMs: 5,
      errorRate: undefined,
      outageUntilMs: Date.parse('2026-11-20T03:00:00Z'),
      quiet: true,
    });
    expect(shown.json()).toEqual(set.json());
    expect(unknown.statusCode).toBe(400);
    expect(cleared.json()).toEqual({});
    expect(faults.get()).toBe(NO_FAULTS);
  });
});

describe('createFaultSwitch', () => {
  it('starts from the settings given, keeps a frozen copy of what is set, and resets to none', () => {
    const initial: Settings = { quiet: true };
    const faults = createFaultSwitch<Settings>(initial);
    const settings = { errorRate: 0.5 };

    const first = faults.get();
    faults.set(settings);
    const set = faults.get();
    faults.reset();

    expect(first).toBe(initial);
    expect(set).toEqual(settings);
    expect(set).not.toBe(settings);
    expect(Object.isFrozen(set)).toBe(true);
    expect(faults.get()).toBe(NO_FAULTS);
  });
});
