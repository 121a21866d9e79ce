/**
 * Verifying a presented extract against the published keys. Anyone can run this offline with the
 * JWKS: a clerk scanning the QR code, a bank, another agency. Every outcome is a value; nothing a
 * presenter sends makes it throw.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { extractTypeOfCode } from './extract-signer.ts';
import type { ExtractType } from './extract-signer.ts';
import { jwsFromQrContent } from './qr-code.ts';

/** Longest input looked at; a QR code holds at most 2,953 bytes, real extracts about 480. */
export const MAX_EXTRACT_JWS_LENGTH = 8192;

/** Why an extract does not verify. */
export type ExtractRejection =
  /** Not a compact JWS (or QR content wrapping one), or too long. */
  | 'malformed'
  /** Signed with another algorithm than EdDSA. */
  | 'unsupported-algorithm'
  /** No `kid`, or a `kid` the key set does not hold. */
  | 'unknown-key'
  /** The signature does not match the content: the extract was altered or forged. */
  | 'bad-signature'
  /** Signed, but not one of our extract types. */
  | 'unknown-type'
  /** Signed, but the payload is not an object with `iss` and `iat`. */
  | 'invalid-payload'
  /** The key set given to verify with is not a valid JWKS. */
  | 'invalid-key-set';

/** A verified extract. */
export interface ValidExtract {
  readonly valid: true;
  /** The extract's members as signed, without `iss` and `iat`. */
  readonly payload: Record<string, unknown>;
  readonly kid: string;
  readonly type: ExtractType;
  readonly issuer: string;
  readonly issuedAt: Date;
}

/** An extract that does not verify, and why. */
export interface InvalidExtract {
  readonly valid: false;
  readonly reason: ExtractRejection;
  /** A sentence for people; never contains the presented data. */
  readonly detail: string;
}

/** Outcome of `verifyExtract`. */
export type ExtractVerification = ValidExtract | InvalidExtract;

const invalid = (reason: ExtractRejection, detail: string): InvalidExtract => ({
  valid: false,
  reason,
  detail,
});

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies `presented`: a compact JWS from `ExtractSigner.sign`, or the content of an extract's QR
 * code (`LT1:<jws>`). Accepts EdDSA signatures by a key of `jwks` named by the header's `kid`.
 */
export async function verifyExtract(presented: unknown, jwks: JSONWebKeySet): Promise<ExtractVerification> {
  if (typeof presented !== 'string' || presented.length > MAX_EXTRACT_JWS_LENGTH) {
    return invalid('malformed', 'The extract is not a signed extract (not text, or too long).');
  }
  const jws = jwsFromQrContent(presented.trim()) ?? presented.trim();
  if (!COMPACT_JWS.test(jws)) return invalid('malformed', 'The extract is not a compact JWS.');

  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return invalid('malformed', 'The extract header cannot be decoded.');
  }
  if (header.alg !== 'EdDSA' && header.alg !== 'Ed25519') {
    return invalid('unsupported-algorithm', 'The extract is not signed with EdDSA (Ed25519).');
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    return invalid('unknown-key', 'The extract does not name its signing key (kid).');
  }
  const type = extractTypeOfCode(header.typ);
  if (type === undefined)
    return invalid('unknown-type', 'The signed document is not a known kind of extract.');

  let keySet: ReturnType<typeof createLocalJWKSet>;
  try {
    keySet = createLocalJWKSet(jwks);
  } catch {
    return invalid('invalid-key-set', 'The published key set is not a valid JWKS.');
  }

  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(jws, keySet, { algorithms: ['EdDSA', 'Ed25519'] }));
  } catch (error) {
    return rejectionOf(error);
  }

  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    return invalid('invalid-payload', 'The signed content is not JSON.');
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return invalid('invalid-payload', 'The signed content is not a JSON object.');
  }
  const { iss, iat, ...extract } = payload as Record<string, unknown>;
  if (typeof iss !== 'string' || typeof iat !== 'number' || !Number.isSafeInteger(iat)) {
    return invalid('invalid-payload', 'The signed content lacks its issuer (iss) or issue time (iat).');
  }
  return {
    valid: true,
    payload: extract,
    kid: header.kid,
    type,
    issuer: iss,
    issuedAt: new Date(iat * 1000),
  };
}

function rejectionOf(error: unknown): InvalidExtract {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalid('bad-signature', 'The signature does not match the content: the extract was altered.');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return invalid('unknown-key', 'The signing key (kid) is not among the published keys.');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return invalid('unsupported-algorithm', 'The extract is not signed with EdDSA (Ed25519).');
  }
  if (error instanceof errors.JWKSInvalid || error instanceof errors.JWKInvalid) {
    return invalid('invalid-key-set', 'The published key set is not a valid JWKS.');
  }
  return invalid('malformed', 'The extract is not a valid JWS.');
}
