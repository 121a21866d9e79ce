/**
 * Lookups: what a registry holds about a person. A 404 NOT_FOUND is a normal answer, "this
 * person is not in this registry", from which the death saga decides that route does not pay.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import { MeritRecord, PersonalId, SocialInsuranceRecord, SocialProtectionRecord } from '../contract.ts';
import { REGISTRY_TITLES } from '../domain/registries.ts';
import type { RegistryName } from '../domain/registries.ts';
import type { BenefitRegistriesStore } from '../store.ts';
import { ProblemResponse } from './problem.ts';
import { REGISTRY_TAGS } from './tags.ts';

const Params = z.object({ personalId: PersonalId });

/** `GET /people/{personalId}` of one registry, under the registry's prefix. */
export function lookupRoutes(registry: RegistryName, store: BenefitRegistriesStore): FastifyPluginAsyncZod {
  const schema = (summary: string) => ({
    tags: [REGISTRY_TAGS[registry]],
    summary,
    params: Params,
  });
  const errors = { 400: ProblemResponse, 404: ProblemResponse, 503: ProblemResponse };
  const notFound = () =>
    coreErrors.create(
      'NOT_FOUND',
      `No one with this personal identification number is in the ${REGISTRY_TITLES[registry]} registry.`,
    );

  return (app) => {
    switch (registry) {
      case 'social-insurance':
        app.get(
          '/people/:personalId',
          {
            schema: {
              ...schema("A person's social-insurance record: status, contribution months, salary, pension"),
              response: { 200: SocialInsuranceRecord, ...errors },
            },
          },
          async (request) => {
            const record = await store.findSocialInsurance(request.params.personalId);
            if (record === undefined) throw notFound();
            return record;
          },
        );
        break;
      case 'social-protection':
        app.get(
          '/people/:personalId',
          {
            schema: {
              ...schema("A person's social-protection record: the commune and the benefits received"),
              response: { 200: SocialProtectionRecord, ...errors },
            },
          },
          async (request) => {
            const record = await store.findSocialProtection(request.params.personalId);
            if (record === undefined) throw notFound();
            return record;
          },
        );
        break;
      case 'merit':
        app.get(
          '/people/:personalId',
          {
            schema: {
              ...schema("A person's record among the people with merit: category, recognition, allowance"),
              response: { 200: MeritRecord, ...errors },
            },
          },
          async (request) => {
            const record = await store.findMerit(request.params.personalId);
            if (record === undefined) throw notFound();
            return record;
          },
        );
        break;
    }
    return Promise.resolve();
  };
}
