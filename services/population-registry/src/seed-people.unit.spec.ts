import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { NewPerson } from './contract.ts';
import { checkPersonalId } from './domain/personal-id.ts';
import { newPersonErrors } from './routes/admin.ts';
import { SEED_PEOPLE } from './seed-people.ts';

const EXAMPLE = new URL('../../../examples/population/people.json', import.meta.url);
const EXAMPLE_README = new URL('../../../examples/population/README.md', import.meta.url);

describe('the seed people', () => {
  it('each have a number consistent with their province, sex and birth year, and valid as an admin add', () => {
    for (const person of SEED_PEOPLE) {
      expect({
        personalId: person.personalId,
        mismatches: checkPersonalId(person.personalId, person),
      }).toEqual({
        personalId: person.personalId,
        mismatches: [],
      });
      expect(newPersonErrors(NewPerson.parse(person))).toEqual([]);
    }
  });

  it('have distinct numbers, and parents who are on record', () => {
    const ids = new Set(SEED_PEOPLE.map((person) => person.personalId));
    expect(ids.size).toBe(SEED_PEOPLE.length);
    for (const person of SEED_PEOPLE) {
      for (const parent of [person.motherPersonalId, person.fatherPersonalId]) {
        if (parent !== undefined) expect(ids).toContain(parent);
      }
    }
  });

  it('cover the cases the examples promise', () => {
    const years = SEED_PEOPLE.map((person) => Number(person.dateOfBirth.slice(0, 4)));
    expect(SEED_PEOPLE.some((person) => person.status === 'deceased')).toBe(true);
    expect(years.some((year) => year < 1950)).toBe(true);
    expect(years).toContain(2000);
    expect(
      SEED_PEOPLE.filter((person) => person.motherPersonalId !== undefined).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('are the people of examples/population/people.json, each listed in its README', () => {
    const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { people: unknown[] };
    const readme = readFileSync(EXAMPLE_README, 'utf8');

    expect(example.people).toEqual(JSON.parse(JSON.stringify(SEED_PEOPLE)));
    for (const person of SEED_PEOPLE) expect(readme).toContain(person.personalId);
  });
});

describe('the seed people’s permanent residences', () => {
  const ADMIN_UNITS = new URL(
    '../../../packages/admin-units/src/data/vn-admin-units-2025.json',
    import.meta.url,
  );

  it('are in real communes of their province, from their birth on; Long has none', () => {
    const units = JSON.parse(readFileSync(ADMIN_UNITS, 'utf8')) as {
      communes: { code: string; provinceCode: string }[];
    };
    const provinceOf = new Map(units.communes.map((commune) => [commune.code, commune.provinceCode]));
    const withResidence = SEED_PEOPLE.filter((person) => person.permanentResidence !== undefined);

    expect(withResidence.map((person) => person.personalId)).toEqual([
      '001052004417',
      '038145003321',
      '046158002245',
      '031049006612',
      '048085003390',
      '079170004521',
      '040050007788',
    ]);
    for (const person of withResidence) {
      const residence = person.permanentResidence;
      expect({
        personalId: person.personalId,
        province: provinceOf.get(residence?.communeCode ?? ''),
      }).toEqual({
        personalId: person.personalId,
        province: person.provinceCode,
      });
      expect(NewPerson.parse(person).permanentResidence).toEqual(residence);
      expect(residence !== undefined && residence.since >= person.dateOfBirth).toBe(true);
    }
    expect(SEED_PEOPLE.find((person) => person.personalId === '001090008834')).toMatchObject({
      status: 'alive',
      provinceCode: '01',
    });
    expect(
      SEED_PEOPLE.find((person) => person.personalId === '001090008834')?.permanentResidence,
    ).toBeUndefined();
  });
});
