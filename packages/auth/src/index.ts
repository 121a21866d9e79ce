/**
 * @lienthong/auth: bearer-token verification against a JWKS, scope guards for Fastify routes
 * (401/403 as problem documents), and a local development issuer.
 */
export { ACCEPTED_TOKEN_ALGORITHMS, createJwtVerifier, tokenRejected } from './jwt-verifier.ts';
export type {
  JwksSource,
  JwtVerifier,
  JwtVerifierOptions,
  Principal,
  TokenRejection,
} from './jwt-verifier.ts';

export {
  AGENCY_CODES,
  agencyScope,
  assertAnyScope,
  assertScopes,
  hasScopes,
  missingScopes,
  SCOPES,
} from './scopes.ts';
export type { AgencyCode } from './scopes.ts';

export {
  authenticate,
  BEARER_SECURITY_SCHEME_NAME,
  bearerAuth,
  bearerSecurity,
  bearerSecurityScheme,
  findPrincipal,
  getPrincipal,
  requireAnyScope,
  requireScopes,
} from './bearer-auth.ts';
export type { AuthGuard, BearerAuthOptions, BearerAuthState } from './bearer-auth.ts';

export {
  createDevIssuer,
  DEV_AUDIENCE,
  DEV_ISSUER,
  DEV_JWKS_FILE,
  DEV_PRIVATE_KEY_FILE,
  parseTtl,
} from './dev-issuer.ts';
export type { DevIssuer, DevIssuerOptions, MintRequest } from './dev-issuer.ts';

export { agencyTokenVariable, DEV_CALLERS, writeDevCredentials } from './dev-credentials.ts';
export type { DevCaller, DevCredentialsOptions, DevCredentialsSummary } from './dev-credentials.ts';
