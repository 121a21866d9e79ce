/**
 * The signed content of an electronic birth-certificate extract (trích lục khai sinh điện tử).
 * Member names are short because the whole extract travels in a QR code; each is described below
 * and in its `.describe()`:
 *
 * | member    | meaning                                                              |
 * | --------- | -------------------------------------------------------------------- |
 * | `v`       | version of this structure, 1                                         |
 * | `no`      | registration number as in the civil-status register, e.g. `125/2026` |
 * | `rd`      | registration date, YYYY-MM-DD                                        |
 * | `cc`      | code of the registering commune-level unit (5 digits)                |
 * | `ch.n`    | child's full name                                                    |
 * | `ch.s`    | child's sex, `M` or `F`                                              |
 * | `ch.dob`  | child's date of birth, YYYY-MM-DD                                    |
 * | `ch.pid`  | child's personal identification number, or `pending`                 |
 * | `mo`/`fa` | mother's / father's full name, absent when not registered            |
 *
 * The signer adds `iss` (issuing authority) and `iat` (issue time). Names are Unicode NFC so the
 * same name is the same bytes whatever system typed it.
 */
import { z } from 'zod';

/** Version of the structure; a new version is a new literal, old extracts keep verifying. */
export const BIRTH_CERTIFICATE_EXTRACT_VERSION = 1;

/** The placeholder while the population database has not yet assigned the child's number. */
export const PERSONAL_ID_PENDING = 'pending';

const PersonName = z
  .string()
  .min(1)
  .max(100)
  .refine((name) => name.trim() === name && name.normalize('NFC') === name, {
    message: 'must be trimmed and in Unicode NFC',
  });

const IsoDate = z.iso.date();

/**
 * A 12-digit personal identification number (Circular 59/2021/TT-BCA): province code (3), century
 * and sex (1: 0/1 for the 1900s, 2/3 for the 2000s, 4/5 for the 2100s, even male, odd female),
 * the last two digits of the birth year (2), then 6 random digits.
 */
const PersonalIdNumber = z.string().regex(/^\d{12}$/);

/** Does the personal ID's century-sex digit and year agree with the date of birth and sex? */
export function personalIdMatches(pid: string, sex: 'M' | 'F', dateOfBirth: string): boolean {
  const year = Number(dateOfBirth.slice(0, 4));
  const centuryIndex = Math.floor(year / 100) - 19; // 1900s → 0, 2000s → 1, 2100s → 2
  if (centuryIndex < 0 || centuryIndex > 2) return false;
  const expectedDigit = centuryIndex * 2 + (sex === 'F' ? 1 : 0);
  return pid[3] === String(expectedDigit) && pid.slice(4, 6) === String(year % 100).padStart(2, '0');
}

/** The child as registered. */
export const BirthExtractChild = z
  .object({
    n: PersonName.describe("Child's full name as registered, e.g. NGUYỄN THỊ MINH ANH"),
    s: z.enum(['M', 'F']).describe("Child's sex: M male, F female"),
    dob: IsoDate.describe("Child's date of birth, YYYY-MM-DD"),
    pid: z
      .union([PersonalIdNumber, z.literal(PERSONAL_ID_PENDING)])
      .describe(
        "Child's 12-digit personal identification number, or `pending` when the population database " +
          'has not assigned it yet (the extract stays valid; the number is attached later)',
      ),
  })
  .strict()
  .superRefine((child, context) => {
    if (child.pid !== PERSONAL_ID_PENDING && !personalIdMatches(child.pid, child.s, child.dob)) {
      context.addIssue({
        code: 'custom',
        path: ['pid'],
        message: "the personal ID's century-sex digit or birth year disagrees with the sex or date of birth",
      });
    }
  })
  .describe('The child');

/** The signed content of a birth-certificate extract; the members are explained in the module doc. */
export const BirthCertificateExtract = z
  .object({
    v: z.literal(BIRTH_CERTIFICATE_EXTRACT_VERSION).describe('Version of this structure'),
    no: z
      .string()
      .min(1)
      .max(40)
      .describe('Registration number as written in the civil-status register, e.g. 125/2026'),
    rd: IsoDate.describe('Registration date, YYYY-MM-DD'),
    cc: z
      .string()
      .regex(/^\d{5}$/)
      .describe('Code of the registering commune-level unit, 5 digits (Decision 19/2025/QĐ-TTg)'),
    ch: BirthExtractChild,
    mo: PersonName.optional().describe("Mother's full name; absent when no mother is registered"),
    fa: PersonName.optional().describe("Father's full name; absent when no father is registered"),
  })
  .strict()
  .refine((extract) => extract.ch.dob <= extract.rd, {
    path: ['rd'],
    message: 'the registration date cannot precede the date of birth',
  })
  .describe('Electronic birth-certificate extract, as signed');

/** The signed content of a birth-certificate extract. */
export type BirthCertificateExtract = z.infer<typeof BirthCertificateExtract>;
