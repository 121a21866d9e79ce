// One end-to-end run: dossiers submitted through the portal API on an open-loop schedule, then
// (for a procedure that has one) an annulment wave, then a burst; completion followed on the
// coordinator's events topic, never by polling the API; CPU and database activity per interval.
import pg from 'pg';
import type { CpuMeter } from '../machine.ts';
import { formatCores, formatMs, percentile, summarize, type LatencySummary } from '../stats.ts';
import { mapConcurrently, sleep, waitUntil } from '../util.ts';
import { StatusFollower, type Goal, type Unfinished } from './follower.ts';
import { emptyCpu, Meter, type DatabaseActivity, type E2eCpu } from './meter.ts';
import { viewProblems } from './outcome.ts';
import { openStepCount, pickSamples, plannedDossiers, spread, systemWarmupCount } from './plan.ts';
import type { DossierView, E2eProcedure, E2eSettings, Preparation, SetupFacts } from './procedure.ts';
import type { E2eSystem } from './system.ts';

// ---------------------------------------------------------------------------------------------
// Results

export interface OpenStepResult {
  readonly target: number;
  readonly warmupSeconds: number;
  readonly windowSeconds: number;
  /** Every dossier of the step, warm-up included. */
  readonly submitted: number;
  /** Dossiers due in the measured window whose POST was accepted (202), per second of window. */
  readonly acceptedPerSecond: number;
  readonly submitErrors: number;
  /** How late the generator sent, behind schedule (its own event loop), p99 in ms. */
  readonly sendSlipP99Ms: number;
  /** POST /v1/dossiers round trip of the window's dossiers. */
  readonly submitRoundTrip: LatencySummary;
  /** `completed` events with changedAt in the measured window, per second. */
  readonly completedPerSecond: number;
  /** 202 received → changedAt of `completed`, the window's dossiers. */
  readonly latency: LatencySummary;
  /** p50 of the dossiers due in the first and in the last third of the window. */
  readonly p50FirstThird: number;
  readonly p50LastThird: number;
  /** Dossiers of the step not finished when its last one was submitted. */
  readonly inFlightAtEnd: number;
  /** Last submission → every dossier of the step finished; undefined if not within the limit. */
  readonly finishedAfterMs: number | undefined;
  readonly finishLimitMs: number;
  /** Dossiers of the step (warm-up included) not `completed` when the limit passed. */
  readonly notCompleted: Unfinished;
  readonly cpu: E2eCpu;
  readonly database: DatabaseActivity;
}

/** A wave: every request sent at once, then each dossier followed until it reached its goal. */
export interface WaveFigures {
  readonly count: number;
  readonly submitErrors: number;
  /** First request sent → last 202 received. */
  readonly acceptedAllAfterMs: number;
  readonly submitRoundTrip: LatencySummary;
  /** First request sent → the last dossier at its goal, when every one got there. */
  readonly allAfterMs: number | undefined;
  /** Dossiers at their goal / (first request sent → the last one there). */
  readonly perSecond: number;
  /** 202 received → changedAt of the event showing the goal. */
  readonly latency: LatencySummary;
  readonly p95: number;
  readonly finishLimitMs: number;
  /** Those not at their goal when the limit passed, by what they showed last. */
  readonly missed: Unfinished;
  readonly cpu: E2eCpu;
  readonly database: DatabaseActivity;
}

/** Dossiers submitted at once; the goal is `completed`. */
export type BurstResult = WaveFigures;

export interface Checked {
  readonly checked: number;
  readonly ok: number;
  readonly problems: readonly string[];
}

/** Completed dossiers annulled at once; the goal is `refused` with every step `compensated`. */
export interface AnnulmentResult extends WaveFigures {
  /** Completed dossiers of the open-loop steps they were chosen from. */
  readonly candidates: number;
  /** The chosen dossiers read back before (their results and the certificate number). */
  readonly readBack: Checked;
  readonly firstErrors: readonly string[];
  /** Undone dossiers read back and checked in the services' records. */
  readonly checks: Checked;
}

