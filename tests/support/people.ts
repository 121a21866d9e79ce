// Fresh test people for death dossiers: each test creates its own deceased in the population
// database (with a permanent residence) and, as the case needs, in the benefit registries, through
// their documented admin endpoints. A person can die only once, so tests never share one.
import { generatePersonalId } from '@lienthong/population-registry';
import { randomInt } from 'node:crypto';

export interface Profile {
  /** A social-insurance record (beyond identity), or none. */
  readonly socialInsurance?: Record<string, unknown>;
  readonly socialProtection?: { readonly programmes: readonly Record<string, unknown>[] };
  readonly merit?: Record<string, unknown>;
  /** Default true: the population database records a permanent residence in commune 00004. */
  readonly permanentResidence?: boolean;
}

export interface Person {
  readonly personalId: string;
  readonly fullName: string;
  readonly sex: 'male' | 'female';
  readonly dateOfBirth: string;
}

const GIVEN = [
  'Văn An',
  'Thị Bình',
  'Văn Cường',
  'Thị Dung',
  'Văn Giang',
  'Thị Hoa',
  'Văn Khánh',
  'Thị Liên',
];

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  }
}

/** A new person of Hà Nội (province 01), with the records `profile` asks for. */
export async function createPerson(
  urls: { population: string; registries: string },
  profile: Profile = {},
  identity: { sex?: 'male' | 'female'; dateOfBirth?: string } = {},
): Promise<Person> {
  const sex = identity.sex ?? 'male';
  const dateOfBirth = identity.dateOfBirth ?? '1950-05-17';
  const personalId = generatePersonalId(
    { provinceCode: '01', sex, birthYear: Number(dateOfBirth.slice(0, 4)) },
    (max) => randomInt(max),
  );
  const fullName = `Nguyễn ${GIVEN[randomInt(GIVEN.length)] ?? 'Văn An'} ${personalId.slice(-4)}`;
  const person = { personalId, fullName, sex, dateOfBirth };
  await post(`${urls.population}/v1/admin/people`, {
    ...person,
    provinceCode: '01',
    ...(profile.permanentResidence === false
      ? {}
      : {
          permanentResidence: {
            communeCode: '00004',
            address: `Số ${1 + randomInt(200)} phố Hàng Bông`,
            since: '1990-01-01',
          },
        }),
  });
  if (profile.socialInsurance) {
    await post(`${urls.registries}/v1/admin/social-insurance/people`, {
      ...person,
      socialInsuranceNumber: `01${personalId.slice(4)}`,
      ...profile.socialInsurance,
    });
  }
  if (profile.socialProtection) {
    await post(`${urls.registries}/v1/admin/social-protection/people`, {
      personalId,
      fullName,
      communeCode: '00004',
      ...profile.socialProtection,
    });
  }
  if (profile.merit) {
    await post(`${urls.registries}/v1/admin/merit/people`, { personalId, fullName, ...profile.merit });
  }
  return person;
}

/** The records of the funeral routes, as the registries hold them. */
export const PROFILES = {
  pensioner: {
    socialInsurance: {
      status: 'pensioner',
      compulsoryContributionMonths: 360,
      voluntaryContributionMonths: 0,
      contributionMonthsBefore2014: 300,
      averageMonthlySalary: 9_000_000,
      monthlyPension: 6_500_000,
      pensionStartDate: '2010-06-01',
    },
  },
  socialPension: {
    socialProtection: {
      programmes: [{ kind: 'social-pension', since: '2020-01-01', until: null, monthlyAmount: 500_000 }],
    },
  },
  merit: {
    merit: { category: 'resistance-activist', recognisedOn: '1995-08-19', receivesMonthlyAllowance: true },
  },
  insuredAndAssisted: {
    socialInsurance: {
      status: 'reserved',
      compulsoryContributionMonths: 96,
      voluntaryContributionMonths: 0,
      contributionMonthsBefore2014: 96,
      averageMonthlySalary: 4_200_000,
    },
    socialProtection: {
      programmes: [
        { kind: 'monthly-social-assistance', since: '2020-01-01', until: null, monthlyAmount: 500_000 },
      ],
    },
  },
  noEntitlement: {
    socialInsurance: {
      status: 'contributing',
      compulsoryContributionMonths: 8,
      voluntaryContributionMonths: 0,
      contributionMonthsBefore2014: 0,
      averageMonthlySalary: 6_000_000,
    },
  },
} satisfies Record<string, Profile>;

/** A death dossier for `deceased`, from the 4-in-1 example, with the services chosen. */
export function deathDossier(
  example: Record<string, unknown>,
  deceased: Person,
  options: { services?: readonly string[]; dateOfDeath?: string; substituteNotice?: boolean } = {},
): Record<string, unknown> {
  const services = options.services ?? (example.services as string[]);
  const base = example.deceased as Record<string, unknown>;
  return {
    ...example,
    services,
    deceased: {
      ...base,
      ...deceased,
      dateOfDeath: options.dateOfDeath ?? '2026-11-25',
      ...(options.substituteNotice
        ? { deathNoticeKind: 'legal-substitute', deathNoticeIssuedBy: 'Công an xã' }
        : {}),
    },
    ...(services.includes('funeral-benefit') ? {} : { funeralBenefit: undefined }),
    ...(services.includes('survivor-allowance') ? {} : { survivorAllowance: undefined }),
  };
}

/** A new deceased with `profile`'s records, in the stand-ins of `system`. */
export function newDeceased(system: { url(service: string): string }, profile: Profile = PROFILES.pensioner) {
  return createPerson(
    { population: system.url('population-registry'), registries: system.url('benefit-registries') },
    profile,
  );
}
