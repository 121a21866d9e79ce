/**
 * Recoveries: when a benefit paid under a decision is revoked (the death registration was
 * annulled), the paying registry records what must be paid back. POST under the caller's
 * idempotency key, GET by that key; the same key always gets the same record and number.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { idempotencyKeyReused, locationOf, REPLAYED_HEADER } from '@lienthong/stand-in-kit';
import { z } from 'zod';
import { RecoveryRecord, RecoveryRequest, RequestId } from '../contract.ts';
import { REGISTRY_TITLES } from '../domain/registries.ts';
import type { RegistryName } from '../domain/registries.ts';
import type { BenefitRegistriesStore } from '../store.ts';
import { problemAnswers } from './problem.ts';
import { REGISTRY_TAGS } from './tags.ts';

interface RecoveryRoutesOptions {
  readonly registry: RegistryName;
  readonly store: BenefitRegistriesStore;
  readonly clock: () => Date;
}

/** `POST /recoveries` and `GET /recoveries/{requestId}` of one registry, under its prefix. */
export function recoveryRoutes(options: RecoveryRoutesOptions): FastifyPluginAsyncZod {
  const { registry, store, clock } = options;
  const title = REGISTRY_TITLES[registry];
  return (app) => {
    app.post(
      '/recoveries',
      {
        schema: {
          tags: [REGISTRY_TAGS[registry]],
          summary: `Record what must be recovered after a benefit paid by the ${title} registry was revoked`,
          description:
            'Idempotent by requestId: 201 with a new recovery number the first time, 200 with the same record ' +
            '(header idempotent-replayed: true) when sent again; the same requestId with other data is ' +
            'refused with 409 IDEMPOTENCY_KEY_REUSED.',
          body: RecoveryRequest,
          response: { 200: RecoveryRecord, 201: RecoveryRecord, ...problemAnswers(400, 409, 503) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const result = await store.recordRecovery(registry, body, clock());
        if (result.kind === 'key-reused') {
          throw idempotencyKeyReused('recovery', 'recoveryRequestId', body.requestId);
        }
        reply.header('location', locationOf(request.url, body.requestId));
        if (result.replayed) return reply.status(200).header(REPLAYED_HEADER, 'true').send(result.recovery);
        return reply.status(201).send(result.recovery);
      },
    );

    app.get(
      '/recoveries/:requestId',
      {
        schema: {
          tags: [REGISTRY_TAGS[registry]],
          summary: `A recovery recorded by the ${title} registry, by the requestId it was recorded under`,
          params: z.object({ requestId: RequestId }),
          response: { 200: RecoveryRecord, ...problemAnswers(400, 404, 503) },
        },
      },
      async (request) => {
        const recovery = await store.findRecovery(registry, request.params.requestId);
        if (recovery === undefined) {
          throw coreErrors.create('NOT_FOUND', `No recovery of the ${title} registry has this requestId.`);
        }
        return recovery;
      },
    );
    return Promise.resolve();
  };
}
