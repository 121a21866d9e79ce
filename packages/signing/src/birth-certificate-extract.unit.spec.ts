import { describe, it, expect } from '@jest/globals';
import { BirthCertificateExtract, personalIdMatches } from './birth-certificate-extract.ts';

const valid = {
  v: 1,
  no: '125/2026',
  rd: '2026-03-02',
  cc: '00004',
  ch: { n: 'NGUYỄN THỊ MINH ANH', s: 'F', dob: '2026-02-27', pid: '001326012345' },
  mo: 'TRẦN THỊ THU HƯƠNG',
  fa: 'NGUYỄN VĂN QUANG',
};

const issuesOf = (value: unknown) =>
  BirthCertificateExtract.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('BirthCertificateExtract', () => {
  it('accepts a registered birth, with or without the personal ID and the father', () => {
    expect(issuesOf(valid)).toEqual([]);
    expect(issuesOf({ ...valid, ch: { ...valid.ch, pid: 'pending' } })).toEqual([]);
    const { fa: _father, ...withoutFather } = valid;
    expect(issuesOf(withoutFather)).toEqual([]);
  });

  it('refuses a personal ID whose century-sex digit or year disagrees with the child', () => {
    // 2 = male born in the 2000s, but the child is a girl.
    expect(issuesOf({ ...valid, ch: { ...valid.ch, pid: '001226012345' } })).toEqual(['ch.pid']);
    // Year digits 25 for a child born in 2026.
    expect(issuesOf({ ...valid, ch: { ...valid.ch, pid: '001325012345' } })).toEqual(['ch.pid']);
  });

  it('refuses names not in Unicode NFC (decomposed diacritics), unknown members, bad codes', () => {
    expect(issuesOf({ ...valid, mo: valid.mo.normalize('NFD') })).toEqual(['mo']);
    expect(issuesOf({ ...valid, extra: 1 })).toEqual(['']);
    expect(issuesOf({ ...valid, cc: '4' })).toEqual(['cc']);
  });

  it('refuses a registration dated before the birth', () => {
    expect(issuesOf({ ...valid, rd: '2026-02-01' })).toEqual(['rd']);
  });
});

describe('personalIdMatches', () => {
  it.each([
    ['001326012345', 'F', '2026-01-01', true],
    ['001226012345', 'M', '2026-01-01', true],
    ['079090123456', 'M', '1990-05-05', true],
    ['079190123456', 'F', '1990-05-05', true],
    ['079090123456', 'F', '1990-05-05', false],
  ] as const)('%s %s %s → %s', (pid, sex, dob, expected) => {
    expect(personalIdMatches(pid, sex, dob)).toBe(expected);
  });
});
