import { describe, expect, it } from '@jest/globals';
import { FuneralBenefit } from '@lienthong/contracts';
import {
  DEFAULT_FUNERAL_POLICY,
  decideFuneralBenefit,
  type FuneralBenefitDecision,
  type FuneralBenefitInput,
  type FuneralPolicy,
} from './funeral-benefit.ts';
import type {
  MeritRecord,
  SocialInsuranceRecord,
  SocialProtectionProgramme,
  SocialProtectionRecord,
} from './records.ts';

const deceased = { dateOfBirth: '1950-03-10', dateOfDeath: '2024-08-15' };
const nothing: FuneralBenefitInput = {
  deceased,
  socialInsurance: null,
  socialProtection: null,
  merit: null,
};
const contributor: SocialInsuranceRecord = {
  status: 'contributing',
  compulsoryContributionMonths: 0,
  voluntaryContributionMonths: 0,
  contributionMonthsBefore2014: 0,
  averageMonthlySalary: 9_800_000,
  monthlyPension: null,
  pensionStartDate: null,
};
const pensioner: SocialInsuranceRecord = {
  ...contributor,
  status: 'pensioner',
  compulsoryContributionMonths: 360,
  contributionMonthsBefore2014: 300,
  monthlyPension: 8_000_000,
  pensionStartDate: '2010-04-01',
};
const assistance: SocialProtectionProgramme = {
  kind: 'monthly-social-assistance',
  since: '2022-01-01',
  until: null,
  monthlyAmount: 500_000,
};
const onAssistance: SocialProtectionRecord = { programmes: [assistance] };
const merit: MeritRecord = {
  category: 'resistance-activist',
  recognisedOn: '1995-07-27',
  receivesMonthlyAllowance: true,
};

const given = (input: Partial<FuneralBenefitInput>): FuneralBenefitInput => ({ ...nothing, ...input });
const granted = (decision: FuneralBenefitDecision) => {
  if (decision.kind !== 'granted') throw new Error(`expected a grant, got ${decision.reason.code}`);
  return decision;
};
const routeOf = (decision: FuneralBenefitDecision, route: string) => {
  const entry = decision.considered.find((considered) => considered.route === route);
  if (entry === undefined) throw new Error(`route ${route} not considered`);
  return entry;
};

