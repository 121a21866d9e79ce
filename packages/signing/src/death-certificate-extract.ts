/**
 * The signed content of an electronic death-certificate extract (trích lục khai tử điện tử).
 * Member names are short because the whole extract travels in a QR code; each is described below
 * and in its `.describe()`:
 *
 * | member   | meaning                                                                          |
 * | -------- | -------------------------------------------------------------------------------- |
 * | `v`      | version of this structure, 1                                                     |
 * | `no`     | registration number as in the civil-status register, e.g. `KT-00004-2026-000017` |
 * | `rd`     | registration date, YYYY-MM-DD                                                    |
 * | `cc`     | code of the registering commune-level unit (5 digits)                            |
 * | `de.n`   | deceased's full name                                                             |
 * | `de.s`   | deceased's sex, `M` or `F`                                                       |
 * | `de.dob` | deceased's date of birth, YYYY-MM-DD                                             |
 * | `de.pid` | deceased's personal identification number (12 digits; always known)              |
 * | `de.dod` | date of death, YYYY-MM-DD, not before the date of birth                          |
 * | `pl`     | place of death, absent when not registered                                       |
 *
 * The registration date is not before the date of death, and the personal ID's century-sex digit
 * and year agree with the sex and date of birth. The signer adds `iss` (issuing authority) and
 * `iat` (issue time). Names are Unicode NFC so the same name is the same bytes whatever system
 * typed it.
 */
import { z } from 'zod';
import { personalIdMatches } from './birth-certificate-extract.ts';

/** Version of the structure; a new version is a new literal, old extracts keep verifying. */
export const DEATH_CERTIFICATE_EXTRACT_VERSION = 1;

/** Trimmed Unicode NFC text of at most `max` characters. */
const NormalisedText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => text.trim() === text && text.normalize('NFC') === text, {
      message: 'must be trimmed and in Unicode NFC',
    });

const IsoDate = z.iso.date();

/** The deceased as registered. */
export const DeathExtractDeceased = z
  .object({
    n: NormalisedText(100).describe("Deceased's full name as registered, e.g. NGUYỄN VĂN AN"),
    s: z.enum(['M', 'F']).describe("Deceased's sex: M male, F female"),
    dob: IsoDate.describe("Deceased's date of birth, YYYY-MM-DD"),
    pid: z
      .string()
      .regex(/^\d{12}$/)
      .describe("Deceased's 12-digit personal identification number (Circular 59/2021/TT-BCA)"),
    dod: IsoDate.describe('Date of death, YYYY-MM-DD'),
  })
  .strict()
  .superRefine((deceased, context) => {
    if (!personalIdMatches(deceased.pid, deceased.s, deceased.dob)) {
      context.addIssue({
        code: 'custom',
        path: ['pid'],
        message: "the personal ID's century-sex digit or birth year disagrees with the sex or date of birth",
      });
    }
    if (deceased.dod < deceased.dob) {
      context.addIssue({
        code: 'custom',
        path: ['dod'],
        message: 'the date of death cannot precede the date of birth',
      });
    }
  })
  .describe('The deceased');

/** The signed content of a death-certificate extract; the members are explained in the module doc. */
export const DeathCertificateExtract = z
  .object({
    v: z.literal(DEATH_CERTIFICATE_EXTRACT_VERSION).describe('Version of this structure'),
    no: z
      .string()
      .min(1)
      .max(40)
      .describe('Registration number as written in the civil-status register, e.g. KT-00004-2026-000017'),
    rd: IsoDate.describe('Registration date, YYYY-MM-DD'),
    cc: z
      .string()
      .regex(/^\d{5}$/)
      .describe('Code of the registering commune-level unit, 5 digits (Decision 19/2025/QĐ-TTg)'),
    de: DeathExtractDeceased,
    pl: NormalisedText(300)
      .optional()
      .describe('Place of death (hospital, address); absent when not registered'),
  })
  .strict()
  .refine((extract) => extract.de.dod <= extract.rd, {
    path: ['rd'],
    message: 'the registration date cannot precede the date of death',
  })
  .describe('Electronic death-certificate extract, as signed');

/** The signed content of a death-certificate extract. */
export type DeathCertificateExtract = z.infer<typeof DeathCertificateExtract>;
