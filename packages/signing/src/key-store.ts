/**
 * Where the Ed25519 keys that sign electronic extracts live. Several keys may exist, each with a
 * `kid`; one is active and signs new extracts. Keys are never deleted: an extract signed years
 * ago must still verify, so every key stays in the published JWKS after a rotation.
 *
 * Two stores: in memory (unit tests) and in a folder (development, a single-instance service).
 * A production deployment would put the private keys in an HSM or KMS behind the same interface.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose';
import { writeFileAtomic, writeFileExclusive } from './key-files.ts';

/** JWS algorithm of extract signatures: EdDSA over Ed25519 (RFC 8037). */
export const EXTRACT_SIGNING_ALGORITHM = 'EdDSA';

/** One signing key. */
export interface SigningKey {
  /** Key id: the first 16 characters of the public key's RFC 7638 thumbprint (96 bits). */
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** The public half as a JWK with `kid`, `alg` and `use`, as published. */
  readonly publicJwk: JWK;
  readonly createdAt: Date;
}

/** The keys extracts are signed with. */
export interface ExtractKeyStore {
  /** The key new extracts are signed with; the first key is created on first use. */
  activeKey(): Promise<SigningKey>;
  /** Every key ever used (public parts only), so any extract issued before still verifies. */
  publicJwks(): Promise<JSONWebKeySet>;
  /** Creates a key and makes it the active one; the previous keys stay published. */
  rotate(): Promise<SigningKey>;
}

/**
 * The kid of a public key. A thumbprint prefix rather than the whole (43 characters): the kid is in
 * every JWS header and so in every QR code, and 96 bits cannot collide among a handful of keys.
 */
export async function kidOf(publicJwk: JWK): Promise<string> {
  const { kty, crv, x } = publicJwk;
  return (await calculateJwkThumbprint({ kty, crv, x })).slice(0, 16);
}

interface StoredKey {
  readonly key: SigningKey;
  /** The private JWK as stored, with `kid`, `alg`, `use` and `createdAt`. */
  readonly privateJwk: JWK & { createdAt: string };
}

async function newKey(createdAt: Date): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await kidOf(jwk);
  return keyFromJwk({
    ...jwk,
    kid,
    alg: EXTRACT_SIGNING_ALGORITHM,
    use: 'sig',
    createdAt: createdAt.toISOString(),
  });
}

async function keyFromJwk(privateJwk: JWK & { createdAt: string }): Promise<StoredKey> {
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || typeof privateJwk.x !== 'string') {
    throw new Error('An extract signing key must be an Ed25519 (OKP) JWK');
  }
  const kid = await kidOf(privateJwk);
  if (privateJwk.kid !== kid)
    throw new Error(`Signing key ${privateJwk.kid ?? '(no kid)'} should have kid ${kid}`);
  const privateKey = (await importJWK(privateJwk, EXTRACT_SIGNING_ALGORITHM)) as CryptoKey;
  const publicJwk: JWK = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: privateJwk.x,
    kid,
    alg: EXTRACT_SIGNING_ALGORITHM,
    use: 'sig',
  };
  return { key: { kid, privateKey, publicJwk, createdAt: new Date(privateJwk.createdAt) }, privateJwk };
}

/** Options common to the stores. */
export interface KeyStoreOptions {
  /** Creation time recorded on new keys. @default () => new Date() */
  readonly clock?: () => Date;
}

/** Serialises calls so a rotation never interleaves with a first-use creation. */
function serialised() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** A store in memory: keys vanish with the process. For unit tests. */
export function createMemoryKeyStore(options: KeyStoreOptions = {}): ExtractKeyStore {
  const clock = options.clock ?? (() => new Date());
  const keys: SigningKey[] = [];
  const exclusive = serialised();
  const createKey = async () => {
    const { key } = await newKey(clock());
    keys.push(key);
    return key;
  };
  return {
    activeKey: () => exclusive(async () => keys.at(-1) ?? (await createKey())),
    publicJwks: () => Promise.resolve({ keys: keys.map((key) => structuredClone(key.publicJwk)) }),
    rotate: () => exclusive(createKey),
  };
}

/** Options of `createFileKeyStore`. */
export interface FileKeyStoreOptions extends KeyStoreOptions {
  /** The folder, created (mode 0700) when missing, e.g. `.local/signing/civil-status`. */
  readonly dir: string;
}

