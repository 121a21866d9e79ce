/**
 * Personal identification numbers (số định danh cá nhân) per Circular 59/2021/TT-BCA, art. 7:
 *
 *   PPP C YY RRRRRR
 *   │   │ │  └ 6 random digits
 *   │   │ └ last two digits of the birth year
 *   │   └ century-and-sex digit: 20th century (1900–1999) male 0 / female 1, 21st 2/3, 22nd 4/5,
 *   │     23rd 6/7, 24th 8/9
 *   └ "0" + the 2-digit code of the province where the birth was registered (Hà Nội 01 → 001)
 *
 * Pure: randomness is passed in, so a test can pin the random part.
 */

/** Sex as the population database records it. */
export type Sex = 'male' | 'female';

/** Twelve digits. */
export const PERSONAL_ID_PATTERN = /^\d{12}$/;

/** A 2-digit province code, e.g. `01` (Hà Nội). */
export const PROVINCE_CODE_PATTERN = /^\d{2}$/;

/** The first and last birth years the century-and-sex digit can encode (20th to 24th century). */
export const FIRST_ENCODABLE_YEAR = 1900;
export const LAST_ENCODABLE_YEAR = 2399;

const RANDOM_PART_SIZE = 1_000_000;

/** Returns a whole number in [0, maxExclusive); `crypto.randomInt` in production. */
export type RandomInt = (maxExclusive: number) => number;

/** The century-and-sex digit for a birth year, or undefined outside 1900–2399. */
export function centurySexDigit(birthYear: number, sex: Sex): number | undefined {
  if (!Number.isInteger(birthYear) || birthYear < FIRST_ENCODABLE_YEAR || birthYear > LAST_ENCODABLE_YEAR) {
    return undefined;
  }
  const centuryIndex = Math.floor(birthYear / 100) - 19;
  return centuryIndex * 2 + (sex === 'female' ? 1 : 0);
}

/** The year of an ISO date `YYYY-MM-DD`. */
export function birthYearOf(dateOfBirth: string): number {
  return Number(dateOfBirth.slice(0, 4));
}

/** What an ID number's first six digits encode. */
export interface PersonalIdPrefix {
  /** 2-digit province code of the birth registration. */
  readonly provinceCode: string;
  readonly sex: Sex;
  readonly birthYear: number;
}

/** The 6-digit prefix (province, century-and-sex, year) a person's number must start with. */
export function personalIdPrefix(prefix: PersonalIdPrefix): string {
  if (!PROVINCE_CODE_PATTERN.test(prefix.provinceCode)) {
    throw new RangeError(`Province code must be 2 digits, got ${JSON.stringify(prefix.provinceCode)}`);
  }
  const digit = centurySexDigit(prefix.birthYear, prefix.sex);
  if (digit === undefined) {
    throw new RangeError(
      `Birth year ${prefix.birthYear} is outside ${FIRST_ENCODABLE_YEAR}–${LAST_ENCODABLE_YEAR}`,
    );
  }
  const yearDigits = String(prefix.birthYear % 100).padStart(2, '0');
  return `0${prefix.provinceCode}${digit}${yearDigits}`;
}

/**
 * A new ID number for a person: the prefix their data determines plus 6 random digits.
 * Uniqueness is not known here; the database enforces it and the caller draws again on a clash.
 */
export function generatePersonalId(prefix: PersonalIdPrefix, randomInt: RandomInt): string {
  const random = randomInt(RANDOM_PART_SIZE);
  if (!Number.isInteger(random) || random < 0 || random >= RANDOM_PART_SIZE) {
    throw new RangeError(`randomInt returned ${random}, outside [0, ${RANDOM_PART_SIZE})`);
  }
  return personalIdPrefix(prefix) + String(random).padStart(6, '0');
}

/** What an ID number encodes, when it is well-formed. */
export interface DecodedPersonalId extends PersonalIdPrefix {
  readonly randomPart: string;
}

/** Decodes a 12-digit number; undefined when it is not 12 digits or its first digit is not 0. */
export function decodePersonalId(personalId: string): DecodedPersonalId | undefined {
  if (!PERSONAL_ID_PATTERN.test(personalId) || !personalId.startsWith('0')) return undefined;
  const digit = Number(personalId[3]);
  const century = 19 + Math.floor(digit / 2);
  return {
    provinceCode: personalId.slice(1, 3),
    sex: digit % 2 === 1 ? 'female' : 'male',
    birthYear: century * 100 + Number(personalId.slice(4, 6)),
    randomPart: personalId.slice(6),
  };
}

/** One way an ID number disagrees with the person it is claimed for. */
export interface PersonalIdMismatch {
  readonly rule: 'format' | 'province' | 'sex' | 'birth_year';
  readonly message: string;
}

/**
 * Checks that `personalId` is well-formed and encodes the person's sex, birth year and (when
 * given) province of birth registration. Empty when consistent.
 */
export function checkPersonalId(
  personalId: string,
  person: { readonly sex: Sex; readonly dateOfBirth: string; readonly provinceCode?: string | undefined },
): PersonalIdMismatch[] {
  const decoded = decodePersonalId(personalId);
  if (decoded === undefined) {
    return [{ rule: 'format', message: 'must be 12 digits starting with 0' }];
  }
  const mismatches: PersonalIdMismatch[] = [];
  const birthYear = birthYearOf(person.dateOfBirth);
  if (decoded.provinceCode === '00') {
    mismatches.push({ rule: 'province', message: 'digits 2–3 must be a province code, not 00' });
  }
  if (person.provinceCode !== undefined && decoded.provinceCode !== person.provinceCode) {
    mismatches.push({
      rule: 'province',
      message: `digits 1–3 must be 0${person.provinceCode}, the province of birth registration`,
    });
  }
  if (decoded.sex !== person.sex) {
    mismatches.push({
      rule: 'sex',
      message: `digit 4 must be ${person.sex === 'female' ? 'odd' : 'even'} for a ${person.sex}`,
    });
  }
  const expectedDigit = centurySexDigit(birthYear, person.sex);
  if (expectedDigit === undefined) {
    mismatches.push({
      rule: 'birth_year',
      message: `birth year must be within ${FIRST_ENCODABLE_YEAR}–${LAST_ENCODABLE_YEAR}`,
    });
  } else if (decoded.birthYear !== birthYear) {
    mismatches.push({
      rule: 'birth_year',
      message: `digits 4–6 must encode the birth year ${birthYear} (${expectedDigit}${String(birthYear % 100).padStart(2, '0')})`,
    });
  }
  return mismatches;
}
