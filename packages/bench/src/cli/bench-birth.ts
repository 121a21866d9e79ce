// `npm run bench:birth`: the birth "3-in-1" group end to end. Starts Kafka, Postgres and every
// service as processes (as `npm start` does), submits dossiers through the portal API at several
// offered loads and in one burst, follows their completion on the dossier-events topic, and
// rewrites its section of docs/benchmarks.md (between the `bench:birth` markers).
//
//   npm run bench:birth                         full run, about 4 minutes
//   npm run bench:birth -- --quick              short steps, a smoke run (the doc says so)
//   npm run bench:birth -- --no-write           print only, leave docs/benchmarks.md alone
//   npm run bench:birth -- --loads 4,8 --burst 100 --measure 20   other steps (exploring)
//
// The options, Kafka and Postgres: see e2e-cli.ts.
import { BIRTH } from '../birth-e2e.ts';
import { runE2eCli } from './e2e-cli.ts';

await runE2eCli(BIRTH);
