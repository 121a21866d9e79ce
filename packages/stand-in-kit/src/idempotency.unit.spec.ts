import { describe, expect, it } from '@jest/globals';
import { idempotencyKeyReused, locationOf, REPLAYED_HEADER } from './idempotency.ts';

describe('idempotent POSTs', () => {
  it('locate what was recorded under the escaped key, the query left out', () => {
    expect(locationOf('/v1/merit/recoveries?x=1', 'HS-1:x/y')).toBe('/v1/merit/recoveries/HS-1%3Ax%2Fy');
    expect(locationOf('/v1/personal-id-requests', 'k')).toBe('/v1/personal-id-requests/k');
  });

  it('refuse a reused key with 409 IDEMPOTENCY_KEY_REUSED, the key carried back', () => {
    expect(idempotencyKeyReused('recovery', 'recoveryRequestId', 'k-1')).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      detail:
        'This requestId was already used for a recovery with other data; use a new requestId for a new recovery.',
      extensions: { recoveryRequestId: 'k-1' },
    });
    expect(REPLAYED_HEADER).toBe('idempotent-replayed');
  });
});
