/**
 * Adding test data through a stand-in's admin API: a record is added once under its key; the
 * same data again is a no-op answered 200, other data under a taken key a 409 CONFLICT.
 */
import { coreErrors } from '@lienthong/service-kit';

/** `value` made canonical: keys sorted at every level, undefined members dropped, text in Unicode NFC. */
function canonical(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, member]) => [key, canonical(member)]),
    );
  }
  return value;
}

/**
 * Whether two records hold the same data, what an idempotent add compares: the same canonical
 * JSON, so key order, an undefined member (the same as an absent one) and the composition of
 * text (NFC or NFD) make no difference. null is a value, not an absence.
 */
export function sameRecord(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The outcome of adding a record: the same data again is `unchanged`, other data a `conflict`. */
export type AddRecordResult = 'added' | 'unchanged' | 'conflict';

export interface AddRecordSteps<T> {
  /** Adds the record unless its key is taken (ON CONFLICT DO NOTHING); resolves whether it did. */
  insertIfAbsent(): Promise<boolean> | boolean;
  /** What is on file under the key, once the insert did nothing. */
  findExisting(): Promise<T | undefined> | T | undefined;
  /** Whether two records hold the same data. @default sameRecord */
  readonly same?: (existing: T, record: T) => boolean;
}

/** Adds `record` once: `added`, or whether what is on file under its key says the same. */
export async function addRecordOnce<T>(record: T, steps: AddRecordSteps<T>): Promise<AddRecordResult> {
  if (await steps.insertIfAbsent()) return 'added';
  const existing = await steps.findExisting();
  const same = steps.same ?? sameRecord;
  return existing !== undefined && same(existing, record) ? 'unchanged' : 'conflict';
}

/**
 * The status an admin add answers: 201 added, 200 unchanged; a conflict throws the 409
 * CONFLICT problem with `conflictDetail`.
 */
export function addedStatus(result: AddRecordResult, conflictDetail: string): 200 | 201 {
  switch (result) {
    case 'added':
      return 201;
    case 'unchanged':
      return 200;
    case 'conflict':
      throw coreErrors.create('CONFLICT', conflictDetail);
  }
}

/**
 * `addRecordOnce` on a Map keyed by `key`: what the in-memory stores of route tests add with.
 * @param same @default sameRecord
 */
export function addRecordToMap<T>(
  records: Map<string, T>,
  key: string,
  record: T,
  same: (existing: T, record: T) => boolean = sameRecord,
): Promise<AddRecordResult> {
  return addRecordOnce(record, {
    insertIfAbsent: () => {
      if (records.has(key)) return false;
      records.set(key, record);
      return true;
    },
    findExisting: () => records.get(key),
    same,
  });
}
