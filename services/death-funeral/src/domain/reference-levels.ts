/**
 * Statutory reference levels (the base salary, the social-assistance standard level) as
 * effective-dated data: `src/data/reference-levels.json`, validated when this module loads, so a
 * malformed file stops the service at start rather than paying a wrong amount. Sources and what
 * is unconfirmed: `src/data/README.md`.
 */
import { z } from 'zod';
import { ReferenceLevel as ReferenceLevelMessage, type LocalizedText } from '@lienthong/contracts';
import referenceLevelsJson from '../data/reference-levels.json' with { type: 'json' };

/** The kinds of level the death group's amounts are computed from. */
const REFERENCE_LEVEL_KINDS = ['base-salary', 'social-assistance-standard'] as const;
export type ReferenceLevelKind = (typeof REFERENCE_LEVEL_KINDS)[number];

/** One level as the contracts carry it (`ReferenceLevel` in the death-funeral messages). */
const ReferenceLevelEntry = ReferenceLevelMessage.extend({
  kind: z.enum(REFERENCE_LEVEL_KINDS),
}).strict();
export type ReferenceLevel = z.infer<typeof ReferenceLevelEntry>;

/** The data file: every level of every kind, at most one per kind and day. */
const ReferenceLevelsFile = z
  .object({ levels: z.array(ReferenceLevelEntry).min(1) })
  .strict()
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.levels.forEach((level, index) => {
      const key = `${level.kind} ${level.effectiveFrom}`;
      if (seen.has(key)) {
        context.addIssue({
          code: 'custom',
          path: ['levels', index, 'effectiveFrom'],
          message: `two ${level.kind} levels take effect on ${level.effectiveFrom}`,
        });
      }
      seen.add(key);
    });
  });

/**
 * The levels of a reference-levels file, checked (throws a `ZodError` when the data is invalid),
 * ordered by kind then date, frozen.
 */
export function loadReferenceLevels(data: unknown): readonly ReferenceLevel[] {
  const { levels } = ReferenceLevelsFile.parse(data);
  const ordered = [...levels].sort(
    (a, b) => compare(a.kind, b.kind) || compare(a.effectiveFrom, b.effectiveFrom),
  );
  return Object.freeze(ordered.map((level) => Object.freeze(level)));
}

/** The levels shipped with the service. */
export const REFERENCE_LEVELS: readonly ReferenceLevel[] = loadReferenceLevels(referenceLevelsJson);

/**
 * The level of `kind` in force on `date` (YYYY-MM-DD): the one with the latest `effectiveFrom` on
 * or before it; `undefined` when the date precedes every level of that kind.
 */
export function levelOn(
  levels: readonly ReferenceLevel[],
  kind: ReferenceLevelKind,
  date: string,
): ReferenceLevel | undefined {
  let found: ReferenceLevel | undefined;
  for (const level of levels) {
    if (level.kind !== kind || level.effectiveFrom > date) continue;
    if (found === undefined || level.effectiveFrom > found.effectiveFrom) found = level;
  }
  return found;
}

/** The earliest level of `kind`, to say from when amounts can be computed. */
export function earliestLevel(
  levels: readonly ReferenceLevel[],
  kind: ReferenceLevelKind,
): ReferenceLevel | undefined {
  let found: ReferenceLevel | undefined;
  for (const level of levels) {
    if (level.kind !== kind) continue;
    if (found === undefined || level.effectiveFrom < found.effectiveFrom) found = level;
  }
  return found;
}

const INSTRUMENTS_IN_VIETNAMESE: readonly (readonly [RegExp, string])[] = [
  [/^Decree\b/u, 'Nghị định'],
  [/^Circular\b/u, 'Thông tư'],
  [/^Resolution\b/u, 'Nghị quyết'],
  [/^Decision\b/u, 'Quyết định'],
  [/^Law\b/u, 'Luật'],
];

/** The legal basis as each language writes it: `Nghị định 73/2024/NĐ-CP`, `Decree 73/2024/NĐ-CP`. */
export function legalBasisText(level: ReferenceLevel): LocalizedText {
  let vi = level.legalBasis;
  for (const [english, vietnamese] of INSTRUMENTS_IN_VIETNAMESE) vi = vi.replace(english, vietnamese);
  return { vi, en: level.legalBasis };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
