/**
 * The test data a stand-in holds from its first start: records written in the source, each
 * with a note of the case it is there for, added at start when missing and never changed.
 */
import type { Logger, ServiceComponent } from '@lienthong/service-kit';

/** A seed record and the case it is there for. */
export type Seed<T> = T & { readonly exercises: string };

/** A seed without its `exercises` note: what is stored. */
export function unnoted<T extends { readonly exercises: string }>(seed: T): Omit<T, 'exercises'> {
  const { exercises: _exercises, ...record } = seed;
  return record;
}

export interface SeedComponentOptions<T> {
  /** The start-up step's name, e.g. `seed-test-people`. */
  readonly name: string;
  /** What the seeds are, as the log line says: `test people` gives "test people seeded". */
  readonly what: string;
  readonly seeds: readonly T[];
  /** Adds one seed unless it is on record; resolves true when added. */
  readonly insertIfAbsent: (seed: T, now: Date) => Promise<boolean>;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** A start-up step adding the seeds that are missing, one at a time; never changes a record. */
export function seedComponent<T>(options: SeedComponentOptions<T>): ServiceComponent {
  return {
    name: options.name,
    start: async () => {
      const now = options.clock();
      let added = 0;
      for (const seed of options.seeds) {
        if (await options.insertIfAbsent(seed, now)) added += 1;
      }
      options.logger.info({ added, total: options.seeds.length }, `${options.what} seeded`);
    },
  };
}
