// Three levels, named by file suffix (see docs/architecture.md, "Tests"):
//   unit: *.unit.spec.ts beside the code, pure logic, no I/O;
//   int:  *.int.spec.ts against real Postgres and Kafka;
//   e2e:  tests/**/*.e2e.spec.ts, whole services talking over Kafka.
// Jest runs native ES modules (NODE_OPTIONS=--experimental-vm-modules); @swc/jest strips types
// only, `tsc --noEmit` type-checks separately (faster than ts-jest, see stack notes).
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { swcrc: true }] },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
export default {
  reporters: ['default', '<rootDir>/packages/devenv/src/testing/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{packages,services}/*/src/**/*.unit.spec.ts'] },
    {
      ...shared,
      displayName: 'int',
      setupFilesAfterEnv: ['<rootDir>/packages/devenv/src/testing/real-infrastructure-timeouts.ts'],
      testMatch: ['<rootDir>/{packages,services}/*/src/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/packages/devenv/src/testing/global-setup.ts',
      globalTeardown: '<rootDir>/packages/devenv/src/testing/global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      setupFilesAfterEnv: ['<rootDir>/packages/devenv/src/testing/real-infrastructure-timeouts.ts'],
      testMatch: ['<rootDir>/tests/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/packages/devenv/src/testing/global-setup.ts',
      globalTeardown: '<rootDir>/packages/devenv/src/testing/global-teardown.ts',
    },
  ],
};
