import { agencyScope, assertScopes, getPrincipal, requireAnyScope } from '@lienthong/auth';
import { Reason } from '@lienthong/contracts';
import { inTransaction, type PoolLike } from '@lienthong/messaging';
import { AppError, type FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import type { AgencyRuntime, OfficerTaskStatus } from './agency-runtime.ts';

const TASK_STATUSES = ['open', 'approved', 'refused', 'supplement_requested', 'cancelled'] as const;

const Task = z.object({
  id: z.string(),
  dossierId: z.string(),
  act: z.string().describe('The act the task is about: the type of the command that opened the case'),
  reason: Reason.describe('Why the declared policy asked an officer'),
  status: z.enum(TASK_STATUSES),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  command: z.record(z.string(), z.unknown()).describe('What the agency received for this dossier'),
  supplements: z.array(z.record(z.string(), z.unknown())).describe('Documents the citizen sent when asked'),
});

const Decided = z.object({ id: z.string(), status: z.string() });
const TaskParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a task id is a number') });

type AnyRuntime = AgencyRuntime<unknown, unknown>;

/**
 * The officer queue: cases the declared policy would not decide alone, for every act of this
 * service. An officer sees and decides the tasks of the acts whose `agency:<code>` they hold.
 */
export function officerRoutes(pool: PoolLike, acts: readonly AnyRuntime[]): FastifyPluginAsyncZod {
  const scopes = [...new Set(acts.map((act) => agencyScope(act.agency)))];
  const guard = requireAnyScope(...scopes);
  return (app) => {
    app.get(
      '/tasks',
      {
        onRequest: guard,
        schema: {
          tags: ['officer'],
          summary: 'Cases waiting for an officer (or decided ones, by status)',
          querystring: z.object({ status: z.enum(TASK_STATUSES).default('open') }),
          response: { 200: z.object({ items: z.array(Task) }) },
        },
      },
      async (request) => {
        const principal = getPrincipal(request);
        const visible = acts.filter((act) => principal.scopes.includes(agencyScope(act.agency)));
        const status: OfficerTaskStatus = request.query.status;
        const lists = await inTransaction(pool, (tx) =>
          Promise.all(visible.map((act) => act.listTasks(tx, status))),
        );
        return { items: lists.flat().sort((a, b) => Number(a.id) - Number(b.id)) };
      },
    );

    const decide = (action: 'approve' | 'refuse' | 'request-supplement', summary: string, body: z.ZodType) =>
      app.post(
        `/tasks/:id/${action}`,
        {
          onRequest: guard,
          schema: { tags: ['officer'], summary, params: TaskParams, body, response: { 200: Decided } },
        },
        async (request) => {
          const principal = getPrincipal(request);
          const actor = principal.subject;
          const input = request.body as { note?: string; reason?: z.infer<typeof Reason> };
          await inTransaction(pool, async (tx) => {
            const { rows } = await tx.query<{ command_type: string }>(
              'SELECT command_type FROM officer_tasks WHERE id = $1',
              [request.params.id],
            );
            const act = acts.find((candidate) => candidate.act === rows[0]?.command_type);
            if (!act) throw new AppError('NOT_FOUND', `No officer task ${request.params.id}.`);
            assertScopes(principal, agencyScope(act.agency));
            if (action === 'approve') {
              return act.decideTask(tx, request.params.id, {
                action,
                actor,
                ...(input.note ? { note: input.note } : {}),
              });
            }
            if (!input.reason) throw new AppError('VALIDATION_FAILED', 'A reason is required.');
            return act.decideTask(tx, request.params.id, { action, actor, reason: input.reason });
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
