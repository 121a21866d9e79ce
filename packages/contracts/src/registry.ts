import type { z } from 'zod';
import { dataSchemaUri, findSchemaVersion, type Envelope, type EnvelopeAttributes } from './envelope.ts';
import type { MessageDefinition } from './message-definition.ts';

export type DecodeResult =
  { readonly ok: true; readonly message: Envelope } | { readonly ok: false; readonly reason: string };

/**
 * The closed set of message types a service understands. Decoding validates `data` against
 * the current version's schema after upcasting older versions; anything unknown or invalid
 * is reported, never thrown, so the consumer can park it as a poison message.
 */
export class MessageRegistry<TDefs extends readonly MessageDefinition[] = readonly MessageDefinition[]> {
  readonly definitions: TDefs;
  readonly #byType: ReadonlyMap<string, MessageDefinition>;

  constructor(definitions: TDefs) {
    const byType = new Map<string, MessageDefinition>();
    for (const definition of definitions) {
      if (byType.has(definition.type)) throw new Error(`message type ${definition.type} registered twice`);
      byType.set(definition.type, definition);
    }
    this.definitions = definitions;
    this.#byType = byType;
  }

  findDefinition(type: string): MessageDefinition | undefined {
    return this.#byType.get(type);
  }

  getDefinition(type: string): MessageDefinition {
    const definition = this.#byType.get(type);
    if (!definition) throw new Error(`unknown message type ${type}`);
    return definition;
  }

  /** Validates `data` of an incoming message of any version, upcasting it to the current one. */
  decode(attributes: EnvelopeAttributes, data: unknown): DecodeResult {
    const definition = this.#byType.get(attributes.type);
    if (!definition) return { ok: false, reason: `unknown message type "${attributes.type}"` };
    const version = findSchemaVersion(attributes.dataschema);
    if (version === undefined)
      return { ok: false, reason: `unrecognised dataschema "${attributes.dataschema}"` };
    if (version > definition.version) {
      return {
        ok: false,
        reason: `${attributes.type} v${version} is newer than the v${definition.version} this service knows`,
      };
    }
    let current = data;
    for (let from = version; from < definition.version; from += 1) {
      const upcast = definition.upcasters?.[from];
      if (!upcast) return { ok: false, reason: `no upcaster for ${attributes.type} v${from}` };
      current = upcast(current);
    }
    const parsed = definition.schema.safeParse(current);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.length ? first.path.join('.') : '(root)';
      return {
        ok: false,
        reason: `invalid ${attributes.type} data at ${where}: ${first?.message ?? 'invalid'}`,
      };
    }
    return {
      ok: true,
      message: {
        ...attributes,
        dataschema: dataSchemaUri(definition.type, definition.version),
        data: parsed.data,
      },
    };
  }
}

export interface NewMessage<TDef extends MessageDefinition> {
  readonly definition: TDef;
  readonly id: string;
  readonly source: string;
  readonly subject: string;
  readonly time: Date;
  readonly data: z.input<TDef['schema']>;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly traceparent?: string;
}

/**
 * Builds a validated envelope for a new message. Ids and time are passed in (never drawn
 * here) so callers that must be pure can take them from injected sources.
 */
export function createEnvelope<TDef extends MessageDefinition>(
  input: NewMessage<TDef>,
): Envelope<TDef['type'], z.output<TDef['schema']>> {
  const data = input.definition.schema.parse(input.data) as z.output<TDef['schema']>;
  return {
    specversion: '1.0',
    id: input.id,
    source: input.source,
    type: input.definition.type,
    time: input.time.toISOString(),
    subject: input.subject,
    dataschema: dataSchemaUri(input.definition.type, input.definition.version),
    datacontenttype: 'application/json',
    correlationid: input.correlationId,
    ...(input.causationId ? { causationid: input.causationId } : {}),
    ...(input.traceparent ? { traceparent: input.traceparent } : {}),
    data,
  };
}
