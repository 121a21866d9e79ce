import { describe, expect, it } from '@jest/globals';
import { NO_FAULTS } from '@lienthong/stand-in-kit/faults';
import { issuanceMode } from './faults.ts';

describe('issuanceMode', () => {
  it('answers now unless answerLaterMs is set (0 included)', () => {
    expect(issuanceMode(NO_FAULTS)).toEqual({ kind: 'now' });
    expect(issuanceMode({ answerLaterMs: 0 })).toEqual({ kind: 'later', afterMs: 0 });
    expect(issuanceMode({ answerLaterMs: 3 * 3600_000 })).toEqual({ kind: 'later', afterMs: 10_800_000 });
  });
});
