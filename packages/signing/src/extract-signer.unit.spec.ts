import { describe, it, expect } from '@jest/globals';
import { CompactSign, generateKeyPair } from 'jose';
import type { BirthCertificateExtract } from './birth-certificate-extract.ts';
import { createExtractSigner } from './extract-signer.ts';
import { createMemoryKeyStore } from './key-store.ts';
import { extractQrContent } from './qr-code.ts';
import { verifyExtract } from './verify-extract.ts';

const extract: BirthCertificateExtract = {
  v: 1,
  no: '125/2026',
  rd: '2026-03-02',
  cc: '00004',
  ch: { n: 'NGUYỄN THỊ MINH ANH', s: 'F', dob: '2026-02-27', pid: '001326012345' },
  mo: 'TRẦN THỊ THU HƯƠNG',
  fa: 'NGUYỄN VĂN QUANG',
};
const options = {
  type: 'birth-certificate-extract',
  issuer: 'ubnd-xa:00004',
  issuedAt: new Date('2026-03-02T09:15:30.750Z'),
} as const;

async function signedExtract() {
  const signer = createExtractSigner({ keyStore: createMemoryKeyStore() });
  const signed = await signer.sign(extract, options);
  return { signer, signed, jwks: await signer.publicJwks() };
}

/** Replaces the character at `index` by another one of the base64url alphabet. */
function changeOneCharacter(jws: string, index: number): string {
  const replacement = jws[index] === 'A' ? 'B' : 'A';
  return `${jws.slice(0, index)}${replacement}${jws.slice(index + 1)}`;
}

describe('createExtractSigner and verifyExtract', () => {
  it('given a signed extract, verifies it and returns its content, key, type, issuer and time', async () => {
    const { signed, jwks } = await signedExtract();
    expect(signed.jws.split('.')).toHaveLength(3);
    expect(await verifyExtract(signed.jws, jwks)).toEqual({
      valid: true,
      payload: extract,
      kid: signed.kid,
      type: 'birth-certificate-extract',
      issuer: 'ubnd-xa:00004',
      issuedAt: new Date('2026-03-02T09:15:30Z'),
    });
  });

  it('given one changed character in the payload or the signature, is invalid', async () => {
    const { signed, jwks } = await signedExtract();
    const [header = '', payload = ''] = signed.jws.split('.');
    const inPayload = changeOneCharacter(signed.jws, header.length + 1 + Math.floor(payload.length / 2));
    expect(await verifyExtract(inPayload, jwks)).toMatchObject({ valid: false, reason: 'bad-signature' });
    const inSignature = changeOneCharacter(signed.jws, signed.jws.length - 10);
    expect(await verifyExtract(inSignature, jwks)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it('given a JWKS without the extract’s kid, is invalid with reason unknown-key', async () => {
    const { signed } = await signedExtract();
    const { jwks: unrelated } = await signedExtract(); // another agency's keys
    expect(await verifyExtract(signed.jws, unrelated)).toEqual({
      valid: false,
      reason: 'unknown-key',
      detail: 'The signing key (kid) is not among the published keys.',
    });
  });

  it('keeps extracts signed before a rotation valid, and signs new ones with the new key', async () => {
    const keyStore = createMemoryKeyStore();
    const signer = createExtractSigner({ keyStore });
    const before = await signer.sign(extract, options);
    await keyStore.rotate();
    const after = await signer.sign(extract, options);
    expect(after.kid).not.toBe(before.kid);
    const jwks = await signer.publicJwks();
    expect(jwks.keys.map((key) => key.kid)).toEqual([before.kid, after.kid]);
    expect(await verifyExtract(before.jws, jwks)).toMatchObject({ valid: true, kid: before.kid });
    expect(await verifyExtract(after.jws, jwks)).toMatchObject({ valid: true, kid: after.kid });
  });

  it('accepts the QR content (LT1:<jws>) as presented by a scanner', async () => {
    const { signed, jwks } = await signedExtract();
    expect(await verifyExtract(extractQrContent(signed.jws), jwks)).toMatchObject({ valid: true });
  });

  it.each([
    ['an empty string', ''],
    ['a number', 42],
    ['null', null],
    ['two segments', 'abc.def'],
    ['non-base64url characters', 'a$b.c%d.e^f'],
    ['base64url that is not JSON', 'YWJj.YWJj.YWJj'],
    ['a huge string', 'a'.repeat(100_000)],
  ])('given %s, says malformed without throwing', async (_name, input) => {
    const { jwks } = await signedExtract();
    expect(await verifyExtract(input, jwks)).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('refuses an extract signed with another algorithm, or with alg none', async () => {
    const { jwks, signed } = await signedExtract();
    const { privateKey } = await generateKeyPair('ES256');
    const es256 = await new CompactSign(new TextEncoder().encode(JSON.stringify({ iss: 'x', iat: 1 })))
      .setProtectedHeader({ alg: 'ES256', kid: signed.kid, typ: 'lt-bce' })
      .sign(privateKey);
    expect(await verifyExtract(es256, jwks)).toMatchObject({ valid: false, reason: 'unsupported-algorithm' });
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', kid: signed.kid, typ: 'lt-bce' })).toString(
      'base64url',
    );
    const [, payload] = signed.jws.split('.');
    expect(await verifyExtract(`${noneHeader}.${payload}.`, jwks)).toMatchObject({ valid: false });
    expect(await verifyExtract(`${noneHeader}.${payload}.AAAA`, jwks)).toMatchObject({
      valid: false,
      reason: 'unsupported-algorithm',
    });
  });

  it('refuses a JWS of our key whose typ is not an extract type', async () => {
    const keyStore = createMemoryKeyStore();
    const key = await keyStore.activeKey();
    const other = await new CompactSign(new TextEncoder().encode('{"iss":"x","iat":1}'))
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
    expect(await verifyExtract(other, await keyStore.publicJwks())).toMatchObject({
      valid: false,
      reason: 'unknown-type',
    });
  });

  it('says invalid-key-set for a broken JWKS instead of throwing', async () => {
    const { signed } = await signedExtract();
    const broken = { keys: 'nope' } as unknown as Parameters<typeof verifyExtract>[1];
    expect(await verifyExtract(signed.jws, broken)).toMatchObject({
      valid: false,
      reason: 'invalid-key-set',
    });
  });

  it('refuses to sign reserved member names and non-objects', async () => {
    const { signer } = await signedExtract();
    await expect(signer.sign({ ...extract, exp: 1 }, options)).rejects.toThrow(/exp/);
    await expect(signer.sign([] as unknown as Record<string, unknown>, options)).rejects.toThrow(
      /JSON object/,
    );
  });

  it('publishes public keys only', async () => {
    const { jwks } = await signedExtract();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
