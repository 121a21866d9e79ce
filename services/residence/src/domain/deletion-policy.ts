import { refusal as refuse, type Assessment } from '@lienthong/agency-kit/policy';
import type { DataOf, ResidenceDeletion } from '@lienthong/contracts';

export type DeletionCommand = DataOf<typeof ResidenceDeletion.command>;

/** Where the deceased's permanent residence is recorded. */
export type KnownResidence =
  | {
      readonly source: 'register';
      readonly recordNumber: string;
      readonly communeCode: string;
      readonly address: string;
    }
  | { readonly source: 'population-database'; readonly communeCode: string; readonly address: string };

export interface DeletionFacts {
  /** The permanent residence to delete, from this register first, else the population database. */
  readonly residence: KnownResidence | null;
  /** A deletion of this person's residence already standing, from another dossier. */
  readonly standingDeletion: string | null;
}

/**
 * The police's declared policy for deleting a deceased person's permanent residence (the death
 * registration is done, so the death itself is not re-examined here):
 * 1. a residence already deleted for this death (another dossier) is not deleted twice;
 * 2. a person with no permanent residence on record has nothing to delete: refused, with why;
 * 3. otherwise the residence is deleted by policy.
 */
export function assessDeletion(facts: DeletionFacts): Assessment {
  if (facts.standingDeletion) {
    return refuse(
      'RESIDENCE_ALREADY_DELETED',
      'Thường trú của người chết đã được xóa theo một hồ sơ khác',
      'The deceased’s permanent residence was already deleted through another dossier',
    );
  }
  if (!facts.residence) {
    return refuse(
      'NO_PERMANENT_RESIDENCE',
      'Không tìm thấy nơi thường trú của người chết trong sổ đăng ký và Cơ sở dữ liệu quốc gia về dân cư',
      'No permanent residence of the deceased is recorded, neither in this register nor in the population database',
    );
  }
  return { decision: 'approve' };
}

/** The sequence scope of deletion numbers: per commune of the residence and year. */
export function deletionNumberScope(communeCode: string, year: string): string {
  return `XT-${communeCode}-${year}`;
}

/** A deletion number: `XT-<commune>-<year>-<6-digit sequence>`, e.g. XT-00004-2026-000003. */
export function deletionNumber(communeCode: string, year: string, sequence: number): string {
  return `${deletionNumberScope(communeCode, year)}-${String(sequence).padStart(6, '0')}`;
}
