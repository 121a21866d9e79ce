/**
 * The content of the electronic birth-certificate extract (trích lục khai sinh điện tử) of a
 * registered birth, before signing: the short member names of `BirthCertificateExtract`.
 */
import { PERSONAL_ID_PENDING, type BirthCertificateExtract } from '@lienthong/signing';
import { registeredName } from './birth-rules.ts';

/** A registered birth, as the extract shows it. */
export interface RegisteredBirth {
  readonly certificateNumber: string;
  /** Vietnam civil date of registration, YYYY-MM-DD. */
  readonly registrationDate: string;
  readonly communeCode: string;
  readonly child: {
    readonly fullName: string;
    readonly sex: 'male' | 'female';
    readonly dateOfBirth: string;
  };
  readonly motherFullName: string;
  readonly fatherFullName?: string | null | undefined;
}

export function birthExtract(birth: RegisteredBirth, personalId: string | null): BirthCertificateExtract {
  return {
    v: 1,
    no: birth.certificateNumber,
    rd: birth.registrationDate,
    cc: birth.communeCode,
    ch: {
      n: registeredName(birth.child.fullName),
      s: birth.child.sex === 'male' ? 'M' : 'F',
      dob: birth.child.dateOfBirth,
      pid: personalId ?? PERSONAL_ID_PENDING,
    },
    mo: registeredName(birth.motherFullName),
    ...(birth.fatherFullName ? { fa: registeredName(birth.fatherFullName) } : {}),
  };
}

/** Who signs: the registering commune's People's Committee (Ủy ban nhân dân xã). */
export function extractIssuer(communeCode: string): string {
  return `ubnd-xa:${communeCode}`;
}
