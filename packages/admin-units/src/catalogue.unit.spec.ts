import { describe, expect, it } from '@jest/globals';
import {
  ADMIN_UNITS_SOURCE,
  ADMIN_UNITS_VERSION,
  UnknownAdminUnitError,
  communesOfProvince,
  findCommune,
  findProvince,
  getCommune,
  getProvince,
  isCommuneCode,
  isProvinceCode,
  listProvinces,
  personalIdProvinceCode,
  provinceOfCommune,
} from './catalogue.ts';

const allCommunes = listProvinces().flatMap((p) => communesOfProvince(p.code));

describe('the catalogue as a whole', () => {
  it('given the vendored data, when counted, then it holds 34 provinces and 3,321 commune-level units', () => {
    expect(listProvinces()).toHaveLength(34);
    expect(allCommunes).toHaveLength(3321);
    expect(new Set(allCommunes.map((c) => c.code)).size).toBe(3321);
  });

  // The domain brief's split (2,636 communes, 672 wards) is that of 1 July 2025; the vendored
  // snapshot (2026-07-25) already shows 25 communes reclassified as wards, same codes, same total.
  it('given the vendored data, when counted by kind, then it holds 2,611 communes, 697 wards and 13 special zones', () => {
    const byKind = Object.groupBy(allCommunes, (c) => c.kind);
    expect(byKind.commune).toHaveLength(2611);
    expect(byKind.ward).toHaveLength(697);
    expect(byKind['special-zone']).toHaveLength(13);
  });

  it('given the vendored data, when provinces are counted by kind, then 7 are cities and 27 provinces', () => {
    const cities = listProvinces().filter((p) => p.kind === 'city');
    expect(cities.map((p) => p.name)).toEqual([
      'Hà Nội',
      'Hải Phòng',
      'Huế',
      'Đà Nẵng',
      'Đồng Nai',
      'Hồ Chí Minh',
      'Cần Thơ',
    ]);
  });

  it('given any code, when listed, then provinces have 2 digits and communes 5 digits, in code order', () => {
    expect(listProvinces().every((p) => /^\d{2}$/.test(p.code))).toBe(true);
    expect(allCommunes.every((c) => /^\d{5}$/.test(c.code))).toBe(true);
    const codes = listProvinces().map((p) => p.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('given the version and source, when read, then they name Decision 19/2025 and the dataset', () => {
    expect(ADMIN_UNITS_VERSION).toBe('2025-07-01');
    expect(ADMIN_UNITS_SOURCE).toContain('thanglequoc/vietnamese-provinces-database');
    expect(ADMIN_UNITS_SOURCE).toContain('19/2025');
  });
});

describe('province lookups', () => {
  it("given Hà Nội's code 01, when looked up, then the city is found with both names", () => {
    expect(findProvince('01')).toEqual({
      code: '01',
      name: 'Hà Nội',
      nameEn: 'Hanoi',
      fullName: 'Thành phố Hà Nội',
      kind: 'city',
    });
    expect(getProvince('01')).toBe(findProvince('01'));
  });

  it('given an unknown code, when found, then undefined; when got, then an error naming the code and version', () => {
    expect(findProvince('02')).toBeUndefined();
    expect(findProvince('1')).toBeUndefined();
    expect(() => getProvince('02')).toThrow(new UnknownAdminUnitError('province', '02'));
    expect(() => getProvince('02')).toThrow('unknown province code 02 (administrative units of 2025-07-01)');
  });

  it('given a catalogue object, when a caller tries to change it, then it is frozen', () => {
    const hanoi = getProvince('01');
    expect(Object.isFrozen(hanoi)).toBe(true);
    expect(Object.isFrozen(communesOfProvince('01'))).toBe(true);
  });
});

describe('commune lookups', () => {
  it('given Ba Đình ward 00004, when looked up, then it is a ward of Hà Nội', () => {
    expect(findCommune('00004')).toEqual({
      code: '00004',
      provinceCode: '01',
      name: 'Ba Đình',
      nameEn: 'Ba Dinh',
      fullName: 'Phường Ba Đình',
      kind: 'ward',
    });
    expect(getCommune('00070').name).toBe('Hoàn Kiếm');
  });

  it('given the same name in two provinces, when looked up by code, then each has its own province', () => {
    expect(provinceOfCommune('00004').name).toBe('Hà Nội');
    expect(getCommune('16171')).toMatchObject({ name: 'Ba Đình', kind: 'commune', provinceCode: '38' });
    expect(provinceOfCommune('16171').name).toBe('Thanh Hoá');
  });

  it('given a special zone, when looked up, then its kind and province are right', () => {
    expect(getCommune('22736')).toMatchObject({ name: 'Trường Sa', nameEn: 'Spratly', kind: 'special-zone' });
    expect(provinceOfCommune('22736').code).toBe('56');
  });

  it('given Hà Nội, when its communes are listed, then 126 units of province 01 in code order', () => {
    const communes = communesOfProvince('01');
    expect(communes).toHaveLength(126);
    expect(communes.every((c) => c.provinceCode === '01')).toBe(true);
    expect(communes.filter((c) => c.kind === 'ward')).toHaveLength(51);
    const codes = communes.map((c) => c.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('given an unknown commune code, when looked up, then undefined or an error naming the code and version', () => {
    expect(findCommune('99999')).toBeUndefined();
    expect(() => getCommune('99999')).toThrow(
      'unknown commune code 99999 (administrative units of 2025-07-01)',
    );
    expect(() => provinceOfCommune('99999')).toThrow(UnknownAdminUnitError);
  });

  it('given an unknown province, when its communes are listed, then it throws rather than answering an empty list', () => {
    expect(() => communesOfProvince('99')).toThrow('unknown province code 99');
  });
});

describe('personalIdProvinceCode', () => {
  it('given Hà Nội 01, when asked, then 001', () => {
    expect(personalIdProvinceCode('01')).toBe('001');
  });

  it('given Cà Mau 96, when asked, then 096', () => {
    expect(personalIdProvinceCode('96')).toBe('096');
  });

  it('given a province merged away in 2025 (Hà Giang 02), when asked, then it throws', () => {
    expect(() => personalIdProvinceCode('02')).toThrow(UnknownAdminUnitError);
  });
});

describe('zod-free checks', () => {
  it('given known and unknown values, when checked, then only catalogue codes pass', () => {
    expect(isCommuneCode('00004')).toBe(true);
    expect(isCommuneCode('99999')).toBe(false);
    expect(isCommuneCode(4)).toBe(false);
    expect(isProvinceCode('79')).toBe(true);
    expect(isProvinceCode('02')).toBe(false);
    expect(isProvinceCode(null)).toBe(false);
  });
});
