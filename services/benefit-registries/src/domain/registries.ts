/**
 * The three registries this stand-in hosts, their short codes and how their recovery records
 * are numbered. Pure: the clock is passed in.
 */
import { vietnamCivilDate } from '@lienthong/working-days';

/**
 * The registries, named like the funeral routes of the death group (`FuneralRoute` in
 * @lienthong/contracts): Vietnam Social Security, the social-protection system (social
 * assistance, social pension) and the people-with-merit records of the home-affairs sector.
 */
export const REGISTRIES = ['social-insurance', 'social-protection', 'merit'] as const;
export type RegistryName = (typeof REGISTRIES)[number];

/** The registry's code in recovery numbers: `TH-SI-2026-000001` (TH: thu hồi, recovery). */
export const REGISTRY_SHORT_CODES: Readonly<Record<RegistryName, string>> = Object.freeze({
  'social-insurance': 'SI',
  'social-protection': 'SP',
  merit: 'NCC',
});

/** What a registry is called in messages and documentation. */
export const REGISTRY_TITLES: Readonly<Record<RegistryName, string>> = Object.freeze({
  'social-insurance': 'social-insurance',
  'social-protection': 'social-protection',
  merit: 'people-with-merit',
});

/** The shape of recovery numbers: `TH-<SI|SP|NCC>-<year>-<at least 6 digits>`. */
export const RECOVERY_NUMBER_PATTERN = /^TH-(SI|SP|NCC)-\d{4}-\d{6,}$/;

/** Vietnam's year (UTC+7, no daylight saving) at `now`: the year a recovery is numbered in. */
export function vietnamYear(now: Date): number {
  return Number(vietnamCivilDate(now).slice(0, 4));
}

/** `TH-SI-2026-`: what every recovery number of a registry and year starts with. */
export function recoveryNumberPrefix(registry: RegistryName, year: number): string {
  return `TH-${REGISTRY_SHORT_CODES[registry]}-${year}-`;
}

/** `TH-SI-2026-000001`: the registry, the Vietnam year and the record's place in that year. */
export function recoveryNumber(registry: RegistryName, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new RangeError(`A recovery sequence starts at 1, got ${sequence}`);
  }
  return recoveryNumberPrefix(registry, year) + String(sequence).padStart(6, '0');
}
