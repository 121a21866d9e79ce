/**
 * Test and admin endpoints of the stand-in, absent from the real registries: add records, list
 * the recoveries recorded, and switch faults on and off. Not protected: this service only runs
 * in development and test environments.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import {
  FaultSettingsBody,
  FaultSettingsView,
  MeritRecord,
  PersonalId,
  RecoveryList,
  RegistryName,
  SocialInsuranceRecord,
  SocialProtectionRecord,
} from '../contract.ts';
import type { FaultSettings } from '../domain/faults.ts';
import type { FaultSwitch } from '../fault-injection.ts';
import type { AddRecordResult, BenefitRegistriesStore } from '../store.ts';
import { ProblemResponse } from './problem.ts';
import { ADMIN_TAG } from './tags.ts';

export interface AdminRoutesOptions {
  readonly store: BenefitRegistriesStore;
  readonly faults: FaultSwitch;
  readonly clock: () => Date;
}

export function toFaultView(settings: FaultSettings): FaultSettingsView {
  return {
    ...(settings.latencyMs === undefined ? {} : { latencyMs: settings.latencyMs }),
    ...(settings.errorRate === undefined ? {} : { errorRate: settings.errorRate }),
    ...(settings.outageUntilMs === undefined
      ? {}
      : { outageUntil: new Date(settings.outageUntilMs).toISOString() }),
    ...(settings.routes === undefined ? {} : { routes: [...settings.routes] }),
    ...(settings.registries === undefined ? {} : { registries: [...settings.registries] }),
  };
}

function fromFaultBody(body: FaultSettingsBody): FaultSettings {
  return {
    latencyMs: body.latencyMs,
    errorRate: body.errorRate,
    outageUntilMs: body.outageUntil === undefined ? undefined : Date.parse(body.outageUntil),
    routes: body.routes === undefined ? undefined : [...new Set(body.routes)],
    registries: body.registries === undefined ? undefined : [...new Set(body.registries)],
  };
}

const ADD_RESPONSES = { 400: ProblemResponse, 409: ProblemResponse } as const;

const addDescription = (rules: string) =>
  `${rules} Adding the same record again answers 200; another record under the same personal ID ` +
  'answers 409 CONFLICT.';

/** The status of an add, or the 409 it is. */
function addStatus(result: AddRecordResult, conflict: string): 200 | 201 {
  switch (result) {
    case 'added':
      return 201;
    case 'unchanged':
      return 200;
    case 'conflict':
      throw coreErrors.create('CONFLICT', conflict);
  }
}

export function adminRoutes(options: AdminRoutesOptions): FastifyPluginAsyncZod {
  const { store, faults, clock } = options;
  const otherRecord = 'Another record is already on file for this personal identification number.';
  return (app) => {
    app.post(
      '/social-insurance/people',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Add a social-insurance record (test data)',
          description: addDescription(
            'contributionMonthsBefore2014 must not exceed the compulsory and voluntary months together; ' +
              'monthlyPension and pensionStartDate are required for pensioner and monthly-allowance and ' +
              'null otherwise; the social-insurance number must not be someone else’s.',
          ),
          body: SocialInsuranceRecord,
          response: { 200: SocialInsuranceRecord, 201: SocialInsuranceRecord, ...ADD_RESPONSES },
        },
      },
      async (request, reply) => {
        const status = addStatus(
          await store.addSocialInsurance(request.body, clock()),
          'Another record is already on file for this personal identification number, or the ' +
            'social-insurance number is another person’s.',
        );
        return reply.status(status).send(request.body);
      },
    );

    app.post(
      '/social-protection/people',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Add a social-protection record (test data)',
          description: addDescription(
            'At least one programme; a programme’s until must not be before its since.',
          ),
          body: SocialProtectionRecord,
          response: { 200: SocialProtectionRecord, 201: SocialProtectionRecord, ...ADD_RESPONSES },
        },
      },
      async (request, reply) => {
        const status = addStatus(await store.addSocialProtection(request.body, clock()), otherRecord);
        return reply.status(status).send(request.body);
      },
    );

    app.post(
      '/merit/people',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Add a people-with-merit record (test data)',
          description: addDescription('One record per person.'),
          body: MeritRecord,
          response: { 200: MeritRecord, 201: MeritRecord, ...ADD_RESPONSES },
        },
      },
      async (request, reply) => {
        const status = addStatus(await store.addMerit(request.body, clock()), otherRecord);
        return reply.status(status).send(request.body);
      },
    );

    app.get(
      '/recoveries',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'The recoveries recorded, oldest first, by deceased and registry (for tests)',
          querystring: z.object({
            personalId: PersonalId.optional().describe('Only the recoveries about this deceased person'),
            registry: RegistryName.optional().describe('Only the recoveries of this registry'),
          }),
          response: { 200: RecoveryList, 400: ProblemResponse },
        },
      },
      async (request) => ({ items: await store.listRecoveries(request.query) }),
    );

    app.get(
      '/faults',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'The faults currently injected into lookups and recoveries (in memory, per instance)',
          response: { 200: FaultSettingsView },
        },
      },
      () => Promise.resolve(toFaultView(faults.get())),
    );

    app.put(
      '/faults',
      {
        schema: {
          tags: [ADMIN_TAG],
          summary: 'Replace the injected faults',
          description:
            'latencyMs delays every answer; errorRate answers that share of requests 503, unprocessed; ' +
            'outageUntil answers 503 with Retry-After until then. routes (lookups, recoveries) and ' +
            'registries narrow which served requests are hit (absent: all). Admin and health routes are ' +
            'never hit. Settings are in memory: a restart clears them.',
          body: FaultSettingsBody,
          response: { 200: FaultSettingsView, 400: ProblemResponse },
        },
      },
      (request) => {
        faults.set(fromFaultBody(request.body));
        request.log.warn({ faults: toFaultView(faults.get()) }, 'fault injection changed');
        return Promise.resolve(toFaultView(faults.get()));
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
        return Promise.resolve(toFaultView(faults.get()));
      },
    );
    return Promise.resolve();
  };
}
