import { describe, expect, it } from '@jest/globals';
import { deathDossier, newDeceased } from '../support/people.ts';
import { exampleDossier } from '../support/portal-client.ts';
import { eventually, finished, useSystem } from '../support/system.ts';

// Withdrawal and supplements through the whole fx.system. A death notice's legal substitute sends
// the death registration to a civil-status officer, which is where a dossier waits long enough
// for a citizen to withdraw it or for the officer to ask for documents.

const example = exampleDossier('death-4-in-1');

const fx = useSystem({ 'saga-coordinator': { SAGA_TICK_INTERVAL_MS: '200' } });

const headers = () => ({
  authorization: `Bearer ${fx.system.tokens.portal}`,
  'content-type': 'application/json',
});
async function post(path: string, body: unknown) {
  const response = await fetch(`${fx.system.url('saga-coordinator')}/v1${path}`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A death dossier whose registration waits for a civil-status officer (a legal substitute notice). */
async function waitingForOfficer() {
  const deceased = await newDeceased(fx.system);
  const id = await fx.portal.submit(deathDossier(example, deceased, { substituteNotice: true }));
  const dossier = await eventually(
    () => fx.portal.get(id),
    (d) => d.steps[0]?.status === 'awaiting_officer' || finished(d),
    'the officer task',
  );
  expect(dossier.steps[0]).toMatchObject({
    status: 'awaiting_officer',
    reason: { code: 'VERIFICATION_REQUIRED' },
  });
  const task = (await fx.agencies.openTasks('death-funeral')).find((candidate) => candidate.dossierId === id);
  if (!task) throw new Error(`no officer task for ${id}`);
  return { id, task };
}

describe('withdrawal', () => {
  it('stops the undecided step at its agency, cancels the rest, and ends withdrawn; again is the same withdrawal', async () => {
    const { id, task } = await waitingForOfficer();
    const withdrawn = await post(`/dossiers/${id}/withdrawal`, { note: 'Gia đình đã nộp hồ sơ giấy' });
    expect(withdrawn).toMatchObject({ status: 202, body: { id, status: 'withdrawing' } });
    const dossier = await eventually(() => fx.portal.get(id), finished, 'the withdrawal');
    expect(dossier.status).toBe('withdrawn');
    expect(dossier.portalStatusCode).toBe(7);
    expect(dossier.reason?.code).toBe('WITHDRAWN_BY_CITIZEN');
    expect(dossier.steps.map((step) => step.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    // The officer's task is closed: the agency stopped the case.
    const [closed] = await fx.records.query<{ status: string }>(
      'SELECT status FROM death_funeral.officer_tasks WHERE id = $1',
      [task.id],
    );
    expect(closed?.status).toBe('cancelled');
    expect((await fx.agencies.decideTask('death-funeral', task.id, 'approve', {})).status).toBe(409);
    expect(await post(`/dossiers/${id}/withdrawal`, {})).toMatchObject({ status: 202, body: { id } });
    expect((await fx.portal.get(id)).status).toBe('withdrawn');
  });

  it('is a 409 problem explaining why for a finished dossier', async () => {
    const deceased = await newDeceased(fx.system);
    const id = await fx.portal.submit(
      deathDossier(example, deceased, { services: ['death-registration', 'residence-deletion'] }),
    );
    expect((await eventually(() => fx.portal.get(id), finished, 'completion')).status).toBe('completed');
    const refused = await post(`/dossiers/${id}/withdrawal`, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'STATE_CONFLICT',
      currentState: 'completed',
      detail: expect.stringContaining('already completed'),
    });
  });

  it('keeps what the agency decided before the withdrawal reached it, and stops what had not started', async () => {
    const { id, task } = await waitingForOfficer();
    // The officer registers the death just as the citizen withdraws.
    const [approved, withdrawn] = await Promise.all([
      fx.agencies.decideTask('death-funeral', task.id, 'approve', { note: 'Đã xác minh' }),
      post(`/dossiers/${id}/withdrawal`, {}),
    ]);
    expect([200, 409]).toContain(approved.status);
    expect(withdrawn.status).toBe(202);
    const dossier = await eventually(() => fx.portal.get(id), finished, 'the withdrawal');
    expect(dossier.status).toBe('withdrawn');
    // Either the registration stands (decided first) or it was stopped; nothing in between.
    expect(['succeeded', 'cancelled']).toContain(dossier.steps[0]?.status);
    for (const later of dossier.steps.slice(1)) expect(later.status).toBe('cancelled');
  });
});

describe('supplements', () => {
  it('shows what is missing (code 5), resumes when the documents come, and completes after the officer approves', async () => {
    const { id, task } = await waitingForOfficer();
    const missing = fx.agencies.reason(
      'DEATH_NOTICE_ILLEGIBLE',
      'Send a legible copy of the police confirmation',
    );
    expect(
      (await fx.agencies.decideTask('death-funeral', task.id, 'request-supplement', { reason: missing }))
        .status,
    ).toBe(200);
    const asking = await eventually(
      () => fx.portal.get(id),
      (d) => d.status === 'supplement_requested',
      'the request',
    );
    expect(asking.portalStatusCode).toBe(5);
    expect(asking.steps[0]).toMatchObject({
      status: 'supplement_requested',
      reason: { code: 'DEATH_NOTICE_ILLEGIBLE' },
      supplementDueAt: expect.any(String),
    });

    const sent = await post(`/dossiers/${id}/supplements`, {
      documents: [{ kind: 'death-notice', reference: 'portal-doc-7731', description: 'Bản chụp rõ nét' }],
    });
    expect(sent).toMatchObject({ status: 202, body: { resumed: ['death-registration'] } });
    const reviewed = await eventually(
      () => fx.portal.get(id),
      (d) => d.steps[0]?.status === 'awaiting_officer',
      'the case back with the officer',
    );
    expect(reviewed.steps[0]?.reason?.code).toBe('SUPPLEMENT_RECEIVED');
    const again = (await fx.agencies.openTasks('death-funeral')).find(
      (candidate) => candidate.dossierId === id,
    );
    expect(again).toMatchObject({ supplements: [expect.objectContaining({ documents: expect.any(Array) })] });
    await fx.agencies.decideTask('death-funeral', again?.id ?? '', 'approve', {});
    expect((await eventually(() => fx.portal.get(id), finished, 'completion')).status).toBe('completed');
  });

  it('is a 409 problem when no step asks for documents', async () => {
    const { id } = await waitingForOfficer();
    const sent = await post(`/dossiers/${id}/supplements`, { documents: [{ kind: 'x', reference: 'y' }] });
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ code: 'STATE_CONFLICT' });
  });
});
