/**
 * The content of the electronic death-certificate extract (trích lục khai tử điện tử) of a
 * registered death, before signing: the short member names of `DeathCertificateExtract`.
 */
import type { DeathCertificateExtract } from '@lienthong/signing';
import { registeredName } from './death-rules.ts';

/** A registered death, as the extract shows it. */
export interface RegisteredDeath {
  readonly certificateNumber: string;
  /** Vietnam civil date of registration, YYYY-MM-DD. */
  readonly registrationDate: string;
  readonly communeCode: string;
  readonly deceased: {
    readonly personalId: string;
    readonly fullName: string;
    readonly sex: 'male' | 'female';
    readonly dateOfBirth: string;
    readonly dateOfDeath: string;
    readonly placeOfDeath?: string | null | undefined;
  };
}

export function deathExtract(death: RegisteredDeath): DeathCertificateExtract {
  const { deceased } = death;
  const place = deceased.placeOfDeath ? registeredName(deceased.placeOfDeath) : '';
  return {
    v: 1,
    no: death.certificateNumber,
    rd: death.registrationDate,
    cc: death.communeCode,
    de: {
      n: registeredName(deceased.fullName),
      s: deceased.sex === 'male' ? 'M' : 'F',
      dob: deceased.dateOfBirth,
      pid: deceased.personalId,
      dod: deceased.dateOfDeath,
    },
    ...(place ? { pl: place } : {}),
  };
}

/** Who signs: the registering commune's People's Committee (Ủy ban nhân dân xã). */
export function extractIssuer(communeCode: string): string {
  return `ubnd-xa:${communeCode}`;
}
