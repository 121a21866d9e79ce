// The birth "3-in-1" end to end as a procedure of the end-to-end benchmark (e2e/): what each
// dossier is, what "completed" means for it, and what its section of docs/benchmarks.md says.
// See `npm run bench:birth` (cli/bench-birth.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@lienthong/devenv';
import { commonSettings, letters } from './e2e/plan.ts';
import type { E2eProcedure, E2eSettings } from './e2e/procedure.ts';
import { mostLockWaiting, SHORT_NAMES } from './e2e/report.ts';

function birthSettings(quick: boolean): E2eSettings {
  return {
    ...commonSettings(quick),
    ...(quick
      ? { loads: [5, 10], burst: 60, systemWarmup: { rate: 5, ms: 4_000 } }
      : { loads: [5, 15, 20, 25, 30], burst: 300, systemWarmup: { rate: 10, ms: 15_000 } }),
  };
}

const EXAMPLE_FILE = path.join(repoRoot(), 'examples', 'dossiers', 'birth-3-in-1.json');

/** The example with only the child's name changed: the same child twice is a suspected duplicate. */
function dossierBody(example: Record<string, unknown>, seq: number): string {
  const child = example.child as Record<string, unknown>;
  return JSON.stringify({
    ...example,
    child: { ...child, fullName: `${String(child.fullName)} ${letters(seq)}` },
  });
}

export const BIRTH: E2eProcedure = {
  name: 'birth',
  steps: ['birth-registration', 'residence-registration', 'health-insurance'],
  requiredResults: [
    'personalId',
    'birthCertificateNumber',
    'birthCertificateExtract',
    'residenceRecordNumber',
    'healthInsuranceCardNumber',
  ],
  expectedResults: {},
  settings: birthSettings,
  budgetMs: (quick) => (quick ? 150_000 : 290_000),
  prepare: () => {
    const example = JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as Record<string, unknown>;
    return Promise.resolve({ body: (seq) => dossierBody(example, seq) });
  },
  shortNames: SHORT_NAMES,
  text: {
    title: '## Birth "3-in-1" end to end: submission → `completed`',
    fullRun: 'about four minutes',
    otherSteps: '--loads 15,20,25 --burst 300 --measure 30',
    dossier: () =>
      'Each dossier is `examples/dossiers/birth-3-in-1.json` with only the child’s name made unique, ' +
      'submitted with `POST /v1/dossiers`; it takes three agency steps (civil status with the population ' +
      'database’s parents lookup and personal-ID request over HTTP, residence, health insurance), ' +
      'about 15 Kafka messages and 10 transactions.',
    sagas: '3-in-1 sagas',
    checkedResults:
      'three succeeded steps and every result (personal ID, birth certificate number and signed extract, ' +
      'residence record, health-insurance card)',
    lockWatch: { service: 'birth-registration', label: 'civil-status' },
    contention: (report) =>
      'Every dossier has the same mother and the same commune (only the child’s name varies). The civil-status ' +
      'service takes a per-mother advisory lock for the whole registration transaction (duplicate check, the two ' +
      'population-database calls, the extract, the commit) and a per-commune certificate number sequence, so ' +
      'here every birth registration waits for the previous one: a worst case for that step, which real traffic ' +
      `from many mothers and communes does not have (mean civil-status backends waiting for a lock, highest interval: ${mostLockWaiting(report.run, 'birth-registration').toFixed(2)}).`,
  },
};
