import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { buildStandInApp, maskPersonalIds } from './app.ts';
import { problemResponse } from './problem.ts';
import { testAppDependencies } from './testing.ts';

const PERSONAL_ID = '001194003582';

function app(options: { logLines?: string[]; woken?: string[] } = {}) {
  const test = testAppDependencies({ service: 'stand-in-kit-test', logLines: options.logLines });
  return buildStandInApp({
    ...test.dependencies,
    sleeper: { sleep: () => Promise.resolve(), wakeAll: () => void options.woken?.push('woken') },
    openapi: { title: 'a stand-in', version: '0.1.0', description: 'For tests' },
    routes: (scope) => {
      scope.get(
        '/v1/people/:personalId',
        {
          schema: {
            params: z.object({ personalId: z.string() }),
            response: { 200: z.object({ personalId: z.string() }), 404: problemResponse('the key') },
          },
        },
        (request) => Promise.resolve({ personalId: request.params.personalId }),
      );
      return Promise.resolve();
    },
  });
}

describe('maskPersonalIds', () => {
  it('masks 12-digit runs in a path, never longer or shorter ones, and redacts sensitive query values', () => {
    expect(maskPersonalIds(`/v1/merit/people/${PERSONAL_ID}`)).toBe('/v1/merit/people/[REDACTED]');
    expect(maskPersonalIds('/v1/people/00119400358/x/0011940035821')).toBe(
      '/v1/people/00119400358/x/0011940035821',
    );
    expect(maskPersonalIds(`/v1/admin/recoveries?personalId=${PERSONAL_ID}&registry=merit`)).not.toContain(
      PERSONAL_ID,
    );
  });
});

describe('buildStandInApp', () => {
  it('logs requests with the personal IDs of their paths masked', async () => {
    const logLines: string[] = [];
    const served = app({ logLines });

    const response = await served.inject({ method: 'GET', url: `/v1/people/${PERSONAL_ID}?x=1` });

    expect(response.json()).toEqual({ personalId: PERSONAL_ID });
    const log = logLines.join('');
    expect(log).toContain('"url":"/v1/people/[REDACTED]?x=1"');
    expect(log).not.toContain(PERSONAL_ID);
  });

  it('wakes the sleeper when it closes, so no held answer keeps it open', async () => {
    const woken: string[] = [];
    const served = app({ woken });
    await served.ready();

    await served.close();

    expect(woken).toEqual(['woken']);
  });

  it('documents its problems with what their requestId is not', async () => {
    const document = (await app().inject({ method: 'GET', url: '/docs/json' })).json<{
      info: unknown;
      paths: Record<
        string,
        { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }
      >;
    }>();

    expect(document.info).toEqual({ title: 'a stand-in', version: '0.1.0', description: 'For tests' });
    expect(
      document.paths['/v1/people/{personalId}']?.get.responses['404']?.content['application/json']?.schema,
    ).toMatchObject({
      description: 'RFC 9457 problem document (application/problem+json)',
      properties: { requestId: { description: 'The HTTP request id (x-request-id), not the key' } },
    });
  });
});
