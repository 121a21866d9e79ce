import { describe, expect, it } from '@jest/globals';
import { completedAsExpected, lastSeen, undoneInFull, viewProblems } from './outcome.ts';

const DEATH = ['death-registration', 'residence-deletion', 'funeral-benefit', 'survivor-allowance'];
const steps = (status: string, ...others: [string, string][]) => [
  ...DEATH.filter((service) => !others.some(([name]) => name === service)).map((service) => ({
    service,
    status,
  })),
  ...others.map(([service, stepStatus]) => ({ service, status: stepStatus })),
];

describe('completedAsExpected', () => {
  it('wants `completed` with exactly the saga’s steps, each succeeded', () => {
    expect(completedAsExpected('completed', steps('succeeded'), DEATH)).toBe(true);
    expect(completedAsExpected('completed', steps('succeeded', ['funeral-benefit', 'refused']), DEATH)).toBe(
      false,
    );
    expect(completedAsExpected('completed', steps('succeeded').slice(1), DEATH)).toBe(false);
    expect(completedAsExpected('partially_completed', steps('succeeded'), DEATH)).toBe(false);
  });
});

describe('undoneInFull', () => {
  it('wants `refused` with every step compensated', () => {
    expect(undoneInFull('refused', steps('compensated'))).toBe(true);
    expect(undoneInFull('refused', steps('compensated', ['survivor-allowance', 'compensation_failed']))).toBe(
      false,
    );
    expect(undoneInFull('failed', steps('compensated'))).toBe(false);
    expect(undoneInFull('refused', [])).toBe(false);
  });
});

describe('lastSeen', () => {
  const goal = { status: 'completed', stepStatus: 'succeeded' };
  it('names the status, and the steps that were off when the status was the goal’s', () => {
    expect(lastSeen(undefined, [], goal)).toBe('no event');
    expect(lastSeen('in_progress', steps('pending'), goal)).toBe('in_progress');
    expect(lastSeen('completed', steps('succeeded', ['funeral-benefit', 'refused']), goal)).toBe(
      'completed: funeral-benefit refused',
    );
    expect(lastSeen('partially_completed', steps('succeeded', ['funeral-benefit', 'refused']), goal)).toBe(
      'partially_completed: funeral-benefit refused',
    );
    expect(lastSeen('refused', steps('compensated'), { status: 'refused', stepStatus: 'compensated' })).toBe(
      'refused: other steps than expected',
    );
  });
});

describe('viewProblems', () => {
  const expected = {
    steps: DEATH,
    requiredResults: ['deathCertificateNumber', 'funeralBenefitAmount'],
    expectedResults: { funeralBenefitAmount: 23_400_000 },
  };
  const results = { deathCertificateNumber: 'KT-00004-2026-000001', funeralBenefitAmount: 23_400_000 };

  it('is undefined for a dossier completed as expected', () => {
    expect(
      viewProblems({ status: 'completed', steps: steps('succeeded'), results }, expected),
    ).toBeUndefined();
  });

  it('says what is off: status, steps, missing and wrong results', () => {
    expect(
      viewProblems(
        {
          status: 'completed',
          steps: steps('succeeded'),
          results: { funeralBenefitAmount: 10_000_000 },
        },
        expected,
      ),
    ).toBe(
      'completed, 4/4 steps succeeded, missing deathCertificateNumber, funeralBenefitAmount 10000000 instead of 23400000',
    );
    expect(
      viewProblems(
        { status: 'refused', steps: steps('refused'), results: {} },
        { ...expected, expectedResults: {} },
      ),
    ).toBe('refused, 0/4 steps succeeded, missing deathCertificateNumber, funeralBenefitAmount');
  });
});
