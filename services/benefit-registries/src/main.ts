// Composition root of the benefit registries stand-in: the only place that reads the
// environment and wires real adapters. stand-in-kit's runStandIn starts database →
// migrations → seed records → HTTP; shutdown reverses it, so HTTP stops taking requests first.
import { runStandIn } from '@lienthong/stand-in-kit';
import { buildApp } from './app.ts';
import { BenefitRegistriesConfig } from './config.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createPostgresStore } from './postgres-store.ts';
import { seedRecordsComponent } from './seed-records.ts';

await runStandIn({
  config: BenefitRegistriesConfig,
  env: process.env,
  migrations: new URL('../migrations/', import.meta.url),
  build: ({ pool, clock, logger, appDependencies }) => {
    const store = createPostgresStore({ pool });
    return {
      app: buildApp({ ...appDependencies, store, faults: createFaultSwitch() }),
      seed: seedRecordsComponent({ store, clock, logger }),
    };
  },
});
