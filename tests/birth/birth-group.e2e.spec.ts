import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getCommune } from '@lienthong/admin-units';
import { eventually, startSystem, type RunningSystem } from '../support/system.ts';
import { exampleDossier, portalClient, type DossierView } from '../support/portal-client.ts';

// The birth "3-in-1" through the whole system: every service a process, real Kafka, real
// Postgres, the population database stand-in with its fault injection.

let system: RunningSystem;
let portal: ReturnType<typeof portalClient>;
const finished = (dossier: DossierView) =>
  ['completed', 'partially_completed', 'refused', 'failed', 'withdrawn'].includes(dossier.status);

beforeAll(async () => {
  system = await startSystem({
    // A personal-ID retry budget of about 6 s (40 attempts, delays drawn from up to 100–300 ms),
    // so "beyond the budget" takes seconds while a 2 s outage stays well within it.
    'birth-registration': {
      ID_REQUEST_MAX_ATTEMPTS: '40',
      ID_REQUEST_INITIAL_DELAY_MS: '100',
      ID_REQUEST_MAX_DELAY_MS: '300',
      ID_POLL_INTERVAL_MS: '100',
    },
    'saga-coordinator': { SAGA_TICK_INTERVAL_MS: '200' },
  });
  portal = portalClient(system.url('saga-coordinator'), system.tokens.portal);
});

afterAll(async () => {
  await system?.stop();
});

async function setFaults(faults: Record<string, unknown> | undefined): Promise<void> {
  const response = await fetch(`${system.url('population-registry')}/v1/admin/faults`, {
    method: faults ? 'PUT' : 'DELETE',
    ...(faults ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) } : {}),
  });
  expect(response.ok).toBe(true);
}

const withChild = (name: string, patch: Record<string, unknown>): Record<string, unknown> => {
  const dossier = exampleDossier(name);
  return { ...dossier, child: { ...(dossier.child as object), ...patch } };
};
const uniqueName = (base: string) => `${base} ${Math.random().toString(36).slice(2, 6).toUpperCase()}`;

