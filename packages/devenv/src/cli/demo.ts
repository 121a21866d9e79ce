// `npm run demo`: with `npm start` running in another terminal, plays the national portal and
// the offices: submits the example birth 3-in-1 dossier and prints its status converging step by
// step; then a death 4-in-1 dossier for a new deceased (added through the registries' admin
// endpoints), and finally annuls that death registration, so everything that followed from it
// is undone in reverse order. `npm run demo -- birth` or `-- death` plays one of them.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { localDir, repoRoot } from '../paths.ts';

const base = process.env.LIENTHONG_URL ?? 'http://127.0.0.1:8080';
const urls = {
  population: process.env.POPULATION_URL ?? 'http://127.0.0.1:8090',
  registries: process.env.REGISTRIES_URL ?? 'http://127.0.0.1:8091',
  deathOffice: process.env.DEATH_FUNERAL_URL ?? 'http://127.0.0.1:8084',
};
const credentials = Object.fromEntries(
  readFileSync(localDir('dev-credentials.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
) as Record<string, string>;
const headers = {
  authorization: `Bearer ${credentials.PORTAL_TOKEN ?? ''}`,
  'content-type': 'application/json',
};
const example = (name: string) =>
  JSON.parse(readFileSync(path.join(repoRoot(), 'examples', 'dossiers', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

interface View {
  status: string;
  portalStatusCode: number;
  steps: { service: string; status: string }[];
  results: Record<string, unknown>;
  reason: { code: string; message: { en: string } } | null;
}

async function submit(body: unknown, what: string): Promise<string> {
  const submitted = await fetch(`${base}/v1/dossiers`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': `demo-${Date.now()}-${randomInt(1e6)}` },
    body: JSON.stringify(body),
  });
  if (submitted.status !== 202)
    throw new Error(`submission answered ${submitted.status}: ${await submitted.text()}`);
  const { id } = (await submitted.json()) as { id: string };
  console.log(`\nsubmitted dossier ${id} (${what})\n`);
  return id;
}

/** Prints each change of the dossier's status until `done` holds. */
async function follow(id: string, done: (view: View) => boolean): Promise<View> {
  let last = '';
  const started = Date.now();
  for (;;) {
    const view = (await (await fetch(`${base}/v1/dossiers/${id}`, { headers })).json()) as View;
    const line = `${view.status.padEnd(20)} portal ${String(view.portalStatusCode).padStart(2)} | ${view.steps
      .map((step) => `${step.service}: ${step.status}`)
      .join(' | ')}`;
    if (line !== last) console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`);
    last = line;
    if (done(view)) return view;
    if (Date.now() - started > 120_000) {
      throw new Error('still not finished after 2 minutes; see the services’ logs in the npm start terminal');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const finished = (view: View) =>
  ['completed', 'partially_completed', 'refused', 'failed', 'withdrawn'].includes(view.status);

function printResults(id: string, view: View): void {
  const results = Object.fromEntries(
    Object.entries(view.results).filter(
      ([name]) => !name.endsWith('Extract') && !name.endsWith('Explanation'),
    ),
  );
  console.log('\nresults:', JSON.stringify(results, null, 2));
  if (view.reason) console.log(`reason: ${view.reason.code}: ${view.reason.message.en}`);
  console.log(`full view: curl -s ${base}/v1/dossiers/${id} -H "authorization: Bearer $PORTAL_TOKEN"`);
}

async function birth(): Promise<void> {
  const dossier = example('birth-3-in-1') as { child: Record<string, unknown> };
  // A fresh child name each run: the same child twice would rightly be a suspected duplicate.
  const name =
    ['An', 'Bình', 'Chi', 'Dương', 'Giang', 'Hà', 'Khánh', 'Linh', 'Mai', 'Ngọc'][randomInt(10)] ?? 'An';
  const body = { ...dossier, child: { ...dossier.child, fullName: `Trần Bảo ${name} ${randomInt(1000)}` } };
  const id = await submit(body, 'birth registration + residence + health insurance');
  printResults(id, await follow(id, finished));
}

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return response;
}

async function death(): Promise<void> {
  // A new pensioner each run (a person dies once): Hà Nội (001), a man (0) born in 1952.
  const personalId = `001052${String(randomInt(1e6)).padStart(6, '0')}`;
  const person = {
    personalId,
    fullName: `Lê Văn Thọ ${personalId.slice(-3)}`,
    sex: 'male',
    dateOfBirth: '1952-03-08',
  };
  await post(`${urls.population}/v1/admin/people`, {
    ...person,
    provinceCode: '01',
    permanentResidence: { communeCode: '00004', address: 'Số 7 ngõ Huyện, Hàng Trống', since: '1985-05-01' },
  });
  // The example's deceased as Social Security holds him (examples/registries), under the new number.
  const records = JSON.parse(
    readFileSync(path.join(repoRoot(), 'examples', 'registries', 'records.json'), 'utf8'),
  ) as { socialInsurance: { personalId: string }[] };
  const pensioner = records.socialInsurance.find((record) => record.personalId === '001052004417');
  await post(`${urls.registries}/v1/admin/social-insurance/people`, {
    ...pensioner,
    ...person,
    socialInsuranceNumber: `01${personalId.slice(4)}`,
  });
  console.log(
    `\nadded a pensioner ${personalId} to the population database and Social Security (admin endpoints)`,
  );
  const dossier = example('death-4-in-1');
  const body = { ...dossier, deceased: { ...(dossier.deceased as object), ...person } };
  const id = await submit(
    body,
    'death registration + residence deletion + funeral benefit + survivor allowance',
  );
  const done = await follow(id, finished);
  printResults(id, done);
  if (done.status !== 'completed') return;

  const certificate = String(done.results.deathCertificateNumber);
  console.log(
    `\na civil-status officer annuls ${certificate} (registered in error); the saga undoes what followed:\n`,
  );
  await post(
    `${urls.deathOffice}/v1/death-registrations/${certificate}/annulment`,
    {
      reason: {
        code: 'REGISTERED_IN_ERROR',
        message: { vi: 'Đăng ký khai tử nhầm người', en: 'The death was registered for the wrong person' },
      },
    },
    credentials.AGENCY_CIVIL_STATUS_TOKEN,
  );
  printResults(id, await follow(id, (view) => view.status === 'refused' || view.status === 'failed'));
}

try {
  const which = process.argv[2];
  if (which !== 'death') await birth();
  if (which !== 'birth') await death();
} catch (error) {
  console.log(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
