/**
 * Signing the electronic birth-certificate extract of a registered birth and keeping it. Each
 * signature is kept: the extract signed while the personal ID was pending stays valid after the
 * number is attached with a new one.
 */
import type { SignedExtract } from '@lienthong/contracts';
import type { Queryable } from '@lienthong/messaging';
import { BirthCertificateExtract, type ExtractSigner } from '@lienthong/signing';
import { insertExtract } from './birth-register.ts';
import { birthExtract, extractIssuer, type RegisteredBirth } from './domain/birth-extract.ts';

/** Signs the extract of `birth` (with `personalId`, or `pending`) and records it in `tx`. */
export async function issueExtract(
  tx: Queryable,
  signer: ExtractSigner,
  birth: RegisteredBirth,
  personalId: string | null,
  now: Date,
): Promise<SignedExtract> {
  // Validated before signing: a signed document must match the published structure.
  const extract = BirthCertificateExtract.parse(birthExtract(birth, personalId));
  const signed = await signer.sign(extract, {
    type: 'birth-certificate-extract',
    issuer: extractIssuer(birth.communeCode),
    issuedAt: now,
  });
  await insertExtract(tx, { certificateNumber: birth.certificateNumber, signed, personalId, now });
  return { jws: signed.jws, kid: signed.kid };
}
