import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BirthDossierSubmission } from './birth/birth-dossier.ts';
import { DeathDossierSubmission } from './death/death-dossier.ts';

// Every ready-to-send example under examples/dossiers/ is a valid submission of its procedure.
const folder = join(import.meta.dirname, '..', '..', '..', 'examples', 'dossiers');
const examples = readdirSync(folder).filter((file) => file.endsWith('.json'));

describe('examples/dossiers', () => {
  it('holds examples of both procedure groups', () => {
    expect(examples.some((file) => file.startsWith('birth'))).toBe(true);
    expect(examples.some((file) => file.startsWith('death'))).toBe(true);
  });

  it.each(examples)('%s is a valid submission', (file) => {
    const body = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { procedure: string };
    const schema = body.procedure === 'death' ? DeathDossierSubmission : BirthDossierSubmission;
    expect(schema.safeParse(body).error?.issues).toBeUndefined();
  });
});
