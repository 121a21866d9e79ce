import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MeritRecord, SocialInsuranceRecord, SocialProtectionRecord } from './contract.ts';
import { SEED_RECORDS, seedRecordsAsStored } from './seed-records.ts';

const EXAMPLE = new URL('../../../examples/registries/records.json', import.meta.url);
const EXAMPLE_README = new URL('../../../examples/registries/README.md', import.meta.url);
const POPULATION = new URL('../../../examples/population/people.json', import.meta.url);

const stored = seedRecordsAsStored();
const everyone = [...stored.socialInsurance, ...stored.socialProtection, ...stored.merit];

describe('the seed records', () => {
  it('are valid admin bodies, stored as they are written', () => {
    for (const record of stored.socialInsurance) expect(SocialInsuranceRecord.parse(record)).toEqual(record);
    for (const record of stored.socialProtection)
      expect(SocialProtectionRecord.parse(record)).toEqual(record);
    for (const record of stored.merit) expect(MeritRecord.parse(record)).toEqual(record);
  });

  it('are the records of examples/registries/records.json, each person listed in its README', () => {
    const example: unknown = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    const readme = readFileSync(EXAMPLE_README, 'utf8');

    expect(example).toEqual(JSON.parse(JSON.stringify(SEED_RECORDS)));
    for (const record of everyone) expect(readme).toContain(record.personalId);
  });

  it('hold one record per person and registry, and distinct social-insurance numbers', () => {
    for (const records of [stored.socialInsurance, stored.socialProtection, stored.merit]) {
      expect(new Set(records.map((record) => record.personalId)).size).toBe(records.length);
    }
    const numbers = stored.socialInsurance.map((record) => record.socialInsuranceNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('are people of the population registry’s seed, with the same name, sex and date of birth', () => {
    const population = JSON.parse(readFileSync(POPULATION, 'utf8')) as {
      people: { personalId: string; fullName: string; sex: string; dateOfBirth: string; status: string }[];
    };
    const byId = new Map(population.people.map((person) => [person.personalId, person]));

    for (const record of everyone) {
      expect({ personalId: record.personalId, fullName: byId.get(record.personalId)?.fullName }).toEqual({
        personalId: record.personalId,
        fullName: record.fullName,
      });
    }
    for (const record of stored.socialInsurance) {
      expect(byId.get(record.personalId)).toMatchObject({ sex: record.sex, dateOfBirth: record.dateOfBirth });
    }
  });

  it('cover the cases the examples promise', () => {
    const insured = new Map(stored.socialInsurance.map((record) => [record.personalId, record]));
    const inSocialProtection = new Set(stored.socialProtection.map((record) => record.personalId));
    const ofMerit = new Set(stored.merit.map((record) => record.personalId));

    expect(insured.get('001052004417')?.status).toBe('pensioner');
    expect(insured.get('048085003390')?.compulsoryContributionMonths).toBeLessThan(12);
    expect(insured.get('079170004521')?.voluntaryContributionMonths).toBeGreaterThanOrEqual(60);
    // Several entitlements: insured and on social assistance; merit and social assistance.
    expect(insured.has('046158002245') && inSocialProtection.has('046158002245')).toBe(true);
    expect(ofMerit.has('040050007788') && inSocialProtection.has('040050007788')).toBe(true);
    expect(
      stored.socialProtection.some((record) =>
        record.programmes.some((programme) => programme.until !== null),
      ),
    ).toBe(true);
  });
});
