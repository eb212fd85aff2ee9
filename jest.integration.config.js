/**
 * Integration tests: talk to DynamoDB Local and moto server over HTTP through the real SDK clients.
 * One emulator pair is started for the whole run (globalSetup) and stopped in globalTeardown;
 * files run one at a time so each file can reset emulator state without disturbing another.
 */
const base = require('./jest.base.config');
module.exports = {
  ...base,
  displayName: 'integration',
  testMatch: ['<rootDir>/test/**/*.int.test.ts', '<rootDir>/test/**/*.e2e.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 60000,
};
