/**
 * The office's own HTTP routes (under `/v1`, next to the kit's officer queue):
 * - the population database's callback, which only makes a pending request due now;
 * - the public extract endpoints: anyone holding an extract may check it, without a token.
 */
import type { PoolLike } from '@lienthong/messaging';
import { AppError, type FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { extractRoutes } from '@lienthong/agency-kit';
import { extractQrCode, type ExtractSigner } from '@lienthong/signing';
import { z } from 'zod';
import { findLatestExtract, makeDueNow } from './birth-register.ts';

export interface BirthRegistrationRoutesOptions {
  readonly pool: PoolLike;
  readonly signer: ExtractSigner;
  readonly clock: { now(): Date };
}

const CallbackBody = z
  .looseObject({
    requestId: z.string().min(1).max(200).describe('The request id this service sent'),
    status: z.string().min(1).max(40).describe('`issued` or `refused`; informative only'),
    personalId: z.string().max(40).optional().describe('Ignored: the worker asks the database itself'),
  })
  .describe('What the population database posts once a pending request is decided');

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

    void app.register(extractRoutes(signer));

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
