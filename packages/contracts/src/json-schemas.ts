import { z } from 'zod';
import { EnvelopeAttributes, dataSchemaUri, SCHEMA_BASE_URI } from './envelope.ts';
import type { MessageDefinition } from './message-definition.ts';

/**
 * Renders the JSON Schema of every message's `data` (draft 2020-12) from its zod schema,
 * plus one for the envelope. Returns file name → file content, so the generator writes them
 * and a test proves the committed files are what the schemas say today.
 */
export function renderJsonSchemas(definitions: readonly MessageDefinition[]): Map<string, string> {
  const files = new Map<string, string>();
  const render = (schema: object) => `${JSON.stringify(schema, null, 2)}\n`;
  files.set(
    'envelope.json',
    render({
      $id: `${SCHEMA_BASE_URI}/envelope.json`,
      ...z.toJSONSchema(EnvelopeAttributes, { target: 'draft-2020-12' }),
      title: 'lienthong message envelope (CloudEvents 1.0 attributes and extensions)',
    }),
  );
  for (const definition of definitions) {
    const generated = z.toJSONSchema(definition.schema, { target: 'draft-2020-12', io: 'input' });
    files.set(
      `${definition.type}.v${definition.version}.json`,
      render({
        $id: dataSchemaUri(definition.type, definition.version),
        title: definition.type,
        'x-kind': definition.kind,
        'x-topic': definition.topic,
        'x-version': definition.version,
        ...generated,
        description: definition.description,
      }),
    );
  }
  return files;
}
