/**
 * Signing electronic extracts (birth, death certificates) as compact JWS, small enough for a QR
 * code printed on the extract.
 *
 * The JWS, as `verifyExtract` expects it:
 * - protected header `{ "alg": "EdDSA", "kid": <16 chars>, "typ": <type code> }`, the type code
 *   from `EXTRACT_TYPE_CODES` (short, because the header is in every QR code);
 * - payload: the JSON object `{ "iss": issuer, "iat": seconds since epoch, ...extract }`, the
 *   extract's members as given (e.g. a `BirthCertificateExtract`). No `exp`: an extract stays
 *   valid until annulled, and annulment is checked against the civil registry, not the JWS.
 */
import { CompactSign } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { EXTRACT_SIGNING_ALGORITHM } from './key-store.ts';
import type { ExtractKeyStore } from './key-store.ts';

/** The kinds of extract this project signs. */
export type ExtractType = 'birth-certificate-extract' | 'death-certificate-extract';

/** Extract type → the `typ` header value that stands for it in the JWS. */
export const EXTRACT_TYPE_CODES: Readonly<Record<ExtractType, string>> = Object.freeze({
  'birth-certificate-extract': 'lt-bce',
  'death-certificate-extract': 'lt-dce',
});

/** The `typ` header value → extract type; undefined for anything else. */
export function extractTypeOfCode(code: unknown): ExtractType | undefined {
  return (Object.keys(EXTRACT_TYPE_CODES) as ExtractType[]).find((type) => EXTRACT_TYPE_CODES[type] === code);
}

/**
 * Payload members the signer sets itself (`iss`, `iat`) or that would mislead a JWT-minded reader
 * (an `exp` would look like an expiry). An extract may not use them.
 */
export const RESERVED_PAYLOAD_MEMBERS: readonly string[] = Object.freeze([
  'iss',
  'iat',
  'exp',
  'nbf',
  'aud',
  'sub',
  'jti',
]);

/** What is signed besides the extract. */
export interface SignOptions {
  readonly type: ExtractType;
  /** Who issues the extract, e.g. the commune People's Committee: `ubnd-xa:00001`. */
  readonly issuer: string;
  /** When it was issued; stored in whole seconds. */
  readonly issuedAt: Date;
}

/** A signed extract. */
export interface SignedExtract {
  /** The compact JWS, ASCII only: `header.payload.signature`. */
  readonly jws: string;
  /** The key it was signed with. */
  readonly kid: string;
}

/** Signs extracts with the key store's active key. */
export interface ExtractSigner {
  /**
   * Signs `extract`, a JSON object (validate it first, e.g. with `BirthCertificateExtract`).
   * Throws when it is not a plain JSON object or uses a reserved member name.
   */
  sign(extract: Readonly<Record<string, unknown>>, options: SignOptions): Promise<SignedExtract>;
  /** The public keys every extract ever signed verifies with; publish these. */
  publicJwks(): Promise<JSONWebKeySet>;
}

/** Options of `createExtractSigner`. */
export interface ExtractSignerOptions {
  readonly keyStore: ExtractKeyStore;
}

/** Creates a signer over a key store (`createFileKeyStore` or `createMemoryKeyStore`). */
export function createExtractSigner(options: ExtractSignerOptions): ExtractSigner {
  const { keyStore } = options;
  return {
    async sign(extract, { type, issuer, issuedAt }) {
      if (extract === null || typeof extract !== 'object' || Array.isArray(extract)) {
        throw new TypeError('An extract must be a JSON object');
      }
      const reserved = Object.keys(extract).filter((name) => RESERVED_PAYLOAD_MEMBERS.includes(name));
      if (reserved.length > 0)
        throw new Error(`An extract may not use the member names ${reserved.join(', ')}`);
      if (issuer.trim() === '') throw new Error('issuer must not be empty');
      const iat = Math.floor(issuedAt.getTime() / 1000);
      if (!Number.isSafeInteger(iat)) throw new Error('issuedAt is not a valid date');
      const typ = EXTRACT_TYPE_CODES[type];
      if (typ === undefined) throw new Error(`Unknown extract type ${String(type)}`);

      const key = await keyStore.activeKey();
      const payload = new TextEncoder().encode(JSON.stringify({ iss: issuer, iat, ...extract }));
      const jws = await new CompactSign(payload)
        .setProtectedHeader({ alg: EXTRACT_SIGNING_ALGORITHM, kid: key.kid, typ })
        .sign(key.privateKey);
      return { jws, kid: key.kid };
    },
    publicJwks: () => keyStore.publicJwks(),
  };
}
