/**
 * Names as the electronic extracts carry them, and as civil-status offices compare them. One
 * place, so the birth and death registers write and compare names the same way.
 */

/** Longest name an electronic extract carries (see `BirthCertificateExtract`, `DeathCertificateExtract`). */
export const MAX_EXTRACT_NAME_LENGTH = 100;

/**
 * A name as compared (suspected duplicates, the population database's record): Unicode NFC,
 * lower case, whitespace collapsed. Diacritics are kept: "Hân" and "Hàn" are different names.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** A name as written on the register and the extract: NFC, whitespace collapsed, trimmed. */
export function registeredName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
