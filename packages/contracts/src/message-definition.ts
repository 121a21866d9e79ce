import type { z } from 'zod';
import type { TopicName } from './topics.ts';

/** Commands ask an agency to act (imperative names); events state what happened (past tense). */
export type MessageKind = 'command' | 'event';

/**
 * One message type at one schema version. The zod schema is the single source of truth: the
 * TypeScript type is inferred from it and the JSON Schema under `schemas/` is generated from it.
 */
export interface MessageDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly kind: MessageKind;
  readonly topic: TopicName;
  readonly description: string;
  readonly schema: TSchema;
  /**
   * Upcasters from each older version of `data` to the next one, keyed by the version they
   * read. A consumer receiving v1 of a v3 message applies 1→2 then 2→3 before validation.
   */
  readonly upcasters?: Readonly<Record<number, (data: unknown) => unknown>>;
}

export function defineMessage<const TType extends string, TSchema extends z.ZodType>(
  definition: MessageDefinition<TType, TSchema>,
): MessageDefinition<TType, TSchema> {
  if (!/^lienthong(\.[a-z][a-z0-9-]*)+$/.test(definition.type)) {
    throw new Error(`message type "${definition.type}" must look like lienthong.<area>.<name>`);
  }
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new Error(`message type "${definition.type}" needs a positive integer version`);
  }
  return definition;
}

/** The `data` type of a definition. */
export type DataOf<TDef> = TDef extends MessageDefinition<string, infer S> ? z.infer<S> : never;
