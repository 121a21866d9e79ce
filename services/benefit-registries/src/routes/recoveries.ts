/**
 * Recoveries: when a benefit paid under a decision is revoked (the death registration was
 * annulled), the paying registry records what must be paid back. POST under the caller's
 * idempotency key, GET by that key; the same key always gets the same record and number.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import { RecoveryRecord, RecoveryRequest, RequestId } from '../contract.ts';
import { REGISTRY_TITLES } from '../domain/registries.ts';
import type { RegistryName } from '../domain/registries.ts';
import type { BenefitRegistriesStore } from '../store.ts';
import { ProblemResponse } from './problem.ts';
import { REGISTRY_TAGS } from './tags.ts';

/** Header telling the caller the answer is a replay of an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';

export interface RecoveryRoutesOptions {
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
          response: {
            200: RecoveryRecord,
            201: RecoveryRecord,
            400: ProblemResponse,
            409: ProblemResponse,
            503: ProblemResponse,
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const result = await store.recordRecovery(registry, body, clock());
        if (result.kind === 'key-reused') {
          throw coreErrors.create(
            'IDEMPOTENCY_KEY_REUSED',
            'This requestId was already used for a recovery with other data; use a new requestId for a new recovery.',
            { extensions: { recoveryRequestId: body.requestId } },
          );
        }
        reply.header('location', `${request.url.split('?', 1)[0]}/${encodeURIComponent(body.requestId)}`);
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
          response: { 200: RecoveryRecord, 400: ProblemResponse, 404: ProblemResponse, 503: ProblemResponse },
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
