/**
 * Provinces where a birth can be registered today: the 34 of the 1 July 2025 reorganisation,
 * with their codes per Decision 19/2025/QĐ-TTg (the same list as data/vn-admin-units-2025.json).
 * Older ID numbers carry codes of provinces that have since merged (e.g. 035 Hà Nam), so people
 * already on record are not checked against this list; new issuance is.
 */
export const CURRENT_PROVINCES = Object.freeze({
  '01': 'Hà Nội',
  '04': 'Cao Bằng',
  '08': 'Tuyên Quang',
  '11': 'Điện Biên',
  '12': 'Lai Châu',
  '14': 'Sơn La',
  '15': 'Lào Cai',
  '19': 'Thái Nguyên',
  '20': 'Lạng Sơn',
  '22': 'Quảng Ninh',
  '24': 'Bắc Ninh',
  '25': 'Phú Thọ',
  '31': 'Hải Phòng',
  '33': 'Hưng Yên',
  '37': 'Ninh Bình',
  '38': 'Thanh Hoá',
  '40': 'Nghệ An',
  '42': 'Hà Tĩnh',
  '44': 'Quảng Trị',
  '46': 'Huế',
  '48': 'Đà Nẵng',
  '51': 'Quảng Ngãi',
  '52': 'Gia Lai',
  '56': 'Khánh Hoà',
  '66': 'Đắk Lắk',
  '68': 'Lâm Đồng',
  '75': 'Đồng Nai',
  '79': 'Hồ Chí Minh',
  '80': 'Tây Ninh',
  '82': 'Đồng Tháp',
  '86': 'Vĩnh Long',
  '91': 'An Giang',
  '92': 'Cần Thơ',
  '96': 'Cà Mau',
} as const);

/** A current province code. */
export type CurrentProvinceCode = keyof typeof CURRENT_PROVINCES;

export const CURRENT_PROVINCE_CODES = Object.freeze(Object.keys(CURRENT_PROVINCES)) as readonly [
  CurrentProvinceCode,
  ...CurrentProvinceCode[],
];

export function isCurrentProvinceCode(code: string): code is CurrentProvinceCode {
  return Object.hasOwn(CURRENT_PROVINCES, code);
}
