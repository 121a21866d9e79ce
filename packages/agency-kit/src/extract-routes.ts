/**
 * The public extract endpoints every office that signs electronic extracts serves: anyone holding
 * an extract may check it, without a token, against the keys this office published.
 */
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { MAX_EXTRACT_JWS_LENGTH, verifyExtract, type ExtractSigner } from '@lienthong/signing';
import { z } from 'zod';

const Jwk = z.looseObject({ kty: z.string(), kid: z.string().optional() });

const VerifyBody = z.object({
  extract: z
    .string()
    .min(1)
    .max(MAX_EXTRACT_JWS_LENGTH)
    .describe('The compact JWS of the extract, or the content of its QR code (`LT1:<jws>`)'),
});

const Verification = z.object({
  valid: z.boolean(),
  reason: z
    .string()
    .optional()
    .describe('Why it does not verify: malformed, unsupported-algorithm, unknown-key, bad-signature...'),
  detail: z.string().optional().describe('The same, for people'),
  type: z.string().optional().describe('The kind of extract, e.g. birth-certificate-extract'),
  issuer: z.string().optional().describe('Who signed it, e.g. ubnd-xa:00004'),
  issuedAt: z.string().optional().describe('When it was signed'),
  kid: z.string().optional().describe('The signing key'),
  payload: z.record(z.string(), z.unknown()).optional().describe('The extract as signed, when valid'),
});

/** `GET /extracts/jwks.json` and `POST /extracts/verify` for the extracts `signer` signs. */
export function extractRoutes(signer: ExtractSigner): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/extracts/jwks.json',
      {
        schema: {
          tags: ['extracts'],
          summary: 'The public keys that verify every electronic extract this office signed',
          response: { 200: z.object({ keys: z.array(Jwk) }) },
        },
      },
      async (_request, reply) => {
        const jwks = await signer.publicJwks();
        reply.header('cache-control', 'public, max-age=300');
        return { keys: jwks.keys as z.infer<typeof Jwk>[] };
      },
    );

    app.post(
      '/extracts/verify',
      {
        schema: {
          tags: ['extracts'],
          summary: 'Verify an electronic extract (its JWS or the content of its QR code)',
          body: VerifyBody,
          response: { 200: Verification },
        },
      },
      async (request) => {
        const result = await verifyExtract(request.body.extract, await signer.publicJwks());
        if (!result.valid) return { valid: false, reason: result.reason, detail: result.detail };
        return {
          valid: true,
          type: result.type,
          issuer: result.issuer,
          issuedAt: result.issuedAt.toISOString(),
          kid: result.kid,
          payload: result.payload,
        };
      },
    );

    return Promise.resolve();
  };
}
