import { describe, it, expect, beforeAll } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { isAppError } from '@lienthong/service-kit';
import { createJwtVerifier } from './jwt-verifier.ts';
import type { JwtVerifier } from './jwt-verifier.ts';

const ISSUER = 'https://idp.test';
const AUDIENCE = 'saga-coordinator';
const NOW = new Date('2026-03-02T08:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

interface TestKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function testKey(alg: 'EdDSA' | 'ES256', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } =
    alg === 'EdDSA' ? await generateKeyPair('EdDSA', { crv: 'Ed25519' }) : await generateKeyPair('ES256');
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid } };
}

function sign(key: TestKey, alg: string, claims: JWTPayload = {}): Promise<string> {
  return new SignJWT({ scope: 'dossiers:read', ...claims })
    .setProtectedHeader({ alg, kid: key.publicJwk.kid ?? '' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('portal')
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 3600)
    .sign(key.privateKey);
}

async function rejection(verifier: JwtVerifier, token: string) {
  try {
    await verifier.verify(token);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, detail: error.detail, reason: error.extensions['reason'] };
  }
  throw new Error('expected the token to be rejected');
}

describe('createJwtVerifier', () => {
  let ed: TestKey;
  let ec: TestKey;
  let stranger: TestKey;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    ed = await testKey('EdDSA', 'ed-1');
    ec = await testKey('ES256', 'ec-1');
    stranger = await testKey('EdDSA', 'ed-1'); // same kid, different key: a forgery attempt
    verifier = createJwtVerifier({
      jwks: { keys: [ed.publicJwk, ec.publicJwk] },
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: () => NOW,
    });
  });

  it('given a valid EdDSA token, returns the subject, the scopes and the claims', async () => {
    const principal = await verifier.verify(await sign(ed, 'EdDSA', { scope: 'dossiers:read  ops' }));
    expect(principal.subject).toBe('portal');
    expect(principal.scopes).toEqual(['dossiers:read', 'ops']);
    expect(principal.claims.iss).toBe(ISSUER);
  });

  it('accepts ES256 and merges a scp array with the scope string', async () => {
    const principal = await verifier.verify(await sign(ec, 'ES256', { scp: ['agency:residence', 'ops'] }));
    expect(principal.scopes).toEqual(['dossiers:read', 'agency:residence', 'ops']);
  });

  it('given a clock past exp (beyond the 30 s tolerance), rejects the token as expired', async () => {
    const token = await sign(ed, 'EdDSA');
    const late = createJwtVerifier({
      jwks: { keys: [ed.publicJwk] },
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: () => new Date(NOW.getTime() + 3631_000),
    });
    expect(await rejection(late, token)).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'expired',
      detail: 'The bearer token expired at 2026-03-02T09:00:00.000Z; obtain a new one.',
    });
  });

  it('tolerates clock skew within the tolerance', async () => {
    const token = await sign(ed, 'EdDSA');
    const slightlyLate = createJwtVerifier({
      jwks: { keys: [ed.publicJwk] },
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: () => new Date(NOW.getTime() + 3620_000),
    });
    await expect(slightlyLate.verify(token)).resolves.toMatchObject({ subject: 'portal' });
  });

  it('rejects a token for another audience or from another issuer', async () => {
    const otherAudience = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'ed-1' })
      .setIssuer(ISSUER)
      .setAudience('residence-service')
      .setSubject('portal')
      .setExpirationTime(nowSeconds + 60)
      .sign(ed.privateKey);
    expect(await rejection(verifier, otherAudience)).toMatchObject({ reason: 'wrong-audience' });

    const otherIssuer = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'ed-1' })
      .setIssuer('https://evil.test')
      .setAudience(AUDIENCE)
      .setSubject('portal')
      .setExpirationTime(nowSeconds + 60)
      .sign(ed.privateKey);
    expect(await rejection(verifier, otherIssuer)).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'wrong-issuer',
    });
  });

  it('rejects a tampered payload (scope escalated, signature kept)', async () => {
    const [header, , signature] = (await sign(ed, 'EdDSA')).split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'portal', exp: nowSeconds + 60, scope: 'ops' }),
    ).toString('base64url');
    expect(await rejection(verifier, `${header}.${forgedPayload}.${signature}`)).toMatchObject({
      reason: 'bad-signature',
      detail: "The bearer token's signature does not verify.",
    });
  });

  it('rejects a token signed by an untrusted key that claims a trusted kid', async () => {
    expect(await rejection(verifier, await sign(stranger, 'EdDSA'))).toMatchObject({
      reason: 'bad-signature',
    });
  });

  it('rejects a token whose kid is unknown', async () => {
    const unknown = await testKey('EdDSA', 'ed-2');
    expect(await rejection(verifier, await sign(unknown, 'EdDSA'))).toMatchObject({ reason: 'unknown-key' });
  });

  it('refuses alg none and HS256', async () => {
    const unsecured = new UnsecuredJWT({ scope: 'ops' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('portal')
      .setExpirationTime(nowSeconds + 60)
      .encode();
    expect(await rejection(verifier, unsecured)).toMatchObject({ reason: 'algorithm-refused' });

    const hmac = await new SignJWT({ scope: 'ops' })
      .setProtectedHeader({ alg: 'HS256', kid: 'ed-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('portal')
      .setExpirationTime(nowSeconds + 60)
      .sign(new TextEncoder().encode('a shared secret anybody with the JWKS could guess'));
    expect(await rejection(verifier, hmac)).toMatchObject({ reason: 'algorithm-refused' });
  });

  it('rejects garbage as malformed, without echoing it', async () => {
    const result = await rejection(verifier, 'not-a-jwt');
    expect(result).toMatchObject({ reason: 'malformed' });
    expect(result.detail).not.toContain('not-a-jwt');
  });

  it('rejects a token without exp or sub, or with a non-string scope', async () => {
    const noExp = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'ed-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('portal')
      .sign(ed.privateKey);
    expect(await rejection(verifier, noExp)).toMatchObject({ reason: 'missing-claim' });
    const numericSub = await new SignJWT({ sub: 42 } as unknown as JWTPayload)
      .setProtectedHeader({ alg: 'EdDSA', kid: 'ed-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(nowSeconds + 60)
      .sign(ed.privateKey);
    expect(await rejection(verifier, numericSub)).toMatchObject({ reason: 'malformed' });
    expect(await rejection(verifier, await sign(ed, 'EdDSA', { scope: ['ops'] }))).toMatchObject({
      reason: 'malformed',
    });
  });

  it('loads the key set from a file, and refuses a file holding a private key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth-jwks-'));
    const file = join(dir, 'jwks.json');
    await writeFile(file, JSON.stringify({ keys: [ed.publicJwk] }));
    const fromFile = createJwtVerifier({
      jwks: { file },
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: () => NOW,
    });
    await expect(fromFile.verify(await sign(ed, 'EdDSA'))).resolves.toMatchObject({ subject: 'portal' });

    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    await writeFile(file, JSON.stringify({ keys: [await exportJWK(privateKey)] }));
    expect(() => createJwtVerifier({ jwks: { file }, issuer: ISSUER, audience: AUDIENCE })).toThrow(
      /private key/,
    );
  });

  it('refuses RSA keys and an empty key set at creation', () => {
    expect(() =>
      createJwtVerifier({
        jwks: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] },
        issuer: ISSUER,
        audience: AUDIENCE,
      }),
    ).toThrow(/neither an Ed25519/);
    expect(() => createJwtVerifier({ jwks: { keys: [] }, issuer: ISSUER, audience: AUDIENCE })).toThrow(
      /non-empty/,
    );
  });

  it('reports an unreachable remote JWKS as SERVICE_UNAVAILABLE, not as the caller’s fault', async () => {
    const remote = createJwtVerifier({
      jwks: { url: 'http://127.0.0.1:9/jwks.json' },
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: () => NOW,
    });
    expect(await rejection(remote, await sign(ed, 'EdDSA'))).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
