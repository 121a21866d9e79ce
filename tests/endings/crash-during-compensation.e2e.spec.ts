import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { deathDossier, newDeceased } from '../support/people.ts';
import { exampleDossier } from '../support/portal-client.ts';
import { eventually, finished, useSystem } from '../support/system.ts';

// A service killed (SIGKILL) in the middle of undoing its act loses and duplicates nothing. To
// kill it exactly there, the test holds a row lock its compensation needs: the service's
// transaction blocks mid-undo (seen in pg_stat_activity), the service is killed, the lock
// released, the service restarted; Kafka redelivers the command, and the inbox, the case and
// the registry's idempotency key keep it to one undo.

const example = exampleDossier('death-4-in-1');

const fx = useSystem({ 'saga-coordinator': { SAGA_TICK_INTERVAL_MS: '200' } });

async function completedDeath() {
  const deceased = await newDeceased(fx.system);
  const id = await fx.portal.submit(deathDossier(example, deceased));
  const dossier = await eventually(() => fx.portal.get(id), finished, 'the death dossier to complete');
  expect(dossier.status).toBe('completed');
  return { id, deceased, certificate: dossier.results.deathCertificateNumber as string };
}

/** Holds `lockSql` in an open transaction until released. */
async function holdLock(lockSql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: fx.system.databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(lockSql, params);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** Waits until a backend of `service` waits for a lock: its compensation is stuck mid-transaction. */
async function blockedMidUndo(service: string) {
  await eventually(
    () =>
      fx.records.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
        [service],
      ),
    (rows) => Number(rows[0]?.n) > 0,
    `${service} blocked in the middle of its compensation`,
  );
}

async function undoneOnce(id: string) {
  const dossier = await eventually(() => fx.portal.get(id), finished, 'the annulment undone', 120_000);
  expect(dossier.status).toBe('refused');
  expect(dossier.steps.map((step) => step.status)).toEqual([
    'compensated',
    'compensated',
    'compensated',
    'compensated',
  ]);
  const compensations = dossier.history.filter(
    (entry) => entry.type === 'step-status-changed' && (entry as { to?: string }).to === 'compensated',
  );
  expect(compensations.map((entry) => entry.step).sort()).toEqual(
    ['death-registration', 'funeral-benefit', 'residence-deletion', 'survivor-allowance'].sort(),
  );
  return dossier;
}

describe('a service killed in the middle of a compensation', () => {
  it('residence: the deletion is restored exactly once', async () => {
    const { id, certificate } = await completedDeath();
    const lock = await holdLock(
      'SELECT 1 FROM residence.residence_deletions WHERE dossier_id = $1 FOR UPDATE',
      [id],
    );
    let released = false;
    try {
      expect((await fx.agencies.annul('death-funeral', certificate)).status).toBe(202);
      await blockedMidUndo('residence');
      await fx.system.kill('residence');
      await lock.release();
      released = true;
      await fx.system.restart('residence');
    } finally {
      if (!released) await lock.release();
    }
    await undoneOnce(id);
    const deletions = await fx.records.query<{ restored_at: Date | null }>(
      'SELECT restored_at FROM residence.residence_deletions WHERE dossier_id = $1',
      [id],
    );
    expect(deletions).toEqual([{ restored_at: expect.any(Date) }]);
    const [residenceCase] = await fx.records.query<{ status: string; undo_attempts: number }>(
      `SELECT status, undo_attempts FROM residence.cases WHERE dossier_id = $1 AND command_type = $2`,
      [id, 'lienthong.residence.delete-permanent-residence'],
    );
    expect(residenceCase).toEqual({ status: 'compensated', undo_attempts: 1 });
  });

  it('death-funeral: each benefit is revoked once, with one recovery here and one at the registry', async () => {
    const { id, deceased, certificate } = await completedDeath();
    const lock = await holdLock(
      'SELECT 1 FROM death_funeral.benefit_decisions WHERE dossier_id = $1 FOR UPDATE',
      [id],
    );
    let released = false;
    try {
      expect((await fx.agencies.annul('death-funeral', certificate)).status).toBe(202);
      await blockedMidUndo('death-funeral');
      await fx.system.kill('death-funeral');
      await lock.release();
      released = true;
      await fx.system.restart('death-funeral');
    } finally {
      if (!released) await lock.release();
    }
    await undoneOnce(id);
    const recoveries = await fx.records.query(
      `SELECT r.recovery_number FROM death_funeral.recoveries r
       JOIN death_funeral.benefit_decisions d USING (decision_number) WHERE d.dossier_id = $1`,
      [id],
    );
    expect(recoveries).toHaveLength(2);
    const atRegistry = await fx.agencies.recoveriesAtRegistries(deceased.personalId);
    expect(atRegistry.map((recovery) => recovery.requestId).sort()).toEqual([
      `${id}:funeral-benefit`,
      `${id}:survivor-allowance`,
    ]);
  });
});
