import { describe, expect, it } from '@jest/globals';
import { createEnvelope, DossierReceived, TOPICS } from '@lienthong/contracts';
import { readRecord, toProducedRecord } from './kafka-codec.ts';

const envelope = createEnvelope({
  definition: DossierReceived,
  id: 'msg-1',
  source: '/lienthong/test',
  subject: 'HS-2026-000001',
  time: new Date('2026-11-23T02:00:00Z'),
  correlationId: 'HS-2026-000001',
  causationId: 'cmd-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  data: {
    dossierId: 'HS-2026-000001',
    procedure: 'birth',
    services: ['birth-registration'],
    communeCode: '00004',
    receivedAt: '2026-11-23T02:00:00Z',
  },
});

describe('CloudEvents Kafka binding (binary mode)', () => {
  it('puts attributes in ce_ headers, tracing in traceparent, data in the value, dossier id in the key', () => {
    const record = toProducedRecord(TOPICS.dossierEvents, envelope);
    expect(record.key).toBe('HS-2026-000001');
    expect(record.headers).toMatchObject({
      ce_id: 'msg-1',
      ce_type: 'lienthong.dossier.received',
      ce_subject: 'HS-2026-000001',
      ce_correlationid: 'HS-2026-000001',
      ce_causationid: 'cmd-1',
      traceparent: envelope.traceparent,
      'content-type': 'application/json',
    });
    expect(JSON.parse(record.value.toString())).toEqual(envelope.data);
  });

  it('reads back exactly what it wrote', () => {
    const record = toProducedRecord(TOPICS.dossierEvents, envelope);
    const { data, ...attributes } = envelope;
    expect(readRecord(record)).toEqual({ ok: true, attributes, data });
  });

  it('reports a record with a missing header or a broken value instead of throwing', () => {
    const record = toProducedRecord(TOPICS.dossierEvents, envelope);
    const { ce_id: _dropped, ...noId } = record.headers;
    expect(readRecord({ ...record, headers: noId })).toMatchObject({ ok: false, reason: /ce?.*id|id/ });
    expect(readRecord({ ...record, value: Buffer.from('{oops') })).toEqual({
      ok: false,
      reason: 'record value is not valid JSON',
    });
  });
});
