import { describe, expect, it } from '@jest/globals';
import { decideIssuance, nameKey, requestFingerprint } from './issuance.ts';
import type { IssuanceFacts, IssuanceRequest, Person } from './issuance.ts';

const mother: Person = {
  personalId: '001194003582',
  fullName: 'Nguyễn Thị Lan',
  sex: 'female',
  dateOfBirth: '1994-03-12',
  status: 'alive',
};
const father: Person = {
  personalId: '001091012467',
  fullName: 'Trần Văn Minh',
  sex: 'male',
  dateOfBirth: '1991-08-25',
  status: 'alive',
};
const request: IssuanceRequest = {
  requestId: 'HS-1:birth',
  provinceCode: '01',
  child: { fullName: 'Trần Bảo Ngọc', sex: 'female', dateOfBirth: '2026-11-18' },
  mother: { personalId: mother.personalId },
  father: { personalId: father.personalId },
};
const facts: IssuanceFacts = { mother, father, duplicateExists: false, today: '2026-11-20' };

describe('decideIssuance', () => {
  it('issues when both parents are on record and consistent', () => {
    expect(decideIssuance(request, facts)).toEqual({ outcome: 'issue' });
  });

  it('issues without a father when none is declared', () => {
    expect(decideIssuance({ ...request, father: undefined }, { ...facts, father: undefined })).toEqual({
      outcome: 'issue',
    });
  });

  it('issues to a child born today, and to one whose father died before the birth', () => {
    const birthToday = { ...request, child: { ...request.child, dateOfBirth: '2026-11-20' } };
    const lateFather: Person = { ...father, status: 'deceased', dateOfDeath: '2026-05-01' };

    expect(decideIssuance(birthToday, facts).outcome).toBe('issue');
    expect(decideIssuance(request, { ...facts, father: lateFather }).outcome).toBe('issue');
  });

  it('refuses a suspected duplicate (a twin with the same name, or the same child sent twice)', () => {
    expect(decideIssuance(request, { ...facts, duplicateExists: true })).toMatchObject({
      outcome: 'refuse',
      code: 'SUSPECTED_DUPLICATE',
    });
  });

  it('refuses parents not on record', () => {
    expect(decideIssuance(request, { ...facts, mother: undefined })).toMatchObject({
      code: 'MOTHER_NOT_FOUND',
    });
    expect(decideIssuance(request, { ...facts, father: undefined })).toMatchObject({
      code: 'FATHER_NOT_FOUND',
    });
  });

  it('refuses parents whose records contradict the birth', () => {
    const cases: [string, Partial<IssuanceFacts>][] = [
      ['mother is a man', { mother: { ...father } }],
      ['father is a woman', { father: { ...mother, personalId: '001194000001' } }],
      ['mother born after the child', { mother: { ...mother, dateOfBirth: '2026-11-19' } }],
      ['father born the same day', { father: { ...father, dateOfBirth: '2026-11-18' } }],
      ['mother died before', { mother: { ...mother, status: 'deceased', dateOfDeath: '2026-11-17' } }],
    ];
    for (const [, change] of cases) {
      expect(decideIssuance(request, { ...facts, ...change })).toMatchObject({
        code: 'PARENT_DATA_INCONSISTENT',
      });
    }
  });

  it('does not refuse a mother who died giving birth', () => {
    const diedThatDay: Person = { ...mother, status: 'deceased', dateOfDeath: '2026-11-18' };
    expect(decideIssuance(request, { ...facts, mother: diedThatDay }).outcome).toBe('issue');
  });

  it('refuses a birth in the future or outside the years a number can encode, before looking at parents', () => {
    const future = { ...request, child: { ...request.child, dateOfBirth: '2026-11-21' } };
    const ancient = { ...request, child: { ...request.child, dateOfBirth: '1899-12-31' } };

    expect(decideIssuance(future, { ...facts, mother: undefined })).toMatchObject({
      code: 'CHILD_DATA_INCONSISTENT',
    });
    expect(decideIssuance(ancient, facts)).toMatchObject({ code: 'CHILD_DATA_INCONSISTENT' });
  });

  it('never names people in its reasons', () => {
    const reasons = [
      decideIssuance(request, { ...facts, duplicateExists: true }),
      decideIssuance(request, { ...facts, mother: undefined }),
      decideIssuance(request, { ...facts, mother: { ...father } }),
    ].map((decision) => (decision.outcome === 'refuse' ? decision.reason : ''));
    for (const reason of reasons) {
      expect(reason).not.toMatch(/Lan|Minh|Ngọc|\d{12}/);
    }
  });
});

describe('nameKey', () => {
  it('ignores case, spacing and Unicode composition, not diacritics', () => {
    const decomposed = 'Tra\u0302\u0300n Ba\u0309o Ngo\u0323c';
    expect(nameKey('  TRẦN  Bảo ngọc ')).toBe(nameKey('Trần Bảo Ngọc'));
    expect(nameKey(decomposed)).toBe(nameKey('Trần Bảo Ngọc'));
    expect(nameKey('Trần Bảo Ngoc')).not.toBe(nameKey('Trần Bảo Ngọc'));
  });
});

describe('requestFingerprint', () => {
  it('is the same for the same request and differs when any identifying field does', () => {
    expect(requestFingerprint({ ...request })).toBe(requestFingerprint(request));
    expect(requestFingerprint({ ...request, requestId: 'other' })).toBe(requestFingerprint(request));
    expect(requestFingerprint({ ...request, child: { ...request.child, sex: 'male' } })).not.toBe(
      requestFingerprint(request),
    );
    expect(requestFingerprint({ ...request, father: undefined })).not.toBe(requestFingerprint(request));
    expect(requestFingerprint({ ...request, callbackUrl: 'http://x/cb' })).not.toBe(
      requestFingerprint(request),
    );
  });
});
