/**
 * Prints a development bearer token signed by the local dev issuer:
 *
 *   node packages/auth/src/cli/mint-token.ts --subject ops:an --scope ops --scope dossiers:read --ttl 8h
 *
 * The key pair is kept in `--dir` (default `.local/auth`, created on first use); services load
 * `<dir>/jwks.json`. The token goes to stdout only, so it can be captured: TOKEN=$(node ...).
 */
import { parseArgs } from 'node:util';
import { createDevIssuer } from '../dev-issuer.ts';

const USAGE = `Usage: mint-token --subject <sub> [--scope <scope>]... [--ttl 8h] [--dir .local/auth]
                  [--issuer <iss>] [--audience <aud>]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subject: { type: 'string' },
      scope: { type: 'string', multiple: true, default: [] },
      ttl: { type: 'string', default: '8h' },
      dir: { type: 'string', default: '.local/auth' },
      issuer: { type: 'string' },
      audience: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.subject === undefined) {
    console.error(`--subject is required\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const issuer = await createDevIssuer({
    dir: values.dir,
    ...(values.issuer === undefined ? {} : { issuer: values.issuer }),
    ...(values.audience === undefined ? {} : { audience: values.audience }),
  });
  const ttl = /^\d+$/.test(values.ttl) ? Number(values.ttl) : values.ttl;
  console.log(await issuer.mint({ subject: values.subject, scopes: values.scope, ttl }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
