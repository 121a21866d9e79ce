/**
 * Bearer-token verification: every call from the portal, an operator or an agency carries a
 * JWT signed by a trusted issuer, checked here against a configured JWKS. A rejected token
 * becomes an `AppError` UNAUTHENTICATED (401) whose detail says why, so the HTTP edge renders
 * it as a problem document; a JWKS that cannot be fetched is our outage, SERVICE_UNAVAILABLE.
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWK, JWTPayload, JWTVerifyGetKey } from 'jose';
import { coreErrors } from '@lienthong/service-kit';
import { isAppError } from '@lienthong/service-kit';
import type { AppError } from '@lienthong/service-kit';

/**
 * Signature algorithms accepted on bearer tokens: EdDSA over Ed25519 (also under its RFC 9864
 * name `Ed25519`) and ES256. `none`, HS* (a shared secret would let any verifier mint tokens)
 * and RSA are refused.
 */
export const ACCEPTED_TOKEN_ALGORITHMS = Object.freeze(['EdDSA', 'Ed25519', 'ES256'] as const);

/** Where the trusted public keys come from. */
export type JwksSource =
  /** Fetched over HTTP(S) and cached (10 min), refetched on an unknown `kid` (30 s cooldown). */
  | { readonly url: string }
  /** Given inline, e.g. from configuration or a test. */
  | { readonly keys: readonly JWK[] }
  /** A JWKS JSON file (`{ "keys": [...] }`), read once when the verifier is created. */
  | { readonly file: string };

/** Options of `createJwtVerifier`. */
export interface JwtVerifierOptions {
  /** The trusted public keys. */
  readonly jwks: JwksSource;
  /** Expected `iss` claim; one value or any of several. */
  readonly issuer: string | readonly string[];
  /** Expected `aud` claim (the token must name this service); one value or any of several. */
  readonly audience: string | readonly string[];
  /** Current time, injected so tests can travel to after expiry. @default () => new Date() */
  readonly clock?: () => Date;
  /** Seconds of clock skew tolerated on `exp`, `nbf` and `iat` between issuer and us. @default 30 */
  readonly clockToleranceSeconds?: number;
}

/** Who called, as the token says. `subject` is what history and audit record as the actor. */
export interface Principal {
  /** The token's `sub`, e.g. `portal`, `ops:an`, `agency:civil-status`. */
  readonly subject: string;
  /** Granted scopes, from the space-delimited `scope` claim (RFC 9068) and/or a `scp` array. */
  readonly scopes: readonly string[];
  /** Every verified claim, for audit (`jti`, `iat`) and for rules this package does not know. */
  readonly claims: JWTPayload;
}

/** Verifies bearer tokens. */
export interface JwtVerifier {
  /**
   * The principal a token stands for. Throws `AppError` UNAUTHENTICATED when the token is
   * malformed, expired, not yet valid, badly signed, signed by an unknown key or with a refused
   * algorithm, or issued by/for someone else; SERVICE_UNAVAILABLE when a remote JWKS cannot be
   * fetched. The detail never contains the token.
   */
  verify(token: string): Promise<Principal>;
}

/** Machine-readable reason of a rejected token, sent as the `reason` member of the problem. */
export type TokenRejection =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-claim'
  | 'bad-signature'
  | 'unknown-key'
  | 'algorithm-refused';

/** Builds the UNAUTHENTICATED error for a rejected token. */
export function tokenRejected(reason: TokenRejection, detail: string): AppError {
  return coreErrors.create('UNAUTHENTICATED', detail, { extensions: { reason } });
}

