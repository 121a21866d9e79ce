import { getPrincipal, requireScopes } from '@lienthong/auth';
import { DossierStatus } from '@lienthong/contracts';
import { childTraceparent } from '@lienthong/messaging';
import { BirthDossierSubmission } from '@lienthong/procedures';
import { AppError, type FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import type { Clock } from '../runtime/saga-runtime.ts';
import type { DossierStore } from '../runtime/dossier-store.ts';
import { DossierAccepted, DossierPage, DossierView } from './schemas.ts';
import { BIRTH_3_IN_1_EXAMPLE } from './examples.ts';

export interface DossierRouteDeps {
  readonly store: DossierStore;
  readonly clock: Clock;
  readonly newDossierId: () => string;
}

const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
  .describe('Unique per intended dossier: the same key and body again return the same dossier');

/** The portal's contract: submit a dossier, follow it, find it. */
export function dossierRoutes(deps: DossierRouteDeps): FastifyPluginAsyncZod {
  return (app) => {
    app.post(
      '/dossiers',
      {
        onRequest: requireScopes('dossiers:write'),
        schema: {
          tags: ['dossiers'],
          summary: 'Submit a dossier (one submission, several agencies)',
          description:
            'Accepts a dossier of an interconnected procedure group and starts its saga. Idempotent: ' +
            'the same Idempotency-Key with the same body returns the same dossier; with a different ' +
            'body it is a 409 problem.',
          headers: z.object({ 'idempotency-key': IdempotencyKey }),
          body: BirthDossierSubmission.meta({ examples: [BIRTH_3_IN_1_EXAMPLE] }),
          response: { 200: DossierAccepted, 202: DossierAccepted },
        },
      },
      async (request, reply) => {
        const principal = getPrincipal(request);
        const submitted = await deps.store.submit({
          submittedBy: principal.subject,
          idempotencyKey: request.headers['idempotency-key'],
          body: request.body,
          now: deps.clock.now(),
          newId: deps.newDossierId,
          traceparent: childTraceparent(request.headers.traceparent as string | undefined),
        });
        const self = `/v1/dossiers/${submitted.id}`;
        void reply.header('location', self);
        return reply
          .code(submitted.created ? 202 : 200)
          .send({ id: submitted.id, status: submitted.status, links: { self } });
      },
    );

    app.get(
      '/dossiers/:id',
      {
        onRequest: requireScopes('dossiers:read'),
        schema: {
          tags: ['dossiers'],
          summary: 'A dossier with every step, its results and its timeline',
          params: z.object({ id: z.string().min(1).max(64) }),
          response: { 200: DossierView },
        },
      },
      async (request) => {
        const view = await deps.store.findView(request.params.id);
        if (!view) throw new AppError('NOT_FOUND', `No dossier ${request.params.id}.`);
        return { ...view, links: { self: `/v1/dossiers/${view.id}` } };
      },
    );

    app.get(
      '/dossiers',
      {
        onRequest: requireScopes('dossiers:read'),
        schema: {
          tags: ['dossiers'],
          summary: 'Find dossiers: by status, procedure, commune, date range, or any agency record number',
          querystring: z.object({
            status: DossierStatus.optional(),
            procedure: z.enum(['birth', 'death']).optional(),
            communeCode: z
              .string()
              .regex(/^\d{5}$/)
              .optional(),
            receivedFrom: z.iso.datetime({ offset: true }).optional(),
            receivedTo: z.iso.datetime({ offset: true }).optional(),
            recordNumber: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .describe('A birth-certificate, residence-record, card or personal ID number'),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            cursor: z.string().max(200).optional(),
          }),
          response: { 200: DossierPage },
        },
      },
      async (request) => deps.store.list(request.query),
    );
    return Promise.resolve();
  };
}
