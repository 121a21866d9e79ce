import { describe, expect, it } from '@jest/globals';
import { DeathCertificateExtract } from '@lienthong/signing';
import { deathExtract, extractIssuer, type RegisteredDeath } from './death-extract.ts';

const death: RegisteredDeath = {
  certificateNumber: 'KT-00004-2026-000017',
  registrationDate: '2026-11-20',
  communeCode: '00004',
  deceased: {
    personalId: '001048004417',
    fullName: 'Nguyễn Văn Quang',
    sex: 'male',
    dateOfBirth: '1948-05-12',
    dateOfDeath: '2026-11-19',
    placeOfDeath: 'Bệnh viện Bạch Mai, Hà Nội',
  },
};

describe('the death-certificate extract', () => {
  it('given a registered death, then it carries the registration and the deceased in the published structure', () => {
    const extract = deathExtract(death);
    expect(extract).toEqual({
      v: 1,
      no: 'KT-00004-2026-000017',
      rd: '2026-11-20',
      cc: '00004',
      de: { n: 'Nguyễn Văn Quang', s: 'M', dob: '1948-05-12', pid: '001048004417', dod: '2026-11-19' },
      pl: 'Bệnh viện Bạch Mai, Hà Nội',
    });
    expect(DeathCertificateExtract.safeParse(extract).error).toBeUndefined();
  });

  it('given a name and place typed decomposed and with stray spaces, then they are written in NFC, single-spaced', () => {
    const extract = deathExtract({
      ...death,
      deceased: {
        ...death.deceased,
        sex: 'female',
        personalId: '001148004417',
        fullName: '  Nguye\u0302\u0303n  Thị   Hoa ',
        placeOfDeath: ' Nhà riêng,  số 5 ',
      },
    });
    expect(extract.de).toMatchObject({ n: 'Nguyễn Thị Hoa', s: 'F' });
    expect(extract.pl).toBe('Nhà riêng, số 5');
    expect(DeathCertificateExtract.safeParse(extract).error).toBeUndefined();
  });

  it('given no place of death, then the member is left out', () => {
    const extract = deathExtract({ ...death, deceased: { ...death.deceased, placeOfDeath: null } });
    expect(extract).not.toHaveProperty('pl');
    expect(DeathCertificateExtract.safeParse(extract).success).toBe(true);
  });

  it('is issued by the commune People’s Committee', () => {
    expect(extractIssuer('00004')).toBe('ubnd-xa:00004');
  });
});