describe('the funeral benefit, Social Security’s funeral allowance', () => {
  it('given a pensioner who died after 1 July 2024, then 10 × 2,340,000 = 23,400,000 VND is paid by Social Security', () => {
    const decision = granted(decideFuneralBenefit(given({ socialInsurance: pensioner })));
    expect(decision).toMatchObject({
      route: 'social-insurance',
      payingAgency: 'vietnam-social-security',
      amount: 23_400_000,
      multiplier: 10,
      referenceLevel: {
        kind: 'base-salary',
        amount: 2_340_000,
        effectiveFrom: '2024-07-01',
        legalBasis: 'Decree 73/2024/NĐ-CP',
      },
    });
    expect(routeOf(decision, 'social-insurance')).toEqual({
      route: 'social-insurance',
      eligible: true,
      amount: 23_400_000,
      why: {
        vi: expect.stringContaining('Đang hưởng lương hưu'),
        en:
          'Receiving a pension; 360 months of compulsory contributions, at least the 12 required: entitled to ' +
          'Social Security’s funeral allowance, 10 × the base salary of 2,340,000 VND in force on the date of ' +
          'death (Decree 73/2024/NĐ-CP) = 23,400,000 VND',
      },
    });
    expect(decision.considered.map((entry) => entry.route)).toEqual([
      'social-insurance',
      'social-protection',
      'merit',
    ]);
    expect(decision.explanation.en).toBe(
      'Social Security’s funeral allowance is paid: 23,400,000 VND (10 × the base salary of 2,340,000 VND, ' +
        'Decree 73/2024/NĐ-CP). The others do not apply: the social-protection funeral support does not apply; ' +
        'the people-with-merit funeral benefit does not apply.',
    );
    expect(decision.explanation.vi).toContain('Nghị định 73/2024/NĐ-CP');
  });

  it('given a death on 30 June 2024, then the old base salary applies: 10 × 1,800,000 = 18,000,000 VND', () => {
    const decision = granted(
      decideFuneralBenefit(
        given({ deceased: { ...deceased, dateOfDeath: '2024-06-30' }, socialInsurance: pensioner }),
      ),
    );
    expect(decision.amount).toBe(18_000_000);
    expect(decision.referenceLevel).toMatchObject({ amount: 1_800_000, legalBasis: 'Decree 24/2023/NĐ-CP' });
  });

  it('given a death on 1 July 2024, then the new base salary applies: 23,400,000 VND', () => {
    const decision = granted(
      decideFuneralBenefit(
        given({ deceased: { ...deceased, dateOfDeath: '2024-07-01' }, socialInsurance: pensioner }),
      ),
    );
    expect(decision.amount).toBe(23_400_000);
  });

  it('given someone on a monthly social-insurance allowance, then the allowance is paid', () => {
    const decision = granted(
      decideFuneralBenefit(given({ socialInsurance: { ...contributor, status: 'monthly-allowance' } })),
    );
    expect(decision.route).toBe('social-insurance');
    expect(routeOf(decision, 'social-insurance').why.en).toMatch(
      /^Receiving a monthly social-insurance allowance:/,
    );
  });

  it('given 8 months of compulsory contributions, then the allowance does not apply, saying so concretely', () => {
    const decision = decideFuneralBenefit(
      given({ socialInsurance: { ...contributor, compulsoryContributionMonths: 8 } }),
    );
    expect(decision.kind).toBe('refused');
    const entry = routeOf(decision, 'social-insurance');
    expect(entry).toMatchObject({ eligible: false, amount: null });
    expect(entry.why.en).toBe(
      'Not entitled to Social Security’s funeral allowance: not receiving a pension or a monthly ' +
        'social-insurance allowance; 8 months of compulsory contributions, fewer than the 12 required; ' +
        'no voluntary contributions (60 months required); not on a monthly survivor allowance at 80 or over',
    );
    expect(entry.why.vi).toContain('chỉ có 8 tháng đóng bảo hiểm xã hội bắt buộc, chưa đủ 12 tháng');
  });

  it('given exactly 12 months of compulsory contributions, then the allowance applies', () => {
    const decision = granted(
      decideFuneralBenefit(
        given({ socialInsurance: { ...contributor, status: 'reserved', compulsoryContributionMonths: 12 } }),
      ),
    );
    expect(routeOf(decision, 'social-insurance').why.en).toMatch(
      /^12 months of compulsory contributions, at least the 12 required: entitled/,
    );
  });

  it('given 59 months of voluntary contributions, then it does not apply; given 60, then it does', () => {
    const short = decideFuneralBenefit(
      given({ socialInsurance: { ...contributor, voluntaryContributionMonths: 59 } }),
    );
    expect(routeOf(short, 'social-insurance').why.en).toContain(
      '59 months of voluntary contributions, fewer than the 60 required',
    );
    const enough = granted(
      decideFuneralBenefit(given({ socialInsurance: { ...contributor, voluntaryContributionMonths: 60 } })),
    );
    expect(routeOf(enough, 'social-insurance').why.en).toMatch(
      /^60 months of voluntary contributions, at least the 60 required/,
    );
  });

  it('given someone on a monthly survivor allowance who died on the 80th birthday, then it applies; a day earlier, not', () => {
    const survivor = { ...contributor, status: 'survivor-allowance' as const };
    const eighty = granted(
      decideFuneralBenefit(
        given({
          deceased: { dateOfBirth: '1944-08-15', dateOfDeath: '2024-08-15' },
          socialInsurance: survivor,
        }),
      ),
    );
    expect(eighty.amount).toBe(23_400_000);
    expect(routeOf(eighty, 'social-insurance').why.en).toMatch(
      /^Receiving a monthly survivor allowance and aged 80 or over at death/,
    );
    const seventyNine = decideFuneralBenefit(
      given({
        deceased: { dateOfBirth: '1944-08-16', dateOfDeath: '2024-08-15' },
        socialInsurance: survivor,
      }),
    );
    expect(seventyNine.kind).toBe('refused');
    expect(routeOf(seventyNine, 'social-insurance').why.en).toContain(
      'receiving a monthly survivor allowance but under 80 at death',
    );
  });

  it('given no social-insurance record, then the route says so', () => {
    expect(routeOf(decideFuneralBenefit(nothing), 'social-insurance')).toEqual({
      route: 'social-insurance',
      eligible: false,
      amount: null,
      why: {
        vi: expect.stringContaining('Không có quá trình tham gia bảo hiểm xã hội'),
        en: 'No social-insurance record: Social Security’s funeral allowance does not apply',
      },
    });
  });
});

