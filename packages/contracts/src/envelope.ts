import { z } from 'zod';

/**
 * The envelope every lienthong message travels in: CloudEvents 1.0 attributes plus our
 * tracing extensions. On Kafka it uses the CloudEvents binary mode (attributes as `ce_*`
 * headers, `data` as the JSON value, key = `subject` = dossier id); see `kafka-codec.ts`.
 */
export const EnvelopeAttributes = z.object({
  specversion: z.literal('1.0').describe('CloudEvents spec version.'),
  id: z
    .string()
    .min(1)
    .max(200)
    .describe('Unique message id; consumers deduplicate on it (idempotency key).'),
  source: z
    .string()
    .min(1)
    .describe('URI reference of the producing service, e.g. /lienthong/saga-coordinator.'),
  type: z.string().min(1).describe('Message type, e.g. lienthong.dossier.received.'),
  time: z.iso.datetime({ offset: true }).describe('When the fact happened or the command was issued.'),
  subject: z.string().min(1).describe('The dossier id: every message is about exactly one dossier.'),
  dataschema: z
    .string()
    .min(1)
    .describe('URI of the JSON Schema of `data`; its last segment carries the version (v1, v2...).'),
  datacontenttype: z.literal('application/json'),
  correlationid: z.string().min(1).describe('Id shared by every message of one dossier journey.'),
  causationid: z.string().min(1).optional().describe('Id of the message that caused this one.'),
  traceparent: z
    .string()
    .regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/)
    .optional()
    .describe('W3C Trace Context `traceparent` of the producing span.'),
});
export type EnvelopeAttributes = z.infer<typeof EnvelopeAttributes>;

/** A decoded message: the envelope attributes plus its validated `data`. */
export interface Envelope<TType extends string = string, TData = unknown> extends EnvelopeAttributes {
  readonly type: TType;
  readonly data: TData;
}

export const SCHEMA_BASE_URI = 'https://schemas.lienthong.gov.vn/messages';

/** `https://schemas.lienthong.gov.vn/messages/<type>/v<version>.json` */
export function dataSchemaUri(type: string, version: number): string {
  return `${SCHEMA_BASE_URI}/${type}/v${version}.json`;
}

/** Reads the version back out of a `dataschema` URI; undefined when it is not one of ours. */
export function findSchemaVersion(dataschema: string): number | undefined {
  const match = /\/v(\d+)\.json$/.exec(dataschema);
  return match ? Number(match[1]) : undefined;
}
