import { describe, it, expect } from '@jest/globals';
import * as kit from './index.ts';

describe('@lienthong/service-kit entry point', () => {
  it('loads under jest ESM and exposes the composition-root API', () => {
    for (const name of [
      'loadConfig',
      'baseServiceConfig',
      'createLogger',
      'coreErrors',
      'AppError',
      'buildHttpApp',
      'createPool',
      'withTransaction',
      'runMigrations',
      'runService',
    ] as const) {
      expect(kit[name]).toBeDefined();
    }
  });
});