describe('the funeral benefit, social-protection funeral support', () => {
  it('given monthly social assistance on the date of death, then 20 × 500,000 = 10,000,000 VND is paid by the commune', () => {
    const decision = granted(decideFuneralBenefit(given({ socialProtection: onAssistance })));
    expect(decision).toMatchObject({
      route: 'social-protection',
      payingAgency: 'commune-social-protection',
      amount: 10_000_000,
      multiplier: 20,
      referenceLevel: {
        kind: 'social-assistance-standard',
        amount: 500_000,
        legalBasis: 'Decree 76/2024/NĐ-CP',
      },
    });
    expect(routeOf(decision, 'social-protection').why.en).toBe(
      'Receiving monthly social assistance (since 2022-01-01) on the date of death: entitled to the ' +
        'social-protection funeral support, 20 × the social-assistance standard level of 500,000 VND in force ' +
        'on the date of death (Decree 76/2024/NĐ-CP) = 10,000,000 VND',
    );
    expect(decision.explanation.en).toMatch(/^The social-protection funeral support is paid: 10,000,000 VND/);
  });

  it('given a death before 1 July 2024, then the former standard level applies: 20 × 360,000 = 7,200,000 VND', () => {
    const decision = granted(
      decideFuneralBenefit(
        given({ deceased: { ...deceased, dateOfDeath: '2024-06-30' }, socialProtection: onAssistance }),
      ),
    );
    expect(decision.amount).toBe(7_200_000);
  });

  it('given the social pension on the date of death, then the support is paid', () => {
    const decision = granted(
      decideFuneralBenefit(
        given({
          socialProtection: {
            programmes: [
              { kind: 'social-pension', since: '2024-01-01', until: '2024-08-15', monthlyAmount: 500_000 },
            ],
          },
        }),
      ),
    );
    expect(routeOf(decision, 'social-protection').why.en).toMatch(
      /^Receiving the social pension \(since 2024-01-01\)/,
    );
  });

  it('given a province paying 30 × the standard level, then 15,000,000 VND', () => {
    const policy: FuneralPolicy = { ...DEFAULT_FUNERAL_POLICY, socialProtectionMultiplier: 30 };
    expect(granted(decideFuneralBenefit(given({ socialProtection: onAssistance }), policy)).amount).toBe(
      15_000_000,
    );
  });

  it('given a policy below the national 20 ×, then it is a configuration error', () => {
    const policy: FuneralPolicy = { ...DEFAULT_FUNERAL_POLICY, socialProtectionMultiplier: 19 };
    expect(() => decideFuneralBenefit(nothing, policy)).toThrow(RangeError);
  });

  it('given programmes that ended before the death or start after it, then it does not apply, naming each', () => {
    const decision = decideFuneralBenefit(
      given({
        socialProtection: {
          programmes: [
            {
              kind: 'monthly-social-assistance',
              since: '2020-01-01',
              until: '2024-08-14',
              monthlyAmount: 500_000,
            },
            { kind: 'social-pension', since: '2024-08-16', until: null, monthlyAmount: 500_000 },
          ],
        },
      }),
    );
    expect(routeOf(decision, 'social-protection')).toEqual({
      route: 'social-protection',
      eligible: false,
      amount: null,
      why: {
        vi: expect.stringContaining('trợ cấp xã hội hằng tháng đã chấm dứt ngày 2024-08-14'),
        en:
          'Not entitled to the social-protection funeral support: no monthly social assistance or social pension ' +
          'on the date of death; monthly social assistance ended on 2024-08-14, before the date of death; ' +
          'the social pension only from 2024-08-16, after the date of death',
      },
    });
  });

  it('given a record without programmes, or none, then it does not apply', () => {
    expect(
      routeOf(decideFuneralBenefit(given({ socialProtection: { programmes: [] } })), 'social-protection').why
        .en,
    ).toContain('the record holds no programme');
    expect(routeOf(decideFuneralBenefit(nothing), 'social-protection').why.en).toBe(
      'No social-protection record: the social-protection funeral support does not apply',
    );
  });
});

