import { agencyScope, getPrincipal, requireScopes } from '@lienthong/auth';
import { Reason, type MessageDefinition } from '@lienthong/contracts';
import { inTransaction, type PooledClient, type PoolLike } from '@lienthong/messaging';
import { AppError, type FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import type { AgencyRuntime, Clock } from './agency-runtime.ts';

/** A registration as the annulment sees it. */
export interface AnnullableRegistration {
  readonly dossierId: string;
  /** Set once annulled. */
  readonly annulledAt: Date | null;
}

export interface AnnulmentRoutesOptions<TCommand, TFacts> {
  readonly pool: PoolLike;
  readonly clock: Clock;
  /** The registration act being annulled (its case is marked annulled). */
  readonly runtime: AgencyRuntime<TCommand, TFacts>;
  /** Path segment of the registrations, e.g. `birth-registrations`. */
  readonly resource: string;
  /** What a certificate number looks like, e.g. /^KS-\d{5}-\d{4}-\d{6}$/, and an example. */
  readonly numberPattern: RegExp;
  readonly numberExample: string;
  /** The annulment event, data `{ dossierId, certificateNumber, reason, annulledAt, annulledBy }`. */
  readonly event: MessageDefinition;
  /** Finds the registration by its number and locks it, or undefined. */
  lock(tx: PooledClient, certificateNumber: string): Promise<AnnullableRegistration | undefined>;
  /** Records the annulment in the register (and stops any follow-up work). */
  markAnnulled(
    tx: PooledClient,
    certificateNumber: string,
    annulment: { readonly reason: Reason; readonly actor: string; readonly at: Date },
  ): Promise<void>;
}

const Annulled = z.object({
  certificateNumber: z.string(),
  dossierId: z.string(),
  status: z.literal('annulled'),
  annulledAt: z.string(),
  annulledBy: z.string(),
});

/**
 * `POST /<resource>/{certificateNumber}/annulment`: an authorised civil-status officer (scope
 * `agency:<code>`) annuls a completed registration with a reason. The register records who,
 * when and why; the annulment event tells the coordinator, which undoes everything that
 * followed from it. Annulling twice is a 409 problem naming when it was annulled.
 */
export function annulmentRoutes<TCommand, TFacts>(
  options: AnnulmentRoutesOptions<TCommand, TFacts>,
): FastifyPluginAsyncZod {
  const { runtime } = options;
  return (app) => {
    app.post(
      `/${options.resource}/:certificateNumber/annulment`,
      {
        onRequest: requireScopes(agencyScope(runtime.agency)),
        schema: {
          tags: ['annulment'],
          summary: 'Annul a completed registration; everything that followed from it is undone',
          description:
            'Recorded with the officer, the time and the reason. The saga coordinator then undoes, in ' +
            'reverse order, every step that followed from the registration, and the dossier ends refused ' +
            'with this reason.',
          params: z.object({
            certificateNumber: z
              .string()
              .regex(options.numberPattern, `a certificate number, e.g. ${options.numberExample}`),
          }),
          body: z.object({
            reason: Reason.describe(
              'Why: a stable code (e.g. DUPLICATE_REGISTRATION, REGISTERED_IN_ERROR, FRAUD) and a message',
            ),
          }),
          response: { 202: Annulled },
        },
      },
      async (request, reply) => {
        const actor = getPrincipal(request).subject;
        const { certificateNumber } = request.params;
        const { reason } = request.body;
        const result = await inTransaction(options.pool, async (tx) => {
          const registration = await options.lock(tx, certificateNumber);
          if (!registration) throw new AppError('NOT_FOUND', `No registration ${certificateNumber}.`);
          if (registration.annulledAt) {
            throw new AppError(
              'STATE_CONFLICT',
              `Registration ${certificateNumber} was already annulled on ${registration.annulledAt.toISOString()}; ` +
                'an annulment is done once.',
              { extensions: { currentState: 'annulled', allowedWhen: 'registered' } },
            );
          }
          const at = options.clock.now();
          await runtime.annul(tx, registration.dossierId, {
            reason,
            actor,
            event: options.event,
            data: { certificateNumber, reason, annulledAt: at.toISOString(), annulledBy: actor },
          });
          await options.markAnnulled(tx, certificateNumber, { reason, actor, at });
          return { dossierId: registration.dossierId, at };
        });
        return reply.code(202).send({
          certificateNumber,
          dossierId: result.dossierId,
          status: 'annulled' as const,
          annulledAt: result.at.toISOString(),
          annulledBy: actor,
        });
      },
    );
    return Promise.resolve();
  };
}
