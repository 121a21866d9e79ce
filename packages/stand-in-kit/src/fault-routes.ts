/**
 * The admin endpoints that show, replace and clear a stand-in's injected faults
 * (`GET`/`PUT`/`DELETE /faults`, under the admin prefix), and the conversions of the members
 * every stand-in shares between its settings and what the API shows.
 */
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import type { z } from 'zod';
import type { FaultSettingsMembers } from './contract.ts';
import type { FaultSwitch } from './fault-injection.ts';
import type { FaultSettings } from './faults.ts';

/** The OpenAPI tag of the endpoints a real system does not have. */
export const ADMIN_TAG = 'admin (test only)';

export interface FaultRoutesOptions<S extends FaultSettings, View extends FaultSettingsMembers, Body> {
  readonly faults: FaultSwitch<S>;
  /** The settings as shown (the 200 answers): `FaultSettingsMembers` extended. */
  readonly view: z.ZodType<View>;
  /** The settings as sent to PUT: the view, strict (an unknown member is a 400). */
  readonly body: z.ZodType<Body>;
  /** The stand-in's own members of the view; the shared ones are converted here. */
  readonly ownView: (settings: S) => Omit<View, keyof FaultSettingsMembers>;
  /** The stand-in's own members of the settings, from a valid body; the shared ones are converted here. */
  readonly ownSettings: (body: Body) => Omit<S, keyof FaultSettings>;
  /** The stand-in's problem schema, for PUT's 400 in the OpenAPI document. */
  readonly problem: z.ZodType;
  /** What the faults are injected into, as GET's summary says: `issuance and lookup`. */
  readonly served: string;
  /** PUT's description: what each member does. */
  readonly replaceDescription: string;
}

/**
 * `GET /faults` (the current settings), `PUT /faults` (replace them; an absent member is off)
 * and `DELETE /faults` (clear them), tagged `admin (test only)`. A change is logged at warn.
 */
export function faultRoutes<S extends FaultSettings, View extends FaultSettingsMembers, Body>(
  options: FaultRoutesOptions<S, View, Body>,
): FastifyPluginAsyncZod {
  const { faults } = options;
  // Untyped here: the route types cannot be resolved from a generic schema. `body` validates
  // what PUT receives, so it is a `Body` (and holds the shared members); `view` serializes what
  // `shown` gives, the shared members and the stand-in's own.
  const view: z.ZodType = options.view;
  const body: z.ZodType = options.body;
  const shown = () => {
    const settings = faults.get();
    return { ...faultSettingsView(settings), ...options.ownView(settings) };
  };
  const fromBody = (sent: Body) =>
    ({ ...faultSettingsFromView(sent as FaultSettingsMembers), ...options.ownSettings(sent) }) as S;
  return (app) => {
    app.get(
      '/faults',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: `The faults currently injected into ${options.served} (in memory, per instance)`,
          response: { 200: view },
        },
      },
      () => Promise.resolve(shown()),
    );

    app.put(
      '/faults',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Replace the injected faults',
          description: options.replaceDescription,
          body,
          response: { 200: view, 400: options.problem },
        },
      },
      (request) => {
        faults.set(fromBody(request.body as Body));
        request.log.warn({ faults: shown() }, 'fault injection changed');
        return Promise.resolve(shown());
      },
    );

    app.delete(
      '/faults',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Stop injecting faults',
          response: { 200: view },
        },
      },
      (request) => {
        faults.reset();
        request.log.warn('fault injection cleared');
        return Promise.resolve(shown());
      },
    );
    return Promise.resolve();
  };
}

/** The shared members of `settings` as the admin API shows them; absent ones are left out. */
function faultSettingsView(settings: FaultSettings): FaultSettingsMembers {
  return {
    ...(settings.latencyMs === undefined ? {} : { latencyMs: settings.latencyMs }),
    ...(settings.errorRate === undefined ? {} : { errorRate: settings.errorRate }),
    ...(settings.timeoutRate === undefined ? {} : { timeoutRate: settings.timeoutRate }),
    ...(settings.outageUntilMs === undefined
      ? {}
      : { outageUntil: new Date(settings.outageUntilMs).toISOString() }),
  };
}

/** The shared members of an admin body as settings; absent ones are off. */
function faultSettingsFromView(body: FaultSettingsMembers): FaultSettings {
  return {
    latencyMs: body.latencyMs,
    errorRate: body.errorRate,
    ...(body.timeoutRate === undefined ? {} : { timeoutRate: body.timeoutRate }),
    outageUntilMs: body.outageUntil === undefined ? undefined : Date.parse(body.outageUntil),
  };
}
