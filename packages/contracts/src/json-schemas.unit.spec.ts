import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_MESSAGES } from './all-messages.ts';
import { renderJsonSchemas } from './json-schemas.ts';

describe('generated JSON Schemas', () => {
  it('are exactly what the zod schemas produce today (run `pnpm schemas:generate` when this fails)', () => {
    const dir = join(import.meta.dirname, '..', 'schemas');
    const onDisk = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    expect(onDisk).toEqual(renderJsonSchemas(ALL_MESSAGES));
  });

  it('give every message a versioned $id and carry field descriptions', () => {
    const files = renderJsonSchemas(ALL_MESSAGES);
    const received = JSON.parse(files.get('lienthong.dossier.received.v1.json') ?? '{}') as {
      $id: string;
      properties: Record<string, { description?: string }>;
    };
    expect(received.$id).toBe('https://schemas.lienthong.gov.vn/messages/lienthong.dossier.received/v1.json');
    expect(received.properties.dossierId?.description).toMatch(/agency record/);
  });
});
