/**
 * The office's own HTTP routes (under `/v1`, next to the kit's officer queue):
 * - the population database's callback, which only makes a pending request due now;
 * - the public extract endpoints: anyone holding an extract may check it, without a token.
 */
import type { PoolLike } from '@lienthong/messaging';
import { AppError, type FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { extractQrCode, MAX_EXTRACT_JWS_LENGTH, verifyExtract, type ExtractSigner } from '@lienthong/signing';
import { z } from 'zod';
import { findLatestExtract, makeDueNow } from './birth-register.ts';

export interface BirthRegistrationRoutesOptions {
  readonly pool: PoolLike;
  readonly signer: ExtractSigner;
  readonly clock: { now(): Date };
}

const Jwk = z.looseObject({ kty: z.string(), kid: z.string().optional() });

const CallbackBody = z
  .looseObject({
    requestId: z.string().min(1).max(200).describe('The request id this service sent'),
    status: z.string().min(1).max(40).describe('`issued` or `refused`; informative only'),
    personalId: z.string().max(40).optional().describe('Ignored: the worker asks the database itself'),
  })
  .describe('What the population database posts once a pending request is decided');

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

const CertificateParams = z.object({
  certificateNumber: z
    .string()
    .regex(/^KS-\d{5}-\d{4}-\d{6}$/, 'a birth certificate number, e.g. KS-00004-2026-000017'),
});

export function birthRegistrationRoutes(options: BirthRegistrationRoutesOptions): FastifyPluginAsyncZod {
  const { pool, signer } = options;
  return (app) => {
    // Not authenticated in this stand-in deployment: anyone can only make a pending request be
    // checked early, since the worker asks the database itself and trusts nothing in the body.
    // A real deployment has the database sign its callbacks (or calls through a mutually
    // authenticated gateway) and verifies that here.
    app.post(
      '/callbacks/personal-id',
      {
        schema: {
          tags: ['population database'],
          summary: 'The population database decided a pending personal-ID request',
          description:
            'Makes the request due now; the ID worker then asks the database for the answer. ' +
            'Idempotent; an unknown or already settled request id is acknowledged too.',
          body: CallbackBody,
          response: { 204: z.null().describe('Acknowledged') },
        },
      },
      async (request, reply) => {
        const woken = await makeDueNow(pool, request.body.requestId, options.clock.now());
        request.log.info({ woken }, 'personal-ID callback received');
        return reply.status(204).send(null);
      },
    );

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

    app.get(
      '/extracts/:certificateNumber/qr.svg',
      {
        schema: {
          tags: ['extracts'],
          summary: 'The QR code of the latest extract of a birth certificate (SVG)',
          description: 'The QR content is `LT1:<jws>`: whoever scans it holds the signed extract.',
          params: CertificateParams,
        },
      },
      async (request, reply) => {
        const extract = await findLatestExtract(pool, request.params.certificateNumber);
        if (!extract) throw new AppError('NOT_FOUND', 'No extract for this certificate number.');
        const svg = await extractQrCode(extract.jws, { format: 'svg' });
        return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
      },
    );
    return Promise.resolve();
  };
}
