import { describe, expect, it } from '@jest/globals';
import {
  assessDeath,
  benefitDecisionNumber,
  certificateSequenceScope,
  deathCertificateNumber,
  decisionSequenceScope,
  nameKey,
  recoveryNumber,
  recoverySequenceScope,
  registeredName,
  type DeathCommand,
  type DeathFacts,
  type DeceasedOnRecord,
} from './death-rules.ts';

const command: DeathCommand = {
  dossierId: 'LT20261120-AAAA0002',
  communeCode: '00004',
  receivedAt: '2026-11-20T02:00:00Z',
  deceased: {
    personalId: '001048004417',
    fullName: 'Nguyễn Văn Quang',
    sex: 'male',
    dateOfBirth: '1948-05-12',
    dateOfDeath: '2026-11-19',
    placeOfDeath: 'Bệnh viện Bạch Mai, Hà Nội',
  },
  deathNotice: { kind: 'hospital', number: 'GBT-2026-001234', issuedBy: 'Bệnh viện Bạch Mai' },
  applicant: { fullName: 'Nguyễn Văn Minh', personalId: '001078012467', relationshipToDeceased: 'child' },
};
const quang: DeceasedOnRecord = {
  fullName: 'NGUYỄN VĂN QUANG',
  sex: 'male',
  dateOfBirth: '1948-05-12',
  status: 'alive',
};
const facts: DeathFacts = { person: quang, registeredDeath: null };
// 2026-11-20 09:00 in Vietnam.
const now = new Date('2026-11-20T02:00:00Z');

const codeOf = (assessment: ReturnType<typeof assessDeath>) =>
  assessment.decision === 'approve' ? 'approve' : `${assessment.decision}:${assessment.reason.code}`;
const withDeceased = (deceased: Partial<DeathCommand['deceased']>): DeathCommand => ({
  ...command,
  deceased: { ...command.deceased, ...deceased },
});

