import { describe, it, expect } from '@jest/globals';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExtractSigner } from './extract-signer.ts';
import { ACTIVE_KEY_FILE, createFileKeyStore, createMemoryKeyStore, PUBLIC_JWKS_FILE } from './key-store.ts';
import { verifyExtract } from './verify-extract.ts';

const freshDir = () => mkdtemp(join(tmpdir(), 'signing-keys-'));
const options = { type: 'death-certificate-extract', issuer: 'ubnd-xa:00004', issuedAt: new Date() } as const;

describe('createFileKeyStore', () => {
  it('creates the first key on first use (0600) and publishes jwks.json', async () => {
    const dir = await freshDir();
    const store = createFileKeyStore({ dir });
    const key = await store.activeKey();
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const files = await readdir(join(dir, 'keys'));
    expect(files).toEqual([`${key.kid}.private.jwk.json`]);
    expect((await stat(join(dir, 'keys', files[0] ?? ''))).mode & 0o777).toBe(0o600);
    const published = JSON.parse(await readFile(join(dir, PUBLIC_JWKS_FILE), 'utf8')) as unknown;
    expect(published).toEqual({ keys: [key.publicJwk] });
    expect(JSON.parse(await readFile(join(dir, ACTIVE_KEY_FILE), 'utf8'))).toMatchObject({ kid: key.kid });
  });

  it('reuses the keys after a restart, and a rotation survives it', async () => {
    const dir = await freshDir();
    const signer = createExtractSigner({ keyStore: createFileKeyStore({ dir }) });
    const old = await signer.sign({ n: 'A' }, options);
    const rotated = await createFileKeyStore({ dir }).rotate();

    const restarted = createFileKeyStore({ dir });
    expect((await restarted.activeKey()).kid).toBe(rotated.kid);
    const jwks = await restarted.publicJwks();
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual([old.kid, rotated.kid].sort());
    expect(await verifyExtract(old.jws, jwks)).toMatchObject({
      valid: true,
      type: 'death-certificate-extract',
    });
  });

  it('agrees on one first key when several stores start at once on the same folder', async () => {
    const dir = await freshDir();
    const keys = await Promise.all([1, 2, 3, 4].map(() => createFileKeyStore({ dir }).activeKey()));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    expect(await readdir(join(dir, 'keys'))).toHaveLength(1);
  });
});

describe('createMemoryKeyStore', () => {
  it('creates one key however many callers ask at once', async () => {
    const store = createMemoryKeyStore();
    const keys = await Promise.all([store.activeKey(), store.activeKey(), store.activeKey()]);
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    expect((await store.publicJwks()).keys).toHaveLength(1);
  });
});
