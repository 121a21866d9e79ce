/**
 * @lienthong/stand-in-kit: what the stand-ins for external government systems share on the
 * server side: the HTTP app (personal IDs masked in logs), fault injection (switch, hooks and
 * admin routes), problem answers, idempotent POSTs, admin adds, test data and the process.
 *
 * The other entries: `./client`, the HTTP client core and the shared contract schemas (no
 * fastify, no pg: the stand-ins' libraries use it); `./faults`, the pure fault decisions;
 * `./testing`, test doubles.
 */
export { buildStandInApp, maskPersonalIds } from './app.ts';
export type { StandInAppDependencies, StandInAppOptions } from './app.ts';
export { standInConfig } from './config.ts';
export type { StandInConfig, StandInConfigOptions } from './config.ts';
export { createFaultSwitch, installFaultHooks } from './fault-injection.ts';
export type { FaultHookOptions, FaultSwitch } from './fault-injection.ts';
export { ADMIN_TAG, faultRoutes } from './fault-routes.ts';
export type { FaultRoutesOptions } from './fault-routes.ts';
export { idempotencyKeyReused, locationOf, REPLAYED_HEADER } from './idempotency.ts';
export { problemResponse } from './problem.ts';
export { addedStatus, addRecordOnce, addRecordToMap, sameRecord } from './records.ts';
export type { AddRecordResult, AddRecordSteps } from './records.ts';
export { runStandIn } from './run.ts';
export type { RunStandInOptions, StandInInfrastructure, StandInParts } from './run.ts';
export { seedComponent, unnoted } from './seeds.ts';
export type { Seed, SeedComponentOptions } from './seeds.ts';
export { createSleeper } from './sleeper.ts';
export type { Sleeper } from './sleeper.ts';
export { selectFirst } from './postgres.ts';
export type { Queryable } from './postgres.ts';
