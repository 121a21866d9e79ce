/**
 * The population registry's fault switch: stand-in-kit's, holding this stand-in's settings
 * (timeouts and answer-later included). Settings live in memory, per instance; what a pending
 * request owes (its decision, its callback) is durable regardless (see postgres-registry.ts).
 * The hooks that apply them to issuance and lookup are installed by app.ts.
 */
import { createFaultSwitch as createStandInFaultSwitch } from '@lienthong/stand-in-kit';
import type { FaultSwitch as StandInFaultSwitch } from '@lienthong/stand-in-kit';
import type { FaultSettings } from './domain/faults.ts';

/** The current fault settings of this process. */
export type FaultSwitch = StandInFaultSwitch<FaultSettings>;

/** A switch with no faults on, or `initial`. */
export const createFaultSwitch = createStandInFaultSwitch<FaultSettings>;
