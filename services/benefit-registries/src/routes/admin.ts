/**
 * Test and admin endpoints of the stand-in, absent from the real registries: add records, list
 * the recoveries recorded, and switch faults on and off. Not protected: this service only runs
 * in development and test environments.
 */
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { ADMIN_TAG, addedStatus, faultRoutes } from '@lienthong/stand-in-kit';
import { z } from 'zod';
import {
  FaultSettingsBody,
  FaultSettingsView,
  PersonalId,
  RecoveryList,
  REGISTRY_RECORDS,
  RegistryName,
} from '../contract.ts';
import { REGISTRIES } from '../domain/registries.ts';
import type { FaultSwitch } from '../fault-injection.ts';
import type { BenefitRegistriesStore, RegistryRecordsPort } from '../store.ts';
import { ProblemResponse } from './problem.ts';

interface AdminRoutesOptions {
  readonly store: BenefitRegistriesStore;
  readonly faults: FaultSwitch;
  readonly clock: () => Date;
}

const OTHER_RECORD = 'Another record is already on file for this personal identification number.';

/** How each registry's admin add is documented, and what its 409 says. */
const ADDS: Readonly<Record<RegistryName, { summary: string; rules: string; conflict: string }>> =
  Object.freeze({
    'social-insurance': {
      summary: 'Add a social-insurance record (test data)',
      rules:
        'contributionMonthsBefore2014 must not exceed the compulsory and voluntary months together; ' +
        'monthlyPension and pensionStartDate are required for pensioner and monthly-allowance and ' +
        'null otherwise; the social-insurance number must not be someone else’s.',
      conflict:
        'Another record is already on file for this personal identification number, or the ' +
        'social-insurance number is another person’s.',
    },
    'social-protection': {
      summary: 'Add a social-protection record (test data)',
      rules: 'At least one programme; a programme’s until must not be before its since.',
      conflict: OTHER_RECORD,
    },
    merit: {
      summary: 'Add a people-with-merit record (test data)',
      rules: 'One record per person.',
      conflict: OTHER_RECORD,
    },
  });

type AdminApp = Parameters<FastifyPluginAsyncZod>[0];

/** `POST /{registry}/people`: add a record of `registry`, validated by `schema`. */
function addRecordRoute<T>(
  app: AdminApp,
  registry: RegistryName,
  schema: z.ZodType<T, unknown>,
  records: RegistryRecordsPort<T>,
  clock: () => Date,
): void {
  const add = ADDS[registry];
  // Untyped for the route: its types cannot be resolved from a generic schema. The body is
  // validated by `schema`, so it is a `T`.
  const record: z.ZodType = schema;
  app.post(
    `/${registry}/people`,
    {
      schema: {
        tags: [ADMIN_TAG],
        summary: add.summary,
        description:
          `${add.rules} Adding the same record again answers 200; another record under the same ` +
          'personal ID answers 409 CONFLICT.',
        body: record,
        response: { 200: record, 201: record, 400: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request, reply) => {
      const body = request.body as T;
      const status = addedStatus(await records.add(body, clock()), add.conflict);
      return reply.status(status).send(body);
    },
  );
}

export function adminRoutes(options: AdminRoutesOptions): FastifyPluginAsyncZod {
  const { store, faults, clock } = options;
  return async (app) => {
    const addRoute = <R extends RegistryName>(registry: R) =>
      addRecordRoute(app, registry, REGISTRY_RECORDS[registry], store.records[registry], clock);
    for (const registry of REGISTRIES) addRoute(registry);

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

    await app.register(
      faultRoutes({
        faults,
        view: FaultSettingsView,
        body: FaultSettingsBody,
        ownView: (settings) => ({
          ...(settings.routes === undefined ? {} : { routes: [...settings.routes] }),
          ...(settings.registries === undefined ? {} : { registries: [...settings.registries] }),
        }),
        ownSettings: (body) => ({
          routes: body.routes === undefined ? undefined : [...new Set(body.routes)],
          registries: body.registries === undefined ? undefined : [...new Set(body.registries)],
        }),
        problem: ProblemResponse,
        served: 'lookups and recoveries',
        replaceDescription:
          'latencyMs delays every answer; errorRate answers that share of requests 503, unprocessed; ' +
          'outageUntil answers 503 with Retry-After until then. routes (lookups, recoveries) and ' +
          'registries narrow which served requests are hit (absent: all). Admin and health routes are ' +
          'never hit. Settings are in memory: a restart clears them.',
      }),
    );
  };
}
