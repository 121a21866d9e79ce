import { agencyScope, getPrincipal, requireScopes } from '@lienthong/auth';
import { Reason } from '@lienthong/contracts';
import { inTransaction, type PoolLike } from '@lienthong/messaging';
import { AppError, type FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import type { AgencyRuntime } from './agency-runtime.ts';

const Task = z.object({
  id: z.string(),
  dossierId: z.string(),
  reason: Reason.describe('Why the declared policy asked an officer'),
  status: z.enum(['open', 'approved', 'refused', 'supplement_requested']),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  command: z.record(z.string(), z.unknown()).describe('What the agency received for this dossier'),
});

const Decided = z.object({ id: z.string(), status: z.string() });
const TaskParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a task id is a number') });

/** The officer queue: cases the declared policy would not decide alone. Needs `agency:<code>`. */
export function officerRoutes<TCommand, TFacts>(
  pool: PoolLike,
  agency: AgencyRuntime<TCommand, TFacts>,
): FastifyPluginAsyncZod {
  const guard = requireScopes(agencyScope(agency.agency));
  return (app) => {
    app.get(
      '/tasks',
      {
        onRequest: guard,
        schema: {
          tags: ['officer'],
          summary: 'Cases waiting for an officer (or decided ones, by status)',
          querystring: z.object({
            status: z.enum(['open', 'approved', 'refused', 'supplement_requested']).default('open'),
          }),
          response: { 200: z.object({ items: z.array(Task) }) },
        },
      },
      async (request) => ({
        items: await inTransaction(pool, (tx) => agency.listTasks(tx, request.query.status)),
      }),
    );

    const decide = (action: 'approve' | 'refuse' | 'request-supplement', summary: string, body: z.ZodType) =>
      app.post(
        `/tasks/:id/${action}`,
        {
          onRequest: guard,
          schema: { tags: ['officer'], summary, params: TaskParams, body, response: { 200: Decided } },
        },
        async (request) => {
          const actor = getPrincipal(request).subject;
          const input = request.body as { note?: string; reason?: z.infer<typeof Reason> };
          await inTransaction(pool, (tx) => {
            if (action === 'approve') {
              return agency.decideTask(tx, request.params.id, {
                action,
                actor,
                ...(input.note ? { note: input.note } : {}),
              });
            }
            if (!input.reason) throw new AppError('VALIDATION_FAILED', 'A reason is required.');
            return agency.decideTask(tx, request.params.id, { action, actor, reason: input.reason });
          });
          return { id: request.params.id, status: action };
        },
      );

    decide(
      'approve',
      'Approve: the agency acts and tells the coordinator',
      z.object({ note: z.string().max(2000).optional() }),
    );
    decide('refuse', 'Refuse with a stable reason code and a message', z.object({ reason: Reason }));
    decide(
      'request-supplement',
      'Ask the citizen for more documents (what is missing goes in the reason)',
      z.object({ reason: Reason }),
    );
    return Promise.resolve();
  };
}
