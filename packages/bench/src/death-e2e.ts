// The death "4-in-1" end to end as a procedure of the end-to-end benchmark (e2e/): a deceased of
// its own for every dossier, created in the stand-ins before anything is measured; what
// "completed" means (all four steps succeeded, the funeral benefit paid by social insurance);
// an annulment wave undoing completed dossiers; and what its section of docs/benchmarks.md says.
// See `npm run bench:death` (cli/bench-death.ts).
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@lienthong/devenv';
import { personalIdSource } from './death-people.ts';
import { commonSettings, letters } from './e2e/plan.ts';
import type {
  AnnulmentProcedure,
  E2eProcedure,
  E2eSettings,
  Preparation,
  PrepareContext,
} from './e2e/procedure.ts';
import { mostLockWaiting, SHORT_NAMES, type E2eReport } from './e2e/report.ts';
import type { E2eSystem } from './e2e/system.ts';
import { mapConcurrently, sleep } from './util.ts';

function deathSettings(quick: boolean): E2eSettings {
  return {
    ...commonSettings(quick),
    ...(quick
      ? {
          loads: [5, 10],
          burst: 60,
          systemWarmup: { rate: 5, ms: 4_000 },
          annulments: 20,
          annulmentChecks: 2,
        }
      : {
          // Quick runs (JIT still cold) spent about 1.3× the birth group's CPU per dossier, and the
          // birth group kept up with about 25/s on this 2-core machine: these straddle the knee.
          loads: [5, 10, 15, 20],
          burst: 200,
          systemWarmup: { rate: 8, ms: 15_000 },
          annulments: 100,
          annulmentChecks: 5,
        }),
  };
}

const EXAMPLE_FILE = path.join(repoRoot(), 'examples', 'dossiers', 'death-4-in-1.json');
/** The funeral benefit of a pensioner: 10 × the 2,340,000 VND reference level, paid by social insurance. */
const FUNERAL_AMOUNT = 23_400_000;
/** Admin requests to the stand-ins in flight at once while the deceased are created. */
const SETUP_CONCURRENCY = 8;

interface Deceased {
  readonly personalId: string;
  readonly fullName: string;
  readonly sex: string;
  readonly dateOfBirth: string;
}

/** The seeded record of `personalId` in one of the stand-ins' example files, without its `exercises` note. */
function seededRecord(file: string, list: string, personalId: string): Record<string, unknown> {
  const lists = JSON.parse(readFileSync(path.join(repoRoot(), 'examples', file), 'utf8')) as Record<
    string,
    Record<string, unknown>[]
  >;
  const found = lists[list]?.find((record) => record.personalId === personalId);
  if (!found) throw new Error(`examples/${file} has no ${list} record of ${personalId}`);
  const { exercises: _note, ...record } = found;
  return record;
}

/**
 * Adds `count` men to the stand-ins, each as the example's deceased is seeded there (a pensioner,
 * see examples/registries) but with a number and name of his own and his permanent residence in
 * the dossier's commune: to the population database and to the social-insurance registry,
 * through their admin endpoints. A number someone already has (409) is replaced by another.
 */
async function createDeceased(
  system: E2eSystem,
  example: Record<string, unknown>,
  count: number,
  onProgress: (line: string) => void,
): Promise<{ people: Deceased[]; requests: number; ms: number }> {
  const template = example.deceased as Deceased;
  if (template.sex !== 'male')
    throw new Error('the example’s deceased must be a man (the numbers made here say so)');
  const resident = seededRecord('population/people.json', 'people', template.personalId);
  const pensioner = seededRecord('registries/records.json', 'socialInsurance', template.personalId);
  const nextId = personalIdSource(Number(template.dateOfBirth.slice(0, 4)), () => randomInt(1_000_000), [
    template.personalId,
  ]);
  const population = system.url('population-registry');
  const registries = system.url('benefit-registries');
  let requests = 0;
  const add = async (url: string, body: unknown): Promise<{ status: number; text: string }> => {
    requests += 1;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, text: response.ok ? '' : (await response.text()).slice(0, 200) };
  };
  const startedAt = performance.now();
  let done = 0;
  const people = await mapConcurrently(
    Array.from({ length: count }, (_, seq) => seq),
    SETUP_CONCURRENCY,
    async (seq): Promise<Deceased> => {
      for (let attempt = 1; ; attempt += 1) {
        const personalId = nextId();
        const fullName = `${template.fullName} ${letters(seq)}`;
        const identity = { personalId, fullName, sex: template.sex, dateOfBirth: template.dateOfBirth };
        let answer = await add(`${population}/v1/admin/people`, {
          ...resident,
          ...identity,
          permanentResidence: {
            ...(resident.permanentResidence as object),
            communeCode: String(example.communeCode),
          },
        });
        if (answer.status === 200 || answer.status === 201) {
          answer = await add(`${registries}/v1/admin/social-insurance/people`, {
            ...pensioner,
            ...identity,
            socialInsuranceNumber: `01${personalId.slice(4)}`,
          });
        }
        if (answer.status === 200 || answer.status === 201) {
          done += 1;
          if (done % 500 === 0) onProgress(`  ${done}/${count} deceased added`);
          return identity;
        }
        if (attempt >= 4) {
          throw new Error(`could not add deceased #${seq}: ${answer.status} ${answer.text}`);
        }
        // 409: the number (or its social-insurance number) is taken; anything else may pass.
        if (answer.status !== 409) await sleep(250 * attempt);
      }
    },
  );
  return { people, requests, ms: performance.now() - startedAt };
}

