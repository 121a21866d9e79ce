import { describe, expect, it } from '@jest/globals';
import { childTraceparent, isTraceparent, newTraceparent } from './trace-context.ts';

describe('trace context', () => {
  it('keeps the trace id and flags across a hop, with a new span id', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const child = childTraceparent(parent);
    expect(isTraceparent(child)).toBe(true);
    expect(child.slice(0, 36)).toBe(parent.slice(0, 36));
    expect(child.slice(36, 52)).not.toBe(parent.slice(36, 52));
    expect(child.endsWith('-01')).toBe(true);
  });

  it('starts a new trace for a missing or malformed parent (all-zero ids are invalid)', () => {
    expect(isTraceparent(newTraceparent())).toBe(true);
    expect(isTraceparent(childTraceparent(undefined))).toBe(true);
    expect(isTraceparent('00-00000000000000000000000000000000-b7ad6b7169203331-01')).toBe(false);
    expect(isTraceparent('garbage')).toBe(false);
  });
});
