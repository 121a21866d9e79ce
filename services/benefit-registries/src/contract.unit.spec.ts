import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import { RecoveryRecord, SocialInsuranceRecord, SocialProtectionRecord } from './contract.ts';
import { seededRecord } from './seed-records.ts';

/** `path:rule` of every issue, the rule being a custom issue's `params.rule` or the zod code. */
function issues(result: z.ZodSafeParseResult<unknown>): string[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const rule = issue.code === 'custom' ? (issue.params as { rule?: string } | undefined)?.rule : undefined;
    return `${issue.path.join('.')}:${rule ?? issue.code}`;
  });
}

const pensioner = seededRecord('socialInsurance', '001052004417');

describe('SocialInsuranceRecord', () => {
  it('accepts a consistent record and defaults the pension fields to null when absent', () => {
    const reserved = {
      ...pensioner,
      status: 'reserved',
      monthlyPension: undefined,
      pensionStartDate: undefined,
    };

    expect(SocialInsuranceRecord.parse(pensioner)).toEqual(pensioner);
    expect(SocialInsuranceRecord.parse(reserved)).toMatchObject({
      monthlyPension: null,
      pensionStartDate: null,
    });
  });

  it('counts months before 2014 within the compulsory and voluntary total', () => {
    const both = { ...pensioner, compulsoryContributionMonths: 200, voluntaryContributionMonths: 100 };

    expect(issues(SocialInsuranceRecord.safeParse({ ...both, contributionMonthsBefore2014: 300 }))).toEqual(
      [],
    );
    expect(issues(SocialInsuranceRecord.safeParse({ ...both, contributionMonthsBefore2014: 301 }))).toEqual([
      'contributionMonthsBefore2014:at_most_total_months',
    ]);
  });

  it('requires a pension and its start exactly for pensioners and monthly-allowance recipients', () => {
    expect(
      issues(
        SocialInsuranceRecord.safeParse({ ...pensioner, status: 'monthly-allowance', monthlyPension: null }),
      ),
    ).toEqual(['monthlyPension:required_for_status']);
    expect(issues(SocialInsuranceRecord.safeParse({ ...pensioner, status: 'survivor-allowance' }))).toEqual([
      'monthlyPension:forbidden_for_status',
      'pensionStartDate:forbidden_for_status',
    ]);
    expect(issues(SocialInsuranceRecord.safeParse({ ...pensioner, pensionStartDate: '1950-01-01' }))).toEqual(
      ['pensionStartDate:not_before_birth'],
    );
  });

  it('checks formats and ranges first', () => {
    expect(
      issues(
        SocialInsuranceRecord.safeParse({
          ...pensioner,
          socialInsuranceNumber: '12345',
          compulsoryContributionMonths: -1,
          averageMonthlySalary: 1.5,
          status: 'retired',
        }),
      ),
    ).toEqual([
      'socialInsuranceNumber:invalid_format',
      'status:invalid_value',
      'compulsoryContributionMonths:too_small',
      'averageMonthlySalary:invalid_type',
    ]);
  });
});

describe('SocialProtectionRecord', () => {
  const record = seededRecord('socialProtection', '038145003321');

  it('needs at least one programme, none ending before it starts', () => {
    const ended = (until: string) => ({
      ...record,
      programmes: [record.programmes[0], { ...record.programmes[0], until }],
    });

    expect(issues(SocialProtectionRecord.safeParse(record))).toEqual([]);
    expect(issues(SocialProtectionRecord.safeParse(ended('2025-07-01')))).toEqual([]);
    expect(issues(SocialProtectionRecord.safeParse(ended('2025-06-30')))).toEqual([
      'programmes.1.until:not_before_since',
    ]);
    expect(issues(SocialProtectionRecord.safeParse({ ...record, programmes: [] }))).toEqual([
      'programmes:too_small',
    ]);
    expect(issues(SocialProtectionRecord.safeParse({ ...record, communeCode: '1488' }))).toEqual([
      'communeCode:invalid_format',
    ]);
  });
});

describe('RecoveryRecord', () => {
  it('holds a number shaped TH-<registry>-<year>-<sequence>', () => {
    const recovery = {
      requestId: 'k',
      recoveryNumber: 'TH-NCC-2026-000001',
      registry: 'merit',
      personalId: '031049006612',
      decisionNumber: '88/QĐ-SNV',
      amount: 0,
      reason: 'annulled',
      recordedAt: '2026-11-20T03:00:00.000Z',
    };

    expect(issues(RecoveryRecord.safeParse(recovery))).toEqual([]);
    expect(issues(RecoveryRecord.safeParse({ ...recovery, recoveryNumber: 'TH-XX-2026-1' }))).toEqual([
      'recoveryNumber:invalid_format',
    ]);
  });
});
