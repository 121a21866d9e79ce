import { randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O, U, so a code read aloud or copied by hand is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Dossier ids like `LT20261123-7KQ2M9XD`: the Vietnam date of receipt, then 8 random base32
 * characters (40 bits). The date makes codes readable on the phone; the random part makes them
 * unguessable and collision-free in practice (a collision fails the insert and is retried).
 */
export function newDossierId(now: Date): string {
  const vietnam = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const bytes = randomBytes(8);
  let random = '';
  for (const byte of bytes) random += ALPHABET[byte % 32];
  return `LT${vietnam}-${random}`;
}
