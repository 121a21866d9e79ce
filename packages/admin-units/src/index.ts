export {
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
export type { Commune, CommuneKind, Province, ProvinceKind } from './catalogue.ts';
export { CommuneCode, ProvinceCode } from './schemas.ts';
