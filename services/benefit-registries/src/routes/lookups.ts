/**
 * Lookups: what a registry holds about a person. A 404 NOT_FOUND is a normal answer, "this
 * person is not in this registry", from which the death saga decides that route does not pay.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import { PersonalId, REGISTRY_RECORDS } from '../contract.ts';
import { REGISTRY_TITLES } from '../domain/registries.ts';
import type { RegistryName } from '../domain/registries.ts';
import type { BenefitRegistriesStore } from '../store.ts';
import { problemAnswers } from './problem.ts';
import { REGISTRY_TAGS } from './tags.ts';

/** What each registry's lookup answers, as its OpenAPI summary says. */
const SUMMARIES: Readonly<Record<RegistryName, string>> = Object.freeze({
  'social-insurance': "A person's social-insurance record: status, contribution months, salary, pension",
  'social-protection': "A person's social-protection record: the commune and the benefits received",
  merit: "A person's record among the people with merit: category, recognition, allowance",
});

/** `GET /people/{personalId}` of one registry, under the registry's prefix. */
export function lookupRoutes(registry: RegistryName, store: BenefitRegistriesStore): FastifyPluginAsyncZod {
  const records = store.records[registry];
  return (app) => {
    app.get(
      '/people/:personalId',
      {
        schema: {
          tags: [REGISTRY_TAGS[registry]],
          summary: SUMMARIES[registry],
          params: z.object({ personalId: PersonalId }),
          response: { 200: REGISTRY_RECORDS[registry], ...problemAnswers(400, 404, 503) },
        },
      },
      async (request) => {
        const record = await records.find(request.params.personalId);
        if (record === undefined) {
          throw coreErrors.create(
            'NOT_FOUND',
            `No one with this personal identification number is in the ${REGISTRY_TITLES[registry]} registry.`,
          );
        }
        return record;
      },
    );
    return Promise.resolve();
  };
}
