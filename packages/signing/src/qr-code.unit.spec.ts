import { describe, it, expect, beforeAll } from '@jest/globals';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { BirthCertificateExtract } from './birth-certificate-extract.ts';
import { createExtractSigner } from './extract-signer.ts';
import type { ExtractSigner } from './extract-signer.ts';
import { createMemoryKeyStore } from './key-store.ts';
import { extractQrCode, extractQrContent, extractQrVersion, jwsFromQrContent } from './qr-code.ts';
import { verifyExtract } from './verify-extract.ts';

const realistic = BirthCertificateExtract.parse({
  v: 1,
  no: '125/2026',
  rd: '2026-03-02',
  cc: '00004',
  ch: { n: 'NGUYỄN THỊ MINH ANH', s: 'F', dob: '2026-02-27', pid: '001326012345' },
  mo: 'TRẦN THỊ THU HƯƠNG',
  fa: 'NGUYỄN VĂN QUANG',
});
const options = {
  type: 'birth-certificate-extract',
  issuer: 'ubnd-xa:00004',
  issuedAt: new Date('2026-03-02T09:15:30Z'),
} as const;

// jsqr is CommonJS whose typings declare an ES default export: under Node's interop that is
// `module.exports.default` (the same function).
const jsQR = jsQRModule.default;

/** Decodes the QR code in a PNG data URL with a pure-JS reader, as a phone would. */
function decodePngDataUrl(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('extract QR code', () => {
  let signer: ExtractSigner;

  beforeAll(() => {
    signer = createExtractSigner({ keyStore: createMemoryKeyStore() });
  });

  it('wraps the JWS as LT1:<jws> and unwraps it', () => {
    expect(extractQrContent('a.b.c')).toBe('LT1:a.b.c');
    expect(jwsFromQrContent('LT1:a.b.c')).toBe('a.b.c');
    expect(jwsFromQrContent('https://example.test')).toBeUndefined();
  });

  it('fits a realistic birth extract in a QR code a phone reads from paper (version 17 at M)', async () => {
    const { jws } = await signer.sign(realistic, options);
    expect(jws.length).toBeLessThan(500);
    expect(extractQrVersion(jws, 'M')).toBeLessThanOrEqual(17);
  });

  it('fits even the largest extract the schema allows (100-character names with diacritics)', async () => {
    const longest = 'Ữ'.repeat(100); // 3 bytes in UTF-8 each
    const largest = BirthCertificateExtract.parse({
      ...realistic,
      no: '9'.repeat(40),
      ch: { ...realistic.ch, n: longest },
      mo: longest,
      fa: longest,
    });
    const { jws } = await signer.sign(largest, options);
    expect(extractQrVersion(jws, 'M')).toBeLessThanOrEqual(34);
    await expect(extractQrCode(jws)).resolves.toMatch(/^<svg/);
  });

  it('renders an SVG document', async () => {
    const { jws } = await signer.sign(realistic, options);
    const svg = await extractQrCode(jws);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<path');
  });

  it('round-trips: the PNG decodes to content that verifyExtract accepts', async () => {
    const { jws } = await signer.sign(realistic, options);
    const png = await extractQrCode(jws, { format: 'png-data-url' });
    expect(png).toMatch(/^data:image\/png;base64,/);
    const scanned = decodePngDataUrl(png);
    expect(scanned).toBe(extractQrContent(jws));
    expect(await verifyExtract(scanned, await signer.publicJwks())).toMatchObject({
      valid: true,
      payload: realistic,
    });
  });

  it('says clearly when a JWS is too long for any QR code', async () => {
    await expect(extractQrCode('a'.repeat(3000))).rejects.toThrow(/does not fit a QR code/);
  });
});
