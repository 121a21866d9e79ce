import { describe, expect, it } from '@jest/globals';
import { assessChildCard, birthday, childCard, type ChildCardCommand } from './child-card-policy.ts';

const command: ChildCardCommand = {
  dossierId: 'LT20261123-AAAA0001',
  applicationDate: '2026-11-23',
  communeCode: '00004',
  child: { personalId: '001326004517', fullName: 'Trần Bảo An', sex: 'female', dateOfBirth: '2026-11-20' },
  birthCertificateNumber: 'KS-00004-2026-000017',
};
const noCard = { existingCardNumber: null };

describe('the first BHYT card of a child under 6', () => {
  it('given a newborn without a card, then it is approved by policy', () => {
    expect(assessChildCard(command, noCard)).toEqual({ decision: 'approve' });
  });

  it('given a child turning 6 on the application date, then it is refused with CHILD_NOT_UNDER_SIX', () => {
    const six = { ...command, child: { ...command.child, dateOfBirth: '2020-11-23' } };
    expect(assessChildCard(six, noCard)).toMatchObject({
      decision: 'refuse',
      reason: { code: 'CHILD_NOT_UNDER_SIX' },
    });
    const dayBefore = { ...command, child: { ...command.child, dateOfBirth: '2020-11-24' } };
    expect(assessChildCard(dayBefore, noCard)).toEqual({ decision: 'approve' });
  });

  it('given a child who already has a card, then it is refused: only a first card', () => {
    expect(assessChildCard(command, { existingCardNumber: 'TE1010126004517' })).toMatchObject({
      reason: { code: 'NOT_A_FIRST_CARD', message: { en: expect.stringMatching(/first card/) } },
    });
  });

  it('issues a card valid until the day before the 6th birthday, numbered from province and personal ID', () => {
    expect(childCard(command, '01')).toEqual({
      cardNumber: 'TE1011326004517',
      socialInsuranceNumber: '1326004517',
      validFrom: '2026-11-23',
      validTo: '2032-11-19',
    });
    expect(birthday('2024-02-29', 6)).toBe('2030-03-01');
  });
});