export interface CrossCheck extends Checked {
  /** Dossiers by status in the coordinator's own table, against the `completed` events seen. */
  readonly byStatusInDatabase: Readonly<Record<string, number>>;
  readonly completedEventsSeen: number;
  readonly submittedAccepted: number;
}

export interface E2eRun {
  readonly setup: SetupFacts | undefined;
  readonly systemWarmup: {
    readonly rate: number;
    readonly seconds: number;
    readonly count: number;
    readonly completed: number;
    readonly latency: LatencySummary;
    /** Rows the warm-up's dossiers added to the services' outboxes, per dossier: Kafka messages. */
    readonly messagesPerDossier: number | undefined;
  };
  readonly steps: readonly OpenStepResult[];
  /** Loads of the settings not run because the time budget was spent. */
  readonly skippedLoads: readonly number[];
  readonly annulment: AnnulmentResult | undefined;
  /** An annulment wave was due but the time budget was spent. */
  readonly annulmentSkipped: boolean;
  readonly burst: BurstResult | undefined;
  readonly crossCheck: CrossCheck;
  readonly eventsConsumed: number;
}

// ---------------------------------------------------------------------------------------------
// Submitting

interface Tracked {
  readonly id: string;
  readonly dueAt: number;
  readonly sentAt: number;
  readonly respondedAt: number;
}

interface Submitter {
  submit(dueAt: number): Promise<Tracked | undefined>;
  readonly errors: string[];
}

/**
 * POSTs `body` as JSON with a bearer token: the answer's JSON and when it came when it is a 202,
 * else undefined with what went wrong added to `errors`.
 */
