import { describe, expect, it } from '@jest/globals';
import { BirthCertificateExtract } from '@lienthong/signing';
import { birthExtract, extractIssuer, type RegisteredBirth } from './birth-extract.ts';

const birth: RegisteredBirth = {
  certificateNumber: 'KS-00004-2026-000017',
  registrationDate: '2026-11-20',
  communeCode: '00004',
  child: { fullName: 'Trần Bảo An', sex: 'female', dateOfBirth: '2026-11-20' },
  motherFullName: 'Nguyễn Thị Lan',
  fatherFullName: 'Trần Văn Minh',
};

describe('the birth-certificate extract', () => {
  it('carries the registration, the child with its number and the parents’ names, in the published structure', () => {
    const extract = birthExtract(birth, '001326004517');
    expect(extract).toEqual({
      v: 1,
      no: 'KS-00004-2026-000017',
      rd: '2026-11-20',
      cc: '00004',
      ch: { n: 'Trần Bảo An', s: 'F', dob: '2026-11-20', pid: '001326004517' },
      mo: 'Nguyễn Thị Lan',
      fa: 'Trần Văn Minh',
    });
    expect(BirthCertificateExtract.safeParse(extract).success).toBe(true);
  });

  it('says "pending" while the number is not issued, and leaves out an undeclared father', () => {
    const extract = birthExtract({ ...birth, fatherFullName: null }, null);
    expect(extract.ch.pid).toBe('pending');
    expect(extract).not.toHaveProperty('fa');
    expect(BirthCertificateExtract.safeParse(extract).success).toBe(true);
  });

  it('is issued by the commune People’s Committee', () => {
    expect(extractIssuer('00004')).toBe('ubnd-xa:00004');
  });
});
