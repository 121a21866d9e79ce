/**
 * Test records the stand-in holds from its first start: the deceased of death dossiers, one
 * per way the funeral benefit and the survivor allowance can be decided. Fictional people; the
 * same people are in the population registry's seed with the same names, sexes and dates of
 * birth. examples/registries/records.json and its README list the same records (a unit test
 * keeps them equal).
 */
import type { Logger, ServiceComponent } from '@lienthong/service-kit';
import { seedComponent, unnoted } from '@lienthong/stand-in-kit';
import type { Seed } from '@lienthong/stand-in-kit';
import type {
  MeritRecord,
  RegistryRecords,
  SocialInsuranceRecord,
  SocialProtectionRecord,
} from './contract.ts';
import type { RegistryName } from './domain/registries.ts';
import type { PostgresStore } from './postgres-store.ts';

interface SeedRecords {
  readonly socialInsurance: readonly Seed<SocialInsuranceRecord>[];
  readonly socialProtection: readonly Seed<SocialProtectionRecord>[];
  readonly merit: readonly Seed<MeritRecord>[];
}

export const SEED_RECORDS: SeedRecords = Object.freeze<SeedRecords>({
  socialInsurance: [
    {
      personalId: '001052004417',
      fullName: 'Nguyễn Văn Thành',
      sex: 'male',
      dateOfBirth: '1952-03-08',
      socialInsuranceNumber: '0105204417',
      status: 'pensioner',
      compulsoryContributionMonths: 372,
      voluntaryContributionMonths: 0,
      contributionMonthsBefore2014: 300,
      averageMonthlySalary: 9_800_000,
      monthlyPension: 7_200_000,
      pensionStartDate: '2012-04-01',
      exercises:
        'A pensioner: the Social Security funeral allowance; a monthly survivor allowance is possible.',
    },
    {
      personalId: '046158002245',
      fullName: 'Hồ Thị Mận',
      sex: 'female',
      dateOfBirth: '1958-11-30',
      socialInsuranceNumber: '4605802245',
      status: 'reserved',
      compulsoryContributionMonths: 96,
      voluntaryContributionMonths: 0,
      contributionMonthsBefore2014: 96,
      averageMonthlySalary: 4_200_000,
      monthlyPension: null,
      pensionStartDate: null,
      exercises:
        'Also in social protection: several entitlements, only the highest (Social Security) is paid.',
    },
    {
      personalId: '048085003390',
      fullName: 'Trương Minh Quân',
      sex: 'male',
      dateOfBirth: '1985-09-09',
      socialInsuranceNumber: '4808503390',
      status: 'contributing',
      compulsoryContributionMonths: 8,
      voluntaryContributionMonths: 0,
      contributionMonthsBefore2014: 0,
      averageMonthlySalary: 6_000_000,
      monthlyPension: null,
      pensionStartDate: null,
      exercises: 'Only 8 months of compulsory contributions (fewer than 12): no funeral allowance.',
    },
    {
      personalId: '079170004521',
      fullName: 'Phan Thị Thuý',
      sex: 'female',
      dateOfBirth: '1970-04-18',
      socialInsuranceNumber: '7907004521',
      status: 'reserved',
      compulsoryContributionMonths: 0,
      voluntaryContributionMonths: 72,
      contributionMonthsBefore2014: 24,
      averageMonthlySalary: 5_000_000,
      monthlyPension: null,
      pensionStartDate: null,
      exercises:
        'Voluntary insurance for 72 months (at least 60): the funeral allowance; a lump-sum survivor allowance.',
    },
  ],
  socialProtection: [
    {
      personalId: '038145003321',
      fullName: 'Lê Thị Xuân',
      communeCode: '15127',
      programmes: [{ kind: 'social-pension', since: '2025-07-01', until: null, monthlyAmount: 500_000 }],
      exercises: 'A social pension only: the social-protection funeral support.',
    },
    {
      personalId: '046158002245',
      fullName: 'Hồ Thị Mận',
      communeCode: '19789',
      programmes: [
        {
          kind: 'monthly-social-assistance',
          since: '2020-01-01',
          until: '2024-06-30',
          monthlyAmount: 360_000,
        },
        {
          kind: 'monthly-social-assistance',
          since: '2024-07-01',
          until: null,
          monthlyAmount: 500_000,
        },
      ],
      exercises:
        'Monthly social assistance, raised from 360,000 to 500,000 in July 2024; also insured: several entitlements.',
    },
    {
      personalId: '040050007788',
      fullName: 'Cao Văn Lực',
      communeCode: '16941',
      programmes: [
        { kind: 'monthly-social-assistance', since: '2019-03-01', until: null, monthlyAmount: 360_000 },
      ],
      exercises: 'Monthly social assistance and a war invalid: merit and social protection at once.',
    },
  ],
  merit: [
    {
      personalId: '031049006612',
      fullName: 'Đặng Văn Hùng',
      category: 'resistance-activist',
      recognisedOn: '1995-08-19',
      receivesMonthlyAllowance: true,
      exercises: 'A resistance activist with a monthly allowance: the people-with-merit benefit.',
    },
    {
      personalId: '040050007788',
      fullName: 'Cao Văn Lực',
      category: 'war-invalid',
      recognisedOn: '1975-05-01',
      receivesMonthlyAllowance: true,
      exercises: 'A war invalid also on monthly social assistance: merit and social protection at once.',
    },
  ],
});

/** The seed records as stored, without their notes: for in-memory stores in tests. */
export function seedRecordsAsStored(): {
  socialInsurance: SocialInsuranceRecord[];
  socialProtection: SocialProtectionRecord[];
  merit: MeritRecord[];
} {
  return {
    socialInsurance: SEED_RECORDS.socialInsurance.map(unnoted),
    socialProtection: SEED_RECORDS.socialProtection.map(unnoted),
    merit: SEED_RECORDS.merit.map(unnoted),
  };
}

/**
 * One seed record as stored, by where it is in SEED_RECORDS and whose it is: the fixture the
 * tests share, so a record is written once.
 */
export function seededRecord<K extends keyof SeedRecords>(
  key: K,
  personalId: string,
): Omit<SeedRecords[K][number], 'exercises'> {
  const seeds: readonly Seed<{ readonly personalId: string }>[] = SEED_RECORDS[key];
  const seed = seeds.find((candidate) => candidate.personalId === personalId);
  if (seed === undefined) throw new Error(`No ${key} seed record for this personal ID`);
  return unnoted(seed as SeedRecords[K][number]);
}

/** A seed record with the registry that holds it. */
type RegistrySeed = {
  [R in RegistryName]: { readonly registry: R; readonly record: RegistryRecords[R] };
}[RegistryName];

/** A start-up step adding the seed records that are missing; never changes a record. */
export function seedRecordsComponent(options: {
  readonly store: PostgresStore;
  readonly clock: () => Date;
  readonly logger: Logger;
}): ServiceComponent {
  const stored = seedRecordsAsStored();
  const seeds: RegistrySeed[] = [
    ...stored.socialInsurance.map((record) => ({ registry: 'social-insurance' as const, record })),
    ...stored.socialProtection.map((record) => ({ registry: 'social-protection' as const, record })),
    ...stored.merit.map((record) => ({ registry: 'merit' as const, record })),
  ];
  return seedComponent({
    name: 'seed-test-records',
    what: 'test records',
    seeds,
    insertIfAbsent: ({ registry, record }, now) =>
      options.store.insertIfAbsent(registry, record, 'seed', now),
    clock: options.clock,
    logger: options.logger,
  });
}