describe('registering a death', () => {
  it('given a hospital death notice and a deceased the population database knows alive, then it is approved by policy', () => {
    expect(assessDeath(command, facts, now)).toEqual({ decision: 'approve' });
  });

  it('given a death today, then it is approved', () => {
    expect(codeOf(assessDeath(withDeceased({ dateOfDeath: '2026-11-20' }), facts, now))).toBe('approve');
  });

  it('given a date of death after today in Vietnam, then it is refused with DEATH_DATE_IN_FUTURE', () => {
    expect(assessDeath(withDeceased({ dateOfDeath: '2026-11-21' }), facts, now)).toEqual({
      decision: 'refuse',
      reason: {
        code: 'DEATH_DATE_IN_FUTURE',
        message: {
          vi: 'Ngày chết sau ngày đăng ký khai tử',
          en: 'The date of death is after the registration date (Vietnam time)',
        },
      },
    });
  });

  it('reads "today" in Vietnam time: 20 Nov 17:00 UTC is already 21 Nov in Hà Nội', () => {
    const diedOn21 = withDeceased({ dateOfDeath: '2026-11-21' });
    expect(codeOf(assessDeath(diedOn21, facts, new Date('2026-11-20T16:59:59Z')))).toBe(
      'refuse:DEATH_DATE_IN_FUTURE',
    );
    expect(codeOf(assessDeath(diedOn21, facts, new Date('2026-11-20T17:00:00Z')))).toBe('approve');
  });

  it('given no one under the personal ID in the population database, then DECEASED_NOT_FOUND', () => {
    expect(assessDeath(command, { ...facts, person: undefined }, now)).toMatchObject({
      decision: 'refuse',
      reason: {
        code: 'DECEASED_NOT_FOUND',
        message: { en: expect.stringMatching(/not in the National Population Database/) },
      },
    });
  });

  it('given a death already registered here for the person, then DEATH_ALREADY_REGISTERED with its number', () => {
    expect(assessDeath(command, { ...facts, registeredDeath: 'KT-00004-2026-000017' }, now)).toMatchObject({
      decision: 'refuse',
      reason: {
        code: 'DEATH_ALREADY_REGISTERED',
        message: {
          vi: expect.stringContaining('KT-00004-2026-000017'),
          en: expect.stringContaining('a death cannot be registered twice'),
        },
      },
    });
  });

  it('given a person the population database records as deceased, then ALREADY_DECEASED', () => {
    const dead = { ...quang, status: 'deceased' as const, dateOfDeath: '2026-11-19' };
    expect(codeOf(assessDeath(command, { ...facts, person: dead }, now))).toBe('refuse:ALREADY_DECEASED');
  });

  it('checks in order: a future date before an unknown person, an unknown person before a duplicate', () => {
    const tomorrow = withDeceased({ dateOfDeath: '2026-11-21' });
    expect(codeOf(assessDeath(tomorrow, { person: undefined, registeredDeath: 'KT-1' }, now))).toBe(
      'refuse:DEATH_DATE_IN_FUTURE',
    );
    expect(codeOf(assessDeath(command, { person: undefined, registeredDeath: 'KT-1' }, now))).toBe(
      'refuse:DECEASED_NOT_FOUND',
    );
    const dead = { ...quang, status: 'deceased' as const };
    expect(codeOf(assessDeath(command, { person: dead, registeredDeath: 'KT-1' }, now))).toBe(
      'refuse:DEATH_ALREADY_REGISTERED',
    );
  });

  describe('the deceased’s data against the population database', () => {
    it.each([
      ['the full name', withDeceased({ fullName: 'Nguyễn Văn Quảng' }), 'full name', 'họ tên'],
      ['the sex', withDeceased({ sex: 'female' }), 'sex', 'giới tính'],
      ['the date of birth', withDeceased({ dateOfBirth: '1948-05-13' }), 'date of birth', 'ngày sinh'],
    ])(
      'given %s differing, then DECEASED_DATA_INCONSISTENT naming the field, not the values',
      (_what, differing, en, vi) => {
        const assessment = assessDeath(differing, facts, now);
        expect(assessment).toEqual({
          decision: 'refuse',
          reason: {
            code: 'DECEASED_DATA_INCONSISTENT',
            message: {
              vi: `Thông tin người chết không khớp với Cơ sở dữ liệu quốc gia về dân cư: ${vi}`,
              en: `The deceased’s data contradict the National Population Database: ${en}`,
            },
          },
        });
        expect(JSON.stringify(assessment)).not.toMatch(/Quảng|QUANG|1948/);
      },
    );

    it('given several fields differing, then each is named', () => {
      const assessment = assessDeath(withDeceased({ sex: 'female', dateOfBirth: '1950-01-01' }), facts, now);
      expect(assessment.decision !== 'approve' && assessment.reason.message.en).toBe(
        'The deceased’s data contradict the National Population Database: sex, date of birth',
      );
    });

    it('given the same name in another case, spacing or Unicode composition, then it matches', () => {
      expect(codeOf(assessDeath(withDeceased({ fullName: '  nguyễn   văn QUANG ' }), facts, now))).toBe(
        'approve',
      );
      expect(
        codeOf(assessDeath(withDeceased({ fullName: 'Nguye\u0302\u0303n Va\u0306n Quang' }), facts, now)),
      ).toBe('approve');
    });

    it('given a date of death before the date of birth, then DECEASED_DATA_INCONSISTENT', () => {
      const born = { ...quang, dateOfBirth: '2026-11-19' };
      const assessment = assessDeath(
        withDeceased({ dateOfBirth: '2026-11-19', dateOfDeath: '2026-11-18' }),
        { ...facts, person: born },
        now,
      );
      expect(assessment).toMatchObject({
        decision: 'refuse',
        reason: {
          code: 'DECEASED_DATA_INCONSISTENT',
          message: { en: expect.stringContaining('the date of death is before the date of birth') },
        },
      });
    });

    it('given a death on the day of birth, then it is approved', () => {
      const born = { ...quang, dateOfBirth: '2026-11-19' };
      expect(
        codeOf(assessDeath(withDeceased({ dateOfBirth: '2026-11-19' }), { ...facts, person: born }, now)),
      ).toBe('approve');
    });
  });

  it('given a name longer than the extract holds, then NAME_TOO_LONG', () => {
    const long = 'Nguyễn '.repeat(16).trim();
    expect(
      codeOf(
        assessDeath(
          withDeceased({ fullName: long }),
          { ...facts, person: { ...quang, fullName: long } },
          now,
        ),
      ),
    ).toBe('refuse:NAME_TOO_LONG');
  });

  it('given a legal substitute for the death notice, then an officer checks it: VERIFICATION_REQUIRED', () => {
    const substitute: DeathCommand = {
      ...command,
      deathNotice: { kind: 'legal-substitute', number: 'XN-15/2026', issuedBy: 'Công an xã' },
    };
    expect(assessDeath(substitute, facts, now)).toEqual({
      decision: 'ask-officer',
      reason: {
        code: 'VERIFICATION_REQUIRED',
        message: {
          vi: expect.stringContaining('giấy tờ thay thế giấy báo tử'),
          en: 'The dossier has a legal substitute for the death notice; a civil-status officer checks it before the death is registered',
        },
      },
    });
  });

  it('given a legal substitute and a refusal reason, then it is refused rather than sent to an officer', () => {
    const substitute: DeathCommand = {
      ...command,
      deathNotice: { kind: 'legal-substitute', number: 'XN-15/2026', issuedBy: 'Công an xã' },
    };
    expect(codeOf(assessDeath(substitute, { ...facts, person: undefined }, now))).toBe(
      'refuse:DECEASED_NOT_FOUND',
    );
  });
});

