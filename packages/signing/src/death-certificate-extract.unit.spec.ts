import { describe, expect, it } from '@jest/globals';
import { DeathCertificateExtract, DEATH_CERTIFICATE_EXTRACT_VERSION } from './death-certificate-extract.ts';
import { createExtractSigner } from './extract-signer.ts';
import { DeathCertificateExtract as Exported } from './index.ts';
import { createMemoryKeyStore } from './key-store.ts';
import { extractQrVersion } from './qr-code.ts';
import { verifyExtract } from './verify-extract.ts';

const valid = {
  v: 1,
  no: 'KT-00004-2026-000017',
  rd: '2026-03-02',
  cc: '00004',
  de: { n: 'NGUYỄN VĂN QUANG', s: 'M', dob: '1948-05-12', pid: '001048012345', dod: '2026-02-27' },
  pl: 'Bệnh viện Bạch Mai, Hà Nội',
};

const issuesOf = (value: unknown) =>
  DeathCertificateExtract.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('DeathCertificateExtract', () => {
  it('given a registered death, with or without the place of death, then it is accepted', () => {
    expect(issuesOf(valid)).toEqual([]);
    const { pl: _place, ...withoutPlace } = valid;
    expect(issuesOf(withoutPlace)).toEqual([]);
    expect(DEATH_CERTIFICATE_EXTRACT_VERSION).toBe(1);
    expect(Exported).toBe(DeathCertificateExtract);
  });

  it('given a death on the day of birth, registered the same day, then it is accepted', () => {
    expect(
      issuesOf({ ...valid, rd: '2026-02-27', de: { ...valid.de, dob: '2026-02-27', pid: '001226012345' } }),
    ).toEqual([]);
  });

  it('given a personal ID whose century-sex digit or year disagrees with the deceased, then it is refused', () => {
    // 1 = female born in the 1900s, but the deceased is a man.
    expect(issuesOf({ ...valid, de: { ...valid.de, pid: '001148012345' } })).toEqual(['de.pid']);
    // Year digits 49 for someone born in 1948.
    expect(issuesOf({ ...valid, de: { ...valid.de, pid: '001049012345' } })).toEqual(['de.pid']);
  });

  it('given a pending or malformed personal ID, then it is refused: a deceased always has one', () => {
    expect(issuesOf({ ...valid, de: { ...valid.de, pid: 'pending' } })).toContain('de.pid');
    expect(issuesOf({ ...valid, de: { ...valid.de, pid: '00104801234' } })).toContain('de.pid');
  });

  it('given a date of death before the date of birth, then it is refused on de.dod', () => {
    expect(issuesOf({ ...valid, de: { ...valid.de, dod: '1948-05-11' }, rd: '2026-03-02' })).toEqual([
      'de.dod',
    ]);
  });

  it('given a registration dated before the death, then it is refused on rd', () => {
    expect(issuesOf({ ...valid, rd: '2026-02-26' })).toEqual(['rd']);
  });

  it('given names or place not in Unicode NFC or untrimmed, unknown members, bad codes, then it is refused', () => {
    expect(issuesOf({ ...valid, de: { ...valid.de, n: valid.de.n.normalize('NFD') } })).toEqual(['de.n']);
    expect(issuesOf({ ...valid, pl: ` ${valid.pl}` })).toEqual(['pl']);
    expect(issuesOf({ ...valid, extra: 1 })).toEqual(['']);
    expect(issuesOf({ ...valid, de: { ...valid.de, extra: 1 } })).toEqual(['de']);
    expect(issuesOf({ ...valid, cc: '4' })).toEqual(['cc']);
    expect(issuesOf({ ...valid, v: 2 })).toEqual(['v']);
    expect(issuesOf({ ...valid, de: { ...valid.de, s: 'X' } })).toContain('de.s');
  });
});

describe('a signed death-certificate extract', () => {
  it('given the largest extract the schema allows, then it signs, verifies and still fits a QR code at M', async () => {
    const largest = DeathCertificateExtract.parse({
      ...valid,
      no: 'K'.repeat(40),
      de: { ...valid.de, n: 'Ễ'.repeat(100) },
      pl: 'Ễ'.repeat(300),
    });
    const signer = createExtractSigner({ keyStore: createMemoryKeyStore() });
    const signed = await signer.sign(largest, {
      type: 'death-certificate-extract',
      issuer: 'ubnd-xa:00004',
      issuedAt: new Date('2026-03-02T02:00:00Z'),
    });
    const verified = await verifyExtract(signed.jws, await signer.publicJwks());
    expect(verified).toMatchObject({ valid: true, type: 'death-certificate-extract', payload: largest });
    expect(extractQrVersion(signed.jws, 'M')).toBeLessThanOrEqual(40);
  });
});
