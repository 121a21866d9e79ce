/**
 * Issuance: POST a request under the caller's idempotency key, GET its state. The same key
 * always gets the request's current answer and never a second number.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { idempotencyKeyReused, locationOf, REPLAYED_HEADER } from '@lienthong/stand-in-kit';
import { z } from 'zod';
import {
  IssuedAnswer,
  PendingAnswer,
  PersonalIdRequest,
  PersonalIdRequestStatus,
  RequestId,
} from '../contract.ts';
import { issuanceMode } from '../domain/faults.ts';
import type { IssuanceState } from '../domain/issuance.ts';
import { populationRegistryErrors } from '../errors.ts';
import type { FaultSwitch } from '../fault-injection.ts';
import type { PopulationRegistry } from '../registry.ts';
import { ProblemResponse } from './problem.ts';

export interface PersonalIdRequestRoutesOptions {
  readonly registry: PopulationRegistry;
  readonly faults: FaultSwitch;
  readonly clock: () => Date;
}

/** The refusal as a 422 problem, with the caller's key as an extension. */
function refusal(requestId: string, state: Extract<IssuanceState, { status: 'refused' }>) {
  return populationRegistryErrors.create(state.code, state.reason, {
    extensions: { personalIdRequestId: requestId },
  });
}

export function personalIdRequestRoutes(options: PersonalIdRequestRoutesOptions): FastifyPluginAsyncZod {
  const { registry, faults, clock } = options;
  return (app) => {
    app.post(
      '/personal-id-requests',
      {
        schema: {
          tags: ['issuance'],
          summary: "Request a newborn child's personal identification number (idempotent by requestId)",
          description:
            'Sending the same requestId again returns the current answer of the first request and never ' +
            'issues a second number; the same requestId with other data is refused with 409 ' +
            'IDEMPOTENCY_KEY_REUSED. A refusal is a 422 problem whose `code` says why.',
          body: PersonalIdRequest,
          response: {
            201: IssuedAnswer,
            202: PendingAnswer,
            400: ProblemResponse,
            409: ProblemResponse,
            422: ProblemResponse,
            503: ProblemResponse,
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const mode = issuanceMode(faults.get());
        const result = await registry.submit(body, {
          now: clock(),
          answerLaterMs: mode.kind === 'later' ? mode.afterMs : undefined,
        });
        if (result.kind === 'key-reused') {
          throw idempotencyKeyReused('request', 'personalIdRequestId', body.requestId);
        }
        if (result.replayed) reply.header(REPLAYED_HEADER, 'true');
        const { state } = result;
        switch (state.status) {
          case 'issued':
            return reply
              .status(201)
              .send({ requestId: body.requestId, status: 'issued', personalId: state.personalId });
          case 'pending':
            return reply
              .status(202)
              .header('location', locationOf(request.url, body.requestId))
              .send({ requestId: body.requestId, status: 'pending' });
          case 'refused':
            throw refusal(body.requestId, state);
        }
      },
    );

    app.get(
      '/personal-id-requests/:requestId',
      {
        schema: {
          tags: ['issuance'],
          summary:
            "A request's current state: pending, issued (with the number) or refused (with the reason)",
          params: z.object({ requestId: RequestId }),
          response: {
            200: PersonalIdRequestStatus,
            400: ProblemResponse,
            404: ProblemResponse,
            503: ProblemResponse,
          },
        },
      },
      async (request) => {
        const { requestId } = request.params;
        const state = await registry.findRequest(requestId);
        if (state === undefined) {
          throw coreErrors.create('NOT_FOUND', 'No personal-ID request has this requestId.');
        }
        switch (state.status) {
          case 'pending':
            return { requestId, status: 'pending' as const };
          case 'issued':
            return { requestId, status: 'issued' as const, personalId: state.personalId };
          case 'refused':
            return { requestId, status: 'refused' as const, code: state.code, reason: state.reason };
        }
      },
    );
    return Promise.resolve();
  };
}
