/**
 * Fastify integration. Register `bearerAuth` once in the scope that holds the routes, then each
 * route declares what it needs with a guard hook:
 *
 * ```ts
 * await app.register(bearerAuth, { verifier });
 * app.get('/dossiers/:id', { onRequest: requireScopes(SCOPES.dossiersRead), schema }, handler);
 * ```
 *
 * A guard runs as `onRequest` (preferred: it refuses before the body is read or validated, so an
 * anonymous caller learns nothing about the schema) or `preHandler`. No or an invalid token → 401
 * with `WWW-Authenticate: Bearer`; a valid token without the scope → 403 naming the scope. Both
 * are `AppError`s, rendered as problem documents by the service-kit error handler. The verified
 * `Principal` is on `request.principal` for handlers, history and audit.
 *
 * OpenAPI: register `bearerSecurityScheme` as `components.securitySchemes.bearerAuth` of the
 * document, then either pass `describeInOpenApi: true` (every guarded route gets
 * `security: [{ bearerAuth: [its scopes] }]`) or set `schema.security: bearerSecurity('ops')` by
 * hand. Without the scheme registered, leave both off: @fastify/swagger throws while building a
 * document whose operations name an unknown scheme.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { isAppError } from '@lienthong/service-kit';
import { tokenRejected } from './jwt-verifier.ts';
import type { JwtVerifier, Principal } from './jwt-verifier.ts';
import { assertAnyScope, assertScopes } from './scopes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by an auth guard; null on routes without one. Read it with `getPrincipal`. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Set by the `bearerAuth` plugin; the guards read it from `request.server`. */
    bearerAuth: BearerAuthState;
  }
}

/** What `bearerAuth` keeps on the instance. */
export interface BearerAuthState {
  readonly verifier: JwtVerifier;
  readonly realm: string;
}

/** Options of the `bearerAuth` plugin. */
export interface BearerAuthOptions {
  /** Verifies the tokens (see `createJwtVerifier`). */
  readonly verifier: JwtVerifier;
  /** `realm` of the `WWW-Authenticate` challenge. @default 'lienthong' */
  readonly realm?: string;
  /**
   * Add `security: [{ bearerAuth: [scopes] }]` to the OpenAPI operation of every guarded route
   * that declares no `security` itself, so the document cannot drift from what is enforced.
   * Only turn it on where the OpenAPI document has `bearerSecurityScheme` registered under
   * `components.securitySchemes.bearerAuth`: @fastify/swagger fails to build the document when
   * an operation names an unknown scheme. @default false
   */
  readonly describeInOpenApi?: boolean;
}

/** Name of the security scheme in `components.securitySchemes`. */
export const BEARER_SECURITY_SCHEME_NAME = 'bearerAuth';

/** The OpenAPI 3.1 security scheme to register as `components.securitySchemes.bearerAuth`. */
export const bearerSecurityScheme = Object.freeze({
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    'A JWT signed with EdDSA (Ed25519) or ES256 by a trusted issuer, naming this service in `aud`. ' +
    'Granted scopes are in the space-delimited `scope` claim; each operation lists those it needs.',
} as const);

/**
 * The OpenAPI `security` of an operation needing all of `scopes` (OpenAPI 3.1 allows scope
 * names on non-OAuth schemes). For routes that set `schema.security` by hand.
 */
export function bearerSecurity(...scopes: readonly string[]): Array<Record<string, string[]>> {
  return [{ [BEARER_SECURITY_SCHEME_NAME]: [...scopes] }];
}

/** A guard hook, usable as a route's `onRequest` or `preHandler`. */
export type AuthGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

interface GuardRequirement {
  readonly scopes: readonly string[];
  readonly mode: 'all' | 'any';
}

/** Guards created here and what they require, so `describeInOpenApi` can read the routes. */
const guardRequirements = new WeakMap<object, GuardRequirement>();

const BEARER_HEADER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

function challenge(realm: string, params: Readonly<Record<string, string>> = {}): string {
  const parts = [`realm="${realm}"`, ...Object.entries(params).map(([key, value]) => `${key}="${value}"`)];
  return `Bearer ${parts.join(', ')}`;
}