async function prepareDeath(context: PrepareContext): Promise<Preparation> {
  const example = JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as Record<string, unknown>;
  context.onProgress(
    `setup: ${context.count} deceased added to the population database and the social-insurance registry, ` +
      `${SETUP_CONCURRENCY} requests at a time, not measured`,
  );
  const { people, requests, ms } = await createDeceased(
    context.system,
    example,
    context.count,
    context.onProgress,
  );
  context.onProgress(`  ${people.length} added in ${(ms / 1000).toFixed(1)} s (${requests} requests)`);
  return {
    body: (seq) => {
      const person = people[seq];
      if (!person) throw new Error(`dossier #${seq}: only ${people.length} deceased were prepared`);
      return JSON.stringify({ ...example, deceased: { ...(example.deceased as object), ...person } });
    },
    setup: {
      what: 'deceased people',
      items: people.length,
      requests,
      concurrency: SETUP_CONCURRENCY,
      ms,
    },
  };
}

/** What the services recorded for an annulled death dossier, where it differs from the expected. */
async function checkUndoneDeath(input: Parameters<AnnulmentProcedure['check']>[0]): Promise<string[]> {
  const { monitor, system, dossierId, view } = input;
  const problems: string[] = [];
  if (view.results.funeralBenefitAmountToRecover !== FUNERAL_AMOUNT) {
    problems.push(`funeral benefit to recover ${JSON.stringify(view.results.funeralBenefitAmountToRecover)}`);
  }
  if (typeof view.results.survivorAllowanceRecoveryNumber !== 'string') {
    problems.push('no survivor-allowance recovery number');
  }
  const { rows: deletions } = await monitor.query<{ restored: boolean }>(
    'SELECT restored_at IS NOT NULL AS restored FROM residence.residence_deletions WHERE dossier_id = $1',
    [dossierId],
  );
  if (deletions.length !== 1 || !deletions[0]?.restored) {
    problems.push(`residence deletions ${JSON.stringify(deletions)} (one, restored, expected)`);
  }
  const { rows: recoveries } = await monitor.query<{ benefit: string; amount: string; personal_id: string }>(
    `SELECT d.benefit, r.amount::text AS amount, d.personal_id
     FROM death_funeral.recoveries r JOIN death_funeral.benefit_decisions d USING (decision_number)
     WHERE d.dossier_id = $1 ORDER BY d.benefit`,
    [dossierId],
  );
  const funeral = recoveries.find((row) => row.benefit === 'funeral-benefit');
  if (recoveries.length !== 2 || Number(funeral?.amount) !== FUNERAL_AMOUNT) {
    problems.push(
      `recoveries at the office ${JSON.stringify(recoveries.map(({ benefit, amount }) => [benefit, amount]))}`,
    );
  }
  const { rows: deaths } = await monitor.query<{ annulled_by: string | null }>(
    'SELECT annulled_by FROM death_funeral.deaths WHERE dossier_id = $1',
    [dossierId],
  );
  if (deaths[0]?.annulled_by !== system.civilStatusSubject) {
    problems.push(`death register annulled by ${JSON.stringify(deaths[0]?.annulled_by ?? null)}`);
  }
  const personalId = recoveries[0]?.personal_id;
  if (personalId) {
    const response = await fetch(
      `${system.url('benefit-registries')}/v1/admin/recoveries?personalId=${personalId}`,
    );
    const items = response.ok ? ((await response.json()) as { items: unknown[] }).items : [];
    if (items.length !== 2) problems.push(`${items.length} recoveries at the social-insurance registry`);
  }
  return problems;
}

