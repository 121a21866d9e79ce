import { refusal as refuse, type Assessment } from '@lienthong/agency-kit/policy';
import type { DataOf, RegisterPermanentResidence } from '@lienthong/contracts';

export type ResidenceCommand = DataOf<typeof RegisterPermanentResidence>;

export interface ResidenceFacts {
  /** The permanent residence record the child already holds from another dossier, if any. */
  readonly existingRecordNumber: string | null;
}

/** The household head is the child's mother or father: the child lives with a parent. */
export function headIsParent(command: ResidenceCommand): boolean {
  const head = command.residence.householdHeadPersonalId;
  return head === command.motherPersonalId || head === command.fatherPersonalId;
}

/**
 * The commune police's declared policy for a newborn's permanent residence:
 * 1. a child already holding a permanent residence record is not registered again;
 * 2. a child joining the household of someone who is neither parent needs that head's consent;
 * 3. a child joining a parent's household is that head's `child`;
 * 4. consent given by a head who is not a parent is checked by an officer (registration "with
 *    verification", ≤ 5 working days); everything else is approved by policy (≤ 2 working days).
 * Each refusal has a stable code and its reason in Vietnamese and English.
 */
export function assessResidence(command: ResidenceCommand, facts: ResidenceFacts): Assessment {
  if (facts.existingRecordNumber) {
    return refuse(
      'ALREADY_REGISTERED',
      'Trẻ đã có hồ sơ đăng ký thường trú; không đăng ký thường trú lần nữa',
      'The child already holds a permanent residence record; it is not registered again',
    );
  }
  const { householdHeadConsent, relationshipToHouseholdHead } = command.residence;
  if (!headIsParent(command)) {
    if (!householdHeadConsent) {
      return refuse(
        'HOUSEHOLD_HEAD_CONSENT_MISSING',
        'Trẻ không ở cùng cha hoặc mẹ nên cần có ý kiến đồng ý của chủ hộ',
        'The child will not live with a parent, so the household head’s consent is required',
      );
    }
    return {
      decision: 'ask-officer',
      reason: {
        code: 'VERIFICATION_REQUIRED',
        message: {
          vi: 'Trẻ không ở cùng cha hoặc mẹ; cán bộ cần xác minh ý kiến đồng ý của chủ hộ',
          en: 'The child will not live with a parent; an officer must verify the household head’s consent',
        },
      },
    };
  }
  if (relationshipToHouseholdHead !== 'child') {
    return refuse(
      'RELATIONSHIP_INCONSISTENT',
      'Chủ hộ là cha hoặc mẹ của trẻ nên quan hệ với chủ hộ phải là "con"',
      'The household head is the child’s parent, so the relationship to the head must be "child"',
    );
  }
  return { decision: 'approve' };
}

/** The sequence scope of residence record numbers: per commune and year. */
export function recordNumberScope(communeCode: string, year: string): string {
  return `TT-${communeCode}-${year}`;
}

/** A residence record number: `TT-<commune>-<year>-<6-digit sequence>`, e.g. TT-00004-2026-000017. */
export function residenceRecordNumber(communeCode: string, year: string, sequence: number): string {
  return `${recordNumberScope(communeCode, year)}-${String(sequence).padStart(6, '0')}`;
}