async function verifyExtract(extract: string): Promise<{ valid: boolean; reason?: string }> {
  const response = await fetch(`${system.url('birth-registration')}/v1/extracts/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ extract }),
  });
  return (await response.json()) as { valid: boolean; reason?: string };
}

describe.each([
  ['birth-3-in-1', ['birth-registration', 'residence-registration', 'health-insurance']],
  ['birth-and-residence', ['birth-registration', 'residence-registration']],
  ['birth-and-health-insurance', ['birth-registration', 'health-insurance']],
])('the %s example', (example, services) => {
  it('completes with every result present and consistent', async () => {
    const body = withChild(example, { fullName: uniqueName('Nguyễn Minh') });
    const id = await portal.submit(body);
    const dossier = await eventually(() => portal.get(id), finished, `${example} to finish`);
    expect(dossier.status).toBe('completed');
    expect(dossier.portalStatusCode).toBe(10);
    expect(dossier.steps.map((step) => [step.service, step.status])).toEqual(
      services.map((service) => [service, 'succeeded']),
    );

    // The personal ID: province of registration, century-and-sex digit, year of birth.
    const child = body.child as { sex: string; dateOfBirth: string };
    const province = getCommune(body.communeCode as string).provinceCode;
    const personalId = dossier.results.personalId as string;
    expect(personalId).toMatch(/^\d{12}$/);
    expect(personalId.slice(0, 3)).toBe(`0${province}`);
    expect(personalId[3]).toBe(child.sex === 'female' ? '3' : '2');
    expect(personalId.slice(4, 6)).toBe(child.dateOfBirth.slice(2, 4));
    expect(dossier.results.birthCertificateNumber).toEqual(expect.stringMatching(/^KS-/));
    if (services.includes('residence-registration'))
      expect(dossier.results.residenceRecordNumber).toEqual(expect.stringMatching(/^TT-/));
    if (services.includes('health-insurance')) {
      expect(dossier.results.healthInsuranceCardNumber).toBe(`TE1${province}${personalId.slice(2)}`);
    }

    // The signed extract verifies; one changed character does not.
    const { jws } = dossier.results.birthCertificateExtract as { jws: string };
    expect(await verifyExtract(jws)).toMatchObject({ valid: true });
    const tampered = jws.slice(0, 60) + (jws[60] === 'A' ? 'B' : 'A') + jws.slice(61);
    expect(await verifyExtract(tampered)).toMatchObject({ valid: false });
  });
});

describe('the population database', () => {
  it('down for a while: the birth is registered with the ID pending, the ID attached after recovery, then the rest completes', async () => {
    await setFaults({ outageUntil: new Date(Date.now() + 2_000).toISOString() });
    try {
      const id = await portal.submit(withChild('birth-3-in-1', { fullName: uniqueName('Trần Gia') }));
      const pending = await eventually(
        () => portal.get(id),
        (d) => d.steps[0]?.status === 'id_pending' || finished(d),
        'ID pending',
      );
      expect(pending.steps[0]?.status).toBe('id_pending');
      expect(pending.results.birthCertificateNumber).toEqual(expect.stringMatching(/^KS-/));
      expect(pending.results.personalId ?? null).toBeNull();
      const done = await eventually(() => portal.get(id), finished, 'completion after recovery');
      expect(done.status).toBe('completed');
      expect(done.results.personalId).toEqual(expect.stringMatching(/^\d{12}$/));
    } finally {
      await setFaults(undefined);
    }
  });

  it('down beyond the retry budget: the saga fails for operators, and a retry after recovery completes with one number', async () => {
    await setFaults({ outageUntil: new Date(Date.now() + 3_600_000).toISOString() });
    const id = await portal.submit(withChild('birth-3-in-1', { fullName: uniqueName('Lê Bảo') }));
    const failed = await eventually(() => portal.get(id), finished, 'the saga to fail');
    expect(failed.status).toBe('failed');
    expect(failed.steps[0]).toMatchObject({
      status: 'failed',
      reason: { code: 'POPULATION_DB_UNAVAILABLE' },
    });
    const ops = { authorization: `Bearer ${system.tokens.ops}`, 'content-type': 'application/json' };
    const listed = (await (
      await fetch(`${system.url('saga-coordinator')}/v1/ops/sagas?state=failed`, { headers: ops })
    ).json()) as {
      items: { dossierId: string }[];
    };
    expect(listed.items.map((item) => item.dossierId)).toContain(id);

    await setFaults(undefined);
    const retry = await fetch(`${system.url('saga-coordinator')}/v1/ops/sagas/${id}/retry`, {
      method: 'POST',
      headers: ops,
      body: JSON.stringify({ reason: 'population database recovered' }),
    });
    expect(retry.status).toBe(202);
    const done = await eventually(
      () => portal.get(id),
      (d) => d.status === 'completed',
      'completion after the retry',
    );
    expect(done.history).toContainEqual(
      expect.objectContaining({ type: 'operator-retry', actor: 'ops:e2e' }),
    );
    // One registration, one number: the ID request is idempotent per dossier.
    const request = (await (
      await fetch(`${system.url('population-registry')}/v1/personal-id-requests/${encodeURIComponent(id)}`)
    ).json()) as {
      personalId: string;
    };
    expect(request.personalId).toBe(done.results.personalId);
  });
});

describe('agency rules', () => {
  it('a child 6 or older gets no first BHYT card: the dossier ends partially completed with the reason', async () => {
    const id = await portal.submit(
      withChild('birth-and-health-insurance', { fullName: uniqueName('Đỗ Văn'), dateOfBirth: '2019-05-01' }),
    );
    const done = await eventually(() => portal.get(id), finished, 'a decision');
    expect(done.status).toBe('partially_completed');
    expect(done.steps.map((step) => [step.service, step.status, step.reason?.code ?? null])).toEqual([
      ['birth-registration', 'succeeded', null],
      ['health-insurance', 'refused', 'CHILD_NOT_UNDER_SIX'],
    ]);
  });

  it('a birth date in the future is refused, and nothing else runs', async () => {
    const id = await portal.submit(
      withChild('birth-3-in-1', { fullName: uniqueName('Phạm'), dateOfBirth: '2099-01-01' }),
    );
    const done = await eventually(() => portal.get(id), finished, 'a decision');
    expect(done.status).toBe('refused');
    expect(done.steps.map((step) => step.status)).toEqual(['refused', 'cancelled', 'cancelled']);
    expect(done.steps[0]?.reason?.code).toBe('BIRTH_DATE_IN_FUTURE');
  });

  it('residence without the household head’s consent is refused; the birth registration stands', async () => {
    const body = withChild('birth-and-residence', { fullName: uniqueName('Vũ') });
    const id = await portal.submit({
      ...body,
      residence: {
        ...(body.residence as object),
        householdHeadPersonalId: '040099021856',
        relationshipToHouseholdHead: 'other-relative',
        householdHeadConsent: false,
      },
    });
    const done = await eventually(() => portal.get(id), finished, 'a decision');
    expect(done.status).toBe('partially_completed');
    expect(done.steps[1]?.reason?.code).toBe('HOUSEHOLD_HEAD_CONSENT_MISSING');
  });

  it('a suspected duplicate waits for an officer, whose approval moves it on', async () => {
    const body = withChild('birth-and-health-insurance', { fullName: uniqueName('Đỗ Gia') });
    const first = await portal.submit(body);
    await eventually(() => portal.get(first), finished, 'the first registration');
    const second = await portal.submit(body);
    const waiting = await eventually(
      () => portal.get(second),
      (d) => d.steps[0]?.status === 'awaiting_officer' || finished(d),
      'the officer queue',
    );
    expect(waiting.steps[0]?.status).toBe('awaiting_officer');

    const officer = {
      authorization: `Bearer ${system.tokens.civilStatus}`,
      'content-type': 'application/json',
    };
    const tasks = (await (
      await fetch(`${system.url('birth-registration')}/v1/officer/tasks`, { headers: officer })
    ).json()) as {
      items: { id: string; dossierId: string; reason: { code: string } }[];
    };
    const task = tasks.items.find((item) => item.dossierId === second);
    expect(task?.reason.code).toBe('SUSPECTED_DUPLICATE');
    const refused = await fetch(`${system.url('birth-registration')}/v1/officer/tasks/${task?.id}/refuse`, {
      method: 'POST',
      headers: officer,
      body: JSON.stringify({
        reason: {
          code: 'DUPLICATE_REGISTRATION',
          message: { vi: 'Đã đăng ký khai sinh', en: 'Already registered' },
        },
      }),
    });
    expect(refused.status).toBe(200);
    const done = await eventually(
      () => portal.get(second),
      finished,
      'the officer decision to reach the portal',
    );
    expect(done.status).toBe('refused');
    expect(done.steps[0]?.reason?.code).toBe('DUPLICATE_REGISTRATION');
  });
});

describe('crashes', () => {
  it.each(['saga-coordinator', 'birth-registration', 'residence', 'health-insurance'])(
    'killing %s mid-flight and restarting it loses and duplicates nothing',
    async (service) => {
      const ids = await Promise.all(
        [1, 2, 3].map(() => portal.submit(withChild('birth-3-in-1', { fullName: uniqueName('Hoàng') }))),
      );
      await system.kill(service);
      await system.restart(service);
      for (const id of ids) {
        const done = await eventually(
          () => portal.get(id),
          finished,
          `${id} to converge after ${service} crashed`,
          120_000,
        );
        expect(done.status).toBe('completed');
        // Each step acted once: one success reply per step in the timeline.
        const successes = done.history.filter(
          (entry) => entry.type === 'step-status-changed' && (entry as { to?: string }).to === 'succeeded',
        );
        expect(successes).toHaveLength(3);
      }
    },
  );
});