function createGuard(requirement: GuardRequirement, check: (principal: Principal) => void): AuthGuard {
  const guard: AuthGuard = async (request, reply) => {
    const server = request.server;
    if (!server.hasDecorator('bearerAuth')) {
      // A programming error, not the caller's: fail closed with a 500 the logs explain.
      throw new Error('Auth guard on a route whose scope has no bearerAuth plugin registered');
    }
    const { verifier, realm } = server.bearerAuth;
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') {
      reply.header('www-authenticate', challenge(realm));
      throw tokenRejected('missing', 'This request needs a bearer token in the Authorization header.');
    }
    const token = BEARER_HEADER.exec(header)?.[1];
    if (token === undefined) {
      reply.header('www-authenticate', challenge(realm, { error: 'invalid_request' }));
      throw tokenRejected('malformed', 'The Authorization header must be "Bearer <token>".');
    }
    let principal: Principal;
    try {
      principal = await verifier.verify(token);
    } catch (error) {
      if (isAppError(error) && error.code === 'UNAUTHENTICATED') {
        reply.header('www-authenticate', challenge(realm, { error: 'invalid_token' }));
      }
      throw error;
    }
    request.principal = principal;
    try {
      check(principal);
    } catch (error) {
      reply.header(
        'www-authenticate',
        challenge(realm, { error: 'insufficient_scope', scope: requirement.scopes.join(' ') }),
      );
      throw error;
    }
  };
  guardRequirements.set(guard, requirement);
  return guard;
}

/** Guard: a valid bearer token holding every one of `scopes`. */
export function requireScopes(...scopes: readonly string[]): AuthGuard {
  if (scopes.length === 0) throw new Error('requireScopes needs at least one scope; use authenticate()');
  return createGuard({ scopes, mode: 'all' }, (principal) => assertScopes(principal, ...scopes));
}

/** Guard: a valid bearer token holding at least one of `scopes` (e.g. `dossiers:read` or `ops`). */
export function requireAnyScope(...scopes: readonly string[]): AuthGuard {
  if (scopes.length === 0) throw new Error('requireAnyScope needs at least one scope; use authenticate()');
  return createGuard({ scopes, mode: 'any' }, (principal) => assertAnyScope(principal, ...scopes));
}

/** Guard: any valid bearer token; the handler decides with `assertScopes` (e.g. from params). */
export function authenticate(): AuthGuard {
  return createGuard({ scopes: [], mode: 'all' }, () => undefined);
}

/** The caller of a guarded route, or undefined on a route without a guard. */
export function findPrincipal(request: FastifyRequest): Principal | undefined {
  return request.principal ?? undefined;
}

/**
 * The caller of a guarded route. Throws (500) on a route without a guard: a handler that needs
 * an actor on an unguarded route is a bug to fix, not a 401 to send.
 */
export function getPrincipal(request: FastifyRequest): Principal {
  // Undefined too: on a scope without the plugin the request was never decorated.
  const principal = request.principal as Principal | null | undefined;
  if (!principal) throw new Error(`No principal on ${request.method} ${request.routeOptions.url}`);
  return principal;
}

function guardsOf(hooks: unknown): GuardRequirement[] {
  const list: unknown[] = Array.isArray(hooks) ? hooks : [hooks];
  return list.flatMap((hook) => {
    const requirement = typeof hook === 'function' ? guardRequirements.get(hook) : undefined;
    return requirement === undefined ? [] : [requirement];
  });
}

/** OpenAPI security requirements (alternatives) of a route's guards, or undefined if unguarded. */
function securityOf(route: RouteOptions): Array<Record<string, string[]>> | undefined {
  const guards = [...guardsOf(route.onRequest), ...guardsOf(route.preHandler)];
  if (guards.length === 0) return undefined;
  // Several guards all apply: the scopes of every 'all' guard are needed together, and one
  // 'any' guard (the last, if several) turns the requirement into alternatives.
  const required = [...new Set(guards.filter((g) => g.mode === 'all').flatMap((g) => g.scopes))];
  const anyGuard = guards.filter((g) => g.mode === 'any').at(-1);
  if (anyGuard === undefined) return bearerSecurity(...required);
  return anyGuard.scopes.map((scope) => ({
    [BEARER_SECURITY_SCHEME_NAME]: [...new Set([...required, scope])],
  }));
}

const plugin: FastifyPluginAsync<BearerAuthOptions> = (app, options) => {
  app.decorate('bearerAuth', { verifier: options.verifier, realm: options.realm ?? 'lienthong' });
  app.decorateRequest('principal', null);
  if (options.describeInOpenApi === true) {
    app.addHook('onRoute', (route) => {
      const security = securityOf(route);
      const schema = (route.schema ?? {}) as Record<string, unknown>;
      if (security !== undefined && schema['security'] === undefined) {
        route.schema = { ...schema, security };
      }
    });
  }
  return Promise.resolve();
};

/**
 * The plugin. Not encapsulated (fastify-plugin): registered in a scope, its guards work on
 * every route of that scope and its children.
 */
export const bearerAuth = fastifyPlugin(plugin, { fastify: '5.x', name: '@lienthong/auth/bearer-auth' });
