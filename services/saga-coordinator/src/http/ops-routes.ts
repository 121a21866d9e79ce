import { getPrincipal, requireScopes } from '@lienthong/auth';
import { inTransaction, type PoolLike } from '@lienthong/messaging';
import { AppError, type FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import type { DossierStore } from '../runtime/dossier-store.ts';
import type { SagaRuntime } from '../runtime/saga-runtime.ts';
import { SagaDetails, SagaSummary } from './schemas.ts';

export interface OpsRouteDeps {
  readonly pool: PoolLike;
  readonly store: DossierStore;
  readonly saga: SagaRuntime;
}

/** Minimal operations: find failed sagas, see their history, resume them. */
export function opsRoutes(deps: OpsRouteDeps): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/sagas',
      {
        onRequest: requireScopes('ops'),
        schema: {
          tags: ['operations'],
          summary: 'Sagas in a given state (failed: parked for an operator)',
          querystring: z.object({
            state: z
              .enum(['running', 'failed', 'completed', 'partially_completed', 'refused', 'withdrawn'])
              .default('failed'),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ items: z.array(SagaSummary) }) },
        },
      },
      async (request) => ({ items: await deps.store.listSagas(request.query.state, request.query.limit) }),
    );

    app.get(
      '/sagas/:id',
      {
        onRequest: requireScopes('ops'),
        schema: {
          tags: ['operations'],
          summary: 'A saga’s state and its full history',
          params: z.object({ id: z.string().min(1).max(64) }),
          response: { 200: SagaDetails },
        },
      },
      async (request) => {
        const saga = await deps.store.findSaga(request.params.id);
        if (!saga) throw new AppError('NOT_FOUND', `No saga for dossier ${request.params.id}.`);
        return { state: saga.state as unknown as Record<string, unknown>, history: saga.history };
      },
    );

    app.post(
      '/sagas/:id/retry',
      {
        onRequest: requireScopes('ops'),
        schema: {
          tags: ['operations'],
          summary:
            'Resume a failed saga: re-send its failed step, cancel or compensation, without redoing finished ones',
          params: z.object({ id: z.string().min(1).max(64) }),
          body: z.object({
            reason: z.string().trim().min(3).max(2000).describe('Why: recorded in the dossier history'),
            step: z.string().min(1).optional().describe('Only this step; default every failed step'),
          }),
          response: { 202: z.object({ id: z.string(), status: z.literal('retrying') }) },
        },
      },
      async (request, reply) => {
        const actor = getPrincipal(request).subject;
        const { reason, step } = request.body;
        await inTransaction(deps.pool, (tx) => deps.saga.retry(tx, request.params.id, actor, reason, step));
        return reply.code(202).send({ id: request.params.id, status: 'retrying' as const });
      },
    );
    return Promise.resolve();
  };
}
