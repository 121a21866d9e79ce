import { describe, expect, it } from '@jest/globals';
import {
  BirthRegistered,
  IssueChildHealthInsuranceCard,
  PersonalIdAttached,
  RegisterBirth,
  RegisterPermanentResidence,
  ResidenceRegistrationRefused,
} from '@lienthong/contracts';
import { decide, isRejection, type Decision, type SagaInput, type SagaState } from '@lienthong/saga-engine';
import { BirthDossierSubmission, type BirthDossier } from './birth-dossier.ts';
import { birthSaga } from './birth-saga.ts';

const submission = {
  procedure: 'birth',
  services: ['birth-registration', 'residence-registration', 'health-insurance'],
  communeCode: '00004',
  applicant: { fullName: 'Nguyễn Thị Lan', personalId: '001190012345', relationshipToChild: 'mother' },
  child: {
    fullName: 'Trần Minh An',
    sex: 'female',
    dateOfBirth: '2026-11-20',
    placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
    birthCertificateNumber: 'GCS-2026-000123',
  },
  mother: { fullName: 'Nguyễn Thị Lan', personalId: '001190012345' },
  father: { fullName: 'Trần Văn Bình', personalId: '001088054321' },
  residence: {
    communeCode: '00004',
    address: 'Số 12 phố Hàng Bạc',
    householdHeadPersonalId: '001088054321',
    relationshipToHouseholdHead: 'child',
  },
  healthInsurance: {},
};

const dossier: BirthDossier = {
  ...BirthDossierSubmission.parse(submission),
  dossierId: 'HS-2026-000001',
  receivedAt: '2026-11-23T02:00:00.000Z',
};
const context = { now: new Date('2026-11-23T02:00:00Z'), input: dossier, dueAt: (start: Date) => start };
function step(state: SagaState | undefined, input: SagaInput): Decision {
  const decision = decide(birthSaga, state, input, context);
  if (isRejection(decision)) throw new Error(decision.rejected.message);
  return decision;
}
const extract = { jws: 'eyJ.x.y', kid: 'k1' };

describe('the birth 3-in-1 saga', () => {
  it('sends a birth registration the civil-status contract accepts, and nothing else yet', () => {
    const { commands } = step(undefined, {
      kind: 'start',
      sagaId: dossier.dossierId,
      services: dossier.services,
    });
    expect(commands.map((command) => command.type)).toEqual([RegisterBirth.type]);
    expect(RegisterBirth.schema.parse(commands[0]?.data)).toMatchObject({ dossierId: 'HS-2026-000001' });
  });

  it('waits for the personal ID, then sends residence and health insurance in parallel, both valid by contract', () => {
    let state = step(undefined, {
      kind: 'start',
      sagaId: dossier.dossierId,
      services: dossier.services,
    }).state;
    state = step(state, {
      kind: 'reply',
      messageId: 'e1',
      type: BirthRegistered.type,
      data: {
        dossierId: dossier.dossierId,
        certificateNumber: 'KS-1',
        registeredAt: '2026-11-23T03:00:00Z',
        personalId: null,
        extract,
      },
    }).state;
    expect(state.steps.map((s) => s.status)).toEqual(['id_pending', 'pending', 'pending']);

    const attached = step(state, {
      kind: 'reply',
      messageId: 'e2',
      type: PersonalIdAttached.type,
      data: { dossierId: dossier.dossierId, certificateNumber: 'KS-1', personalId: '001326000123', extract },
    });
    const [residence, card] = attached.commands;
    expect(RegisterPermanentResidence.schema.parse(residence?.data).child.personalId).toBe('001326000123');
    expect(IssueChildHealthInsuranceCard.schema.parse(card?.data)).toMatchObject({
      birthCertificateNumber: 'KS-1',
      applicationDate: '2026-11-23',
    });
  });

  it('ends partially completed when residence is refused, keeping the birth registration and the reason', () => {
    let state = step(undefined, {
      kind: 'start',
      sagaId: dossier.dossierId,
      services: ['birth-registration', 'residence-registration'],
    }).state;
    state = step(state, {
      kind: 'reply',
      messageId: 'e1',
      type: BirthRegistered.type,
      data: {
        dossierId: dossier.dossierId,
        certificateNumber: 'KS-1',
        registeredAt: '2026-11-23T03:00:00Z',
        personalId: '001326000123',
        extract,
      },
    }).state;
    const reason = {
      code: 'HOUSEHOLD_HEAD_CONSENT_MISSING',
      message: { vi: 'Thiếu ý kiến chủ hộ', en: 'No consent' },
    };
    const final = step(state, {
      kind: 'reply',
      messageId: 'e2',
      type: ResidenceRegistrationRefused.type,
      data: { dossierId: dossier.dossierId, reason },
    });
    expect(final.state.status).toBe('partially_completed');
    expect(final.state.steps.map((s) => [s.id, s.status])).toEqual([
      ['birth-registration', 'succeeded'],
      ['residence-registration', 'refused'],
    ]);
  });
});

describe('BirthDossierSubmission', () => {
  const issues = (value: unknown) =>
    BirthDossierSubmission.safeParse(value).error?.issues.map((issue) => [
      issue.path.join('.'),
      (issue as { params?: { rule?: string } }).params?.rule ?? issue.code,
    ]);

  it('accepts the example', () => {
    expect(issues(submission)).toBeUndefined();
  });

  it('names the field and rule of each cross-field mistake', () => {
    expect(issues({ ...submission, residence: undefined })).toEqual([['residence', 'required_when_chosen']]);
    expect(
      issues({ ...submission, services: ['residence-registration'], residence: submission.residence }),
    ).toEqual(expect.arrayContaining([['services', 'required_service']]));
    expect(
      issues({ ...submission, father: { ...submission.father, personalId: submission.mother.personalId } }),
    ).toEqual([['father.personalId', 'distinct_parents']]);
  });

  it('rejects an unknown commune and a malformed personal ID', () => {
    expect(issues({ ...submission, communeCode: '99999' })).toEqual([['communeCode', 'known_commune_code']]);
    expect(issues({ ...submission, mother: { ...submission.mother, personalId: '12345' } })).toEqual([
      ['mother.personalId', 'invalid_format'],
    ]);
  });
});
