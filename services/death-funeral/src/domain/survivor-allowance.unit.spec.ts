import { describe, expect, it } from '@jest/globals';
import { SurvivorAllowance } from '@lienthong/contracts';
import type { SocialInsuranceRecord } from './records.ts';
import {
  DEFAULT_SURVIVOR_ALLOWANCE_POLICY,
  decideSurvivorAllowance,
  paidBy,
  type Survivor,
  type SurvivorAllowanceCommand,
  type SurvivorAllowanceDecision,
} from './survivor-allowance.ts';

// The deceased: a man born in 1960, died on 15 August 2024.
const spouse: Survivor = {
  fullName: 'Trần Thị Hoa',
  personalId: '001163004417',
  relationship: 'spouse',
  sex: 'female',
  dateOfBirth: '1963-02-01',
  incapacitated: false,
};
const child: Survivor = {
  fullName: 'Nguyễn Văn Bình',
  personalId: '001210004418',
  relationship: 'child',
  sex: 'male',
  dateOfBirth: '2010-05-20',
  incapacitated: false,
};
const command: SurvivorAllowanceCommand = {
  dossierId: 'LT20240820-AAAA0001',
  communeCode: '00004',
  deceased: {
    personalId: '001060004417',
    fullName: 'Nguyễn Văn An',
    sex: 'male',
    dateOfBirth: '1960-01-10',
    dateOfDeath: '2024-08-15',
  },
  deathCertificateNumber: 'KT-00004-2024-000017',
  kind: 'monthly',
  beneficiaries: [spouse, child],
};
const worker: SocialInsuranceRecord = {
  status: 'reserved',
  compulsoryContributionMonths: 372,
  voluntaryContributionMonths: 0,
  contributionMonthsBefore2014: 300,
  averageMonthlySalary: 9_800_000,
  monthlyPension: null,
  pensionStartDate: null,
};
const pensioner: SocialInsuranceRecord = {
  ...worker,
  status: 'pensioner',
  monthlyPension: 8_000_000,
  pensionStartDate: '2024-07-01',
};

const monthly = (...beneficiaries: Survivor[]): SurvivorAllowanceCommand => ({ ...command, beneficiaries });
const lumpSum = (...beneficiaries: Survivor[]): SurvivorAllowanceCommand => ({
  ...command,
  kind: 'lump-sum',
  beneficiaries,
});
const granted = (decision: SurvivorAllowanceDecision) => {
  if (decision.kind !== 'granted') throw new Error(`expected a grant, got ${decision.reason.code}`);
  return decision;
};
const codeOf = (decision: SurvivorAllowanceDecision) =>
  decision.kind === 'granted' ? 'granted' : decision.reason.code;
/** A survivor of the relationship and sex, `age` years old on the date of death (their birthday that day). */
const aged = (
  relationship: Survivor['relationship'],
  sex: Survivor['sex'],
  age: number,
  incapacitated = false,
) => ({
  ...spouse,
  relationship,
  sex,
  incapacitated,
  dateOfBirth: `${2024 - age}-08-15`,
});
const dayYounger = (survivor: Survivor): Survivor => ({
  ...survivor,
  dateOfBirth: `${survivor.dateOfBirth.slice(0, 8)}16`,
});

describe('the survivor allowance, the deceased’s social-insurance record', () => {
  it('given no record, then it is refused with NO_SOCIAL_INSURANCE_RECORD', () => {
    expect(decideSurvivorAllowance(command, null)).toMatchObject({
      kind: 'refused',
      reason: {
        code: 'NO_SOCIAL_INSURANCE_RECORD',
        message: { en: expect.stringMatching(/no social-insurance/) },
      },
    });
  });

  it('given a record without contributions and no pension, then it is refused the same way', () => {
    const empty = { ...worker, compulsoryContributionMonths: 0, contributionMonthsBefore2014: 0 };
    expect(codeOf(decideSurvivorAllowance(lumpSum(spouse), empty))).toBe('NO_SOCIAL_INSURANCE_RECORD');
  });

  it('given a pensioner, then contributions are not needed', () => {
    const bare = { ...pensioner, compulsoryContributionMonths: 0, contributionMonthsBefore2014: 0 };
    expect(codeOf(decideSurvivorAllowance(monthly(child), bare))).toBe('granted');
  });
});

