/**
 * @lienthong/signing: electronic extracts signed as compact JWS (Ed25519), the key stores and
 * public JWKS, offline verification, and the QR code that carries a signed extract.
 */
export {
  ACTIVE_KEY_FILE,
  createFileKeyStore,
  createMemoryKeyStore,
  EXTRACT_SIGNING_ALGORITHM,
  kidOf,
  PUBLIC_JWKS_FILE,
} from './key-store.ts';
export type { ExtractKeyStore, FileKeyStoreOptions, KeyStoreOptions, SigningKey } from './key-store.ts';

export {
  createExtractSigner,
  EXTRACT_TYPE_CODES,
  extractTypeOfCode,
  RESERVED_PAYLOAD_MEMBERS,
} from './extract-signer.ts';
export type {
  ExtractSigner,
  ExtractSignerOptions,
  ExtractType,
  SignedExtract,
  SignOptions,
} from './extract-signer.ts';

export { MAX_EXTRACT_JWS_LENGTH, verifyExtract } from './verify-extract.ts';
export type {
  ExtractRejection,
  ExtractVerification,
  InvalidExtract,
  ValidExtract,
} from './verify-extract.ts';

export {
  extractQrCode,
  extractQrContent,
  extractQrVersion,
  jwsFromQrContent,
  QR_CONTENT_PREFIX,
} from './qr-code.ts';
export type { ExtractQrOptions, QrErrorCorrection } from './qr-code.ts';

export {
  BIRTH_CERTIFICATE_EXTRACT_VERSION,
  BirthCertificateExtract,
  BirthExtractChild,
  PERSONAL_ID_PENDING,
  personalIdMatches,
} from './birth-certificate-extract.ts';

export {
  DEATH_CERTIFICATE_EXTRACT_VERSION,
  DeathCertificateExtract,
  DeathExtractDeceased,
} from './death-certificate-extract.ts';

export { MAX_EXTRACT_NAME_LENGTH, nameKey, registeredName } from './extract-names.ts';
