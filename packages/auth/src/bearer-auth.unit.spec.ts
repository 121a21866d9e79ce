import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey } from 'jose';
import { fastify } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { z } from 'zod';
import { buildHttpApp, createLogger } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod, HttpApp } from '@lienthong/service-kit';
import {
  authenticate,
  bearerAuth,
  bearerSecurityScheme,
  getPrincipal,
  requireAnyScope,
  requireScopes,
} from './bearer-auth.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import type { JwtVerifier } from './jwt-verifier.ts';
import { agencyScope, assertScopes } from './scopes.ts';

const ISSUER = 'https://idp.test';
const AUDIENCE = 'saga-coordinator';
const NOW = new Date('2026-03-02T08:00:00Z');

let privateKey: CryptoKey;
let verifier: JwtVerifier;

function token(scopes: readonly string[], subject = 'portal'): Promise<string> {
  const iat = NOW.getTime() / 1000;
  return new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(privateKey);
}

const routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(bearerAuth, { verifier });
  app.get('/dossiers/:id', { onRequest: requireScopes('dossiers:read') }, (request) =>
    Promise.resolve({ actor: getPrincipal(request).subject }),
  );
  app.post(
    '/dossiers',
    {
      onRequest: requireScopes('dossiers:write'),
      schema: { body: z.object({ procedure: z.string() }) },
    },
    (request) => Promise.resolve({ procedure: request.body.procedure }),
  );
  app.get('/statistics', { preHandler: requireAnyScope('dossiers:read', 'ops') }, () =>
    Promise.resolve({ ok: true }),
  );
  app.post(
    '/agencies/:agency/replies',
    { onRequest: authenticate(), schema: { params: z.object({ agency: z.string() }) } },
    (request) => {
      assertScopes(getPrincipal(request), agencyScope(request.params.agency));
      return Promise.resolve({ accepted: true });
    },
  );
  app.get('/public', (request) => Promise.resolve({ principal: request.principal }));
};

describe('bearerAuth on the service-kit HTTP edge', () => {
  let app: HttpApp;

  beforeAll(async () => {
    const keys = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    privateKey = keys.privateKey;
    verifier = createJwtVerifier({
      jwks: { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1' }] },
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: () => NOW,
    });
    app = buildHttpApp({
      logger: createLogger({ service: 'test', level: 'silent', destination: { write: () => undefined } }),
      routes,
      docs: false,
    });
    await app.ready();
  });

  afterAll(() => app.close());

  it('given a token with the scope, runs the handler with the principal on the request', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/dossiers/d-1',
      headers: { authorization: `Bearer ${await token(['dossiers:read'], 'ops:an')}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ actor: 'ops:an' });
  });

  it('given no Authorization header, answers 401 problem with a Bearer challenge', async () => {
    const response = await app.inject({ method: 'GET', url: '/dossiers/d-1' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="lienthong"');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      type: 'https://lienthong.gov.vn/problems/unauthenticated',
      status: 401,
      code: 'UNAUTHENTICATED',
      reason: 'missing',
      detail: 'This request needs a bearer token in the Authorization header.',
      instance: '/dossiers/d-1',
    });
  });

  it('given an invalid token, answers 401 with error="invalid_token"', async () => {
    const valid = await token(['dossiers:read']);
    const response = await app.inject({
      method: 'GET',
      url: '/dossiers/d-1',
      headers: { authorization: `Bearer ${valid.slice(0, -2)}AA` },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="lienthong", error="invalid_token"');
    expect(response.json()).toMatchObject({ reason: 'bad-signature' });
  });

  it('given another scheme, answers 401 with error="invalid_request"', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/dossiers/d-1',
      headers: { authorization: 'Basic cG9ydGFsOnNlY3JldA==' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="lienthong", error="invalid_request"');
  });

  it('given a valid token lacking the scope, answers 403 naming the scope', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/dossiers/d-1',
      headers: { authorization: `Bearer ${await token(['agency:residence'])}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="lienthong", error="insufficient_scope", scope="dossiers:read"',
    );
    expect(response.json()).toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
      detail: 'This action needs the scope dossiers:read; the token grants: agency:residence.',
      requiredScopes: ['dossiers:read'],
    });
  });

  it('refuses an anonymous caller before validating the body', async () => {
    const response = await app.inject({ method: 'POST', url: '/dossiers', payload: { wrong: true } });
    expect(response.statusCode).toBe(401);
  });

  it('requireAnyScope accepts either scope and names both when neither is held', async () => {
    const ops = await app.inject({
      method: 'GET',
      url: '/statistics',
      headers: { authorization: `Bearer ${await token(['ops'])}` },
    });
    expect(ops.statusCode).toBe(200);
    const none = await app.inject({
      method: 'GET',
      url: '/statistics',
      headers: { authorization: `Bearer ${await token([])}` },
    });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({
      detail: 'This action needs one of the scopes dossiers:read or ops; the token grants: none.',
    });
  });

  it('authenticate() plus assertScopes checks a scope that depends on the path', async () => {
    const auth = { authorization: `Bearer ${await token(['agency:residence'], 'agency:residence')}` };
    const own = await app.inject({ method: 'POST', url: '/agencies/residence/replies', headers: auth });
    expect(own.statusCode).toBe(200);
    const other = await app.inject({ method: 'POST', url: '/agencies/civil-status/replies', headers: auth });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ requiredScopes: ['agency:civil-status'] });
  });

  it('leaves routes without a guard public, with a null principal', async () => {
    const response = await app.inject({ method: 'GET', url: '/public' });
    expect(response.json()).toEqual({ principal: null });
  });
});

describe('bearerAuth describeInOpenApi', () => {
  it('adds each guarded route’s scopes as its OpenAPI security requirement', async () => {
    const app = fastify();
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        components: { securitySchemes: { bearerAuth: bearerSecurityScheme } },
      },
    });
    await app.register(async (scope) => {
      await scope.register(bearerAuth, { verifier, describeInOpenApi: true });
      scope.get('/a', { onRequest: requireScopes('dossiers:read') }, () => Promise.resolve('a'));
      scope.get('/b', { onRequest: [requireAnyScope('dossiers:read', 'ops')] }, () => Promise.resolve('b'));
      scope.get('/c', () => Promise.resolve('c'));
    });
    await app.ready();
    const document = app.swagger() as { paths: Record<string, { get: { security?: unknown } }> };
    expect(document.paths['/a']?.get.security).toEqual([{ bearerAuth: ['dossiers:read'] }]);
    expect(document.paths['/b']?.get.security).toEqual([
      { bearerAuth: ['dossiers:read'] },
      { bearerAuth: ['ops'] },
    ]);
    expect(document.paths['/c']?.get.security).toBeUndefined();
    await app.close();
  });
});