describe('the monthly survivor allowance', () => {
  it('given a deceased with 372 months and a wife of 61 and a son of 14, then 2 × 50% × 2,340,000 a month from September', () => {
    const decision = granted(decideSurvivorAllowance(command, worker));
    expect(decision).toEqual({
      kind: 'granted',
      allowanceKind: 'monthly',
      amount: 2_340_000,
      monthlyFrom: '2024-09-01',
      beneficiaries: [
        {
          personalId: spouse.personalId,
          amount: 1_170_000,
          why: {
            vi: expect.stringContaining('Vợ hoặc chồng đủ tuổi theo quy định'),
            en:
              'Spouse of at least the required age (60 for men, 55 for women) on the date of death: 50% of the ' +
              'base salary of 2,340,000 VND = 1,170,000 VND a month',
          },
        },
        {
          personalId: child.personalId,
          amount: 1_170_000,
          why: {
            vi: expect.stringContaining('Con chưa đủ 18 tuổi vào ngày chết'),
            en: 'Child under 18 on the date of death: 50% of the base salary of 2,340,000 VND = 1,170,000 VND a month',
          },
        },
      ],
      referenceLevel: {
        kind: 'base-salary',
        amount: 2_340_000,
        effectiveFrom: '2024-07-01',
        legalBasis: 'Decree 73/2024/NĐ-CP',
      },
      explanation: {
        vi: expect.stringContaining('Trợ cấp tuất hằng tháng từ 2024-09-01'),
        en:
          'Monthly survivor allowance from 2024-09-01: 2 survivors × 50% of the base salary of 2,340,000 VND ' +
          '(Decree 73/2024/NĐ-CP) = 2,340,000 VND a month. The deceased qualifies: 372 months of compulsory ' +
          'contributions, at least the 180 required.',
      },
    });
  });

  it('given a grant, then with its decision number and time it fits the survivor-allowance-granted event', () => {
    const { kind: _kind, allowanceKind, ...decision } = granted(decideSurvivorAllowance(command, worker));
    const event = {
      dossierId: command.dossierId,
      decisionNumber: 'TT-00004-2024-000001',
      decidedAt: '2024-08-20T02:00:00Z',
      kind: allowanceKind,
      ...decision,
    };
    expect(SurvivorAllowance.succeeded.schema.safeParse(event).error).toBeUndefined();
  });

  it('given a death on 30 June 2024, then the allowance is 50% of 1,800,000 from July', () => {
    const decision = granted(
      decideSurvivorAllowance(
        { ...command, deceased: { ...command.deceased, dateOfDeath: '2024-06-30' } },
        worker,
      ),
    );
    expect(decision).toMatchObject({ amount: 1_800_000, monthlyFrom: '2024-07-01' });
    expect(decision.beneficiaries.map((beneficiary) => beneficiary.amount)).toEqual([900_000, 900_000]);
  });

  it('given a death in December, then it is paid from January of the next year', () => {
    const decision = granted(
      decideSurvivorAllowance(
        { ...command, deceased: { ...command.deceased, dateOfDeath: '2024-12-31' } },
        worker,
      ),
    );
    expect(decision.monthlyFrom).toBe('2025-01-01');
  });

  it('given a pensioner or someone on a monthly allowance with few contributions, then the death gives a monthly allowance', () => {
    const few = { compulsoryContributionMonths: 100, contributionMonthsBefore2014: 0 };
    expect(granted(decideSurvivorAllowance(command, { ...pensioner, ...few })).explanation.en).toContain(
      'The deceased qualifies: receiving a pension.',
    );
    expect(
      granted(decideSurvivorAllowance(command, { ...pensioner, ...few, status: 'monthly-allowance' }))
        .explanation.en,
    ).toContain('The deceased qualifies: receiving a monthly social-insurance allowance.');
  });

  it('given 179 months of compulsory contributions, then MONTHLY_SURVIVOR_ALLOWANCE_NOT_ELIGIBLE, pointing to the lump sum', () => {
    const decision = decideSurvivorAllowance(command, {
      ...worker,
      compulsoryContributionMonths: 179,
      voluntaryContributionMonths: 60,
    });
    expect(decision).toEqual({
      kind: 'refused',
      reason: {
        code: 'MONTHLY_SURVIVOR_ALLOWANCE_NOT_ELIGIBLE',
        message: {
          vi: expect.stringContaining('Thân nhân có thể đề nghị hưởng trợ cấp tuất một lần'),
          en:
            'The deceased’s death does not give a monthly survivor allowance: not receiving a pension or a ' +
            'monthly social-insurance allowance, and 179 months of compulsory contributions, fewer than the 180 ' +
            'required. The relatives can claim the lump-sum survivor allowance instead.',
        },
      },
    });
    expect(codeOf(decideSurvivorAllowance(command, { ...worker, compulsoryContributionMonths: 180 }))).toBe(
      'granted',
    );
  });

  describe('who qualifies, on the date of death', () => {
    it.each([
      ['a child under 18', true, { ...child, dateOfBirth: '2006-08-16' }],
      ['a child turning 18 that day', false, { ...child, dateOfBirth: '2006-08-15' }],
      ['a child of 30, incapacitated', true, { ...child, dateOfBirth: '1994-01-01', incapacitated: true }],
      ['a child born after the death', true, { ...child, dateOfBirth: '2024-11-02' }],
      ['a wife of 55', true, aged('spouse', 'female', 55)],
      ['a wife one day short of 55', false, dayYounger(aged('spouse', 'female', 55))],
      ['a husband of 59', false, aged('spouse', 'male', 59)],
      ['a husband of 60', true, aged('spouse', 'male', 60)],
      ['a husband of 40, incapacitated', true, aged('spouse', 'male', 40, true)],
      ['a father of 60', true, aged('father', 'male', 60)],
      ['a mother of 54', false, aged('mother', 'female', 54)],
      ['a father-in-law of 80', true, aged('father-in-law', 'male', 80)],
      ['a mother-in-law of 50, incapacitated', true, aged('mother-in-law', 'female', 50, true)],
      ['another dependant of 58 (man)', false, aged('other-dependant', 'male', 58)],
    ] as const)('given %s, then they qualify: %s', (_who, qualifies, survivor) => {
      expect(codeOf(decideSurvivorAllowance(monthly(survivor), worker))).toBe(
        qualifies ? 'granted' : 'NO_ELIGIBLE_SURVIVOR',
      );
    });

    it('given dependant ages set otherwise in the policy, then those apply', () => {
      const policy = { ...DEFAULT_SURVIVOR_ALLOWANCE_POLICY, dependantMinAge: { male: 62, female: 60 } };
      expect(codeOf(decideSurvivorAllowance(monthly(aged('spouse', 'female', 58)), worker, policy))).toBe(
        'NO_ELIGIBLE_SURVIVOR',
      );
      expect(codeOf(decideSurvivorAllowance(monthly(aged('spouse', 'female', 60)), worker, policy))).toBe(
        'granted',
      );
    });

    it('given an incapacitated survivor, then the reason says so', () => {
      const decision = granted(decideSurvivorAllowance(monthly(aged('spouse', 'male', 40, true)), worker));
      expect(decision.beneficiaries[0]?.why.en).toMatch(
        /^Spouse who has lost 81% or more of working capacity:/,
      );
    });
  });

  it('given no survivor who qualifies, then NO_ELIGIBLE_SURVIVOR says why for each, by relationship only', () => {
    const adult = { ...child, dateOfBirth: '2000-01-01' };
    const young = aged('spouse', 'female', 45);
    const decision = decideSurvivorAllowance(monthly(young, adult), worker);
    expect(decision).toEqual({
      kind: 'refused',
      reason: {
        code: 'NO_ELIGIBLE_SURVIVOR',
        message: {
          vi: expect.stringContaining('thân nhân thứ 1 (vợ hoặc chồng): chưa đủ tuổi theo quy định'),
          en:
            'No survivor listed qualifies for a monthly survivor allowance: survivor 1 (spouse): under the ' +
            'required age (60 for men, 55 for women) on the date of death and not incapacitated; survivor 2 ' +
            '(child): aged 18 or over on the date of death and not incapacitated. The relatives can claim the ' +
            'lump-sum survivor allowance instead.',
        },
      },
    });
    const text = JSON.stringify(decision);
    for (const data of [
      young.fullName,
      young.personalId,
      young.dateOfBirth,
      adult.fullName,
      adult.personalId,
    ]) {
      expect(text).not.toContain(data);
    }
  });

  it('given some who qualify and some who do not, then only those who qualify are paid, the others named', () => {
    const adult = { ...child, dateOfBirth: '2000-01-01' };
    const decision = granted(decideSurvivorAllowance(monthly(adult, child), worker));
    expect(decision.amount).toBe(1_170_000);
    expect(decision.beneficiaries.map((beneficiary) => beneficiary.personalId)).toEqual([child.personalId]);
    expect(decision.explanation.en).toContain(
      'Not paid: survivor 1 (child): aged 18 or over on the date of death and not incapacitated.',
    );
  });

  it('given six survivors who qualify, then the first four in the order given are paid, the others not counted', () => {
    const children = [0, 1, 2, 3, 4, 5].map((n): Survivor => ({
      ...child,
      personalId: `00121000441${n}`,
      dateOfBirth: `201${n}-01-01`,
    }));
    const decision = granted(decideSurvivorAllowance(monthly(...children), worker));
    expect(decision.amount).toBe(4 * 1_170_000);
    expect(decision.beneficiaries.map((beneficiary) => beneficiary.personalId)).toEqual(
      children.slice(0, 4).map((survivor) => survivor.personalId),
    );
    expect(decision.explanation.en).toContain(
      'Survivor 5 (child), survivor 6 (child) qualify but are not counted: at most 4 survivors receive a monthly allowance, in the order listed.',
    );
    expect(decision.explanation.vi).toContain('tối đa 4 thân nhân');
  });

  it('given a death before the first base salary in the data, then NO_REFERENCE_LEVEL', () => {
    expect(
      codeOf(
        decideSurvivorAllowance(
          { ...command, deceased: { ...command.deceased, dateOfDeath: '2019-06-30' } },
          worker,
        ),
      ),
    ).toBe('NO_REFERENCE_LEVEL');
  });

  it('given a policy that cannot be applied, then it is a configuration error', () => {
    expect(() =>
      decideSurvivorAllowance(command, worker, { ...DEFAULT_SURVIVOR_ALLOWANCE_POLICY, monthlyRate: 0 }),
    ).toThrow(RangeError);
    expect(() =>
      decideSurvivorAllowance(command, worker, {
        ...DEFAULT_SURVIVOR_ALLOWANCE_POLICY,
        maxMonthlyBeneficiaries: 0,
      }),
    ).toThrow(RangeError);
  });
});

