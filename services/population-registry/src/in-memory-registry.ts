/**
 * A Map-based registry for route unit tests: the same domain decisions as the Postgres one,
 * none of its concurrency guarantees (those are proven against Postgres in the int tests).
 */
import { addRecordToMap } from '@lienthong/stand-in-kit';
import { vietnamCivilDate } from '@lienthong/working-days';
import { decideIssuance, nameKey, requestFingerprint } from './domain/issuance.ts';
import type { IssuanceRequest, IssuanceState, Person } from './domain/issuance.ts';
import { birthYearOf, generatePersonalId } from './domain/personal-id.ts';
import type { RandomInt } from './domain/personal-id.ts';
import type { PopulationRegistry } from './registry.ts';

interface StoredRequest {
  readonly request: IssuanceRequest;
  readonly fingerprint: string;
  state: IssuanceState;
  readonly dueAtMs: number;
}

export interface InMemoryRegistry extends PopulationRegistry {
  readonly people: Map<string, Person>;
  /** Decides the pending requests due at `now`; returns their ids. */
  completeDue(now: Date): string[];
}

export function createInMemoryRegistry(options: {
  readonly randomInt: RandomInt;
  readonly people?: readonly Person[];
}): InMemoryRegistry {
  const people = new Map((options.people ?? []).map((person) => [person.personalId, person]));
  const requests = new Map<string, StoredRequest>();

  function decide(request: IssuanceRequest, now: Date): IssuanceState {
    const key = nameKey(request.child.fullName);
    const duplicateExists = [...people.values()].some(
      (person) =>
        person.motherPersonalId === request.mother.personalId &&
        person.dateOfBirth === request.child.dateOfBirth &&
        nameKey(person.fullName) === key,
    );
    const decision = decideIssuance(request, {
      mother: people.get(request.mother.personalId),
      father: request.father === undefined ? undefined : people.get(request.father.personalId),
      duplicateExists,
      today: vietnamCivilDate(now),
    });
    if (decision.outcome === 'refuse') {
      return { status: 'refused', code: decision.code, reason: decision.reason };
    }
    const prefix = {
      provinceCode: request.provinceCode,
      sex: request.child.sex,
      birthYear: birthYearOf(request.child.dateOfBirth),
    };
    let personalId = generatePersonalId(prefix, options.randomInt);
    while (people.has(personalId)) personalId = generatePersonalId(prefix, options.randomInt);
    people.set(personalId, {
      personalId,
      ...request.child,
      status: 'alive',
      provinceCode: request.provinceCode,
      motherPersonalId: request.mother.personalId,
      fatherPersonalId: request.father?.personalId,
    });
    return { status: 'issued', personalId };
  }

  return {
    people,
    findPerson: (personalId) => Promise.resolve(people.get(personalId)),
    addPerson: (person) => addRecordToMap(people, person.personalId, person),
    submit: (request, { now, answerLaterMs }) => {
      const fingerprint = requestFingerprint(request);
      const known = requests.get(request.requestId);
      if (known !== undefined) {
        return Promise.resolve(
          known.fingerprint === fingerprint
            ? { kind: 'answered', state: known.state, replayed: true }
            : { kind: 'key-reused' },
        );
      }
      const state: IssuanceState = answerLaterMs === undefined ? decide(request, now) : { status: 'pending' };
      requests.set(request.requestId, {
        request,
        fingerprint,
        state,
        dueAtMs: now.getTime() + (answerLaterMs ?? 0),
      });
      return Promise.resolve({ kind: 'answered', state, replayed: false });
    },
    findRequest: (requestId) => Promise.resolve(requests.get(requestId)?.state),
    completeDue: (now) => {
      const decided: string[] = [];
      for (const [requestId, stored] of requests) {
        if (stored.state.status === 'pending' && stored.dueAtMs <= now.getTime()) {
          stored.state = decide(stored.request, now);
          decided.push(requestId);
        }
      }
      return decided;
    },
  };
}
