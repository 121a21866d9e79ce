/**
 * Operator routes over a service's parked messages: list them, and release (or skip) a parked
 * dossier so its messages are handled again in their original order. Every release is recorded
 * on the parked rows with the operator and the reason; nothing is deleted.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { coreErrors } from './errors.ts';

/** What these routes need from an inbox consumer (messaging's `InboxConsumer` fits). */
export interface ParkingLot {
  readonly name: string;
  listParked(filter: { key?: string; includeResolved?: boolean }): Promise<readonly unknown[]>;
  releaseKey(
    key: string,
    action: { actor: string; reason: string; skipHead?: boolean },
  ): Promise<{ released: number; skipped: number; stillParked: boolean; error?: string }>;
}

const ParkedMessage = z
  .object({
    id: z.string(),
    consumer: z.string(),
    key: z.string().describe('The dossier id the message belongs to'),
    messageId: z.string(),
    messageType: z.string().nullable(),
    topic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
    status: z.enum(['parked', 'waiting', 'released', 'skipped']),
    failureKind: z.enum(['poison', 'permanent', 'exhausted']).nullable(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    parkedAt: z.string(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolutionReason: z.string().nullable(),
  })
  .describe('A message an operator must look at (parked) or that waits behind one (waiting)');

const ReleaseRequest = z.object({
  consumer: z.string().min(1).describe('Name of the consumer holding the parked dossier'),
  actor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Who releases it, when the caller is a tool acting for an operator; default the caller'),
  reason: z.string().trim().min(3).max(2000).describe('Why: recorded on every released message'),
  skipHead: z
    .boolean()
    .default(false)
    .describe('Mark the first parked message skipped instead of handling it (a poison message)'),
});

const ReleaseOutcome = z.object({
  released: z.number().int(),
  skipped: z.number().int(),
  stillParked: z.boolean(),
  error: z.string().optional(),
});

/** Routes under the prefix they are registered with, e.g. `/v1/ops`. */
export function parkedMessagesRoutes(
  lots: readonly ParkingLot[],
  options: {
    /** Who may call: the service passes its operator guard (e.g. a bearer token with scope ops). */
    readonly onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** The actor recorded on a release; by default the `actor` field of the request body. */
    readonly actorOf?: (request: FastifyRequest) => string | undefined;
  },
): FastifyPluginAsyncZod {
  const byName = new Map(lots.map((lot) => [lot.name, lot]));
  return (app) => {
    app.addHook('onRequest', options.onRequest);
    app.get(
      '/parked-messages',
      {
        schema: {
          tags: ['operations'],
          summary: 'List parked messages (and, with includeResolved, their history)',
          querystring: z.object({
            key: z.string().min(1).optional().describe('Only this dossier'),
            includeResolved: z
              .enum(['true', 'false'])
              .default('false')
              .transform((value) => value === 'true'),
          }),
          response: { 200: z.object({ items: z.array(ParkedMessage) }) },
        },
      },
      async (request) => {
        const { key, includeResolved } = request.query;
        const lists = await Promise.all(
          lots.map((lot) => lot.listParked({ ...(key ? { key } : {}), includeResolved })),
        );
        return { items: lists.flat() as z.infer<typeof ParkedMessage>[] };
      },
    );

    app.post(
      '/parked-messages/:key/release',
      {
        schema: {
          tags: ['operations'],
          summary: "Handle a parked dossier's messages again, in order, and unpark it",
          params: z.object({ key: z.string().min(1).describe('The dossier id') }),
          body: ReleaseRequest,
          response: { 200: ReleaseOutcome },
        },
      },
      async (request) => {
        const { consumer, reason, skipHead } = request.body;
        const actor = options.actorOf?.(request) ?? request.body.actor;
        const lot = byName.get(consumer);
        if (!lot) {
          throw coreErrors.create('NOT_FOUND', `No consumer named "${consumer}" in this service`, {
            extensions: { consumers: [...byName.keys()] },
          });
        }
        if (!actor) {
          throw coreErrors.create('VALIDATION_FAILED', 'Say who releases the dossier.', {
            errors: [
              { field: 'body.actor', rule: 'required', message: 'required when the caller is anonymous' },
            ],
          });
        }
        return lot.releaseKey(request.params.key, { actor, reason, skipHead });
      },
    );
    return Promise.resolve();
  };
}