describe('the funeral benefit, people with merit', () => {
  it('given a person with merit, then the configured 10 × base salary is paid by home affairs, marked unconfirmed', () => {
    const decision = granted(decideFuneralBenefit(given({ merit })));
    expect(decision).toMatchObject({
      route: 'merit',
      payingAgency: 'home-affairs',
      amount: 23_400_000,
      multiplier: 10,
      referenceLevel: { kind: 'base-salary', amount: 2_340_000 },
    });
    expect(routeOf(decision, 'merit').why.en).toMatch(
      /^Recognised as a person with merit since 1995-07-27, receiving a monthly preferential allowance: entitled to the people-with-merit funeral benefit, 10 × the base salary .* = 23,400,000 VND; this amount is not confirmed/,
    );
    expect(decision.explanation.en).toContain('this amount is not confirmed');
    expect(decision.explanation.vi).toContain('chưa được xác nhận');
  });

  it('given a confirmed merit amount in the policy, then the explanation no longer calls it unconfirmed', () => {
    const policy: FuneralPolicy = {
      ...DEFAULT_FUNERAL_POLICY,
      merit: { referenceKind: 'base-salary', multiplier: 12, confirmed: true },
    };
    const decision = granted(
      decideFuneralBenefit(given({ merit: { ...merit, receivesMonthlyAllowance: false } }), policy),
    );
    expect(decision.amount).toBe(28_080_000);
    expect(decision.explanation.en).not.toContain('not confirmed');
    expect(routeOf(decision, 'merit').why.en).toContain('not receiving a monthly preferential allowance');
  });

  it('given a recognition after the death, then it does not apply', () => {
    const decision = decideFuneralBenefit(given({ merit: { ...merit, recognisedOn: '2024-09-01' } }));
    expect(routeOf(decision, 'merit')).toMatchObject({
      eligible: false,
      amount: null,
      why: {
        en: 'Not entitled to the people-with-merit funeral benefit: recognised as a person with merit on 2024-09-01, after the date of death',
      },
    });
  });
});

describe('the funeral benefit, when several apply: only the highest is paid', () => {
  it('given a pensioner also on social assistance, then Social Security’s 23,400,000 is paid and the support is not', () => {
    const decision = granted(
      decideFuneralBenefit(given({ socialInsurance: pensioner, socialProtection: onAssistance })),
    );
    expect(decision.route).toBe('social-insurance');
    expect(decision.amount).toBe(23_400_000);
    expect(routeOf(decision, 'social-protection')).toMatchObject({ eligible: true, amount: 10_000_000 });
    expect(decision.explanation.en).toBe(
      'Social Security’s funeral allowance is paid: 23,400,000 VND (10 × the base salary of 2,340,000 VND, ' +
        'Decree 73/2024/NĐ-CP). Only one funeral benefit is paid per death: the social-protection funeral ' +
        'support (10,000,000 VND) is lower and is not paid; the people-with-merit funeral benefit does not apply.',
    );
    expect(decision.explanation.vi).toContain('Mỗi người chết chỉ được hưởng một chế độ mai táng');
  });

  it('given equal amounts from Social Security and merit, then Social Security’s is paid and the tie is explained', () => {
    const decision = granted(decideFuneralBenefit(given({ socialInsurance: pensioner, merit })));
    expect(decision.route).toBe('social-insurance');
    expect(decision.explanation.en).toContain(
      'the people-with-merit funeral benefit (23,400,000 VND) is the same amount, and Social Security’s funeral allowance comes first, so it is not paid',
    );
  });

  it('given equal amounts from merit and social protection, then merit is paid', () => {
    const policy: FuneralPolicy = { ...DEFAULT_FUNERAL_POLICY, socialProtectionMultiplier: 46.8 };
    const decision = granted(decideFuneralBenefit(given({ socialProtection: onAssistance, merit }), policy));
    expect(routeOf(decision, 'social-protection').amount).toBe(23_400_000);
    expect(decision.route).toBe('merit');
    expect(decision.payingAgency).toBe('home-affairs');
  });

  it('given a province’s support higher than Social Security’s allowance, then the support is paid', () => {
    const policy: FuneralPolicy = { ...DEFAULT_FUNERAL_POLICY, socialProtectionMultiplier: 50 };
    const decision = granted(
      decideFuneralBenefit(
        given({ socialInsurance: pensioner, socialProtection: onAssistance, merit }),
        policy,
      ),
    );
    expect(decision).toMatchObject({ route: 'social-protection', amount: 25_000_000, multiplier: 50 });
    expect(decision.explanation.en).toContain(
      'Social Security’s funeral allowance (23,400,000 VND) is lower and is not paid',
    );
    expect(decision.explanation.en).toContain(
      'the people-with-merit funeral benefit (23,400,000 VND) is lower and is not paid',
    );
    expect(decision.considered.every((entry) => entry.eligible)).toBe(true);
  });

  it('given a grant, then with its decision number and time it fits the funeral-benefit-granted event', () => {
    const { kind: _kind, ...decision } = granted(
      decideFuneralBenefit(given({ socialInsurance: pensioner, socialProtection: onAssistance, merit })),
    );
    const event = {
      dossierId: 'LT20240816-AAAA0001',
      decisionNumber: 'MT-00004-2024-000001',
      decidedAt: '2024-08-16T02:00:00Z',
      ...decision,
    };
    expect(FuneralBenefit.succeeded.schema.safeParse(event).error).toBeUndefined();
  });
});

