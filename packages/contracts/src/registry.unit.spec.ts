import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { dataSchemaUri, type EnvelopeAttributes } from './envelope.ts';
import { defineMessage } from './message-definition.ts';
import { createEnvelope, MessageRegistry } from './registry.ts';
import { TOPICS } from './topics.ts';

// A message at v2 whose v1 called the field `name` and had no `count`.
const Renamed = defineMessage({
  type: 'lienthong.test.renamed',
  version: 2,
  kind: 'event',
  topic: TOPICS.dossierEvents,
  description: 'test',
  schema: z.object({ label: z.string(), count: z.number().int() }),
  upcasters: {
    1: (data) => {
      const v1 = data as { name: string };
      return { label: v1.name, count: 0 };
    },
  },
});
const registry = new MessageRegistry([Renamed]);

function attributes(type: string, version: number): EnvelopeAttributes {
  return {
    specversion: '1.0',
    id: 'm-1',
    source: '/test',
    type,
    time: '2026-11-23T08:00:00.000+07:00',
    subject: 'D-1',
    dataschema: dataSchemaUri(type, version),
    datacontenttype: 'application/json',
    correlationid: 'D-1',
  };
}

describe('MessageRegistry.decode', () => {
  it('given a current-version message, when decoded, then data is validated and kept', () => {
    const result = registry.decode(attributes(Renamed.type, 2), { label: 'a', count: 3 });
    expect(result).toEqual({
      ok: true,
      message: expect.objectContaining({ data: { label: 'a', count: 3 } }),
    });
  });

  it('given a v1 message, when decoded, then it is upcast to v2 at the boundary', () => {
    const result = registry.decode(attributes(Renamed.type, 1), { name: 'old' });
    expect(result.ok && result.message.data).toEqual({ label: 'old', count: 0 });
    expect(result.ok && result.message.dataschema).toBe(dataSchemaUri(Renamed.type, 2));
  });

  it('reports unknown types, future versions and invalid data instead of throwing', () => {
    expect(registry.decode(attributes('lienthong.test.unknown', 1), {})).toEqual({
      ok: false,
      reason: 'unknown message type "lienthong.test.unknown"',
    });
    expect(registry.decode(attributes(Renamed.type, 3), {})).toMatchObject({ ok: false, reason: /newer/ });
    expect(registry.decode(attributes(Renamed.type, 2), { label: 1, count: 1 })).toMatchObject({
      ok: false,
      reason: /invalid lienthong.test.renamed data at label/,
    });
  });
});

describe('createEnvelope', () => {
  it('fills CloudEvents attributes and validates data', () => {
    const envelope = createEnvelope({
      definition: Renamed,
      id: 'm-2',
      source: '/lienthong/test',
      subject: 'D-9',
      time: new Date('2026-11-23T01:00:00Z'),
      data: { label: 'x', count: 1 },
      correlationId: 'D-9',
      causationId: 'm-1',
    });
    expect(envelope).toMatchObject({
      specversion: '1.0',
      type: 'lienthong.test.renamed',
      dataschema: 'https://schemas.lienthong.gov.vn/messages/lienthong.test.renamed/v2.json',
      time: '2026-11-23T01:00:00.000Z',
      causationid: 'm-1',
    });
    expect(() =>
      createEnvelope({
        ...envelope,
        definition: Renamed,
        time: new Date(),
        data: { label: 'x' } as never,
        correlationId: 'c',
      }),
    ).toThrow();
  });
});
