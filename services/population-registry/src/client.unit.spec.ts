import { describe, expect, it } from '@jest/globals';
import {
  answeringFetch as answering,
  injectAsFetch,
  problemBody as problem,
  testAppDependencies,
} from '@lienthong/stand-in-kit/testing';
import { buildApp } from './app.ts';
import { createPopulationRegistryClient } from './client.ts';
import type { PersonalIdRequest } from './contract.ts';
import { createFaultSwitch } from './fault-injection.ts';
import { createInMemoryRegistry } from './in-memory-registry.ts';
import { seedPeopleAsStored } from './seed-people.ts';

// How failures map to TransientError and PermanentError is stand-in-kit's client core, tested there.

const request: PersonalIdRequest = {
  requestId: 'HS-2026-000123:birth-registration',
  provinceCode: '01',
  child: { fullName: 'Trần Bảo Ngọc', sex: 'female', dateOfBirth: '2026-11-18' },
  mother: { personalId: '001194003582' },
  father: { personalId: '001091012467' },
};

describe('createPopulationRegistryClient', () => {
  it('maps issued, pending and refused answers to outcomes', async () => {
    const issued = answering(201, {
      requestId: request.requestId,
      status: 'issued',
      personalId: '001326000042',
    });
    const pending = answering(202, { requestId: request.requestId, status: 'pending' });
    const refused = answering(422, problem('SUSPECTED_DUPLICATE', 422, 'A child of the same mother ...'));
    const client = (fetchFn: typeof fetch) =>
      createPopulationRegistryClient({ baseUrl: 'http://registry.test', timeoutMs: 1000, fetch: fetchFn });

    await expect(client(issued.fetchFn).requestPersonalId(request)).resolves.toEqual({
      kind: 'issued',
      personalId: '001326000042',
    });
    await expect(client(pending.fetchFn).requestPersonalId(request)).resolves.toEqual({ kind: 'pending' });
    await expect(client(refused.fetchFn).requestPersonalId(request)).resolves.toEqual({
      kind: 'refused',
      code: 'SUSPECTED_DUPLICATE',
      reason: 'A child of the same mother ...',
    });
    expect(issued.calls[0]?.url).toBe('http://registry.test/v1/personal-id-requests');
    expect(issued.calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(issued.calls[0]?.init?.body as string)).toEqual(request);
  });

  it('keeps a base URL path and escapes path parameters', async () => {
    const { fetchFn, calls } = answering(404, problem('NOT_FOUND', 404));
    const client = createPopulationRegistryClient({
      baseUrl: 'https://gateway.test/population',
      timeoutMs: 1000,
      fetch: fetchFn,
    });

    await client.findPersonalIdRequest('HS-1:birth/x');

    expect(calls[0]?.url).toBe('https://gateway.test/population/v1/personal-id-requests/HS-1%3Abirth%2Fx');
  });

  it('speaks the contract of the real app (the app served through inject as fetch)', async () => {
    const app = buildApp({
      ...testAppDependencies({ service: 'client-test' }).dependencies,
      registry: createInMemoryRegistry({ randomInt: () => 7, people: seedPeopleAsStored() }),
      faults: createFaultSwitch(),
    });
    const viaInject = injectAsFetch(app);
    const client = createPopulationRegistryClient({
      baseUrl: 'http://registry.test',
      timeoutMs: 1000,
      fetch: viaInject,
    });

    const issued = await client.requestPersonalId(request);
    const state = await client.findPersonalIdRequest(request.requestId);
    const unknownRequest = await client.findPersonalIdRequest('never-sent');
    const mother = await client.findPerson('001194003582');
    const nobody = await client.findPerson('001199999999');
    const refused = await client.requestPersonalId({
      ...request,
      requestId: 'other',
      mother: { personalId: '001199999999' },
    });

    expect(issued).toEqual({ kind: 'issued', personalId: '001326000007' });
    expect(state).toEqual(issued);
    expect(unknownRequest).toBeUndefined();
    expect(mother).toMatchObject({ fullName: 'Nguyễn Thị Lan', status: 'alive' });
    expect(nobody).toBeUndefined();
    expect(refused).toMatchObject({ kind: 'refused', code: 'MOTHER_NOT_FOUND' });
  });
});
