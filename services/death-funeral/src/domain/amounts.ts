/**
 * Money in whole Vietnamese đồng: amounts are computed exactly where the rules allow and rounded
 * half up to the đồng once, at the end; and written for people in Vietnamese and English.
 */
import type { LocalizedText } from '@lienthong/contracts';

/**
 * A non-negative amount rounded half up to whole đồng. The product of a rate and a level in
 * binary floating point can land a hair under a half (2,340,000 × 0.7 is 1,637,999.9999999998),
 * so the amount is first taken to 15 significant digits.
 */
export function wholeDong(amount: number): number {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`an amount is a finite, non-negative number of đồng, got ${amount}`);
  }
  return Math.floor(Number(amount.toPrecision(15)) + 0.5);
}

/** `numerator / denominator` of whole numbers (numerator ≥ 0, denominator > 0), rounded half up. */
export function wholeDongOfFraction(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
    throw new RangeError(`an exact amount needs safe integers, got ${numerator} / ${denominator}`);
  }
  if (numerator < 0 || denominator <= 0) {
    throw new RangeError(`an amount is non-negative, got ${numerator} / ${denominator}`);
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

function grouped(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/gu, separator);
}

/** An amount as people read it: `23.400.000 đồng` and `23,400,000 VND`. */
export function vnd(amount: number): LocalizedText {
  const digits = String(Math.trunc(amount));
  return { vi: `${grouped(digits, '.')} đồng`, en: `${grouped(digits, ',')} VND` };
}

/** A plain number as people read it, up to 2 decimals: `1,5` and `1.5`. */
export function decimal(value: number): LocalizedText {
  const text = String(Number(value.toFixed(2)));
  const [whole = '', fraction] = text.split('.');
  const tail = (mark: string) => (fraction === undefined ? '' : `${mark}${fraction}`);
  return { vi: `${grouped(whole, '.')}${tail(',')}`, en: `${grouped(whole, ',')}${tail('.')}` };
}

/** A share as a percentage: 0.5 → `50%`. */
export function percent(rate: number): LocalizedText {
  const { vi, en } = decimal(rate * 100);
  return { vi: `${vi}%`, en: `${en}%` };
}

/** A count of months, e.g. `3 tháng` / `3 months` (`1 month`). */
export function months(count: number): LocalizedText {
  return { vi: `${count} tháng`, en: `${count} ${count === 1 ? 'month' : 'months'}` };
}

/** The text with its first letter capitalised. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
