// `npm run bench:death`: the death "4-in-1" group end to end. Starts Kafka, Postgres and every
// service as processes (as `npm start` does), adds a deceased of its own for every dossier to the
// stand-ins (not measured), submits dossiers through the portal API at several offered loads,
// annuls a sample of the completed ones at once, then submits one burst; follows every dossier on
// the dossier-events topic, and rewrites its section of docs/benchmarks.md (between the
// `bench:death` markers).
//
//   npm run bench:death                         full run, about 6 minutes
//   npm run bench:death -- --quick              short steps, a smoke run (the doc says so)
//   npm run bench:death -- --no-write           print only, leave docs/benchmarks.md alone
//   npm run bench:death -- --loads 4,8 --burst 100 --annulments 50   other steps (exploring)
//
// The options, Kafka and Postgres: see e2e-cli.ts.
import { DEATH } from '../death-e2e.ts';
import { runE2eCli } from './e2e-cli.ts';

await runE2eCli(DEATH);
