/**
 * A token issuer for local development and tests, standing in for the portal's identity
 * provider. Its Ed25519 key pair lives in a folder (created on first use, reused after, so tokens
 * minted yesterday still verify), and its public JWKS is written beside it as `jwks.json` for
 * services to load with `createJwtVerifier({ jwks: { file } })`. Never used in production.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose';
import { writeFileAtomic, writeFileExclusive } from './key-files.ts';

/** `iss` of development tokens. */
export const DEV_ISSUER = 'lienthong-dev-issuer';
/** `aud` of development tokens: every local service accepts the same audience. */
export const DEV_AUDIENCE = 'lienthong';
/** The private key file inside the issuer's folder (mode 0600). */
export const DEV_PRIVATE_KEY_FILE = 'dev-issuer.private.jwk.json';
/** The public key set file inside the issuer's folder. */
export const DEV_JWKS_FILE = 'jwks.json';

/** Options of `createDevIssuer`. */
export interface DevIssuerOptions {
  /** Folder of the key pair, created (mode 0700) when missing, e.g. `.local/auth`. */
  readonly dir: string;
  /** `iss` of minted tokens. @default DEV_ISSUER */
  readonly issuer?: string;
  /** `aud` of minted tokens. @default DEV_AUDIENCE */
  readonly audience?: string;
  /** Current time, for `iat`/`exp`. @default () => new Date() */
  readonly clock?: () => Date;
}

/** What a minted token says. */
export interface MintRequest {
  /** `sub`, the actor recorded in history, e.g. `portal`, `ops:an`, `agency:residence`. */
  readonly subject: string;
  /** Granted scopes; each a non-empty string without spaces. */
  readonly scopes: readonly string[];
  /** Lifetime: seconds, or a string such as `90s`, `15m`, `8h`, `30d`. */
  readonly ttl: number | string;
}

/** A development token issuer. */
export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** `kid` of the signing key (its RFC 7638 thumbprint). */
  readonly kid: string;
  /** Absolute or relative path of the public `jwks.json`, as given by `dir`. */
  readonly jwksFile: string;
  /** The public key set, to pass inline to `createJwtVerifier({ jwks: publicJwks() })`. */
  publicJwks(): JSONWebKeySet;
  /** A signed token (EdDSA, `typ: at+jwt`) with `iss`, `aud`, `sub`, `scope`, `iat`, `exp`, `jti`. */
  mint(request: MintRequest): Promise<string>;
}

const TTL_PATTERN = /^(\d+)\s*([smhd])$/;
const TTL_UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `8h` → 28800. Throws on anything but a positive whole number of s, m, h or d. */
export function parseTtl(ttl: number | string): number {
  const match = typeof ttl === 'string' ? TTL_PATTERN.exec(ttl.trim()) : null;
  const seconds =
    typeof ttl === 'number'
      ? ttl
      : match === null
        ? NaN
        : Number(match[1]) * (TTL_UNIT_SECONDS[match[2] ?? ''] ?? NaN);
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new Error(`ttl must be a positive number of seconds or like 90s, 15m, 8h, 30d; got ${String(ttl)}`);
  }
  return seconds;
}

interface LoadedKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Creates the key pair in `dir` on first use, or loads it; (re)writes `jwks.json`. */
export async function createDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const issuer = options.issuer ?? DEV_ISSUER;
  const audience = options.audience ?? DEV_AUDIENCE;
  const clock = options.clock ?? (() => new Date());
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicJwk } = await loadOrCreateKey(join(options.dir, DEV_PRIVATE_KEY_FILE));
  const kid = publicJwk.kid ?? '';
  const jwks: JSONWebKeySet = { keys: [publicJwk] };
  const jwksFile = join(options.dir, DEV_JWKS_FILE);
  await writeFileAtomic(jwksFile, `${JSON.stringify(jwks, null, 2)}\n`, 0o644);

  return {
    issuer,
    audience,
    kid,
    jwksFile,
    publicJwks: () => structuredClone(jwks),
    async mint(request) {
      if (request.subject.trim() === '') throw new Error('subject must not be empty');
      const badScope = request.scopes.find((scope) => scope === '' || /\s/.test(scope));
      if (badScope !== undefined) throw new Error(`scope "${badScope}" must be non-empty and without spaces`);
      const ttlSeconds = parseTtl(request.ttl);
      const issuedAt = Math.floor(clock().getTime() / 1000);
      return new SignJWT({ scope: request.scopes.join(' ') })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(request.subject)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}

async function loadOrCreateKey(path: string): Promise<LoadedKey> {
  const existing = await readKeyFile(path);
  if (existing !== undefined) return existing;
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const content = `${JSON.stringify({ ...jwk, kid, alg: 'EdDSA', use: 'sig' }, null, 2)}\n`;
  // Another process may have created the key meanwhile; then its key wins and we load it.
  await writeFileExclusive(path, content, 0o600);
  const created = await readKeyFile(path);
  if (created === undefined) throw new Error(`Dev issuer key ${path} vanished after creation`);
  return created;
}

async function readKeyFile(path: string): Promise<LoadedKey | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const jwk = JSON.parse(text) as JWK;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string') {
    throw new Error(`${path} is not an Ed25519 private JWK`);
  }
  const privateKey = (await importJWK(jwk, 'EdDSA')) as CryptoKey;
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateKey, publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' } };
}
