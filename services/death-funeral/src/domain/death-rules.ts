/**
 * The civil-status office's declared policy for registering a death: pure rules from the command,
 * the facts loaded for it and the time. Each outcome has a stable code and a message in Vietnamese
 * and English; messages name the field at fault, never the people's data. Also the numbers the
 * death group issues: death certificates and benefit decisions.
 */
import { refusal as refuse, type Assessment } from '@lienthong/agency-kit/policy';
import type { DataOf, DeathRegistration } from '@lienthong/contracts';
import { vietnamCivilDate } from '@lienthong/working-days';
import { MAX_EXTRACT_NAME_LENGTH, nameKey, registeredName } from '@lienthong/signing';

export type DeathCommand = DataOf<typeof DeathRegistration.command>;

/** What the National Population Database holds about the deceased, as far as the rules need it. */
export interface DeceasedOnRecord {
  readonly fullName: string;
  readonly sex: 'male' | 'female';
  readonly dateOfBirth: string;
  readonly status: 'alive' | 'deceased';
  readonly dateOfDeath?: string | undefined;
}

export interface DeathFacts {
  /** The population database's record of the personal ID; undefined when it has none. */
  readonly person: DeceasedOnRecord | undefined;
  /** Certificate number of a death already registered here for this personal ID, or null. */
  readonly registeredDeath: string | null;
}

// The register's names, shared with every office that signs extracts.
export { MAX_EXTRACT_NAME_LENGTH, nameKey, registeredName };

/**
 * The rules, in order: a date of death in the future; a deceased the population database does not
 * know; a death already registered here (a person cannot die twice); a person the database already
 * records as dead; a deceased whose name, sex or date of birth the database contradicts, or who
 * would have died before being born; a name too long for the extract. Then a legal substitute for
 * the hospital's death notice goes to an officer, who checks the document; anything else is
 * registered.
 */
export function assessDeath(command: DeathCommand, facts: DeathFacts, now: Date): Assessment {
  const { deceased } = command;
  const today = vietnamCivilDate(now);
  if (deceased.dateOfDeath > today) {
    return refuse(
      'DEATH_DATE_IN_FUTURE',
      'Ngày chết sau ngày đăng ký khai tử',
      'The date of death is after the registration date (Vietnam time)',
    );
  }
  const { person } = facts;
  if (person === undefined) {
    return refuse(
      'DECEASED_NOT_FOUND',
      'Số định danh cá nhân của người chết không có trong Cơ sở dữ liệu quốc gia về dân cư',
      'The deceased’s personal ID number is not in the National Population Database',
    );
  }
  if (facts.registeredDeath !== null) {
    return refuse(
      'DEATH_ALREADY_REGISTERED',
      `Người này đã được đăng ký khai tử (số ${facts.registeredDeath}); một người không thể được khai tử hai lần`,
      `This person’s death is already registered (${facts.registeredDeath}); a death cannot be registered twice`,
    );
  }
  if (person.status === 'deceased') {
    return refuse(
      'ALREADY_DECEASED',
      'Cơ sở dữ liệu quốc gia về dân cư đã ghi nhận người này đã chết',
      'The National Population Database already records this person as deceased',
    );
  }
  const mismatches: { readonly vi: string; readonly en: string }[] = [];
  if (nameKey(deceased.fullName) !== nameKey(person.fullName)) {
    mismatches.push({ vi: 'họ tên', en: 'full name' });
  }
  if (deceased.sex !== person.sex) mismatches.push({ vi: 'giới tính', en: 'sex' });
  if (deceased.dateOfBirth !== person.dateOfBirth) mismatches.push({ vi: 'ngày sinh', en: 'date of birth' });
  if (mismatches.length > 0) {
    return refuse(
      'DECEASED_DATA_INCONSISTENT',
      'Thông tin người chết không khớp với Cơ sở dữ liệu quốc gia về dân cư: ' +
        mismatches.map((field) => field.vi).join(', '),
      'The deceased’s data contradict the National Population Database: ' +
        mismatches.map((field) => field.en).join(', '),
    );
  }
  if (deceased.dateOfDeath < deceased.dateOfBirth) {
    return refuse(
      'DECEASED_DATA_INCONSISTENT',
      'Thông tin người chết không hợp lệ: ngày chết trước ngày sinh',
      'The deceased’s data are inconsistent: the date of death is before the date of birth',
    );
  }
  if (registeredName(deceased.fullName).length > MAX_EXTRACT_NAME_LENGTH) {
    return refuse(
      'NAME_TOO_LONG',
      `Họ tên dài quá ${MAX_EXTRACT_NAME_LENGTH} ký tự, không ghi được vào trích lục khai tử`,
      `The full name is longer than ${MAX_EXTRACT_NAME_LENGTH} characters, which the death-certificate extract cannot hold`,
    );
  }
  if (command.deathNotice.kind === 'legal-substitute') {
    return {
      decision: 'ask-officer',
      reason: {
        code: 'VERIFICATION_REQUIRED',
        message: {
          vi: 'Hồ sơ dùng giấy tờ thay thế giấy báo tử; công chức hộ tịch kiểm tra giấy tờ này trước khi đăng ký khai tử',
          en: 'The dossier has a legal substitute for the death notice; a civil-status officer checks it before the death is registered',
        },
      },
    };
  }
  return { decision: 'approve' };
}

/** `KT-<commune code>-<year>-<6-digit sequence>`, e.g. `KT-00004-2026-000017`. */
export function deathCertificateNumber(communeCode: string, year: string, sequence: number): string {
  return numbered(certificateSequenceScope(communeCode, year), sequence, 'a certificate');
}

/** The scope of the gap-free sequence a death certificate number takes its number from. */
export function certificateSequenceScope(communeCode: string, year: string): string {
  return `KT-${communeCode}-${year}`;
}

/** A benefit decision: `MT` for a funeral benefit (mai táng), `TT` for a survivor allowance (tử tuất). */
export type BenefitDecisionKind = 'MT' | 'TT';

/** `<MT|TT>-<commune code>-<year>-<6-digit sequence>`, e.g. `MT-00004-2026-000001`. */
export function benefitDecisionNumber(
  kind: BenefitDecisionKind,
  communeCode: string,
  year: string,
  sequence: number,
): string {
  return numbered(decisionSequenceScope(kind, communeCode, year), sequence, 'a decision');
}

/** The scope of the gap-free sequence a benefit decision number takes its number from. */
export function decisionSequenceScope(kind: BenefitDecisionKind, communeCode: string, year: string): string {
  return `${kind}-${communeCode}-${year}`;
}

/** A recovery record after a revoked benefit (thu hồi): `TH-<commune code>-<year>-<6-digit sequence>`. */
export function recoveryNumber(communeCode: string, year: string, sequence: number): string {
  return numbered(recoverySequenceScope(communeCode, year), sequence, 'a recovery');
}

/** The scope of the gap-free sequence a recovery number takes its number from. */
export function recoverySequenceScope(communeCode: string, year: string): string {
  return `TH-${communeCode}-${year}`;
}

function numbered(scope: string, sequence: number, what: string): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`${what} sequence is 1..999999, got ${sequence}`);
  }
  return `${scope}-${String(sequence).padStart(6, '0')}`;
}
