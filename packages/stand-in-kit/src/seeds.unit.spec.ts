import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@lienthong/service-kit';
import { seedComponent, unnoted } from './seeds.ts';

describe('seedComponent', () => {
  it('adds the seeds that are missing, in order, and logs how many of how many', async () => {
    const inserted: string[] = [];
    const logLines: string[] = [];
    const now = new Date('2026-11-20T03:00:00Z');
    const seeds = [
      { personalId: '1', exercises: 'a' },
      { personalId: '2', exercises: 'b' },
    ];

    const component = seedComponent({
      name: 'seed-test-people',
      what: 'test people',
      seeds,
      insertIfAbsent: (seed, at) => {
        inserted.push(`${seed.personalId}@${at.toISOString()}`);
        return Promise.resolve(seed.personalId === '2');
      },
      clock: () => now,
      logger: createLogger({
        service: 'seed-test',
        destination: { write: (line) => void logLines.push(line) },
      }),
    });
    await component.start();

    expect(component.name).toBe('seed-test-people');
    expect(inserted).toEqual(['1@2026-11-20T03:00:00.000Z', '2@2026-11-20T03:00:00.000Z']);
    expect(JSON.parse(logLines[0] ?? '{}')).toMatchObject({ added: 1, total: 2, msg: 'test people seeded' });
  });

  it('stores a seed without its note', () => {
    expect(unnoted({ personalId: '1', fullName: 'Lan', exercises: 'a case' })).toEqual({
      personalId: '1',
      fullName: 'Lan',
    });
  });
});
