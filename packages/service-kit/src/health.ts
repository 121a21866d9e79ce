/**
 * Liveness and readiness. Liveness says only that the process answers (restart me if not);
 * readiness says whether the service can do its work now (send me traffic or not), by running
 * each dependency check with its own timeout so one hung dependency cannot hang the probe.
 */
import { z } from 'zod';
import type { Logger } from './logger.ts';

/** The outcome of one readiness check. */
export interface CheckOutcome {
  readonly ok: boolean;
  /** Short, safe-to-show explanation, e.g. `lag 1200 messages`. */
  readonly detail?: string;
}

/** A dependency the service needs to be ready, e.g. its Postgres pool or Kafka producer. */
export interface ReadinessCheck {
  /** Stable, short name, e.g. `postgres`. */
  readonly name: string;
  /** Resolves with the outcome; a throw or a timeout counts as not ok. */
  check(): Promise<CheckOutcome>;
}

/** The body of `/health/ready`. */
export const ReadinessReport = z
  .object({
    status: z.enum(['ok', 'unavailable']).describe('`ok` when every check passed'),
    checks: z
      .array(
        z.object({
          name: z.string().describe('The check'),
          ok: z.boolean().describe('Whether it passed'),
          detail: z.string().optional().describe('Why it failed, or a note'),
          durationMs: z.number().describe('How long it took'),
        }),
      )
      .describe('One entry per check, in registration order'),
  })
  .describe('Readiness of the service and its dependencies');
export type ReadinessReport = z.infer<typeof ReadinessReport>;

/** The body of `/health/live`. */
export const LivenessReport = z.object({ status: z.literal('ok') }).describe('The process is running');
export type LivenessReport = z.infer<typeof LivenessReport>;

/**
 * Runs every check concurrently, each bounded by `timeoutMs`. Errors are logged with the
 * check's name and reported only as "failed" (their messages may name hosts or users).
 */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
  logger: Pick<Logger, 'warn'>,
  now: () => number = () => performance.now(),
): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (readiness) => {
      const started = now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<CheckOutcome>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, detail: `timed out after ${timeoutMs} ms` }),
          timeoutMs,
        );
      });
      let outcome: CheckOutcome;
      try {
        outcome = await Promise.race([readiness.check(), timeout]);
      } catch (error) {
        logger.warn({ err: error, check: readiness.name }, 'readiness check threw');
        outcome = { ok: false, detail: 'check failed (see logs)' };
      } finally {
        clearTimeout(timer);
      }
      if (!outcome.ok)
        logger.warn({ check: readiness.name, detail: outcome.detail }, 'readiness check not ok');
      return {
        name: readiness.name,
        ok: outcome.ok,
        ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
        durationMs: Math.round(now() - started),
      };
    }),
  );
  return { status: results.every((result) => result.ok) ? 'ok' : 'unavailable', checks: results };
}
