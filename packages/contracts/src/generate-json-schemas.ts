// Writes packages/contracts/schemas/*.json from the zod schemas: `pnpm schemas:generate`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_MESSAGES } from './all-messages.ts';
import { renderJsonSchemas } from './json-schemas.ts';

const outDir = join(import.meta.dirname, '..', 'schemas');
mkdirSync(outDir, { recursive: true });
for (const stale of readdirSync(outDir)) rmSync(join(outDir, stale));
const files = renderJsonSchemas(ALL_MESSAGES);
for (const [name, content] of files) writeFileSync(join(outDir, name), content);
process.stdout.write(`wrote ${files.size} JSON Schemas to ${outDir}\n`);
