import { describe, expect, it } from '@jest/globals';
import { assessDeletion, deletionNumber } from './deletion-policy.ts';

const residence = {
  source: 'population-database' as const,
  communeCode: '00004',
  address: 'Số 5 ngõ 12 phố Hàng Bông',
};

describe('deleting a deceased person’s permanent residence', () => {
  it('given a residence on record, then it is deleted by policy', () => {
    expect(assessDeletion({ residence, standingDeletion: null })).toEqual({ decision: 'approve' });
  });

  it('given no residence anywhere, then it is refused with NO_PERMANENT_RESIDENCE', () => {
    expect(assessDeletion({ residence: null, standingDeletion: null })).toMatchObject({
      decision: 'refuse',
      reason: { code: 'NO_PERMANENT_RESIDENCE' },
    });
  });

  it('given a deletion already standing from another dossier, then it is refused, not deleted twice', () => {
    expect(assessDeletion({ residence, standingDeletion: 'XT-00004-2026-000001' })).toMatchObject({
      decision: 'refuse',
      reason: { code: 'RESIDENCE_ALREADY_DELETED' },
    });
  });

  it('numbers deletions per commune and year', () => {
    expect(deletionNumber('00004', '2026', 3)).toBe('XT-00004-2026-000003');
  });
});
