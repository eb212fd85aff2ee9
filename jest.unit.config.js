/** Unit tests: pure core, CDK assertions, anything without emulators. Run in parallel. */
const base = require('./jest.base.config');
module.exports = {
  ...base,
  displayName: 'unit',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
};
