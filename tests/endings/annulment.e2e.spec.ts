import { describe, expect, it } from '@jest/globals';
import { deathDossier, newDeceased } from '../support/people.ts';
import { exampleDossier, type DossierView } from '../support/portal-client.ts';
import { eventually, finished, useSystem } from '../support/system.ts';

// Annulments undo everything that followed from a registration, in reverse order, on the whole
// system: real Kafka and Postgres, every service a process, faults injected in the registries.

const deathExample = exampleDossier('death-4-in-1');
const statuses = (dossier: DossierView) => dossier.steps.map((step) => [step.service, step.status]);

const fx = useSystem({
  'saga-coordinator': {
    SAGA_TICK_INTERVAL_MS: '200',
    // Compensations re-sent after 0.4, 0.8, 1.6, 3.2 s: a failure cleared within that is
    // retried through; one lasting longer parks the saga for an operator within seconds.
    COMPENSATION_MAX_ATTEMPTS: '5',
    COMPENSATION_RETRY_DELAY_MS: '400',
  },
});

async function completedDeath() {
  const deceased = await newDeceased(fx.system);
  const id = await fx.portal.submit(deathDossier(deathExample, deceased));
  const dossier = await eventually(() => fx.portal.get(id), finished, 'the death dossier to complete');
  expect(dossier.status).toBe('completed');
  return { id, deceased, certificate: dossier.results.deathCertificateNumber as string };
}

const undone = (id: string) =>
  eventually(
    () => fx.portal.get(id),
    (d) => d.status === 'refused' || d.status === 'failed',
    'the annulment undone',
  );

describe('annulling a completed death registration', () => {
  it('restores the residence and revokes both benefits with recovery records, in reverse order; the dossier ends refused with the reason', async () => {
    const { id, deceased, certificate } = await completedDeath();
    const annulled = await fx.agencies.annul('death-funeral', certificate);
    expect(annulled.status).toBe(202);
    expect(annulled.body).toMatchObject({
      dossierId: id,
      status: 'annulled',
      annulledBy: 'officer:civil-status',
    });

    const dossier = await undone(id);
    expect(dossier.status).toBe('refused');
    expect(dossier.portalStatusCode).toBe(8);
    expect(dossier.reason?.code).toBe('REGISTERED_IN_ERROR');
    expect(statuses(dossier)).toEqual([
      ['death-registration', 'compensated'],
      ['residence-deletion', 'compensated'],
      ['funeral-benefit', 'compensated'],
      ['survivor-allowance', 'compensated'],
    ]);
    const funeral = dossier.steps.find((step) => step.service === 'funeral-benefit');
    expect(funeral?.compensation?.result).toMatchObject({
      recoveryNumber: expect.stringMatching(/^TH-/),
      amountToRecover: 23_400_000,
    });
    // Reverse order: the registration is marked undone only after everything that followed it.
    const compensatedAt = dossier.history
      .filter(
        (entry) => entry.type === 'step-status-changed' && (entry as { to?: string }).to === 'compensated',
      )
      .map((entry) => entry.step);
    expect(compensatedAt.at(-1)).toBe('death-registration');

    expect(dossier.results).toMatchObject({
      funeralBenefitRecoveryNumber: expect.stringMatching(/^TH-/),
      funeralBenefitAmountToRecover: 23_400_000,
    });
    const deletions = await fx.records.query<{ restored_at: Date | null }>(
      'SELECT restored_at FROM residence.residence_deletions WHERE dossier_id = $1',
      [id],
    );
    expect(deletions).toEqual([{ restored_at: expect.any(Date) }]);
    const recoveries = await fx.records.query<{ amount: string }>(
      `SELECT r.amount FROM death_funeral.recoveries r JOIN death_funeral.benefit_decisions d USING (decision_number)
       WHERE d.dossier_id = $1 ORDER BY d.benefit`,
      [id],
    );
    expect(recoveries).toHaveLength(2);
    expect(await fx.agencies.recoveriesAtRegistries(deceased.personalId)).toHaveLength(2);
    const [death] = await fx.records.query<{ annulled_by: string }>(
      'SELECT annulled_by FROM death_funeral.deaths WHERE certificate_number = $1',
      [certificate],
    );
    expect(death?.annulled_by).toBe('officer:civil-status');

    // Annulled once; a second annulment is a conflict naming the first.
    const again = await fx.agencies.annul('death-funeral', certificate);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STATE_CONFLICT' });
  });

  it('retries a compensation that fails at first (the registry down for a moment) and finishes it', async () => {
    const { id, certificate } = await completedDeath();
    await fx.agencies.setRegistryFaults({
      outageUntil: new Date(Date.now() + 3_600_000).toISOString(),
      routes: ['recoveries'],
    });
    try {
      expect((await fx.agencies.annul('death-funeral', certificate)).status).toBe(202);
      // The registry comes back as soon as the first attempt has failed and been sent again.
      await eventually(
        () => fx.portal.get(id),
        (d) => (d.steps.find((step) => step.service === 'funeral-benefit')?.compensation?.attempts ?? 0) >= 2,
        'a failed compensation sent again',
      );
    } finally {
      await fx.agencies.setRegistryFaults(undefined);
    }
    const dossier = await undone(id);
    expect(dossier.status).toBe('refused');
    const funeral = dossier.steps.find((step) => step.service === 'funeral-benefit');
    expect(funeral?.status).toBe('compensated');
    expect(funeral?.compensation?.attempts).toBeGreaterThan(1);
    expect(dossier.history).toContainEqual(
      expect.objectContaining({
        type: 'reply-received',
        step: 'funeral-benefit',
        messageType: 'lienthong.death-funeral.funeral-benefit-compensation-failed',
      }),
    );
  });

  it('parks a compensation that keeps failing for operators, and an operator retry finishes it', async () => {
    const { id, deceased, certificate } = await completedDeath();
    await fx.agencies.setRegistryFaults({
      outageUntil: new Date(Date.now() + 3_600_000).toISOString(),
      routes: ['recoveries'],
    });
    let cleared = false;
    try {
      await fx.agencies.annul('death-funeral', certificate);
      // Parked once both benefits ran out of retries (the saga shows failed from the first).
      const benefits = ['funeral-benefit', 'survivor-allowance'];
      const parked = await eventually(
        () => fx.portal.get(id),
        (d) =>
          d.steps
            .filter((step) => benefits.includes(step.service))
            .every((step) => step.status === 'compensation_failed'),
        'both compensations parked',
      );
      expect(parked.status).toBe('failed');
      expect(parked.steps.find((step) => step.service === 'funeral-benefit')).toMatchObject({
        status: 'compensation_failed',
        reason: { code: 'COMPENSATION_FAILED' },
      });
      expect(parked.steps.find((step) => step.service === 'death-registration')?.status).toBe('compensating');
      const listed = await fx.agencies.ops('GET', '/sagas?state=failed');
      const entry = (listed.body.items as { dossierId: string; failedSteps: string[] }[]).find(
        (item) => item.dossierId === id,
      );
      expect(entry?.failedSteps.sort()).toEqual(['funeral-benefit', 'survivor-allowance']);

      await fx.agencies.setRegistryFaults(undefined);
      cleared = true;
      const retried = await fx.agencies.ops('POST', `/sagas/${id}/retry`, {
        reason: 'social-insurance registry back',
      });
      expect(retried.status).toBe(202);
      const done = await eventually(
        () => fx.portal.get(id),
        (d) => d.status === 'refused',
        'the retried compensation',
      );
      expect(statuses(done).every(([, status]) => status === 'compensated')).toBe(true);
      expect(done.history).toContainEqual(
        expect.objectContaining({ type: 'operator-retry', actor: 'ops:e2e' }),
      );
      // Retried many times, recorded once.
      expect(await fx.agencies.recoveriesAtRegistries(deceased.personalId)).toHaveLength(2);
    } finally {
      if (!cleared) await fx.agencies.setRegistryFaults(undefined);
    }
  });

  it('converges when the annulment races the later steps still running', async () => {
    const deceased = await newDeceased(fx.system);
    const id = await fx.portal.submit(deathDossier(deathExample, deceased));
    const registered = await eventually(
      () => fx.portal.get(id),
      (d) => typeof d.results.deathCertificateNumber === 'string',
      'the death registered',
    );
    await fx.agencies.annul('death-funeral', registered.results.deathCertificateNumber as string);
    const dossier = await undone(id);
    expect(dossier.status).toBe('refused');
    for (const [service, status] of statuses(dossier)) {
      expect([service, ['compensated', 'cancelled'].includes(status ?? '')]).toEqual([service, true]);
    }
    const standing = await fx.records.query(
      `SELECT 1 FROM death_funeral.benefit_decisions WHERE dossier_id = $1 AND revoked_at IS NULL`,
      [id],
    );
    expect(standing).toEqual([]);
  });
});

