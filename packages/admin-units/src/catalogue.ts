import raw from './data/vn-admin-units-2025.json' with { type: 'json' };

/**
 * The catalogue's version: the date the code list of Decision 19/2025/QĐ-TTg took effect
 * (34 provinces, 3,321 commune-level units). Store it beside any code you persist, so a
 * code can be read back against the right catalogue after the next reorganisation.
 */
export const ADMIN_UNITS_VERSION = '2025-07-01';

/**
 * Where the data comes from, as the vendored file states it (dataset, licence, snapshot
 * date, legal basis). Names and kinds are those of the snapshot, which is later than
 * {@link ADMIN_UNITS_VERSION}: units reclassified since (e.g. communes that became wards)
 * keep their code but show their current kind.
 */
export const ADMIN_UNITS_SOURCE: string = raw.source;

/** `city`: a centrally-governed city (thành phố trực thuộc trung ương); `province`: a tỉnh. */
export type ProvinceKind = 'city' | 'province';

/** `commune`: xã; `ward`: phường; `special-zone`: đặc khu (island special administrative zone). */
export type CommuneKind = 'commune' | 'ward' | 'special-zone';

/** A province-level unit. */
export interface Province {
  /** Two digits, e.g. `01` for Hà Nội. */
  readonly code: string;
  /** Vietnamese short name, e.g. `Hà Nội`. */
  readonly name: string;
  /** English name, e.g. `Hanoi`. */
  readonly nameEn: string;
  /** Vietnamese name with its kind, e.g. `Thành phố Hà Nội`. */
  readonly fullName: string;
  readonly kind: ProvinceKind;
}

/** A commune-level unit (commune, ward or special zone): where dossiers are handled. */
export interface Commune {
  /** Five digits, e.g. `00004` for Ba Đình ward. */
  readonly code: string;
  /** Code of the province it belongs to. */
  readonly provinceCode: string;
  /** Vietnamese short name, e.g. `Ba Đình`. */
  readonly name: string;
  /** English (unaccented) name, e.g. `Ba Dinh`. */
  readonly nameEn: string;
  /** Vietnamese name with its kind, e.g. `Phường Ba Đình`, as spelled in the source. */
  readonly fullName: string;
  readonly kind: CommuneKind;
}

/** Thrown by the `get*` lookups when a code is not in the catalogue. */
export class UnknownAdminUnitError extends Error {
  readonly level: 'province' | 'commune';
  readonly unitCode: string;
  readonly version: string;

  constructor(level: 'province' | 'commune', unitCode: string) {
    super(`unknown ${level} code ${unitCode} (administrative units of ${ADMIN_UNITS_VERSION})`);
    this.name = 'UnknownAdminUnitError';
    this.level = level;
    this.unitCode = unitCode;
    this.version = ADMIN_UNITS_VERSION;
  }
}

const PROVINCE_KINDS: Readonly<Record<string, ProvinceKind>> = { City: 'city', Province: 'province' };
const COMMUNE_KINDS: Readonly<Record<string, CommuneKind>> = {
  Commune: 'commune',
  Ward: 'ward',
  'Special administrative region': 'special-zone',
};

// A kind we do not know means the vendored file changed shape: fail at load, not per lookup.
function kindOf<K>(kinds: Readonly<Record<string, K>>, value: string, code: string): K {
  const kind = kinds[value];
  if (kind === undefined) throw new Error(`admin-units data: unit ${code} has unknown kind "${value}"`);
  return kind;
}

const provincesByCode = new Map<string, Province>(
  raw.provinces.map((p) => [
    p.code,
    Object.freeze({
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      fullName: p.fullName,
      kind: kindOf(PROVINCE_KINDS, p.kind, p.code),
    }),
  ]),
);

const communesByCode = new Map<string, Commune>();
const communesByProvince = new Map<string, Commune[]>([...provincesByCode.keys()].map((code) => [code, []]));
// The source is grouped by province, not sorted by code; sorting gives callers a stable order.
for (const c of [...raw.communes].sort((a, b) => (a.code < b.code ? -1 : 1))) {
  const siblings = communesByProvince.get(c.provinceCode);
  if (siblings === undefined) {
    throw new Error(`admin-units data: commune ${c.code} names unknown province ${c.provinceCode}`);
  }
  if (communesByCode.has(c.code)) throw new Error(`admin-units data: duplicate commune code ${c.code}`);
  const commune: Commune = Object.freeze({
    code: c.code,
    provinceCode: c.provinceCode,
    name: c.name,
    nameEn: c.nameEn,
    fullName: c.fullName,
    kind: kindOf(COMMUNE_KINDS, c.kind, c.code),
  });
  communesByCode.set(c.code, commune);
  siblings.push(commune);
}
for (const list of communesByProvince.values()) Object.freeze(list);

const allProvinces: readonly Province[] = Object.freeze(
  [...provincesByCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1)),
);

/** Every province, ordered by code. */
export function listProvinces(): readonly Province[] {
  return allProvinces;
}

/** The province with this two-digit code, or `undefined`. */
export function findProvince(code: string): Province | undefined {
  return provincesByCode.get(code);
}

/** The province with this code; throws {@link UnknownAdminUnitError} when there is none. */
export function getProvince(code: string): Province {
  const province = provincesByCode.get(code);
  if (province === undefined) throw new UnknownAdminUnitError('province', code);
  return province;
}

/** The commune-level unit with this five-digit code, or `undefined`. */
export function findCommune(code: string): Commune | undefined {
  return communesByCode.get(code);
}

/** The commune-level unit with this code; throws {@link UnknownAdminUnitError} when there is none. */
export function getCommune(code: string): Commune {
  const commune = communesByCode.get(code);
  if (commune === undefined) throw new UnknownAdminUnitError('commune', code);
  return commune;
}

/**
 * The commune-level units of a province, ordered by code. Throws
 * {@link UnknownAdminUnitError} for an unknown province rather than answering an empty list,
 * which would look like a province without communes.
 */
export function communesOfProvince(provinceCode: string): readonly Commune[] {
  const communes = communesByProvince.get(provinceCode);
  if (communes === undefined) throw new UnknownAdminUnitError('province', provinceCode);
  return communes;
}

/** The province a commune-level unit belongs to; throws {@link UnknownAdminUnitError} for an unknown commune. */
export function provinceOfCommune(communeCode: string): Province {
  return getProvince(getCommune(communeCode).provinceCode);
}

/**
 * The 3-digit province part of a personal identification number (Circular 59/2021/TT-BCA):
 * `"0"` + the province code, e.g. Hà Nội `01` → `001`. Throws {@link UnknownAdminUnitError}
 * for a code that is not a current province (such as a pre-2025 province merged away).
 */
export function personalIdProvinceCode(provinceCode: string): string {
  return `0${getProvince(provinceCode).code}`;
}

/** Whether `value` is the code of a province in this catalogue (a zod-free check). */
export function isProvinceCode(value: unknown): value is string {
  return typeof value === 'string' && provincesByCode.has(value);
}

/** Whether `value` is the code of a commune-level unit in this catalogue (a zod-free check). */
export function isCommuneCode(value: unknown): value is string {
  return typeof value === 'string' && communesByCode.has(value);
}
