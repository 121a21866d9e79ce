import { describe, it, expect } from '@jest/globals';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDevCredentials } from './dev-credentials.ts';
import { createDevIssuer, DEV_AUDIENCE, DEV_ISSUER, DEV_PRIVATE_KEY_FILE, parseTtl } from './dev-issuer.ts';
import { createJwtVerifier } from './jwt-verifier.ts';

const NOW = new Date('2026-03-02T08:00:00Z');
const freshDir = () => mkdtemp(join(tmpdir(), 'auth-dev-issuer-'));

describe('createDevIssuer', () => {
  it('creates the key pair on first use (private key 0600) and reuses it after', async () => {
    const dir = await freshDir();
    const first = await createDevIssuer({ dir });
    const second = await createDevIssuer({ dir });
    expect(second.kid).toBe(first.kid);
    expect((await stat(join(dir, DEV_PRIVATE_KEY_FILE))).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(await readFile(first.jwksFile, 'utf8')) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: first.kid });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('agrees on one key when two processes create it at once', async () => {
    const dir = await freshDir();
    const [a, b, c] = await Promise.all([
      createDevIssuer({ dir }),
      createDevIssuer({ dir }),
      createDevIssuer({ dir }),
    ]);
    expect(new Set([a.kid, b.kid, c.kid]).size).toBe(1);
  });

  it('mints tokens that a verifier loading jwks.json accepts, with scopes and lifetime', async () => {
    const dir = await freshDir();
    const issuer = await createDevIssuer({ dir, clock: () => NOW });
    const token = await issuer.mint({ subject: 'ops:an', scopes: ['ops', 'dossiers:read'], ttl: '8h' });
    const verifier = createJwtVerifier({
      jwks: { file: issuer.jwksFile },
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      clock: () => NOW,
    });
    const principal = await verifier.verify(token);
    expect(principal.subject).toBe('ops:an');
    expect(principal.scopes).toEqual(['ops', 'dossiers:read']);
    expect((principal.claims.exp ?? 0) - (principal.claims.iat ?? 0)).toBe(8 * 3600);
    expect(typeof principal.claims.jti).toBe('string');
  });

  it('refuses scopes with spaces and an empty subject', async () => {
    const issuer = await createDevIssuer({ dir: await freshDir() });
    await expect(issuer.mint({ subject: 'x', scopes: ['ops dossiers:read'], ttl: 60 })).rejects.toThrow(
      /without spaces/,
    );
    await expect(issuer.mint({ subject: ' ', scopes: [], ttl: 60 })).rejects.toThrow(/subject/);
  });
});

describe('parseTtl', () => {
  it.each([
    [90, 90],
    ['90s', 90],
    ['15m', 900],
    ['8h', 28_800],
    ['30d', 2_592_000],
  ])('%p → %p seconds', (ttl, seconds) => expect(parseTtl(ttl)).toBe(seconds));

  it.each([0, -5, 1.5, '8', '8w', 'h', ''])('refuses %p', (ttl) =>
    expect(() => parseTtl(ttl)).toThrow(/ttl/),
  );
});

describe('writeDevCredentials', () => {
  it('writes one token per caller to a 0600 env file, each with its scopes', async () => {
    const dir = await freshDir();
    const file = join(dir, 'nested', 'dev-credentials.env');
    const summary = await writeDevCredentials({ dir: join(dir, 'auth'), file, clock: () => NOW });
    expect(summary.variables).toEqual([
      'PORTAL_TOKEN',
      'OPS_TOKEN',
      'AGENCY_CIVIL_STATUS_TOKEN',
      'AGENCY_RESIDENCE_TOKEN',
      'AGENCY_HEALTH_INSURANCE_TOKEN',
      'AGENCY_FUNERAL_BENEFIT_TOKEN',
      'AGENCY_SOCIAL_SECURITY_TOKEN',
    ]);
    expect(JSON.stringify(summary)).not.toMatch(/eyJ/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const env = Object.fromEntries(
      (await readFile(file, 'utf8'))
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const verifier = createJwtVerifier({
      jwks: { file: summary.jwksFile },
      issuer: summary.issuer,
      audience: summary.audience,
      clock: () => new Date(NOW.getTime() + 300 * 86_400_000),
    });
    const scopesOf = async (name: string) => (await verifier.verify(env[name] ?? '')).scopes;
    expect(await scopesOf('PORTAL_TOKEN')).toEqual(['dossiers:write', 'dossiers:read']);
    expect(await scopesOf('OPS_TOKEN')).toEqual(['ops', 'dossiers:read']);
    expect(await scopesOf('AGENCY_CIVIL_STATUS_TOKEN')).toEqual(['agency:civil-status']);
    expect(await scopesOf('AGENCY_RESIDENCE_TOKEN')).toEqual(['agency:residence']);
    expect(await scopesOf('AGENCY_HEALTH_INSURANCE_TOKEN')).toEqual(['agency:health-insurance']);
  });
});
