/**
 * Test people the stand-in holds from its first start: parents for birth dossiers, a deceased
 * person and the people of the death group's cases (with permanent residences), and the edge
 * cases of the number format. Fictional people; every
 * number encodes its holder's province, sex and birth year. examples/population/people.json
 * and its README list the same people (a unit test keeps them equal).
 */
import type { Logger, ServiceComponent } from '@lienthong/service-kit';
import { seedComponent, unnoted } from '@lienthong/stand-in-kit';
import type { Seed } from '@lienthong/stand-in-kit';
import type { Person } from './domain/issuance.ts';
import type { PostgresRegistry } from './postgres-registry.ts';

/** A seed person and the case it is there for. */
export type SeedPerson = Seed<Person>;

export const SEED_PEOPLE: readonly SeedPerson[] = Object.freeze([
  {
    personalId: '001194003582',
    fullName: 'Nguyễn Thị Lan',
    sex: 'female',
    dateOfBirth: '1994-03-12',
    status: 'alive',
    provinceCode: '01',
    exercises: 'Mother of a married couple in Hà Nội: the ordinary birth dossier with both parents.',
  },
  {
    personalId: '001091012467',
    fullName: 'Trần Văn Minh',
    sex: 'male',
    dateOfBirth: '1991-08-25',
    status: 'alive',
    provinceCode: '01',
    exercises:
      "Father in Hà Nội; sent as a mother, he gives PARENT_DATA_INCONSISTENT (the mother's record is a man's).",
  },
  {
    personalId: '001223045129',
    fullName: 'Trần Minh Khôi',
    sex: 'male',
    dateOfBirth: '2023-06-10',
    status: 'alive',
    provinceCode: '01',
    motherPersonalId: '001194003582',
    fatherPersonalId: '001091012467',
    exercises:
      'Elder son of Lan and Minh: a sibling born another day is not a duplicate; a 21st-century boy (digit 2).',
  },
  {
    personalId: '040301007734',
    fullName: 'Lê Thị Hồng Nhung',
    sex: 'female',
    dateOfBirth: '2001-11-02',
    status: 'alive',
    provinceCode: '40',
    exercises: 'Mother in Nghệ An born in the 21st century (digit 3).',
  },
  {
    personalId: '040099021856',
    fullName: 'Phạm Quốc Huy',
    sex: 'male',
    dateOfBirth: '1999-05-17',
    status: 'alive',
    provinceCode: '40',
    exercises: "Nhung's husband, born in the last year of the 20th century (digit 0, year 99).",
  },
  {
    personalId: '046190014203',
    fullName: 'Hoàng Thị Thu Trang',
    sex: 'female',
    dateOfBirth: '1990-07-21',
    status: 'alive',
    provinceCode: '46',
    exercises: 'Mother in Huế of a newborn already numbered: the suspected-duplicate case.',
  },
  {
    personalId: '048087009316',
    fullName: 'Võ Thanh Tùng',
    sex: 'male',
    dateOfBirth: '1987-12-03',
    status: 'alive',
    provinceCode: '48',
    exercises: "Trang's husband, registered in Đà Nẵng: parents from different provinces.",
  },
  {
    personalId: '046326031740',
    fullName: 'Võ Gia Hân',
    sex: 'female',
    dateOfBirth: '2026-10-05',
    status: 'alive',
    provinceCode: '46',
    motherPersonalId: '046190014203',
    fatherPersonalId: '048087009316',
    exercises:
      'Newborn of Trang and Tùng, already numbered: a new request for "Võ Gia Hân" born 2026-10-05 to Trang is SUSPECTED_DUPLICATE.',
  },
  {
    personalId: '079188026651',
    fullName: 'Đỗ Thị Mai',
    sex: 'female',
    dateOfBirth: '1988-01-30',
    status: 'alive',
    provinceCode: '79',
    exercises: 'Mother in Hồ Chí Minh City with no father declared.',
  },
  {
    personalId: '031300018077',
    fullName: 'Bùi Ngọc Ánh',
    sex: 'female',
    dateOfBirth: '2000-02-29',
    status: 'alive',
    provinceCode: '31',
    exercises:
      'Born on 29 February 2000 in Hải Phòng: the year 2000 is already 21st century for the digit (3, 00).',
  },
  {
    personalId: '038129000457',
    fullName: 'Phan Thị Gái',
    sex: 'female',
    dateOfBirth: '1929-09-09',
    status: 'alive',
    provinceCode: '38',
    exercises: 'Born in 1929 in Thanh Hoá, alive at 97: the oldest person on record.',
  },
  {
    personalId: '036048002391',
    fullName: 'Nguyễn Văn Bình',
    sex: 'male',
    dateOfBirth: '1948-04-02',
    status: 'deceased',
    dateOfDeath: '2026-09-14',
    provinceCode: '36',
    exercises: 'Deceased, for death dossiers; born in Nam Định (code 36, merged into Ninh Bình in 2025).',
  },
  {
    personalId: '035179011628',
    fullName: 'Trịnh Thị Hoa',
    sex: 'female',
    dateOfBirth: '1979-05-05',
    status: 'deceased',
    dateOfDeath: '2025-12-20',
    provinceCode: '35',
    exercises:
      'Recorded deceased in 2025 (born in Hà Nam, code 35): as the mother of a 2026 birth she gives PARENT_DATA_INCONSISTENT, like a death registered in error.',
  },
  // The death group: alive here, each with a permanent residence the police delete once the
  // death is registered, and records in the benefit registries (examples/registries).
  {
    personalId: '001052004417',
    fullName: 'Nguyễn Văn Thành',
    sex: 'male',
    dateOfBirth: '1952-03-08',
    status: 'alive',
    provinceCode: '01',
    permanentResidence: { communeCode: '00235', address: 'Số 18 ngõ 172 phố Tây Sơn', since: '1984-10-12' },
    exercises: 'A pensioner: the Social Security funeral allowance, and a survivor allowance.',
  },
  {
    personalId: '038145003321',
    fullName: 'Lê Thị Xuân',
    sex: 'female',
    dateOfBirth: '1945-06-15',
    status: 'alive',
    provinceCode: '38',
    permanentResidence: { communeCode: '15127', address: 'Thôn Đoàn Kết', since: '1966-03-20' },
    exercises: 'On a social pension in a rural commune: the social-protection funeral support.',
  },
  {
    personalId: '046158002245',
    fullName: 'Hồ Thị Mận',
    sex: 'female',
    dateOfBirth: '1958-11-30',
    status: 'alive',
    provinceCode: '46',
    permanentResidence: {
      communeCode: '19789',
      address: 'Số 27 kiệt 64 đường Phan Đình Phùng',
      since: '1983-05-04',
    },
    exercises: 'Insured and on social assistance: several funeral entitlements, the highest is paid.',
  },
  {
    personalId: '031049006612',
    fullName: 'Đặng Văn Hùng',
    sex: 'male',
    dateOfBirth: '1949-02-20',
    status: 'alive',
    provinceCode: '31',
    permanentResidence: { communeCode: '11383', address: 'Số 56 phố Tô Hiệu', since: '1976-08-15' },
    exercises: 'A resistance activist: the people-with-merit funeral benefit.',
  },
  {
    personalId: '048085003390',
    fullName: 'Trương Minh Quân',
    sex: 'male',
    dateOfBirth: '1985-09-09',
    status: 'alive',
    provinceCode: '48',
    permanentResidence: { communeCode: '20242', address: 'Số 112 đường Trần Phú', since: '2012-02-20' },
    exercises: 'Insured for 8 months only: no funeral entitlement.',
  },
  {
    personalId: '079170004521',
    fullName: 'Phan Thị Thuý',
    sex: 'female',
    dateOfBirth: '1970-04-18',
    status: 'alive',
    provinceCode: '79',
    permanentResidence: {
      communeCode: '27154',
      address: 'Số 142/9 đường Cách Mạng Tháng Tám',
      since: '1995-11-05',
    },
    exercises: 'Voluntary insurance for 72 months: the funeral allowance and a lump-sum survivor allowance.',
  },
  {
    personalId: '040050007788',
    fullName: 'Cao Văn Lực',
    sex: 'male',
    dateOfBirth: '1950-12-01',
    status: 'alive',
    provinceCode: '40',
    permanentResidence: { communeCode: '16941', address: 'Xóm Tân Hồng', since: '1978-01-10' },
    exercises: 'A war invalid on social assistance: merit and social protection at once.',
  },
  {
    personalId: '001090008834',
    fullName: 'Vũ Đức Long',
    sex: 'male',
    dateOfBirth: '1990-07-07',
    status: 'alive',
    provinceCode: '01',
    exercises: 'No permanent residence on record: the residence deletion finds none to delete.',
  },
]);

/** The seed people as stored, without their notes: for in-memory registries in tests. */
export function seedPeopleAsStored(): Person[] {
  return SEED_PEOPLE.map(unnoted);
}

/** A start-up step adding the seed people that are missing; never changes a record. */
export function seedPeopleComponent(options: {
  readonly registry: PostgresRegistry;
  readonly clock: () => Date;
  readonly logger: Logger;
}): ServiceComponent {
  return seedComponent({
    name: 'seed-test-people',
    what: 'test people',
    seeds: SEED_PEOPLE,
    insertIfAbsent: (seed, now) => options.registry.insertPersonIfAbsent(unnoted(seed), 'seed', now),
    clock: options.clock,
    logger: options.logger,
  });
}