describe('the lump-sum survivor allowance, not a pensioner', () => {
  it('given 300 months before 2014 and 72 from 2014 at 9,800,000, then 1.5 × 25 × 9.8M + 2 × 6 × 9.8M = 485,100,000', () => {
    const decision = granted(decideSurvivorAllowance(lumpSum(spouse, child), worker));
    expect(decision).toEqual({
      kind: 'granted',
      allowanceKind: 'lump-sum',
      amount: 1.5 * 25 * 9_800_000 + 2 * 6 * 9_800_000,
      monthlyFrom: null,
      beneficiaries: [
        {
          personalId: spouse.personalId,
          amount: 242_550_000,
          why: {
            vi: expect.stringContaining('nhận một phần bằng nhau (1/2)'),
            en: 'Spouse listed as a survivor: receives an equal share (1/2) of the lump sum',
          },
        },
        {
          personalId: child.personalId,
          amount: 242_550_000,
          why: {
            vi: expect.any(String),
            en: 'Child listed as a survivor: receives an equal share (1/2) of the lump sum',
          },
        },
      ],
      referenceLevel: null,
      explanation: {
        vi: expect.stringContaining(
          '1,5 × 9.800.000 đồng × 25 năm trước năm 2014 + 2 × 9.800.000 đồng × 6 năm từ năm 2014',
        ),
        en:
          'Lump-sum survivor allowance: average monthly salary 9,800,000 VND: 1.5 × 9,800,000 VND × 25 years ' +
          'before 2014 + 2 × 9,800,000 VND × 6 years from 2014 = 485,100,000 VND. Shared equally among the 2 ' +
          'survivors listed.',
      },
    });
    expect(decision.amount).toBe(485_100_000);
  });

  it('given a lump sum, then it also fits the survivor-allowance-granted event', () => {
    const {
      kind: _kind,
      allowanceKind,
      ...decision
    } = granted(decideSurvivorAllowance(lumpSum(spouse), worker));
    const event = {
      dossierId: command.dossierId,
      decisionNumber: 'TT-00004-2024-000002',
      decidedAt: '2024-08-20T02:00:00Z',
      kind: allowanceKind,
      ...decision,
    };
    expect(SurvivorAllowance.succeeded.schema.safeParse(event).error).toBeUndefined();
  });

  it('given voluntary months too, then all months count, those before 2014 at 1.5, the rest at 2', () => {
    const decision = granted(
      decideSurvivorAllowance(lumpSum(spouse), {
        ...worker,
        compulsoryContributionMonths: 120,
        voluntaryContributionMonths: 66,
        contributionMonthsBefore2014: 96,
        averageMonthlySalary: 6_000_000,
      }),
    );
    // 8 years before 2014, 7.5 years from 2014.
    expect(decision.amount).toBe(1.5 * 8 * 6_000_000 + 2 * 7.5 * 6_000_000);
    expect(decision.explanation.en).toContain('× 7 years 6 months from 2014');
  });

  it('given odd months, then years are months / 12 and the total is rounded half up to the đồng', () => {
    const decision = granted(
      decideSurvivorAllowance(lumpSum(spouse), {
        ...worker,
        compulsoryContributionMonths: 30,
        contributionMonthsBefore2014: 30,
        averageMonthlySalary: 1_000_001,
      }),
    );
    // 1.5 × 2.5 years × 1,000,001 = 3,750,003.75.
    expect(decision.amount).toBe(3_750_004);
  });

  it('given little contribution time, then at least 3 months of the average salary, the remainder to the first', () => {
    const decision = granted(
      decideSurvivorAllowance(lumpSum(spouse, child), {
        ...worker,
        compulsoryContributionMonths: 12,
        contributionMonthsBefore2014: 0,
        averageMonthlySalary: 5_000_001,
      }),
    );
    expect(decision.amount).toBe(15_000_003);
    expect(decision.beneficiaries.map((beneficiary) => beneficiary.amount)).toEqual([7_500_002, 7_500_001]);
    expect(decision.beneficiaries[0]?.why.en).toContain('plus the 1 VND left over by rounding');
    expect(decision.explanation.en).toContain(
      '2 × 5,000,001 VND × 1 year from 2014 = 10,000,002 VND, less than the minimum of 3 months of the average salary, so 3 × 5,000,001 VND = 15,000,003 VND',
    );
  });

  it('given one survivor listed, then the whole lump sum is theirs', () => {
    const decision = granted(decideSurvivorAllowance(lumpSum(child), worker));
    expect(decision.beneficiaries).toEqual([
      { personalId: child.personalId, amount: 485_100_000, why: expect.anything() },
    ]);
    expect(decision.explanation.en).toContain('Paid to the one survivor listed.');
  });

  it('given survivors who would not qualify monthly, then they still share the lump sum', () => {
    const adult = { ...child, dateOfBirth: '1990-01-01' };
    expect(granted(decideSurvivorAllowance(lumpSum(adult), worker)).amount).toBe(485_100_000);
  });
});

