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
    name: 'benefit-registries',
    entry: entry('benefit-registries'),
    port: 8091,
    description: 'stand-in social-insurance, social-protection and people-with-merit registries',
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
    description: 'commune police: permanent residence of a newborn, deletion of a deceased person’s',
    env: ({ urlOf }) => ({ POPULATION_REGISTRY_URL: urlOf('population-registry') }),
  },
  {
    name: 'health-insurance',
    entry: entry('health-insurance'),
    port: 8083,
    description: 'Vietnam Social Security: first BHYT card of a child under 6',
  },
  {
    name: 'death-funeral',
    entry: entry('death-funeral'),
    port: 8084,
    description: 'death registration (signed extract), funeral benefit by eligibility, survivor allowance',
    env: ({ urlOf, stateDir }) => ({
      POPULATION_REGISTRY_URL: urlOf('population-registry'),
      BENEFIT_REGISTRIES_URL: urlOf('benefit-registries'),
      SIGNING_KEYS_DIR: path.join(stateDir, 'signing', 'death-civil-status'),
    }),
  },
];

/** Where a local run keeps its files. */
export function defaultStateDir(purpose: string): string {
  return localDir(purpose);
}
