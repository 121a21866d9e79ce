// Personal identification numbers for the benchmark's deceased, one per death dossier (a person
// dies once), made by the population registry's own generator: 0 + the province code (01, Hà
// Nội), the century-and-sex digit (0: a man born 1900–1999), the last two digits of the birth
// year, and six random digits.
import { generatePersonalId } from '@lienthong/population-registry';

/** The six random digits: a whole number in [0, 1,000,000). */
export type RandomSix = () => number;

/** The number of a man of province 01 born in `birthYear` (1900–1999) with these random digits. */
export function personalIdOf(birthYear: number, random: number): string {
  if (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > 1999) {
    throw new RangeError(`a man born in ${birthYear}: only 1900–1999 (century-and-sex digit 0) is made here`);
  }
  // The generator refuses (RangeError) random digits outside [0, 1,000,000) or not whole.
  return generatePersonalId({ provinceCode: '01', sex: 'male', birthYear }, () => random);
}

/**
 * A source of numbers, none given twice and none of `taken` (the stand-ins' seeded people),
 * for men born in `birthYear`. Throws when the six digits are nearly used up.
 */
export function personalIdSource(
  birthYear: number,
  random: RandomSix,
  taken: Iterable<string> = [],
): () => string {
  const used = new Set(taken);
  return () => {
    for (let attempt = 0; attempt < 1_000; attempt += 1) {
      const candidate = personalIdOf(birthYear, random());
      if (used.has(candidate)) continue;
      used.add(candidate);
      return candidate;
    }
    throw new Error(`no free personal ID for ${birthYear} after 1,000 draws`);
  };
}