describe('the lump-sum survivor allowance, a pensioner', () => {
  const diedOn = (dateOfDeath: string): SurvivorAllowanceCommand => ({
    ...lumpSum(spouse),
    deceased: { ...command.deceased, dateOfDeath },
  });

  it('given a death in the 2nd month of pension, then 48 months of the pension', () => {
    const decision = granted(decideSurvivorAllowance(diedOn('2024-08-15'), pensioner));
    expect(decision.amount).toBe(48 * 8_000_000);
    expect(decision.explanation.en).toBe(
      'Lump-sum survivor allowance: the deceased had received a pension for 2 months (from 2024-07); a death ' +
        'within the first 2 months gives 48 months: 48 months of the pension of 8,000,000 VND = 384,000,000 VND. ' +
        'Paid to the one survivor listed.',
    );
  });

  it('given a death in the 3rd month, then half a month less: 47.5 months', () => {
    const decision = granted(decideSurvivorAllowance(diedOn('2024-09-01'), pensioner));
    expect(decision.amount).toBe(47.5 * 8_000_000);
    expect(decision.explanation.en).toContain(
      '48 months less 0.5 month for the 1 month after the first 2: 47.5 months of the pension',
    );
  });

  it('given 91 and 92 months of pension, then 3.5 and 3 months; given more, then still 3 months', () => {
    // Pension from 2017-01: the 91st month is 2024-07, the 92nd 2024-08, the 100th 2025-04.
    const since2017 = { ...pensioner, pensionStartDate: '2017-01-01' };
    expect(granted(decideSurvivorAllowance(diedOn('2024-07-31'), since2017)).amount).toBe(3.5 * 8_000_000);
    expect(granted(decideSurvivorAllowance(diedOn('2024-08-15'), since2017)).amount).toBe(3 * 8_000_000);
    const floored = granted(decideSurvivorAllowance(diedOn('2025-04-10'), since2017));
    expect(floored.amount).toBe(3 * 8_000_000);
    expect(floored.explanation.en).toContain('but at least 3 months: 3 months of the pension');
  });

  it('given someone on a monthly allowance, then the same rule applies to the allowance', () => {
    const decision = granted(
      decideSurvivorAllowance(diedOn('2024-08-15'), { ...pensioner, status: 'monthly-allowance' }),
    );
    expect(decision.amount).toBe(384_000_000);
    expect(decision.explanation.en).toContain('48 months of the monthly allowance of 8,000,000 VND');
  });

  it('given an odd pension, then half months are rounded half up at the end', () => {
    const decision = granted(
      decideSurvivorAllowance(diedOn('2024-09-01'), { ...pensioner, monthlyPension: 3_000_001 }),
    );
    // 47.5 × 3,000,001 = 142,500,047.5.
    expect(decision.amount).toBe(142_500_048);
  });

  it('given a pensioner’s record without the pension or its start, then SOCIAL_INSURANCE_RECORD_INCOMPLETE', () => {
    expect(
      codeOf(decideSurvivorAllowance(diedOn('2024-08-15'), { ...pensioner, monthlyPension: null })),
    ).toBe('SOCIAL_INSURANCE_RECORD_INCOMPLETE');
    expect(
      codeOf(decideSurvivorAllowance(diedOn('2024-08-15'), { ...pensioner, pensionStartDate: null })),
    ).toBe('SOCIAL_INSURANCE_RECORD_INCOMPLETE');
  });
});

describe('what a survivor allowance paid by the day it is annulled (the amount to recover)', () => {
  it('given a lump sum, then all of it, whenever', () => {
    expect(paidBy({ kind: 'lump-sum', amount: 30_000_000, monthlyFrom: null }, '2026-11-26')).toBe(
      30_000_000,
    );
  });

  it('given a monthly allowance, then each month whose first day has come, none before the first', () => {
    const monthly = { kind: 'monthly', amount: 1_170_000, monthlyFrom: '2026-12-01' };
    expect(paidBy(monthly, '2026-11-30')).toBe(0);
    expect(paidBy(monthly, '2026-12-01')).toBe(1_170_000);
    expect(paidBy(monthly, '2027-02-15')).toBe(3 * 1_170_000);
  });
});
