// Pure arithmetic of a run: how many dossiers each phase submits, which ones are read back, and
// how a dossier is told apart from the others.
import type { E2eSettings } from './procedure.ts';

/**
 * What every procedure's steps share: their timing (quick smoke runs are short), the finish
 * limit, the read-backs; no annulments. A procedure adds its loads, burst and warm-up rate.
 */
export function commonSettings(quick: boolean): Omit<E2eSettings, 'loads' | 'burst' | 'systemWarmup'> {
  const timing = quick
    ? { warmupMs: 2_000, measureMs: 8_000, finishLimitMs: 60_000, crossChecksPerStep: 2 }
    : { warmupMs: 5_000, measureMs: 30_000, finishLimitMs: 120_000, crossChecksPerStep: 3 };
  return { ...timing, annulments: 0, annulmentChecks: 0 };
}

/** Dossiers of the awaited system warm-up. */
export function systemWarmupCount(settings: E2eSettings): number {
  return Math.round((settings.systemWarmup.ms / 1000) * settings.systemWarmup.rate);
}

/** Dossiers of one open-loop step at `target` per second, its warm-up included. */
export function openStepCount(settings: E2eSettings, target: number): number {
  return Math.round(((settings.warmupMs + settings.measureMs) / 1000) * target);
}

/** Every dossier a run submits when no step is skipped: warm-up, loads and burst. */
export function plannedDossiers(settings: E2eSettings): number {
  return (
    systemWarmupCount(settings) +
    settings.loads.reduce((sum, target) => sum + openStepCount(settings, target), 0) +
    settings.burst
  );
}

/** `count` indexes into `total` items, evenly spread from the first (all of them when count ≥ total). */
export function spread(count: number, total: number): number[] {
  if (count >= total) return Array.from({ length: total }, (_, index) => index);
  return Array.from({ length: Math.max(0, count) }, (_, i) => Math.floor((i * total) / count));
}

/** Indexes of the dossiers to read back: a few per step, spread out, the last one always. */
export function pickSamples(stepCount: number, perStep: number, total: number): number[] {
  const wanted = Math.max(1, (stepCount + 1) * perStep + 2);
  const picks = new Set<number>();
  for (let i = 0; i < wanted && total > 0; i += 1)
    picks.add(Math.min(total - 1, Math.floor((i * total) / wanted)));
  if (total > 0) picks.add(total - 1);
  return [...picks];
}

/** 0 → "A", 25 → "Z", 26 → "Ba"…: a name part of letters only, unique per number. */
export function letters(n: number): string {
  let text = '';
  let rest = n;
  do {
    text = String.fromCharCode(97 + (rest % 26)) + text;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
