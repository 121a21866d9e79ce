// `npm run demo`: with `npm start` running in another terminal, submits the example birth
// 3-in-1 dossier as the national portal would and prints its status converging, step by step.
import { readFileSync } from 'node:fs';
import { localDir, repoRoot } from '../paths.ts';
import path from 'node:path';

const base = process.env.LIENTHONG_URL ?? 'http://127.0.0.1:8080';
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
const example = JSON.parse(
  readFileSync(path.join(repoRoot(), 'examples', 'dossiers', 'birth-3-in-1.json'), 'utf8'),
) as { child: Record<string, unknown> };
// A fresh child name each run: the same child twice would rightly be a suspected duplicate.
const suffix =
  ['An', 'Bình', 'Chi', 'Dương', 'Giang', 'Hà', 'Khánh', 'Linh', 'Mai', 'Ngọc'][Date.now() % 10] ?? 'An';
const body = { ...example, child: { ...example.child, fullName: `Trần Bảo ${suffix} ${Date.now() % 1000}` } };

const submitted = await fetch(`${base}/v1/dossiers`, {
  method: 'POST',
  headers: { ...headers, 'idempotency-key': `demo-${Date.now()}` },
  body: JSON.stringify(body),
});
if (submitted.status !== 202) {
  console.log(`submission answered ${submitted.status}: ${await submitted.text()}`);
  process.exit(1);
}
const { id } = (await submitted.json()) as { id: string };
console.log(`submitted dossier ${id} (birth registration + residence + health insurance)\n`);

interface View {
  status: string;
  portalStatusCode: number;
  steps: { service: string; status: string; dueAt: string | null }[];
  results: Record<string, unknown>;
}
let last = '';
const started = Date.now();
for (;;) {
  const view = (await (await fetch(`${base}/v1/dossiers/${id}`, { headers })).json()) as View;
  const line = `${view.status.padEnd(20)} portal ${String(view.portalStatusCode).padStart(2)} | ${view.steps
    .map((step) => `${step.service}: ${step.status}`)
    .join(' | ')}`;
  if (line !== last) console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`);
  last = line;
  if (['completed', 'partially_completed', 'refused', 'failed', 'withdrawn'].includes(view.status)) {
    const { birthCertificateExtract: _extract, ...results } = view.results;
    console.log('\nresults:', JSON.stringify(results, null, 2));
    console.log(`\nfull view: curl -s ${base}/v1/dossiers/${id} -H "authorization: Bearer $PORTAL_TOKEN"`);
    break;
  }
  if (Date.now() - started > 120_000) {
    console.log('still not finished after 2 minutes; see the services’ logs in the npm start terminal');
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
