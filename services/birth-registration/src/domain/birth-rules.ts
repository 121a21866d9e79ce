/**
 * The civil-status office's declared policy for registering a birth: pure rules from the
 * command, the facts loaded for it and the time. Each refusal has a stable code and a message in
 * Vietnamese and English; messages never carry the people's data.
 */
import { refusal as refuse, type Assessment } from '@lienthong/agency-kit/policy';
import { findCommune } from '@lienthong/admin-units';
import type { DataOf, RegisterBirth } from '@lienthong/contracts';
import { vietnamCivilDate } from '@lienthong/working-days';
import { MAX_EXTRACT_NAME_LENGTH, nameKey, registeredName } from '@lienthong/signing';

export type BirthCommand = DataOf<typeof RegisterBirth>;

/** What the population database holds about a parent, as far as the rules need it. */
export interface PersonOnRecord {
  readonly sex: 'male' | 'female';
  readonly dateOfBirth: string;
  readonly status: 'alive' | 'deceased';
  readonly dateOfDeath?: string | undefined;
}

/**
 * The parents as the population database knows them: `null` when it has no one under the number;
 * `father` is `undefined` when no father is declared. `skipped` when the database did not answer
 * (it checks the parents again when it issues the number, so registration does not wait for it).
 */
export type ParentCheck =
  | { readonly kind: 'skipped' }
  | {
      readonly kind: 'answered';
      readonly mother: PersonOnRecord | null;
      readonly father?: PersonOnRecord | null | undefined;
    };

export interface BirthFacts {
  /** Registrations of other dossiers for the same mother, date of birth and child name. */
  readonly sameChildRegistrations: readonly string[];
  readonly parents: ParentCheck;
}

// The register's names, shared with every office that signs extracts.
export { MAX_EXTRACT_NAME_LENGTH, nameKey, registeredName };

/** `KS-<commune code>-<year>-<6-digit sequence>`, e.g. `KS-00004-2026-000017`. */
export function certificateNumber(communeCode: string, year: string, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`a certificate sequence is 1..999999, got ${sequence}`);
  }
  return `KS-${communeCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The scope of the gap-free sequence a certificate number takes its number from. */
export function certificateSequenceScope(communeCode: string, year: string): string {
  return `KS-${communeCode}-${year}`;
}

/**
 * The rules, in order: what makes the registration impossible is refused first (unknown commune,
 * a date of birth in the future, a name too long for the extract, parents the population
 * database contradicts); a suspected duplicate goes to an officer (twins with the same name are
 * rare, but they exist); anything else is registered.
 */
export function assessBirth(command: BirthCommand, facts: BirthFacts, now: Date): Assessment {
  if (findCommune(command.communeCode) === undefined) {
    return refuse(
      'COMMUNE_NOT_FOUND',
      'Mã đơn vị hành chính cấp xã không có trong danh mục hiện hành',
      'The commune code is not in the current catalogue of administrative units',
    );
  }
  const today = vietnamCivilDate(now);
  if (command.child.dateOfBirth > today) {
    return refuse(
      'BIRTH_DATE_IN_FUTURE',
      'Ngày sinh của trẻ sau ngày đăng ký khai sinh',
      'The child’s date of birth is after the registration date (Vietnam time)',
    );
  }
  const names = [command.child.fullName, command.mother.fullName, command.father?.fullName];
  if (names.some((name) => name !== undefined && registeredName(name).length > MAX_EXTRACT_NAME_LENGTH)) {
    return refuse(
      'NAME_TOO_LONG',
      `Họ tên dài quá ${MAX_EXTRACT_NAME_LENGTH} ký tự, không ghi được vào trích lục khai sinh`,
      `A full name is longer than ${MAX_EXTRACT_NAME_LENGTH} characters, which the birth-certificate extract cannot hold`,
    );
  }
  const parents = assessParents(command, facts.parents);
  if (parents) return parents;
  const [existing] = facts.sameChildRegistrations;
  if (existing !== undefined) {
    return {
      decision: 'ask-officer',
      reason: {
        code: 'SUSPECTED_DUPLICATE',
        message: {
          vi:
            `Người mẹ đã được đăng ký khai sinh cho một trẻ cùng họ tên và ngày sinh (số ${existing}); ` +
            'cán bộ hộ tịch xem xét là sinh đôi hay đăng ký trùng',
          en:
            `The mother already has a registered birth of a child with the same name and date of birth (${existing}); ` +
            'a civil-status officer decides whether these are twins or a duplicate',
        },
      },
    };
  }
  return { decision: 'approve' };
}

function assessParents(command: BirthCommand, check: ParentCheck): Assessment | undefined {
  if (check.kind === 'skipped') return undefined;
  const dateOfBirth = command.child.dateOfBirth;
  const { mother } = check;
  if (mother === null) {
    return refuse(
      'MOTHER_NOT_FOUND',
      'Số định danh cá nhân của người mẹ không có trong Cơ sở dữ liệu quốc gia về dân cư',
      'The mother’s personal ID number is not in the National Population Database',
    );
  }
  if (command.father && check.father === null) {
    return refuse(
      'FATHER_NOT_FOUND',
      'Số định danh cá nhân của người cha không có trong Cơ sở dữ liệu quốc gia về dân cư',
      'The father’s personal ID number is not in the National Population Database',
    );
  }
  if (mother.sex !== 'female') {
    return inconsistent(
      'người mẹ không phải là nữ theo Cơ sở dữ liệu quốc gia về dân cư',
      'the mother is not recorded as a woman in the National Population Database',
    );
  }
  if (mother.dateOfBirth >= dateOfBirth) {
    return inconsistent(
      'ngày sinh của người mẹ không trước ngày sinh của trẻ',
      'the mother’s recorded date of birth is not before the child’s',
    );
  }
  if (mother.status === 'deceased' && mother.dateOfDeath !== undefined && mother.dateOfDeath < dateOfBirth) {
    return inconsistent(
      'người mẹ đã chết trước ngày sinh của trẻ theo Cơ sở dữ liệu quốc gia về dân cư',
      'the mother is recorded as deceased before the child’s date of birth',
    );
  }
  const father = command.father ? check.father : undefined;
  if (father) {
    if (father.sex !== 'male') {
      return inconsistent(
        'người cha không phải là nam theo Cơ sở dữ liệu quốc gia về dân cư',
        'the father is not recorded as a man in the National Population Database',
      );
    }
    if (father.dateOfBirth >= dateOfBirth) {
      return inconsistent(
        'ngày sinh của người cha không trước ngày sinh của trẻ',
        'the father’s recorded date of birth is not before the child’s',
      );
    }
  }
  return undefined;
}

function inconsistent(vi: string, en: string): Assessment {
  return refuse(
    'PARENT_DATA_INCONSISTENT',
    `Thông tin cha, mẹ không khớp với việc khai sinh: ${vi}`,
    `The parents’ records contradict the birth: ${en}`,
  );
}
