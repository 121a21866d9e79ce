import path from 'node:path';
import { repoRoot } from './paths.ts';

/** A lienthong service as the local runner starts it. */
export interface ServiceSpec {
  readonly name: string;
  /** The composition root, run directly by Node (type stripping). */
  readonly entry: string;
  /** Default HTTP port under `npm start`; tests pick free ports instead. */
  readonly port: number;
  /** Shown by `npm start`. */
  readonly description: string;
}

/** Every service of the system, in start order. */
export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'saga-coordinator',
    entry: path.join(repoRoot(), 'services', 'saga-coordinator', 'src', 'main.ts'),
    port: 8080,
    description: 'portal API, dossiers and sagas',
  },
  {
    name: 'health-insurance',
    entry: path.join(repoRoot(), 'services', 'health-insurance', 'src', 'main.ts'),
    port: 8083,
    description: 'Vietnam Social Security: first BHYT card of a child under 6',
  },
  {
    name: 'population-registry',
    entry: path.join(repoRoot(), 'services', 'population-registry', 'src', 'main.ts'),
    port: 8090,
    description: 'stand-in National Population Database: personal ID numbers, people, fault injection',
  },
];
