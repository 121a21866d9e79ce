import { describe, expect, it } from '@jest/globals';
import {
  assessBirth,
  certificateNumber,
  nameKey,
  registeredName,
  type BirthCommand,
  type BirthFacts,
  type PersonOnRecord,
} from './birth-rules.ts';

const command: BirthCommand = {
  dossierId: 'LT20261120-AAAA0001',
  communeCode: '00004',
  receivedAt: '2026-11-20T02:00:00Z',
  child: {
    fullName: 'Trần Bảo An',
    sex: 'female',
    dateOfBirth: '2026-11-20',
    placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
    birthCertificateNumber: 'GCS-01-2026-004517',
  },
  mother: { fullName: 'Nguyễn Thị Lan', personalId: '001194003582' },
  father: { fullName: 'Trần Văn Minh', personalId: '001091012467' },
};
const lan: PersonOnRecord = { sex: 'female', dateOfBirth: '1994-03-12', status: 'alive' };
const minh: PersonOnRecord = { sex: 'male', dateOfBirth: '1991-08-25', status: 'alive' };
const facts: BirthFacts = {
  sameChildRegistrations: [],
  parents: { kind: 'answered', mother: lan, father: minh },
};
// 2026-11-20 09:00 in Vietnam.
const now = new Date('2026-11-20T02:00:00Z');

const codeOf = (assessment: ReturnType<typeof assessBirth>) =>
  assessment.decision === 'approve' ? 'approve' : `${assessment.decision}:${assessment.reason.code}`;