describe('annulling a completed birth registration', () => {
  it('removes the residence entry and revokes the card; every step ends compensated and the dossier refused', async () => {
    const birth = exampleDossier('birth-3-in-1');
    const child = {
      ...(birth.child as object),
      fullName: `Trần Hủy ${Math.random().toString(36).slice(2, 6).toUpperCase()}`,
    };
    const id = await fx.portal.submit({ ...birth, child });
    const completed = await eventually(() => fx.portal.get(id), finished, 'the birth dossier to complete');
    expect(completed.status).toBe('completed');

    const annulled = await fx.agencies.annul(
      'birth-registration',
      completed.results.birthCertificateNumber as string,
      'DUPLICATE_REGISTRATION',
    );
    expect(annulled.status).toBe(202);
    const dossier = await undone(id);
    expect(dossier.status).toBe('refused');
    expect(dossier.reason?.code).toBe('DUPLICATE_REGISTRATION');
    expect(statuses(dossier)).toEqual([
      ['birth-registration', 'compensated'],
      ['residence-registration', 'compensated'],
      ['health-insurance', 'compensated'],
    ]);
    const [residence] = await fx.records.query<{ status: string }>(
      'SELECT status FROM residence.residence_records WHERE record_number = $1',
      [completed.results.residenceRecordNumber],
    );
    expect(residence?.status).toBe('removed');
    const [card] = await fx.records.query<{ status: string }>(
      'SELECT status FROM health_insurance.cards WHERE card_number = $1',
      [completed.results.healthInsuranceCardNumber],
    );
    expect(card?.status).toBe('revoked');
  });
});
