/**
 * Test and admin endpoints of the stand-in, absent from the real population database: add
 * people, and switch faults on and off. Not protected: this service only runs in development
 * and test environments.
 */
import { AppError, coreErrors } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod, FieldError } from '@lienthong/service-kit';
import { FaultSettingsBody, FaultSettingsView, NewPerson, PersonRecord } from '../contract.ts';
import type { FaultSettings } from '../domain/faults.ts';
import type { Person } from '../domain/issuance.ts';
import { checkPersonalId } from '../domain/personal-id.ts';
import type { FaultSwitch } from '../fault-injection.ts';
import type { PopulationRegistry } from '../registry.ts';
import { toPersonRecord } from './people.ts';
import { ProblemResponse } from './problem.ts';

const ADMIN_TAG = 'admin (test only)';

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

function toView(settings: FaultSettings): FaultSettingsView {
  return {
    ...(settings.latencyMs === undefined ? {} : { latencyMs: settings.latencyMs }),
    ...(settings.errorRate === undefined ? {} : { errorRate: settings.errorRate }),
    ...(settings.timeoutRate === undefined ? {} : { timeoutRate: settings.timeoutRate }),
    ...(settings.outageUntilMs === undefined
      ? {}
      : { outageUntil: new Date(settings.outageUntilMs).toISOString() }),
    ...(settings.answerLaterMs === undefined ? {} : { answerLaterMs: settings.answerLaterMs }),
  };
}

function fromBody(body: FaultSettingsBody): FaultSettings {
  return {
    latencyMs: body.latencyMs,
    errorRate: body.errorRate,
    timeoutRate: body.timeoutRate,
    outageUntilMs: body.outageUntil === undefined ? undefined : Date.parse(body.outageUntil),
    answerLaterMs: body.answerLaterMs,
  };
}

export function adminRoutes(options: AdminRoutesOptions): FastifyPluginAsyncZod {
  const { registry, faults, clock } = options;
  return (app) => {
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
        const result = await registry.addPerson(person, clock());
        switch (result) {
          case 'added':
            return reply.status(201).send(toPersonRecord(person));
          case 'unchanged':
            return reply.status(200).send(toPersonRecord(person));
          case 'conflict':
            throw coreErrors.create(
              'CONFLICT',
              'Another person already has this personal identification number.',
            );
        }
      },
    );

    app.get(
      '/faults',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'The faults currently injected into issuance and lookup (in memory, per instance)',
          response: { 200: FaultSettingsView },
        },
      },
      () => Promise.resolve(toView(faults.get())),
    );

    app.put(
      '/faults',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Replace the injected faults',
          description:
            'latencyMs delays every answer; errorRate answers 503 unprocessed; timeoutRate processes the ' +
            'request but holds the answer about 30 s; outageUntil answers 503 with Retry-After until then; ' +
            'answerLaterMs answers issuance 202 pending and decides it that much later (durably), then ' +
            'calls the callbackUrl back. Settings are in memory: a restart clears them.',
          body: FaultSettingsBody,
          response: { 200: FaultSettingsView, 400: ProblemResponse },
        },
      },
      (request) => {
        faults.set(fromBody(request.body));
        request.log.warn({ faults: toView(faults.get()) }, 'fault injection changed');
        return Promise.resolve(toView(faults.get()));
      },
    );

    app.delete(
      '/faults',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Stop injecting faults',
          response: { 200: FaultSettingsView },
        },
      },
      (request) => {
        faults.reset();
        request.log.warn('fault injection cleared');
        return Promise.resolve(toView(faults.get()));
      },
    );
    return Promise.resolve();
  };
}
