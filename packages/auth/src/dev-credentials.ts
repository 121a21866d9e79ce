/**
 * Development credentials for `npm start`: one long-lived token per local caller, written as an
 * env file (mode 0600) that people and scripts source to call the services. The tokens are
 * written only to that file, never printed or logged.
 */
import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { createDevIssuer } from './dev-issuer.ts';
import { writeFileAtomic } from './key-files.ts';
import { AGENCY_CODES, agencyScope, SCOPES } from './scopes.ts';

/** Options of `writeDevCredentials`. */
export interface DevCredentialsOptions {
  /** The dev issuer's key folder (see `createDevIssuer`), e.g. `.local/auth`. */
  readonly dir: string;
  /** The env file to (re)write, e.g. `.local/dev-credentials.env`. */
  readonly file: string;
  /** Lifetime of each token. @default '365d' (the runner rewrites them at every start) */
  readonly ttl?: number | string;
  /** Current time. @default () => new Date() */
  readonly clock?: () => Date;
}

/** What `writeDevCredentials` wrote; no tokens, so it is safe to log. */
export interface DevCredentialsSummary {
  readonly file: string;
  /** The public key set services verify the tokens with. */
  readonly jwksFile: string;
  readonly issuer: string;
  readonly audience: string;
  /** The variable names written, in file order. */
  readonly variables: readonly string[];
}

/** One caller of the local services: its env variable, `sub` and scopes. */
export interface DevCaller {
  readonly variable: string;
  readonly subject: string;
  readonly scopes: readonly string[];
}

/** `health-insurance` → `AGENCY_HEALTH_INSURANCE_TOKEN`. */
export const agencyTokenVariable = (code: string): string =>
  `AGENCY_${code.toUpperCase().replaceAll('-', '_')}_TOKEN`;

/** The callers `writeDevCredentials` mints tokens for. */
export const DEV_CALLERS: readonly DevCaller[] = Object.freeze([
  { variable: 'PORTAL_TOKEN', subject: 'portal', scopes: [SCOPES.dossiersWrite, SCOPES.dossiersRead] },
  { variable: 'OPS_TOKEN', subject: 'ops:dev', scopes: [SCOPES.ops, SCOPES.dossiersRead] },
  ...AGENCY_CODES.map((code) => ({
    variable: agencyTokenVariable(code),
    subject: agencyScope(code),
    scopes: [agencyScope(code)],
  })),
]);

/** Mints a token per `DEV_CALLERS` entry and writes them as `NAME=token` lines to `file`. */
export async function writeDevCredentials(options: DevCredentialsOptions): Promise<DevCredentialsSummary> {
  const issuer = await createDevIssuer({
    dir: options.dir,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const ttl = options.ttl ?? '365d';
  const lines = [
    '# Local development bearer tokens, minted by @lienthong/auth writeDevCredentials.',
    `# issuer=${issuer.issuer} audience=${issuer.audience} jwks=${issuer.jwksFile}`,
    '# Rewritten at every start; do not commit, do not paste into logs or issues.',
  ];
  for (const caller of DEV_CALLERS) {
    const token = await issuer.mint({ subject: caller.subject, scopes: caller.scopes, ttl });
    lines.push(`${caller.variable}=${token}`);
  }
  await mkdir(dirname(options.file), { recursive: true });
  await writeFileAtomic(options.file, `${lines.join('\n')}\n`, 0o600);
  return {
    file: options.file,
    jwksFile: issuer.jwksFile,
    issuer: issuer.issuer,
    audience: issuer.audience,
    variables: DEV_CALLERS.map((caller) => caller.variable),
  };
}
