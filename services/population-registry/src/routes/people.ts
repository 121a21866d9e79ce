/**
 * Lookup: does this person exist, and are they alive. How the birth saga checks the parents'
 * numbers in a dossier, and the death saga the deceased's.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { FastifyPluginAsyncZod } from '@lienthong/service-kit';
import { z } from 'zod';
import { PersonalId, PersonRecord } from '../contract.ts';
import type { Person } from '../domain/issuance.ts';
import type { PopulationRegistry } from '../registry.ts';
import { ProblemResponse } from './problem.ts';

/** What a lookup shows of a person: not their parents; the permanent residence when known. */
export function toPersonRecord(person: Person): PersonRecord {
  return {
    personalId: person.personalId,
    fullName: person.fullName,
    sex: person.sex,
    dateOfBirth: person.dateOfBirth,
    status: person.status,
    ...(person.dateOfDeath === undefined ? {} : { dateOfDeath: person.dateOfDeath }),
    ...(person.provinceCode === undefined ? {} : { provinceCode: person.provinceCode }),
    ...(person.permanentResidence === undefined ? {} : { permanentResidence: person.permanentResidence }),
  };
}

export function peopleRoutes(options: { readonly registry: PopulationRegistry }): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/people/:personalId',
      {
        schema: {
          tags: ['people'],
          summary: 'Look a person up by personal identification number',
          params: z.object({ personalId: PersonalId }),
          response: { 200: PersonRecord, 400: ProblemResponse, 404: ProblemResponse, 503: ProblemResponse },
        },
      },
      async (request) => {
        const person = await options.registry.findPerson(request.params.personalId);
        if (person === undefined) {
          throw coreErrors.create('NOT_FOUND', 'No person has this personal identification number.');
        }
        return toPersonRecord(person);
      },
    );
    return Promise.resolve();
  };
}