describe('registering a birth', () => {
  it('given known, consistent parents and no earlier registration, then it is approved by policy', () => {
    expect(assessBirth(command, facts, now)).toEqual({ decision: 'approve' });
  });

  it('given a date of birth after today in Vietnam, then it is refused with BIRTH_DATE_IN_FUTURE', () => {
    const tomorrow = { ...command, child: { ...command.child, dateOfBirth: '2026-11-21' } };
    expect(assessBirth(tomorrow, facts, now)).toMatchObject({
      decision: 'refuse',
      reason: {
        code: 'BIRTH_DATE_IN_FUTURE',
        message: { vi: expect.stringMatching(/Ngày sinh/), en: expect.stringMatching(/date of birth/) },
      },
    });
  });

  it('reads "today" in Vietnam time: 20 Nov 23:30 UTC is already 21 Nov in Hà Nội', () => {
    const bornOn21 = { ...command, child: { ...command.child, dateOfBirth: '2026-11-21' } };
    expect(codeOf(assessBirth(bornOn21, facts, new Date('2026-11-20T16:59:59Z')))).toBe(
      'refuse:BIRTH_DATE_IN_FUTURE',
    );
    expect(codeOf(assessBirth(bornOn21, facts, new Date('2026-11-20T17:00:00Z')))).toBe('approve');
  });

  it('given a commune code not in the catalogue, then it is refused with COMMUNE_NOT_FOUND', () => {
    expect(codeOf(assessBirth({ ...command, communeCode: '99999' }, facts, now))).toBe(
      'refuse:COMMUNE_NOT_FOUND',
    );
  });

  it('given a name longer than the extract can hold, then it is refused with NAME_TOO_LONG', () => {
    const long = { ...command, mother: { ...command.mother, fullName: 'Nguyễn '.repeat(20).trim() } };
    expect(codeOf(assessBirth(long, facts, now))).toBe('refuse:NAME_TOO_LONG');
  });

  describe('the parents, as the population database knows them', () => {
    it('given no one under the mother’s number, then MOTHER_NOT_FOUND', () => {
      expect(
        codeOf(
          assessBirth(command, { ...facts, parents: { kind: 'answered', mother: null, father: minh } }, now),
        ),
      ).toBe('refuse:MOTHER_NOT_FOUND');
    });

    it('given a declared father no one is recorded under, then FATHER_NOT_FOUND', () => {
      expect(
        codeOf(
          assessBirth(command, { ...facts, parents: { kind: 'answered', mother: lan, father: null } }, now),
        ),
      ).toBe('refuse:FATHER_NOT_FOUND');
    });

    it('given no father declared, then only the mother is checked', () => {
      const { father: _father, ...withoutFather } = command;
      expect(
        assessBirth(withoutFather, { ...facts, parents: { kind: 'answered', mother: lan } }, now),
      ).toEqual({
        decision: 'approve',
      });
    });

    it.each([
      ['a mother recorded as a man', { mother: minh, father: minh }],
      ['a father recorded as a woman', { mother: lan, father: lan }],
      ['a mother born after the child', { mother: { ...lan, dateOfBirth: '2026-11-21' }, father: minh }],
      [
        'a mother born on the child’s date of birth',
        { mother: { ...lan, dateOfBirth: '2026-11-20' }, father: minh },
      ],
      ['a father born after the child', { mother: lan, father: { ...minh, dateOfBirth: '2027-01-01' } }],
      [
        'a mother recorded deceased before the birth',
        { mother: { ...lan, status: 'deceased' as const, dateOfDeath: '2025-12-20' }, father: minh },
      ],
    ])('given %s, then PARENT_DATA_INCONSISTENT', (_case, parents) => {
      const assessment = assessBirth(command, { ...facts, parents: { kind: 'answered', ...parents } }, now);
      expect(assessment).toMatchObject({
        decision: 'refuse',
        reason: {
          code: 'PARENT_DATA_INCONSISTENT',
          message: { vi: expect.any(String), en: expect.any(String) },
        },
      });
    });

    it('given a father recorded deceased before the birth (a posthumous child), then it is approved', () => {
      const father = { ...minh, status: 'deceased' as const, dateOfDeath: '2026-08-01' };
      expect(
        assessBirth(command, { ...facts, parents: { kind: 'answered', mother: lan, father } }, now),
      ).toEqual({
        decision: 'approve',
      });
    });

    it('given the database did not answer, then the check is skipped and the birth is registered', () => {
      expect(assessBirth(command, { ...facts, parents: { kind: 'skipped' } }, now)).toEqual({
        decision: 'approve',
      });
    });
  });

  describe('a second registration of the same child', () => {
    it('given another dossier of the same mother, date of birth and name, then an officer decides (SUSPECTED_DUPLICATE)', () => {
      const assessment = assessBirth(
        command,
        { ...facts, sameChildRegistrations: ['KS-00004-2026-000017'] },
        now,
      );
      expect(assessment).toMatchObject({
        decision: 'ask-officer',
        reason: {
          code: 'SUSPECTED_DUPLICATE',
          message: {
            vi: expect.stringContaining('KS-00004-2026-000017'),
            en: expect.stringMatching(/twins/),
          },
        },
      });
    });

    it('given a refusal reason as well, then it is refused rather than sent to an officer', () => {
      const both = {
        sameChildRegistrations: ['KS-00004-2026-000017'],
        parents: { kind: 'answered', mother: null },
      } as const;
      expect(codeOf(assessBirth(command, both, now))).toBe('refuse:MOTHER_NOT_FOUND');
    });

    it('compares names ignoring case, spacing and Unicode composition, but not diacritics', () => {
      expect(nameKey('  VÕ GIA   HÂN ')).toBe(nameKey('Võ Gia Hân'));
      expect(nameKey('Vo\u0303 Gia Ha\u0302n')).toBe(nameKey('Võ Gia Hân'));
      expect(nameKey('Võ Gia Hàn')).not.toBe(nameKey('Võ Gia Hân'));
    });
  });

  it('writes names in NFC with single spaces', () => {
    expect(registeredName(' Vo\u0303  Gia Hân ')).toBe('Võ Gia Hân');
  });

  it('numbers certificates KS-<commune>-<year>-<6 digits>', () => {
    expect(certificateNumber('00004', '2026', 17)).toBe('KS-00004-2026-000017');
    expect(() => certificateNumber('00004', '2026', 1_000_000)).toThrow(RangeError);
    expect(() => certificateNumber('00004', '2026', 0)).toThrow(RangeError);
  });
});
