import path from 'node:path';
import { localDir, repoRoot } from './paths.ts';

/** What a service's environment may depend on: where the others listen, where to keep files. */
export interface ServiceEnvContext {
  readonly urlOf: (service: string) => string;
  /** A folder for this run's files (keys...), e.g. `.local/start` or a test's temporary folder. */
  readonly stateDir: string;
}

/** A lienthong service as the local runner starts it. */
export interface ServiceSpec {
  readonly name: string;
  /** The composition root, run directly by Node (type stripping). */
  readonly entry: string;
  /** Default HTTP port under `npm start`; tests pick free ports instead. */
  readonly port: number;
  /** Shown by `npm start`. */
  readonly description: string;
  /** Variables beyond the common ones (database, Kafka, auth). */
  readonly env?: (context: ServiceEnvContext) => Record<string, string>;
}

const entry = (service: string) => path.join(repoRoot(), 'services', service, 'src', 'main.ts');

/** Every service of the system, in start order. */
export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'population-registry',
    entry: entry('population-registry'),
    port: 8090,
    description: 'stand-in National Population Database: personal ID numbers, people, fault injection',
  },
  {
    name: 'birth-registration',
    entry: entry('birth-registration'),
    port: 8081,
    description: 'commune civil-status office: birth registration, signed extract, personal ID number',
    env: ({ urlOf, stateDir }) => ({
      POPULATION_REGISTRY_URL: urlOf('population-registry'),
      PUBLIC_BASE_URL: urlOf('birth-registration'),
      SIGNING_KEYS_DIR: path.join(stateDir, 'signing', 'civil-status'),
    }),
  },
  {
    name: 'saga-coordinator',
    entry: entry('saga-coordinator'),
    port: 8080,
    description: 'portal API, dossiers and sagas',
  },
  {
    name: 'residence',
    entry: entry('residence'),
    port: 8082,
    description: 'commune police: permanent residence registration of a newborn',
  },
  {
    name: 'health-insurance',
    entry: entry('health-insurance'),
    port: 8083,
    description: 'Vietnam Social Security: first BHYT card of a child under 6',
  },
];

/** Where a local run keeps its files. */
export function defaultStateDir(purpose: string): string {
  return localDir(purpose);
}