/**
 * Creates a verifier. Inline and file key sets are checked now, so a bad configuration fails at
 * start-up: each key must be a public Ed25519 or P-256 key (a private key in a JWKS is refused,
 * it would be published).
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keySet = resolveKeySet(options.jwks);
  const clock = options.clock ?? (() => new Date());
  const clockTolerance = options.clockToleranceSeconds ?? 30;
  const issuer = typeof options.issuer === 'string' ? options.issuer : [...options.issuer];
  const audience = typeof options.audience === 'string' ? options.audience : [...options.audience];

  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          algorithms: [...ACCEPTED_TOKEN_ALGORITHMS],
          issuer,
          audience,
          currentDate: clock(),
          clockTolerance,
          requiredClaims: ['sub', 'exp'],
        });
        return principalFrom(payload);
      } catch (error) {
        throw isAppError(error) ? error : translateJoseError(error);
      }
    },
  };
}

/** The principal of a verified payload; jose checked presence of `sub`, not its type. */
function principalFrom(claims: JWTPayload): Principal {
  const subject: unknown = claims.sub;
  if (typeof subject !== 'string' || subject === '') {
    throw tokenRejected('malformed', 'The bearer token\'s "sub" claim must be a non-empty string.');
  }
  const scopes = new Set<string>();
  const { scope, scp } = claims as { scope?: unknown; scp?: unknown };
  if (scope !== undefined) {
    if (typeof scope !== 'string') {
      throw tokenRejected('malformed', 'The bearer token\'s "scope" claim must be a space-delimited string.');
    }
    for (const item of scope.split(' ')) if (item !== '') scopes.add(item);
  }
  if (scp !== undefined) {
    if (!Array.isArray(scp) || !scp.every((item) => typeof item === 'string')) {
      throw tokenRejected('malformed', 'The bearer token\'s "scp" claim must be an array of strings.');
    }
    for (const item of scp) if (item !== '') scopes.add(item);
  }
  return { subject, scopes: Object.freeze([...scopes]), claims };
}

function resolveKeySet(source: JwksSource): JWTVerifyGetKey {
  if ('url' in source) {
    const url = new URL(source.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`JWKS url must be http(s), got ${url.protocol}`);
    }
    return createRemoteJWKSet(url);
  }
  if ('keys' in source) return createLocalJWKSet(checkedKeySet({ keys: [...source.keys] }, 'inline JWKS'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(source.file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the JWKS file ${source.file}`, { cause: error });
  }
  return createLocalJWKSet(checkedKeySet(parsed, `JWKS file ${source.file}`));
}

function checkedKeySet(value: unknown, origin: string): JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new Error(`${origin} must be an object with a non-empty "keys" array`);
  }
  keys.forEach((key: unknown, index) => {
    const jwk = key as Partial<Record<string, unknown>> | null;
    if (jwk === null || typeof jwk !== 'object') throw new Error(`${origin}: key ${index} is not an object`);
    if ('d' in jwk) throw new Error(`${origin}: key ${index} is a private key; publish public keys only`);
    const ed25519 = jwk['kty'] === 'OKP' && jwk['crv'] === 'Ed25519';
    const p256 = jwk['kty'] === 'EC' && jwk['crv'] === 'P-256';
    if (!ed25519 && !p256) {
      throw new Error(`${origin}: key ${index} is neither an Ed25519 (OKP) nor a P-256 (EC) key`);
    }
  });
  return { keys: keys as JWK[] };
}

/** jose's error → our catalogue. Anything that is not about the token itself is our outage. */
function translateJoseError(error: unknown): AppError {
  if (error instanceof errors.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000) : undefined;
    return tokenRejected(
      'expired',
      `The bearer token expired${exp === undefined ? '' : ` at ${exp.toISOString()}`}; obtain a new one.`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return tokenRejected(
          'wrong-issuer',
          'The bearer token was not issued by an issuer this service trusts.',
        );
      case 'aud':
        return tokenRejected(
          'wrong-audience',
          'The bearer token was not issued for this service (audience).',
        );
      case 'nbf':
        return tokenRejected('not-yet-valid', 'The bearer token is not valid yet (nbf is in the future).');
      default:
        return error.reason === 'missing'
          ? tokenRejected('missing-claim', `The bearer token lacks the required "${error.claim}" claim.`)
          : tokenRejected('malformed', `The bearer token's "${error.claim}" claim is not valid.`);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return tokenRejected('bad-signature', "The bearer token's signature does not verify.");
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return tokenRejected('unknown-key', 'The bearer token is not signed by a key this service trusts.');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return tokenRejected(
      'algorithm-refused',
      `The bearer token's signing algorithm is refused; accepted: ${ACCEPTED_TOKEN_ALGORITHMS.join(', ')}.`,
    );
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return tokenRejected('malformed', 'The bearer token is not a well-formed signed JWT.');
  }
  // JWKS timeouts, HTTP failures and unparsable remote key sets: not the caller's fault.
  return coreErrors.create(
    'SERVICE_UNAVAILABLE',
    'The keys needed to check the bearer token cannot be loaded right now; retry later.',
    { cause: error },
  );
}