describe('names and numbers', () => {
  it('compares names ignoring case, spacing and Unicode composition, but not diacritics', () => {
    expect(nameKey('  NGUYỄN   VĂN QUANG ')).toBe(nameKey('Nguyễn Văn Quang'));
    expect(nameKey('Nguyễn Văn Quảng')).not.toBe(nameKey('Nguyễn Văn Quang'));
  });

  it('writes names in NFC with single spaces', () => {
    expect(registeredName(' Nguye\u0302\u0303n  Văn Quang ')).toBe('Nguyễn Văn Quang');
  });

  it('numbers death certificates KT-<commune>-<year>-<6 digits>, from the per-commune, per-year sequence', () => {
    expect(deathCertificateNumber('00004', '2026', 17)).toBe('KT-00004-2026-000017');
    expect(certificateSequenceScope('00004', '2026')).toBe('KT-00004-2026');
    expect(() => deathCertificateNumber('00004', '2026', 1_000_000)).toThrow(RangeError);
    expect(() => deathCertificateNumber('00004', '2026', 0)).toThrow(RangeError);
    expect(() => deathCertificateNumber('00004', '2026', 1.5)).toThrow(RangeError);
  });

  it('numbers benefit decisions MT (funeral) and TT (survivor), and recoveries TH', () => {
    expect(benefitDecisionNumber('MT', '00004', '2026', 1)).toBe('MT-00004-2026-000001');
    expect(benefitDecisionNumber('TT', '00004', '2026', 42)).toBe('TT-00004-2026-000042');
    expect(decisionSequenceScope('MT', '00004', '2026')).toBe('MT-00004-2026');
    expect(recoveryNumber('00004', '2026', 3)).toBe('TH-00004-2026-000003');
    expect(recoverySequenceScope('00004', '2026')).toBe('TH-00004-2026');
    expect(() => benefitDecisionNumber('MT', '00004', '2026', 0)).toThrow(RangeError);
  });
});
