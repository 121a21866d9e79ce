import { describe, expect, it } from '@jest/globals';
import {
  DeathRegistration,
  DeathRegistrationAnnulled,
  FuneralBenefit,
  ResidenceDeletion,
  SurvivorAllowance,
  actMessages,
} from '@lienthong/contracts';
import { decide, isRejection, type Decision, type SagaInput, type SagaState } from '@lienthong/saga-engine';
import example from '../../../../examples/dossiers/death-4-in-1.json' with { type: 'json' };
import { DeathDossierSubmission, type DeathDossier } from './death-dossier.ts';
import { deathSaga } from './death-saga.ts';

const dossier: DeathDossier = {
  ...DeathDossierSubmission.parse(example),
  dossierId: 'LT20261125-DEATH001',
  receivedAt: '2026-11-25T03:00:00.000Z',
};
const context = { now: new Date('2026-11-25T03:00:00Z'), input: dossier, dueAt: (start: Date) => start };
function step(state: SagaState | undefined, input: SagaInput): Decision {
  const decision = decide(deathSaga, state, input, context);
  if (isRejection(decision)) throw new Error(decision.rejected.message);
  return decision;
}
const reply = (type: string, data: Record<string, unknown>, id = type): SagaInput => ({
  kind: 'reply',
  messageId: id,
  type,
  data: { dossierId: dossier.dossierId, ...data },
});
const extract = { jws: 'eyJ.x.y', kid: 'k1' };
const start: SagaInput = { kind: 'start', sagaId: dossier.dossierId, services: dossier.services };
const residenceDeleted = reply(ResidenceDeletion.succeeded.type, {
  deletionNumber: 'XT-1',
  recordNumber: null,
  communeCode: '00004',
  deletedAt: '2026-11-25T05:00:00Z',
});
const ofType = (decision: Decision, type: string) =>
  decision.commands.find((command) => command.type === type);

function registered(): Decision {
  const started = step(undefined, start).state;
  return step(
    started,
    reply(DeathRegistration.succeeded.type, {
      certificateNumber: 'KT-00004-2026-000001',
      registeredAt: '2026-11-25T04:00:00Z',
      extract,
    }),
  );
}

describe('the death saga', () => {
  it('registers the death first, with a command the civil-status contract accepts', () => {
    const { commands } = step(undefined, start);
    expect(commands.map((command) => command.type)).toEqual([DeathRegistration.command.type]);
    expect(DeathRegistration.command.schema.parse(commands[0]?.data)).toMatchObject({
      deceased: { personalId: '001052004417', dateOfDeath: '2026-11-25' },
      deathNotice: { kind: 'hospital', number: 'GBT-BM-2026-004512' },
    });
  });

  it('then deletes the residence and decides both benefits in parallel, each command valid by contract', () => {
    const decision = registered();
    expect(decision.commands.map((command) => command.type)).toEqual([
      ResidenceDeletion.command.type,
      FuneralBenefit.command.type,
      SurvivorAllowance.command.type,
    ]);
    expect(
      ResidenceDeletion.command.schema.parse(ofType(decision, ResidenceDeletion.command.type)?.data),
    ).toMatchObject({ deathCertificateNumber: 'KT-00004-2026-000001' });
    // Without a named recipient, the applicant receives the funeral benefit.
    expect(
      FuneralBenefit.command.schema.parse(ofType(decision, FuneralBenefit.command.type)?.data).recipient,
    ).toEqual({ fullName: 'Nguyễn Thị Hạnh', personalId: '001156007321', relationshipToDeceased: 'spouse' });
    expect(
      SurvivorAllowance.command.schema.parse(ofType(decision, SurvivorAllowance.command.type)?.data),
    ).toMatchObject({
      kind: 'monthly',
      beneficiaries: [expect.objectContaining({ relationship: 'spouse' })],
    });
  });

  it('ends partially completed when the funeral benefit is refused for lack of entitlement, not failed', () => {
    let state = registered().state;
    state = step(state, residenceDeleted).state;
    state = step(
      state,
      reply(FuneralBenefit.refused.type, {
        reason: { code: 'NO_FUNERAL_ENTITLEMENT', message: { vi: 'Không', en: 'None' } },
      }),
    ).state;
    const final = step(
      state,
      reply(SurvivorAllowance.refused.type, {
        reason: { code: 'NO_ELIGIBLE_SURVIVOR', message: { vi: 'Không', en: 'None' } },
      }),
    );
    expect(final.state.status).toBe('partially_completed');
  });

  it('on annulment sends compensations the contracts accept, with the annulment’s reason and officer', () => {
    let state = registered().state;
    state = step(state, residenceDeleted).state;
    const annulment = {
      certificateNumber: 'KT-00004-2026-000001',
      reason: { code: 'REGISTERED_IN_ERROR', message: { vi: 'Đăng ký sai', en: 'Registered in error' } },
      annulledAt: '2026-11-26T02:00:00Z',
      annulledBy: 'officer:civil-status',
    };
    const annulled = step(state, reply(DeathRegistrationAnnulled.type, annulment));
    const undo = ofType(annulled, ResidenceDeletion.compensate?.type ?? '');
    expect(ResidenceDeletion.compensate?.schema.parse(undo?.data)).toEqual({
      dossierId: dossier.dossierId,
      reason: annulment.reason,
      annulledAt: '2026-11-26T02:00:00Z',
      annulledBy: 'officer:civil-status',
    });
    // The two benefits were not decided yet: they are stopped at their agency.
    expect(annulled.commands.map((command) => command.type).sort()).toEqual(
      [ResidenceDeletion.compensate?.type, FuneralBenefit.cancel.type, SurvivorAllowance.cancel.type].sort(),
    );
    for (const command of annulled.commands) {
      const definition = [ResidenceDeletion, FuneralBenefit, SurvivorAllowance]
        .flatMap(actMessages)
        .find((candidate) => candidate.type === command.type);
      expect(definition?.schema.safeParse(command.data).success).toBe(true);
    }
  });
});

describe('DeathDossierSubmission', () => {
  const issues = (value: unknown) =>
    DeathDossierSubmission.safeParse(value).error?.issues.map((issue) => [
      issue.path.join('.'),
      (issue as { params?: { rule?: string } }).params?.rule ?? issue.code,
    ]);

  it('accepts the examples', () => {
    expect(issues(example)).toBeUndefined();
  });

  it('names the field and rule of each cross-field mistake', () => {
    expect(
      issues({
        ...example,
        services: ['death-registration', 'funeral-benefit'],
        survivorAllowance: undefined,
      }),
    ).toEqual([['services', 'required_service']]);
    expect(issues({ ...example, survivorAllowance: undefined })).toEqual([
      ['survivorAllowance', 'required_when_chosen'],
    ]);
    expect(issues({ ...example, deceased: { ...example.deceased, dateOfDeath: '1950-01-01' } })).toEqual([
      ['deceased.dateOfDeath', 'not_before_birth'],
    ]);
    expect(
      issues({ ...example, applicant: { ...example.applicant, personalId: example.deceased.personalId } }),
    ).toEqual([['applicant.personalId', 'distinct_people']]);
    const twice = example.survivorAllowance.beneficiaries[0];
    expect(
      issues({ ...example, survivorAllowance: { kind: 'monthly', beneficiaries: [twice, twice] } }),
    ).toEqual([['survivorAllowance.beneficiaries.1.personalId', 'unique_items']]);
  });
});