const ANNULMENT: AnnulmentProcedure = {
  service: 'death-funeral',
  path: (certificateNumber) => `/v1/death-registrations/${certificateNumber}/annulment`,
  certificateResult: 'deathCertificateNumber',
  reason: {
    code: 'REGISTERED_IN_ERROR',
    message: { vi: 'Đăng ký khai tử nhầm người', en: 'The death was registered for the wrong person' },
  },
  check: checkUndoneDeath,
  text: {
    what:
      'A civil-status officer annuls death registrations made in error: `POST /v1/death-registrations/{certificateNumber}/annulment` ' +
      'on death-funeral, with a token of scope `agency:civil-status` and the reason REGISTERED_IN_ERROR. The saga then ' +
      'undoes what followed from each registration, the later steps first: three compensations sent together (the ' +
      'permanent residence restored by the commune police; the funeral benefit and the survivor allowance revoked, each ' +
      'with a recovery recorded at the social-insurance registry over HTTP and at the office), then, once all three are ' +
      'settled, the registration marked undone; the dossier ends `refused`.',
    checked:
      'in the services’ own tables: the residence deletion restored, both benefit decisions revoked with a recovery ' +
      '(the funeral benefit’s 23,400,000 VND), the death register naming the officer, and two recoveries at the ' +
      'social-insurance registry',
  },
};

function dossierText(report: E2eReport): string {
  const { setup, systemWarmup } = report.run;
  return (
    'Each dossier is `examples/dossiers/death-4-in-1.json` for a deceased of its own (a person dies once: a second ' +
    'registration is refused `DEATH_ALREADY_REGISTERED`). ' +
    (setup
      ? `Before anything is measured the run adds the ${setup.items.toLocaleString('en-US')} ${setup.what} it needs to the ` +
        'stand-ins through their admin endpoints, each as the example’s deceased is seeded there (a man born in 1952, ' +
        'a pensioner: see `examples/registries/`) but with a personal ID and a name of his own: to the population ' +
        'database with a permanent residence in the dossier’s commune, 00004, and to the social-insurance registry ' +
        `(${setup.requests.toLocaleString('en-US')} requests, ${setup.concurrency} at a time, ${(setup.ms / 1000).toFixed(1)} s). `
      : '') +
    'Submitted with `POST /v1/dossiers`, a dossier takes four agency steps: the death registration (the deceased looked ' +
    'up in the population database over HTTP, a signed extract), then together the residence deletion at the commune ' +
    'police (the residence found in the population database over HTTP), the funeral benefit routed by the three registries’ records ' +
    '(looked up over HTTP: social insurance, 23,400,000 VND, for a pensioner) and the survivor allowance for the widow' +
    (systemWarmup.messagesPerDossier === undefined
      ? '. '
      : `; ${systemWarmup.messagesPerDossier.toFixed(1)} Kafka messages per dossier (the rows the warm-up's dossiers ` +
        'added to the services’ outboxes). ') +
    'It counts as completed when its event says `completed` with all four steps `succeeded`; anything else is ' +
    'counted as not completed, with what its last event showed.'
  );
}

function contentionText(report: E2eReport): string {
  const office = mostLockWaiting(report.run, 'death-funeral').toFixed(2);
  const police = mostLockWaiting(report.run, 'residence').toFixed(2);
  return (
    'Every dossier has a deceased of its own, so the per-person lock of the death registration never waits; but all ' +
    'are in the same commune (00004), with the same applicant and widow. Certificate, benefit-decision and recovery ' +
    'numbers (death-funeral) and residence-deletion numbers (residence) are gap-free sequences per commune and year, ' +
    'each held from the moment a number is taken to the commit (the death registration signs its extract in between), ' +
    'so here the death registrations wait for each other’s commits, and so do the decisions of each later step: a ' +
    'worst case that traffic spread over many communes does not have (mean backends waiting for a lock, highest ' +
    `interval: death-funeral ${office}, residence ${police}).`
  );
}

export const DEATH: E2eProcedure = {
  name: 'death',
  steps: ['death-registration', 'residence-deletion', 'funeral-benefit', 'survivor-allowance'],
  requiredResults: [
    'deathCertificateNumber',
    'deathCertificateExtract',
    'residenceDeletionNumber',
    'funeralBenefitRoute',
    'funeralBenefitAmount',
    'survivorAllowanceKind',
    'survivorAllowanceAmount',
  ],
  expectedResults: { funeralBenefitRoute: 'social-insurance', funeralBenefitAmount: FUNERAL_AMOUNT },
  settings: deathSettings,
  budgetMs: (quick) => (quick ? 170_000 : 330_000),
  prepare: prepareDeath,
  annulment: ANNULMENT,
  shortNames: { ...SHORT_NAMES, 'birth-registration': 'birth reg.' },
  text: {
    title: '## Death "4-in-1" end to end: submission → `completed`, annulment → `refused`',
    fullRun: 'about five minutes',
    otherSteps: '--loads 12,14,16 --burst 200 --annulments 100',
    dossier: dossierText,
    sagas: '4-in-1 sagas',
    checkedResults:
      'four succeeded steps and every result (death certificate number and signed extract, residence deletion, ' +
      'the funeral benefit by social insurance, 23,400,000 VND, the survivor allowance)',
    lockWatch: { service: 'death-funeral', label: 'death-funeral' },
    contention: contentionText,
  },
};