async function post202(
  url: string,
  token: string,
  body: string,
  errors: string[],
  headers: Readonly<Record<string, string>> = {},
): Promise<{ answer: unknown; sentAt: number; respondedAt: number } | undefined> {
  const sentAt = Date.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    const respondedAt = Date.now();
    if (response.status !== 202) {
      errors.push(`${response.status} ${(await response.text()).slice(0, 200)}`);
      return undefined;
    }
    return { answer: await response.json(), sentAt, respondedAt };
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

function submitter(baseUrl: string, token: string, keyPrefix: string, preparation: Preparation): Submitter {
  let seq = 0;
  const errors: string[] = [];
  return {
    errors,
    async submit(dueAt) {
      const current = seq;
      seq += 1;
      const accepted = await post202(`${baseUrl}/v1/dossiers`, token, preparation.body(current), errors, {
        'idempotency-key': `${keyPrefix}-${current}`,
      });
      if (!accepted) return undefined;
      const { id } = accepted.answer as { id: string };
      return { id, dueAt, sentAt: accepted.sentAt, respondedAt: accepted.respondedAt };
    },
  };
}

async function getDossier(system: E2eSystem, id: string): Promise<DossierView | string> {
  const response = await fetch(`${system.url('saga-coordinator')}/v1/dossiers/${id}`, {
    headers: { authorization: `Bearer ${system.portalToken}` },
  });
  return response.ok ? ((await response.json()) as DossierView) : `GET ${id}: ${response.status}`;
}

/** Rows in every service's outbox (published rows are kept for days): the Kafka messages sent. */
async function outboxRows(monitor: pg.Client): Promise<number | undefined> {
  const { rows: schemas } = await monitor.query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'outbox'`,
  );
  if (schemas.length === 0) return undefined;
  const { rows } = await monitor.query<{ n: number }>(
    `SELECT (${schemas.map(({ schema }) => `(SELECT count(*) FROM ${monitor.escapeIdentifier(schema)}.outbox)`).join(' + ')})::int AS n`,
  );
  return rows[0]?.n;
}

// ---------------------------------------------------------------------------------------------
// The run

export interface RunE2eOptions {
  readonly procedure: E2eProcedure;
  readonly system: E2eSystem;
  readonly brokers: readonly string[];
  /** Kafka came from the environment: delete the consumer group afterwards. */
  readonly sharedKafka: boolean;
  readonly runId: string;
  readonly settings: E2eSettings;
  readonly cpu: CpuMeter;
  /** Pids of the local Kafka JVM and postmaster (undefined when they came from the environment). */
  readonly infrastructurePids: { readonly kafka: number | undefined; readonly postgres: number | undefined };
  /** performance.now() by which the measurements must be over (shutdown comes after). */
  readonly deadline: number;
  readonly onProgress: (line: string) => void;
}

/** Time the open-loop steps leave for the burst after them (a warm system takes 10–20 s for 300). */
const BURST_RESERVE_MS = 35_000;
/** Time they leave for an annulment wave: reading the dossiers back, the wave, its checks. */
const ANNULMENT_RESERVE_MS = 25_000;

export async function runE2e(options: RunE2eOptions): Promise<E2eRun> {
  const { procedure, system, settings, onProgress } = options;
  const follower = new StatusFollower(
    options.brokers,
    `lienthong-bench-${procedure.name}-${options.runId}`,
    procedure.steps,
  );
  const monitor = new pg.Client({ connectionString: system.databaseUrl, application_name: 'bench-monitor' });
  monitor.on('error', () => {});
  await monitor.connect();
  const guard = <T>(work: Promise<T>): Promise<T> => Promise.race([work, system.crashed]);
  try {
    await guard(follower.start());
    const meter = new Meter(options.cpu, system.pids, options.infrastructurePids, monitor);
    const preparation = await guard(
      procedure.prepare({ system, count: plannedDossiers(settings), onProgress }),
    );
    const post = submitter(
      system.url('saga-coordinator'),
      system.portalToken,
      `bench-${procedure.name}-${options.runId}`,
      preparation,
    );
    const accepted: Tracked[] = [];
    const remaining = () => options.deadline - performance.now();
    const annulmentsDue = procedure.annulment !== undefined && settings.annulments > 0;
    const annulmentReserve = annulmentsDue ? ANNULMENT_RESERVE_MS : 0;

    // Prime: a few dossiers at once, awaited, before anything is measured.
    const { rate: warmupRate, ms: warmupMs } = settings.systemWarmup;
    onProgress(`system warm-up: ${warmupMs / 1000} s at ${warmupRate} dossiers/s, not measured, awaited`);
    const warmupCount = systemWarmupCount(settings);
    const outboxBefore = await guard(outboxRows(monitor));
    const warmupStart = Date.now();
    const warming: Promise<Tracked | undefined>[] = [];
    for (let i = 0; i < warmupCount; i += 1) {
      const dueAt = warmupStart + (i * 1000) / warmupRate;
      await guard(sleepUntil(dueAt));
      warming.push(post.submit(dueAt));
    }
    const warmed = (await guard(Promise.all(warming))).flatMap((tracked) => (tracked ? [tracked] : []));
    accepted.push(...warmed);
    await guard(
      waitUntil(() => warmed.every((tracked) => follower.finished(tracked.id)), settings.finishLimitMs, 50),
    );
    const outboxAfter = await guard(outboxRows(monitor));
    const systemWarmup = {
      rate: warmupRate,
      seconds: warmupMs / 1000,
      count: warmupCount,
      completed: warmed.filter((tracked) => follower.completedAt.has(tracked.id)).length,
      latency: summarize(latencies(warmed, follower.completedAt)),
      messagesPerDossier:
        outboxBefore === undefined || outboxAfter === undefined || warmed.length === 0
          ? undefined
          : (outboxAfter - outboxBefore) / warmed.length,
    };
    onProgress(
      `  ${systemWarmup.completed}/${systemWarmup.count} completed, latency p50 ${formatMs(systemWarmup.latency.p50)} ms ` +
        `max ${formatMs(systemWarmup.latency.max)} ms` +
        (systemWarmup.messagesPerDossier === undefined
          ? ''
          : `; ${systemWarmup.messagesPerDossier.toFixed(1)} outbox messages per dossier`),
    );

    const steps: OpenStepResult[] = [];
    const stepDossiers: Tracked[] = [];
    const skippedLoads: number[] = [];
    for (const [index, target] of settings.loads.entries()) {
      const stepMs = settings.warmupMs + settings.measureMs;
      if (remaining() < stepMs + 15_000) {
        skippedLoads.push(...settings.loads.slice(index));
        onProgress(`time budget spent: skipping ${settings.loads.slice(index).join(', ')} dossiers/s`);
        break;
      }
      onProgress(
        `step ${index + 1}/${settings.loads.length}: ${target} dossiers/s, ` +
          `${settings.warmupMs / 1000} s warm-up + ${settings.measureMs / 1000} s measured`,
      );
      const later = settings.loads.length - index - 1;
      const finishLimitMs = Math.max(
        10_000,
        Math.min(
          settings.finishLimitMs,
          remaining() -
            stepMs -
            later * (stepMs + 5_000) -
            (settings.burst > 0 ? BURST_RESERVE_MS : 0) -
            annulmentReserve,
        ),
      );
      const step = await guard(runOpenStep({ target, settings, post, follower, meter, finishLimitMs }));
      accepted.push(...step.tracked);
      stepDossiers.push(...step.tracked);
      steps.push(step.result);
      onProgress(describeOpenStep(step.result));
    }

    // Annulments on a drained system, of dossiers the open-loop steps completed; the burst keeps
    // its reserve after them.
    let annulment: AnnulmentResult | undefined;
    const annulled = new Set<string>();
    const burstReserve = settings.burst > 0 ? BURST_RESERVE_MS : 0;
    if (annulmentsDue && procedure.annulment && remaining() > burstReserve + 15_000) {
      onProgress(`annulment wave: ${settings.annulments} completed dossiers annulled at once`);
      const finishLimitMs = Math.max(10_000, Math.min(settings.finishLimitMs, remaining() - burstReserve));
      annulment = await guard(
        runAnnulmentWave({
          procedure,
          spec: procedure.annulment,
          settings,
          system,
          monitor,
          follower,
          meter,
          candidates: stepDossiers.filter((one) => follower.completedAt.has(one.id)),
          annulled,
          finishLimitMs,
        }),
      );
      onProgress(describeAnnulment(annulment));
    } else if (annulmentsDue) {
      onProgress('time budget spent: no annulment wave');
    }

    // The burst last, on a warm system (after 150 warm-up dossiers the JITs are not done yet, and a
    // reconnecting province meets a running system); the steps before it keep time for it.
    let burst: BurstResult | undefined;
    if (settings.burst > 0 && remaining() > 20_000) {
      onProgress(`burst: ${settings.burst} dossiers submitted at once`);
      const finishLimitMs = Math.max(10_000, Math.min(settings.finishLimitMs, remaining()));
      const result = await guard(runBurst({ count: settings.burst, post, follower, meter, finishLimitMs }));
      accepted.push(...result.tracked);
      burst = result.result;
      onProgress(describeWave(burst, 'completed'));
    } else if (settings.burst > 0) {
      onProgress('time budget spent: no burst');
    }

    onProgress('cross-check: GET of some dossiers, and the coordinator’s table');
    const kept = accepted.filter((one) => !annulled.has(one.id));
    const crossCheck = await guard(
      crossCheckDossiers({
        procedure,
        system,
        monitor,
        follower,
        accepted,
        kept,
        samples: pickSamples(steps.length, settings.crossChecksPerStep, kept.length),
      }),
    );
    onProgress(
      `  ${crossCheck.ok}/${crossCheck.checked} checked dossiers complete with every result; ` +
        `coordinator table ${JSON.stringify(crossCheck.byStatusInDatabase)}, ` +
        `${crossCheck.completedEventsSeen} completed events seen for ${crossCheck.submittedAccepted} accepted submissions`,
    );
    for (const problem of crossCheck.problems) onProgress(`  problem: ${problem}`);
    if (post.errors.length > 0) {
      onProgress(`${post.errors.length} submissions failed; first: ${post.errors.slice(0, 3).join(' | ')}`);
    }
    return {
      setup: preparation.setup,
      systemWarmup,
      steps,
      skippedLoads,
      annulment,
      annulmentSkipped: annulmentsDue && annulment === undefined,
      burst,
      crossCheck,
      eventsConsumed: follower.consumed,
    };
  } finally {
    await follower.stop(options.sharedKafka).catch(() => {});
    await monitor.end().catch(() => {});
  }
}

/** From each `respondedAt` to the moment in `reached` (those that reached it). */
function latencies(tracked: readonly Tracked[], reached: ReadonlyMap<string, number>): number[] {
  return tracked.flatMap((one) => {
    const at = reached.get(one.id);
    return at === undefined ? [] : [at - one.respondedAt];
  });
}

interface OpenStepInput {
  readonly target: number;
  readonly settings: E2eSettings;
  readonly post: Submitter;
  readonly follower: StatusFollower;
  readonly meter: Meter;
  readonly finishLimitMs: number;
}

/**
 * Open loop: dossier i is due at start + i / rate and is sent then, whatever happened to the
 * earlier ones (each POST on its own, concurrently).
 */
async function runOpenStep(input: OpenStepInput): Promise<{ result: OpenStepResult; tracked: Tracked[] }> {
  const { target, settings, post, follower, meter } = input;
  const total = openStepCount(settings, target);
  const warmupCount = Math.round((settings.warmupMs / 1000) * target);
  const startedAt = Date.now();
  const pending: Promise<Tracked | undefined>[] = [];
  const windowDossiers: Promise<Tracked | undefined>[] = [];
  let endMeasure: Awaited<ReturnType<Meter['begin']>> | undefined;
  let windowStart = 0;
  const slips: number[] = [];
  for (let i = 0; i < total; i += 1) {
    const dueAt = startedAt + (i * 1000) / target;
    if (i === warmupCount) {
      await sleepUntil(dueAt);
      windowStart = Date.now();
      endMeasure = await meter.begin();
    }
    await sleepUntil(dueAt);
    slips.push(Date.now() - dueAt);
    const submission = post.submit(dueAt);
    pending.push(submission);
    if (i >= warmupCount) windowDossiers.push(submission);
  }
  // The window ends one interval after the last due time (the last dossier's own slot).
  await sleepUntil(startedAt + (total * 1000) / target);
  const windowEnd = Date.now();
  const measured = endMeasure ? await endMeasure() : undefined;
  const tracked = (await Promise.all(pending)).flatMap((one) => (one ? [one] : []));
  const inWindow = (await Promise.all(windowDossiers)).flatMap((one) => (one ? [one] : []));
  const lastSubmitted = Date.now();
  const inFlightAtEnd = tracked.filter((one) => !follower.finished(one.id)).length;
  const finished = await waitUntil(
    () => tracked.every((one) => follower.finished(one.id)),
    input.finishLimitMs,
    50,
  );
  const finishedAfterMs = finished ? Date.now() - lastSubmitted : undefined;

  const windowSeconds = (windowEnd - windowStart) / 1000;
  let completedInWindow = 0;
  for (const at of follower.completedAt.values())
    if (at >= windowStart && at <= windowEnd) completedInWindow += 1;
  // The thirds by schedule: the window's dossiers were due from its first slot to its last.
  const firstDue = startedAt + (warmupCount * 1000) / target;
  const endDue = startedAt + (total * 1000) / target;
  const third = (endDue - firstDue) / 3;
  const p50Of = (from: number, to: number) =>
    summarize(
      latencies(
        inWindow.filter((one) => one.dueAt >= from && one.dueAt < to),
        follower.completedAt,
      ),
    ).p50;
  return {
    tracked,
    result: {
      target,
      warmupSeconds: settings.warmupMs / 1000,
      windowSeconds,
      submitted: total,
      acceptedPerSecond: inWindow.length / windowSeconds,
      submitErrors: total - tracked.length,
      sendSlipP99Ms: summarize(slips).p99,
      submitRoundTrip: summarize(inWindow.map((one) => one.respondedAt - one.sentAt)),
      completedPerSecond: completedInWindow / windowSeconds,
      latency: summarize(latencies(inWindow, follower.completedAt)),
      p50FirstThird: p50Of(firstDue, firstDue + third),
      p50LastThird: p50Of(endDue - third, endDue),
      inFlightAtEnd,
      finishedAfterMs,
      finishLimitMs: input.finishLimitMs,
      notCompleted: follower.unfinished(tracked.map((one) => one.id)),
      cpu: measured?.cpu ?? emptyCpu(),
      database: measured?.database ?? { samples: 0, active: {}, lockWaiting: {} },
    },
  };
}

/**
 * A wave: the measurement begins, `send` fires every request at once, then each dossier is
 * followed until it reaches `goal`, or the limit passes; the measurement ends when all are there.
 */
async function runWave(
  input: { readonly meter: Meter; readonly finishLimitMs: number },
  goal: Goal,
  send: (firstSent: number) => Promise<readonly (Tracked | undefined)[]>,
): Promise<{ wave: WaveFigures; tracked: Tracked[] }> {
  const endMeasure = await input.meter.begin();
  const firstSent = Date.now();
  const sent = await send(firstSent);
  const tracked = sent.flatMap((one) => (one ? [one] : []));
  const finished = await waitUntil(() => tracked.every((one) => goal.done(one.id)), input.finishLimitMs, 50);
  const measured = await endMeasure();
  const ends = tracked.flatMap((one) => {
    const at = goal.reached.get(one.id);
    return at === undefined ? [] : [at];
  });
  const last = Math.max(...ends);
  const samples = latencies(tracked, goal.reached);
  const wave = {
    count: sent.length,
    submitErrors: sent.length - tracked.length,
    acceptedAllAfterMs:
      tracked.length > 0 ? Math.max(...tracked.map((one) => one.respondedAt)) - firstSent : Number.NaN,
    submitRoundTrip: summarize(tracked.map((one) => one.respondedAt - one.sentAt)),
    allAfterMs: finished && ends.length === sent.length ? last - firstSent : undefined,
    perSecond: ends.length > 0 ? ends.length / ((last - firstSent) / 1000) : 0,
    latency: summarize(samples),
    p95: percentile(
      [...samples].sort((x, y) => x - y),
      95,
    ),
    finishLimitMs: input.finishLimitMs,
    missed: goal.missed(tracked.map((one) => one.id)),
    cpu: measured.cpu,
    database: measured.database,
  };
  return { wave, tracked };
}

async function runBurst(input: {
  readonly count: number;
  readonly post: Submitter;
  readonly follower: StatusFollower;
  readonly meter: Meter;
  readonly finishLimitMs: number;
}): Promise<{ result: BurstResult; tracked: Tracked[] }> {
  const { wave, tracked } = await runWave(input, input.follower.completion, (firstSent) =>
    Promise.all(Array.from({ length: input.count }, () => input.post.submit(firstSent))),
  );
  return { result: wave, tracked };
}

/** Reads back at most 8 dossiers at a time (not measured). */
const READ_BACK_CONCURRENCY = 8;

/**
 * Chooses completed dossiers spread over the open-loop steps, reads each back (its results and
 * the certificate number), then annuls them all at once at the office and follows each dossier
 * until it is `refused` with every step `compensated`.
 */
async function runAnnulmentWave(input: {
  readonly procedure: E2eProcedure;
  readonly spec: NonNullable<E2eProcedure['annulment']>;
  readonly settings: E2eSettings;
  readonly system: E2eSystem;
  readonly monitor: pg.Client;
  readonly follower: StatusFollower;
  readonly meter: Meter;
  readonly candidates: readonly Tracked[];
  /** Filled with the dossiers annulled (they are no longer `completed`). */
  readonly annulled: Set<string>;
  readonly finishLimitMs: number;
}): Promise<AnnulmentResult> {
  const { procedure, spec, system, follower } = input;
  const chosen = spread(input.settings.annulments, input.candidates.length).flatMap((index) => {
    const one = input.candidates[index];
    return one ? [one] : [];
  });
  const readProblems: string[] = [];
  const certificates = await mapConcurrently(chosen, READ_BACK_CONCURRENCY, async (one) => {
    const view = await getDossier(system, one.id);
    if (typeof view === 'string') {
      readProblems.push(view);
      return undefined;
    }
    const problem = viewProblems(view, procedure);
    if (problem) readProblems.push(`${one.id}: ${problem}`);
    const certificate = view.results[spec.certificateResult];
    return typeof certificate === 'string' ? { id: one.id, certificate } : undefined;
  });
  const targets = certificates.flatMap((one) => (one ? [one] : []));
  const readBack = {
    checked: chosen.length,
    ok: chosen.length - readProblems.length,
    problems: readProblems,
  };

  const errors: string[] = [];
  const body = JSON.stringify({ reason: spec.reason });
  const { wave, tracked } = await runWave(input, follower.undoing, (firstSent) =>
    Promise.all(
      targets.map(async ({ id, certificate }): Promise<Tracked | undefined> => {
        const url = `${system.url(spec.service)}${spec.path(certificate)}`;
        const accepted = await post202(url, system.civilStatusToken, body, errors);
        if (!accepted) return undefined;
        input.annulled.add(id);
        return { id, dueAt: firstSent, sentAt: accepted.sentAt, respondedAt: accepted.respondedAt };
      }),
    ),
  );
  const undoneIds = tracked.filter((one) => follower.undoneAt.has(one.id)).map((one) => one.id);

  const checkProblems: string[] = [];
  const toCheck = spread(input.settings.annulmentChecks, undoneIds.length).flatMap((index) => {
    const id = undoneIds[index];
    return id === undefined ? [] : [id];
  });
  for (const id of toCheck) {
    const view = await getDossier(system, id);
    if (typeof view === 'string') {
      checkProblems.push(view);
      continue;
    }
    const off = view.steps.filter((step) => step.status !== 'compensated');
    const problems = [
      ...(view.status === 'refused' ? [] : [`status ${view.status}`]),
      ...(off.length === 0
        ? []
        : [`steps ${off.map((step) => `${step.service} ${step.status}`).join(', ')}`]),
      ...(view.reason?.code === spec.reason.code ? [] : [`reason ${view.reason?.code ?? 'none'}`]),
      ...(await spec.check({ monitor: input.monitor, system, dossierId: id, view })),
    ];
    if (problems.length > 0) checkProblems.push(`${id}: ${problems.join(', ')}`);
  }
  return {
    ...wave,
    candidates: input.candidates.length,
    readBack,
    firstErrors: errors.slice(0, 3),
    checks: { checked: toCheck.length, ok: toCheck.length - checkProblems.length, problems: checkProblems },
  };
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
}

async function crossCheckDossiers(input: {
  readonly procedure: E2eProcedure;
  readonly system: E2eSystem;
  readonly monitor: pg.Client;
  readonly follower: StatusFollower;
  readonly accepted: readonly Tracked[];
  /** The accepted ones not annulled on purpose: the samples are indexes into these. */
  readonly kept: readonly Tracked[];
  readonly samples: readonly number[];
}): Promise<CrossCheck> {
  const { system, accepted } = input;
  const problems: string[] = [];
  let ok = 0;
  for (const index of input.samples) {
    const one = input.kept[index];
    if (!one) continue;
    const view = await getDossier(system, one.id);
    if (typeof view === 'string') {
      problems.push(view);
      continue;
    }
    const problem = viewProblems(view, input.procedure);
    if (problem === undefined) ok += 1;
    else problems.push(`${one.id}: ${problem}`);
  }
  const { rows } = await input.monitor.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM saga_coordinator.dossiers GROUP BY status ORDER BY status',
  );
  const ids = new Set(accepted.map((one) => one.id));
  let completedEventsSeen = 0;
  for (const id of input.follower.completedAt.keys()) if (ids.has(id)) completedEventsSeen += 1;
  return {
    checked: input.samples.length,
    ok,
    problems,
    byStatusInDatabase: Object.fromEntries(rows.map((row) => [row.status, row.n])),
    completedEventsSeen,
    submittedAccepted: accepted.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Progress lines

function describeOpenStep(step: OpenStepResult): string {
  return (
    `  accepted ${step.acceptedPerSecond.toFixed(1)}/s, completed ${step.completedPerSecond.toFixed(1)}/s, ` +
    `latency p50 ${formatMs(step.latency.p50)} ms p99 ${formatMs(step.latency.p99)} ms max ${formatMs(step.latency.max)} ms ` +
    `(p50 first/last third ${formatMs(step.p50FirstThird)}/${formatMs(step.p50LastThird)} ms), ` +
    `POST p50 ${formatMs(step.submitRoundTrip.p50)} ms; ${step.inFlightAtEnd} in flight at the end, ` +
    (step.finishedAfterMs === undefined
      ? `${step.notCompleted.count} not finished after ${step.finishLimitMs / 1000} s`
      : `all finished ${(step.finishedAfterMs / 1000).toFixed(1)} s after the last submission`) +
    (step.notCompleted.count > 0 ? `; not completed: ${JSON.stringify(step.notCompleted.byStatus)}` : '') +
    `; CPU machine ${formatCores(step.cpu.machine)}, other processes ${formatCores(step.cpu.rest)}` +
    (step.cpu.others.length > 0
      ? ` (${step.cpu.others.map(([name, value]) => `${name} ${value.toFixed(2)}`).join(', ')})`
      : '')
  );
}

/** The figures of a wave: how long until every request was accepted and every dossier at its goal. */
function describeWave(wave: WaveFigures, goal: 'completed' | 'undone'): string {
  return (
    `  all accepted after ${(wave.acceptedAllAfterMs / 1000).toFixed(1)} s, ` +
    (wave.allAfterMs === undefined
      ? `${wave.missed.count} not ${goal} after ${wave.finishLimitMs / 1000} s ${JSON.stringify(wave.missed.byStatus)}`
      : `all ${goal} after ${(wave.allAfterMs / 1000).toFixed(1)} s`) +
    ` (${wave.perSecond.toFixed(1)}/s), latency p50 ${formatMs(wave.latency.p50)} ms p95 ${formatMs(wave.p95)} ms ` +
    `p99 ${formatMs(wave.latency.p99)} ms max ${formatMs(wave.latency.max)} ms; CPU machine ${formatCores(wave.cpu.machine)}, ` +
    `other processes ${formatCores(wave.cpu.rest)}`
  );
}

function describeAnnulment(wave: AnnulmentResult): string {
  return (
    `  ${wave.readBack.ok}/${wave.readBack.checked} read back as expected, ${wave.count} annulled; ` +
    describeWave(wave, 'undone').trimStart() +
    `; ${wave.checks.ok}/${wave.checks.checked} checked in the records` +
    (wave.submitErrors > 0
      ? `; ${wave.submitErrors} annulments failed: ${wave.firstErrors.join(' | ')}`
      : '') +
    (wave.readBack.problems.length > 0
      ? `; read back: ${wave.readBack.problems.slice(0, 3).join(' | ')}`
      : '') +
    (wave.checks.problems.length > 0 ? `; checks: ${wave.checks.problems.slice(0, 3).join(' | ')}` : '')
  );
}
