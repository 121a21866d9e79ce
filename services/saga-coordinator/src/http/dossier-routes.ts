import { getPrincipal, requireScopes } from '@lienthong/auth';
import { DossierStatus } from '@lienthong/contracts';
import { childTraceparent, inTransaction, type PoolLike } from '@lienthong/messaging';
import { BirthDossierSubmission, DeathDossierSubmission } from '@lienthong/procedures';
import { AppError, type FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import type { Clock, SagaRuntime } from '../runtime/saga-runtime.ts';
import type { DossierStore } from '../runtime/dossier-store.ts';
import {
  DossierAccepted,
  DossierPage,
  DossierView,
  SupplementAccepted,
  SupplementBody,
  WithdrawalAccepted,
  WithdrawalBody,
} from './schemas.ts';
import { BIRTH_3_IN_1_EXAMPLE, DEATH_4_IN_1_EXAMPLE } from './examples.ts';

export interface DossierRouteDeps {
  readonly pool: PoolLike;
  readonly saga: SagaRuntime;
  readonly store: DossierStore;
  readonly clock: Clock;
  readonly newDossierId: () => string;
}

/** Every procedure group's submission, told apart by `procedure`. */
const DossierSubmission = z
  .discriminatedUnion('procedure', [BirthDossierSubmission, DeathDossierSubmission])
  .meta({ examples: [BIRTH_3_IN_1_EXAMPLE, DEATH_4_IN_1_EXAMPLE] })
  .describe('A dossier of one interconnected procedure group: "birth" or "death"');

const DossierParams = z.object({ id: z.string().min(1).max(64) });

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
          body: DossierSubmission,
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

    app.post(
      '/dossiers/:id/withdrawal',
      {
        onRequest: requireScopes('dossiers:write'),
        schema: {
          tags: ['dossiers'],
          summary: 'Withdraw a dossier on the citizen’s behalf',
          description:
            'Steps not yet decided are stopped at their agencies; decided ones stand. The dossier ends ' +
            '`withdrawn` (portal code 7) once every agency has answered. Withdrawing again is the same ' +
            'withdrawal (202); withdrawing a finished dossier is a 409 problem explaining why.',
          params: DossierParams,
          body: WithdrawalBody,
          response: { 202: WithdrawalAccepted },
        },
      },
      async (request, reply) => {
        const actor = getPrincipal(request).subject;
        const { id } = request.params;
        await inTransaction(deps.pool, (tx) => deps.saga.withdraw(tx, id, actor, request.body.note));
        return reply
          .code(202)
          .send({ id, status: 'withdrawing' as const, links: { self: `/v1/dossiers/${id}` } });
      },
    );

    app.post(
      '/dossiers/:id/supplements',
      {
        onRequest: requireScopes('dossiers:write'),
        schema: {
          tags: ['dossiers'],
          summary: 'Send the documents an agency asked for (status supplement_requested, portal code 5)',
          description:
            'Resumes every step waiting for documents, or the one named by `service`. The agency’s officer ' +
            'reviews the case again. Without documents within 7 working days the step is refused. Sending ' +
            'documents nobody asked for is a 409 problem.',
          params: DossierParams,
          body: SupplementBody,
          response: { 202: SupplementAccepted },
        },
      },
      async (request, reply) => {
        const actor = getPrincipal(request).subject;
        const { id } = request.params;
        const { service, documents, note } = request.body;
        const resumed = await inTransaction(deps.pool, (tx) =>
          deps.saga.supplement(tx, id, actor, {
            documents,
            ...(service ? { service } : {}),
            ...(note ? { note } : {}),
          }),
        );
        return reply.code(202).send({ id, resumed, links: { self: `/v1/dossiers/${id}` } });
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
