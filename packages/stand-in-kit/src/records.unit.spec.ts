import { describe, expect, it } from '@jest/globals';
import { isAppError } from '@lienthong/service-kit';
import { addedStatus, addRecordOnce, addRecordToMap, sameRecord } from './records.ts';

const same = (a: { name: string }, b: { name: string }) => a.name === b.name;

describe('addRecordOnce', () => {
  it('adds a record once; the same data again is unchanged, other data under its key a conflict', async () => {
    const steps = (inserted: boolean, existing?: { name: string }) => ({
      insertIfAbsent: () => Promise.resolve(inserted),
      findExisting: () => Promise.resolve(existing),
      same,
    });

    await expect(addRecordOnce({ name: 'Lan' }, steps(true))).resolves.toBe('added');
    await expect(addRecordOnce({ name: 'Lan' }, steps(false, { name: 'Lan' }))).resolves.toBe('unchanged');
    await expect(addRecordOnce({ name: 'Lan' }, steps(false, { name: 'Mai' }))).resolves.toBe('conflict');
    // Nothing inserted, nothing on file: a constraint other than the key refused it.
    await expect(addRecordOnce({ name: 'Lan' }, steps(false))).resolves.toBe('conflict');
  });

  it('adds to a Map the same way, keeping what was there', async () => {
    const records = new Map([['1', { name: 'Lan' }]]);

    const results = [
      await addRecordToMap(records, '2', { name: 'Mai' }, same),
      await addRecordToMap(records, '2', { name: 'Mai' }, same),
      await addRecordToMap(records, '1', { name: 'Hoa' }, same),
    ];

    expect(results).toEqual(['added', 'unchanged', 'conflict']);
    expect(Object.fromEntries(records)).toEqual({ 1: { name: 'Lan' }, 2: { name: 'Mai' } });
  });
});

describe('sameRecord', () => {
  it('compares records whatever their key order, absent members or text composition', () => {
    const lan = {
      name: 'Lý Thị Lan',
      address: { commune: '00235', line: 'Số 18 phố Tây Sơn' },
      tags: ['ấp'],
    };

    expect(
      sameRecord(lan, {
        tags: ['ấp'.normalize('NFD')],
        address: { line: 'Số 18 phố Tây Sơn'.normalize('NFD'), commune: '00235' },
        name: 'Lý Thị Lan'.normalize('NFD'),
        dateOfDeath: undefined,
      }),
    ).toBe(true);
    expect(sameRecord(lan, { ...lan, address: { ...lan.address, commune: '00236' } })).toBe(false);
    expect(sameRecord(lan, { ...lan, tags: [] })).toBe(false);
    expect(sameRecord({ until: null }, {})).toBe(false);
    expect(sameRecord({ amount: 1 }, { amount: '1' })).toBe(false);
  });

  it('is what an add compares when no other comparison is given', async () => {
    const records = new Map([['1', { name: 'Lý Thị Lan' }]]);

    const results = [
      await addRecordToMap(records, '1', { name: 'Lý Thị Lan'.normalize('NFD') }),
      await addRecordToMap(records, '1', { name: 'Lý Thị Lân' }),
      await addRecordOnce<{ name: string; note?: string | undefined }>(
        { name: 'Lan' },
        { insertIfAbsent: () => false, findExisting: () => ({ name: 'Lan', note: undefined }) },
      ),
    ];

    expect(results).toEqual(['unchanged', 'conflict', 'unchanged']);
  });
});

describe('addedStatus', () => {
  it('answers 201 for an add, 200 for the same again, and throws 409 CONFLICT otherwise', () => {
    expect(addedStatus('added', 'taken')).toBe(201);
    expect(addedStatus('unchanged', 'taken')).toBe(200);
    let conflict: unknown;
    try {
      addedStatus('conflict', 'Another person already has this number.');
    } catch (error) {
      conflict = error;
    }
    expect(isAppError(conflict)).toBe(true);
    expect(conflict).toMatchObject({ code: 'CONFLICT', detail: 'Another person already has this number.' });
  });
});
