import { describe, expect, it } from '@jest/globals';
import { eventually, finished, useSystem } from '../support/system.ts';
import { exampleDossier, type DossierView } from '../support/portal-client.ts';
import { deathDossier, newDeceased, PROFILES, type Profile } from '../support/people.ts';

// The death group through the whole system: every service a process, real Kafka, real Postgres,
// the population database and the benefit registries stand-ins. Each test creates its own
// deceased through the registries' admin endpoints (a person can die only once).

const example = exampleDossier('death-4-in-1');

const fx = useSystem({ 'saga-coordinator': { SAGA_TICK_INTERVAL_MS: '200' } });

const deceasedWith = (profile: Profile = PROFILES.pensioner) => newDeceased(fx.system, profile);
const step = (dossier: DossierView, service: string) =>
  dossier.steps.find((candidate) => candidate.service === service);

async function verifyExtract(jws: string): Promise<{ valid: boolean; type?: string }> {
  const response = await fetch(`${fx.system.url('death-funeral')}/v1/extracts/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ extract: jws }),
  });
  return (await response.json()) as { valid: boolean; type?: string };
}

describe.each([
  [['death-registration', 'residence-deletion']],
  [['death-registration', 'residence-deletion', 'funeral-benefit']],
  [['death-registration', 'residence-deletion', 'funeral-benefit', 'survivor-allowance']],
])('the death group with %j', (services) => {
  it('completes with every result present and consistent', async () => {
    const deceased = await deceasedWith();
    const id = await fx.portal.submit(deathDossier(example, deceased, { services }));
    const dossier = await eventually(() => fx.portal.get(id), finished, 'the death dossier to finish');
    expect(dossier.status).toBe('completed');
    expect(dossier.portalStatusCode).toBe(10);
    expect(dossier.steps.map((s) => [s.service, s.status])).toEqual(services.map((s) => [s, 'succeeded']));
    // Each step shows its due moment and its time limit; group 2's are configuration, unconfirmed.
    for (const s of dossier.steps) expect(s.dueAt).toEqual(expect.any(String));
    expect(step(dossier, 'residence-deletion')?.deadline?.basis).toMatch(/unconfirmed/);
    expect(dossier.results.deathCertificateNumber).toEqual(expect.stringMatching(/^KT-00004-\d{4}-\d{6}$/));
    expect(dossier.results.residenceDeletionNumber).toEqual(expect.stringMatching(/^XT-00004-\d{4}-\d{6}$/));
    const { jws } = dossier.results.deathCertificateExtract as { jws: string };
    expect(await verifyExtract(jws)).toMatchObject({ valid: true, type: 'death-certificate-extract' });
    if (services.includes('funeral-benefit')) {
      expect(dossier.results).toMatchObject({
        funeralBenefitRoute: 'social-insurance',
        funeralBenefitAmount: 23_400_000,
      });
    }
    if (services.includes('survivor-allowance')) {
      // The widow (70) qualifies for a monthly allowance: half the base salary.
      expect(dossier.results).toMatchObject({
        survivorAllowanceKind: 'monthly',
        survivorAllowanceAmount: 1_170_000,
        survivorAllowanceMonthlyFrom: '2026-12-01',
      });
    }
  });
});

describe('the funeral benefit, routed by eligibility', () => {
  it.each([
    ['a pensioner', PROFILES.pensioner, 'social-insurance', 23_400_000],
    ['a social-pension recipient', PROFILES.socialPension, 'social-protection', 10_000_000],
    ['a person with merit', PROFILES.merit, 'merit', 23_400_000],
    [
      'several entitlements: insured and assisted',
      PROFILES.insuredAndAssisted,
      'social-insurance',
      23_400_000,
    ],
  ] as const)(
    'for %s pays the right route and amount, and says why',
    async (_who, profile, route, amount) => {
      const deceased = await deceasedWith(profile);
      const id = await fx.portal.submit(
        deathDossier(example, deceased, {
          services: ['death-registration', 'residence-deletion', 'funeral-benefit'],
        }),
      );
      const dossier = await eventually(() => fx.portal.get(id), finished, 'the dossier to finish');
      expect(dossier.status).toBe('completed');
      const funeral = step(dossier, 'funeral-benefit');
      expect(funeral?.result).toMatchObject({ route, amount, decisionNumber: expect.stringMatching(/^MT-/) });
      const considered = funeral?.result.considered as { route: string; eligible: boolean }[];
      expect(considered.filter((entry) => entry.eligible).map((entry) => entry.route)).toContain(route);
      const explanation = funeral?.result.explanation as { en: string };
      expect(explanation.en.length).toBeGreaterThan(20);
      if (profile === PROFILES.insuredAndAssisted) {
        // Both apply: only the highest is paid, and the decision says the other was not.
        expect(
          considered
            .filter((entry) => entry.eligible)
            .map((entry) => entry.route)
            .sort(),
        ).toEqual(['social-insurance', 'social-protection']);
      }
    },
  );

  it('for someone with no entitlement refuses that step with its reason, and the dossier ends partially completed', async () => {
    const deceased = await deceasedWith(PROFILES.noEntitlement);
    const id = await fx.portal.submit(
      deathDossier(example, deceased, {
        services: ['death-registration', 'residence-deletion', 'funeral-benefit'],
      }),
    );
    const dossier = await eventually(() => fx.portal.get(id), finished, 'the dossier to finish');
    expect(dossier.status).toBe('partially_completed');
    expect(step(dossier, 'funeral-benefit')).toMatchObject({
      status: 'refused',
      reason: { code: 'NO_FUNERAL_ENTITLEMENT' },
    });
    expect(step(dossier, 'residence-deletion')?.status).toBe('succeeded');
  });
});

describe('the death registration', () => {
  it('refuses a person already registered dead: a person cannot die twice', async () => {
    const deceased = await deceasedWith();
    const first = await fx.portal.submit(deathDossier(example, deceased));
    expect((await eventually(() => fx.portal.get(first), finished, 'the first dossier')).status).toBe(
      'completed',
    );
    const second = await fx.portal.submit(deathDossier(example, deceased));
    const dossier = await eventually(() => fx.portal.get(second), finished, 'the second dossier');
    expect(dossier.status).toBe('refused');
    expect(dossier.steps.map((s) => [s.service, s.status, s.reason?.code])).toEqual([
      ['death-registration', 'refused', 'DEATH_ALREADY_REGISTERED'],
      ['residence-deletion', 'cancelled', 'PREREQUISITE_REFUSED'],
      ['funeral-benefit', 'cancelled', 'PREREQUISITE_REFUSED'],
      ['survivor-allowance', 'cancelled', 'PREREQUISITE_REFUSED'],
    ]);
  });

  it('refuses a deceased the population database does not know', async () => {
    const stranger = {
      personalId: '001050999999',
      fullName: 'Không Có Ai',
      sex: 'male' as const,
      dateOfBirth: '1950-05-17',
    };
    const id = await fx.portal.submit(
      deathDossier(example, stranger, { services: ['death-registration', 'residence-deletion'] }),
    );
    const dossier = await eventually(() => fx.portal.get(id), finished, 'the dossier');
    expect(step(dossier, 'death-registration')?.reason?.code).toBe('DECEASED_NOT_FOUND');
  });
});