/** Private keys, one file each: `<dir>/keys/<kid>.private.jwk.json`, mode 0600. */
const KEYS_FOLDER = 'keys';
const KEY_FILE_SUFFIX = '.private.jwk.json';
const keyFileName = (kid: string) => `${kid}${KEY_FILE_SUFFIX}`;
/** The active key: `<dir>/active-key.json`, `{ "kid": ..., "since": ISO time }`. */
export const ACTIVE_KEY_FILE = 'active-key.json';
/** The public key set, rewritten at every key creation, for a static server to publish. */
export const PUBLIC_JWKS_FILE = 'jwks.json';

/**
 * A store in a folder. Keys are read once, at first use, and cached: a rotation made by another
 * process is seen after a restart. Creation is safe when several processes start at once (one
 * key wins, the others adopt it); two processes rotating at the same moment both create a key
 * and the last to write `active-key.json` wins, both keys staying published.
 */
export function createFileKeyStore(options: FileKeyStoreOptions): ExtractKeyStore {
  const clock = options.clock ?? (() => new Date());
  const keysDir = join(options.dir, KEYS_FOLDER);
  const activeFile = join(options.dir, ACTIVE_KEY_FILE);
  const exclusive = serialised();
  let state: { keys: Map<string, SigningKey>; active: SigningKey } | undefined;

  async function readKeys(): Promise<Map<string, SigningKey>> {
    const keys = new Map<string, SigningKey>();
    for (const name of (await readdir(keysDir)).sort()) {
      if (!name.endsWith(KEY_FILE_SUFFIX)) continue;
      let text: string;
      try {
        text = await readFile(join(keysDir, name), 'utf8');
      } catch (error) {
        // A key that lost the first-use race, removed by its creator since readdir: never used.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      const { key } = await keyFromJwk(JSON.parse(text) as JWK & { createdAt: string });
      keys.set(key.kid, key);
    }
    return keys;
  }

  async function readActiveKid(): Promise<string | undefined> {
    try {
      return (JSON.parse(await readFile(activeFile, 'utf8')) as { kid: string }).kid;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async function writeKey(stored: StoredKey): Promise<void> {
    const path = join(keysDir, keyFileName(stored.key.kid));
    await writeFileExclusive(path, `${JSON.stringify(stored.privateJwk, null, 2)}\n`, 0o600);
  }

  async function publishJwks(keys: Map<string, SigningKey>): Promise<void> {
    const jwks = { keys: [...keys.values()].map((key) => key.publicJwk) };
    await writeFileAtomic(join(options.dir, PUBLIC_JWKS_FILE), `${JSON.stringify(jwks, null, 2)}\n`, 0o644);
  }

  const activeRecord = (key: SigningKey) =>
    `${JSON.stringify({ kid: key.kid, since: clock().toISOString() })}\n`;

  async function load(): Promise<NonNullable<typeof state>> {
    if (state !== undefined) return state;
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    let activeKid = await readActiveKid();
    if (activeKid === undefined) {
      const first = await newKey(clock());
      await writeKey(first);
      // Another process may have made its first key active meanwhile: then we adopt it.
      await writeFileExclusive(activeFile, activeRecord(first.key), 0o644);
      activeKid = await readActiveKid();
      if (activeKid !== first.key.kid) await rm(join(keysDir, keyFileName(first.key.kid)), { force: true });
    }
    const keys = await readKeys();
    const active = activeKid === undefined ? undefined : keys.get(activeKid);
    if (active === undefined)
      throw new Error(`${activeFile} names key ${activeKid ?? '?'}, missing in ${keysDir}`);
    await publishJwks(keys);
    state = { keys, active };
    return state;
  }

  return {
    activeKey: async () => (await exclusive(load)).active,
    publicJwks: async () => {
      const { keys } = await exclusive(load);
      return { keys: [...keys.values()].map((key) => structuredClone(key.publicJwk)) };
    },
    rotate: () =>
      exclusive(async () => {
        const current = await load();
        const next = await newKey(clock());
        await writeKey(next);
        current.keys.set(next.key.kid, next.key);
        await publishJwks(current.keys);
        await writeFileAtomic(activeFile, activeRecord(next.key), 0o644);
        current.active = next.key;
        return next.key;
      }),
  };
}
