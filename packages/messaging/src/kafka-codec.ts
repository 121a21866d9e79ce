import { EnvelopeAttributes, type Envelope } from '@lienthong/contracts';
import type { ConsumedRecord, ProducedRecord } from './port.ts';

/**
 * CloudEvents Kafka protocol binding, binary content mode: each attribute travels as a
 * `ce_<name>` header, `datacontenttype` as `content-type`, `data` as the record value.
 * W3C Trace Context rides in the standard `traceparent` header.
 */
const ATTRIBUTE_HEADERS = [
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'dataschema',
  'correlationid',
  'causationid',
] as const;

export function envelopeHeaders(envelope: EnvelopeAttributes): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': envelope.datacontenttype };
  for (const name of ATTRIBUTE_HEADERS) {
    const value = envelope[name];
    if (value !== undefined) headers[`ce_${name}`] = value;
  }
  if (envelope.traceparent) headers.traceparent = envelope.traceparent;
  return headers;
}

export function toProducedRecord(topic: string, envelope: Envelope): ProducedRecord {
  return {
    topic,
    key: envelope.subject,
    value: Buffer.from(JSON.stringify(envelope.data)),
    headers: envelopeHeaders(envelope),
  };
}

export type ReadResult =
  | { readonly ok: true; readonly attributes: EnvelopeAttributes; readonly data: unknown }
  | { readonly ok: false; readonly reason: string };

/** Reads envelope attributes and raw data from a record; malformed records are reported, not thrown. */
export function readRecord(record: Pick<ConsumedRecord, 'headers' | 'value'>): ReadResult {
  const raw: Record<string, string | undefined> = {
    datacontenttype: record.headers['content-type'],
    traceparent: record.headers.traceparent,
  };
  for (const name of ATTRIBUTE_HEADERS) raw[name] = record.headers[`ce_${name}`];
  const parsed = EnvelopeAttributes.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `bad envelope header ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    };
  }
  if (!record.value) return { ok: false, reason: 'record has no value' };
  try {
    return { ok: true, attributes: parsed.data, data: JSON.parse(record.value.toString('utf8')) as unknown };
  } catch {
    return { ok: false, reason: 'record value is not valid JSON' };
  }
}
