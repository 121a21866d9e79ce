import { describe, expect, it } from '@jest/globals';
import { redactUrl } from './postgres-readiness.ts';

describe('redactUrl', () => {
  it('masks the password and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/lienthong')).toBe('postgres://app:***@db:5432/lienthong');
  });

  it('leaves a URL without password alone and never echoes garbage', () => {
    expect(redactUrl('postgres://db:5432/x')).toBe('postgres://db:5432/x');
    expect(redactUrl('not a url: secret')).toBe('(unparseable URL)');
  });
});
