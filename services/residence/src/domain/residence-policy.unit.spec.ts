import { describe, expect, it } from '@jest/globals';
import {
  assessResidence,
  headIsParent,
  recordNumberScope,
  residenceRecordNumber,
  type ResidenceCommand,
} from './residence-policy.ts';

const MOTHER = '001194003582';
const FATHER = '001091012467';
const GRANDMOTHER = '001165007731';

const command: ResidenceCommand = {
  dossierId: 'LT20261123-AAAA0001',
  child: { personalId: '001326004517', fullName: 'Trần Bảo An', sex: 'female', dateOfBirth: '2026-11-20' },
  motherPersonalId: MOTHER,
  fatherPersonalId: FATHER,
  residence: {
    communeCode: '00004',
    address: 'Số 18 phố Phan Đình Phùng',
    householdHeadPersonalId: FATHER,
    relationshipToHouseholdHead: 'child',
    householdHeadConsent: false,
  },
};
const notRegistered = { existingRecordNumber: null };

function withResidence(residence: Partial<ResidenceCommand['residence']>): ResidenceCommand {
  return { ...command, residence: { ...command.residence, ...residence } };
}

describe('permanent residence of a newborn', () => {
  it('given a child joining the father’s household as his child, then it is approved by policy', () => {
    expect(assessResidence(command, notRegistered)).toEqual({ decision: 'approve' });
  });

  it('given a child joining the mother’s household, then it is approved without the head’s consent', () => {
    const withMother = withResidence({ householdHeadPersonalId: MOTHER, householdHeadConsent: false });
    expect(assessResidence(withMother, notRegistered)).toEqual({ decision: 'approve' });
  });

  it('given a mother without a declared father heading the household, then it is approved', () => {
    const { fatherPersonalId: _father, ...noFather } = withResidence({ householdHeadPersonalId: MOTHER });
    expect(assessResidence(noFather, notRegistered)).toEqual({ decision: 'approve' });
  });

  it('given a head who is neither parent and no consent, then it is refused with HOUSEHOLD_HEAD_CONSENT_MISSING', () => {
    const grandmother = withResidence({
      householdHeadPersonalId: GRANDMOTHER,
      relationshipToHouseholdHead: 'grandchild',
      householdHeadConsent: false,
    });
    expect(assessResidence(grandmother, notRegistered)).toEqual({
      decision: 'refuse',
      reason: {
        code: 'HOUSEHOLD_HEAD_CONSENT_MISSING',
        message: { vi: expect.stringMatching(/đồng ý của chủ hộ/), en: expect.stringMatching(/consent/) },
      },
    });
  });

  it('given a head who is neither parent but consented, then an officer verifies (VERIFICATION_REQUIRED)', () => {
    const grandmother = withResidence({
      householdHeadPersonalId: GRANDMOTHER,
      relationshipToHouseholdHead: 'grandchild',
      householdHeadConsent: true,
    });
    expect(assessResidence(grandmother, notRegistered)).toEqual({
      decision: 'ask-officer',
      reason: {
        code: 'VERIFICATION_REQUIRED',
        message: { vi: expect.stringMatching(/xác minh/), en: expect.stringMatching(/verify/) },
      },
    });
  });

  it('given no father and a head who is not the mother, then the head is not a parent', () => {
    const { fatherPersonalId: _father, ...noFather } = withResidence({
      householdHeadPersonalId: FATHER,
      relationshipToHouseholdHead: 'other',
      householdHeadConsent: true,
    });
    expect(headIsParent(noFather)).toBe(false);
    expect(assessResidence(noFather, notRegistered)).toMatchObject({
      decision: 'ask-officer',
      reason: { code: 'VERIFICATION_REQUIRED' },
    });
  });

  it('given a child already holding a residence record, then it is refused with ALREADY_REGISTERED', () => {
    expect(assessResidence(command, { existingRecordNumber: 'TT-00004-2026-000001' })).toMatchObject({
      decision: 'refuse',
      reason: { code: 'ALREADY_REGISTERED', message: { en: expect.stringMatching(/already/) } },
    });
  });

  it('given an already registered child joining a non-parent’s household, then ALREADY_REGISTERED wins', () => {
    const grandmother = withResidence({
      householdHeadPersonalId: GRANDMOTHER,
      relationshipToHouseholdHead: 'grandchild',
      householdHeadConsent: true,
    });
    expect(assessResidence(grandmother, { existingRecordNumber: 'TT-00004-2026-000001' })).toMatchObject({
      reason: { code: 'ALREADY_REGISTERED' },
    });
  });

  it.each(['grandchild', 'niece-nephew', 'sibling', 'other-relative', 'other'] as const)(
    'given a parent heading the household and the relationship %s, then it is refused with RELATIONSHIP_INCONSISTENT',
    (relationshipToHouseholdHead) => {
      expect(assessResidence(withResidence({ relationshipToHouseholdHead }), notRegistered)).toEqual({
        decision: 'refuse',
        reason: {
          code: 'RELATIONSHIP_INCONSISTENT',
          message: { vi: expect.stringMatching(/con/), en: expect.stringMatching(/child/) },
        },
      });
    },
  );

  it('numbers records per commune and year with a 6-digit sequence', () => {
    expect(recordNumberScope('00004', '2026')).toBe('TT-00004-2026');
    expect(residenceRecordNumber('00004', '2026', 17)).toBe('TT-00004-2026-000017');
    expect(residenceRecordNumber('26734', '2027', 123456)).toBe('TT-26734-2027-123456');
  });
});