describe('the funeral benefit, when none applies', () => {
  it('given no entitlement on any route, then it is refused with NO_FUNERAL_ENTITLEMENT saying what was checked', () => {
    const decision = decideFuneralBenefit(
      given({
        socialInsurance: { ...contributor, compulsoryContributionMonths: 8 },
        socialProtection: { programmes: [] },
        merit: { ...merit, recognisedOn: '2025-01-01' },
      }),
    );
    expect(decision).toMatchObject({
      kind: 'refused',
      reason: {
        code: 'NO_FUNERAL_ENTITLEMENT',
        message: {
          vi: expect.stringMatching(/^Không thuộc diện hưởng chế độ mai táng nào\. Đã kiểm tra/),
          en: expect.stringMatching(
            /^No funeral benefit applies\. Checked: Social Security’s funeral allowance/,
          ),
        },
      },
    });
    expect(decision.considered).toHaveLength(3);
    expect(decision.considered.every((entry) => !entry.eligible && entry.amount === null)).toBe(true);
  });

  it('given no records at all, then it is refused the same way', () => {
    expect(decideFuneralBenefit(nothing)).toMatchObject({
      kind: 'refused',
      reason: { code: 'NO_FUNERAL_ENTITLEMENT' },
    });
  });
});

describe('the funeral benefit, before the reference levels', () => {
  it('given a pensioner’s death before the first base salary in the data, then NO_REFERENCE_LEVEL, not a throw', () => {
    const decision = decideFuneralBenefit(
      given({ deceased: { ...deceased, dateOfDeath: '2019-06-30' }, socialInsurance: pensioner }),
    );
    expect(decision).toMatchObject({
      kind: 'refused',
      reason: {
        code: 'NO_REFERENCE_LEVEL',
        message: {
          en: 'No base salary is configured for the date of death 2019-06-30 (the earliest takes effect on 2019-07-01), so Social Security’s funeral allowance cannot be computed.',
        },
      },
    });
    expect(routeOf(decision, 'social-insurance')).toMatchObject({ eligible: true, amount: null });
  });

  it('given social assistance before the first standard level, then NO_REFERENCE_LEVEL even with a base salary known', () => {
    const decision = decideFuneralBenefit(
      given({
        deceased: { ...deceased, dateOfDeath: '2021-06-30' },
        socialInsurance: pensioner,
        socialProtection: { programmes: [{ ...assistance, since: '2020-01-01' }] },
      }),
    );
    expect(decision.kind).toBe('refused');
    expect(decision.kind === 'refused' && decision.reason.code).toBe('NO_REFERENCE_LEVEL');
    expect(routeOf(decision, 'social-insurance')).toMatchObject({ eligible: true, amount: 14_900_000 });
    expect(routeOf(decision, 'social-protection')).toMatchObject({ eligible: true, amount: null });
  });
});
