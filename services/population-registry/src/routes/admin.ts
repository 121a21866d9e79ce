/**
 * Test and admin endpoints of the stand-in, absent from the real population database: add
 * people, and switch faults on and off. Not protected: this service only runs in development
 * and test environments.
 */
import { AppError } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod, FieldError } from '@lienthong/service-kit';
import { ADMIN_TAG, addedStatus, faultRoutes } from '@lienthong/stand-in-kit';
import { FaultSettingsBody, FaultSettingsView, NewPerson, PersonRecord } from '../contract.ts';
import type { Person } from '../domain/issuance.ts';
import { checkPersonalId } from '../domain/personal-id.ts';
import type { FaultSwitch } from '../fault-injection.ts';
import type { PopulationRegistry } from '../registry.ts';
import { toPersonRecord } from './people.ts';
import { ProblemResponse } from './problem.ts';

export interface AdminRoutesOptions {
  readonly registry: PopulationRegistry;
  readonly faults: FaultSwitch;
  readonly clock: () => Date;
}

/** Every way a new person's data contradicts itself, as field errors. */
export function newPersonErrors(person: NewPerson): FieldError[] {
  const errors: FieldError[] = checkPersonalId(person.personalId, person).map((mismatch) => ({
    field: 'body.personalId',
    rule: `personal_id_${mismatch.rule}`,
    message: mismatch.message,
  }));
  if (person.status === 'deceased' && person.dateOfDeath === undefined) {
    errors.push({ field: 'body.dateOfDeath', rule: 'required', message: 'is required when deceased' });
  }
  if (person.status === 'alive' && person.dateOfDeath !== undefined) {
    errors.push({ field: 'body.dateOfDeath', rule: 'not_allowed', message: 'is only allowed when deceased' });
  }
  if (person.dateOfDeath !== undefined && person.dateOfDeath < person.dateOfBirth) {
    errors.push({
      field: 'body.dateOfDeath',
      rule: 'too_small',
      message: 'must not be before the date of birth',
    });
  }
  const residence = person.permanentResidence;
  if (residence !== undefined && residence.since < person.dateOfBirth) {
    errors.push({
      field: 'body.permanentResidence.since',
      rule: 'too_small',
      message: 'must not be before the date of birth',
    });
  }
  if (residence !== undefined && person.dateOfDeath !== undefined && residence.since > person.dateOfDeath) {
    errors.push({
      field: 'body.permanentResidence.since',
      rule: 'too_big',
      message: 'must not be after the date of death',
    });
  }
  return errors;
}

export function adminRoutes(options: AdminRoutesOptions): FastifyPluginAsyncZod {
  const { registry, faults, clock } = options;
  return async (app) => {
    app.post(
      '/people',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Add a person to the stand-in database (test data)',
          description:
            'The number must encode the sex and birth year (and the province, when given); a permanent ' +
            'residence must not start before the birth (nor after a death). Adding the ' +
            'same person again answers 200; another person under a taken number answers 409 CONFLICT.',
          body: NewPerson,
          response: { 200: PersonRecord, 201: PersonRecord, 400: ProblemResponse, 409: ProblemResponse },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const errors = newPersonErrors(body);
        if (errors.length > 0) {
          throw new AppError(
            'VALIDATION_FAILED',
            `The person has ${errors.length} inconsistent ${errors.length === 1 ? 'field' : 'fields'}.`,
            { errors },
          );
        }
        const person: Person = { ...body };
        const status = addedStatus(
          await registry.addPerson(person, clock()),
          'Another person already has this personal identification number.',
        );
        return reply.status(status).send(toPersonRecord(person));
      },
    );

    await app.register(
      faultRoutes({
        faults,
        view: FaultSettingsView,
        body: FaultSettingsBody,
        ownView: (settings) =>
          settings.answerLaterMs === undefined ? {} : { answerLaterMs: settings.answerLaterMs },
        ownSettings: (body) => ({ answerLaterMs: body.answerLaterMs }),
        problem: ProblemResponse,
        served: 'issuance and lookup',
        replaceDescription:
          'latencyMs delays every answer; errorRate answers 503 unprocessed; timeoutRate processes the ' +
          'request but holds the answer about 30 s; outageUntil answers 503 with Retry-After until then; ' +
          'answerLaterMs answers issuance 202 pending and decides it that much later (durably), then ' +
          'calls the callbackUrl back. Settings are in memory: a restart clears them.',
      }),
    );
  };
}
