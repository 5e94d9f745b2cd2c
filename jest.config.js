/** Two projects: fast in-process tests, and end-to-end tests that start servers and browsers. */
const tsJest = ['ts-jest', {}];
// The build's copy of package.json in dist/ would otherwise clash with the real one in jest's module map.
const ignoreBuild = ['<rootDir>/dist/'];
module.exports = {
  // End-to-end suites start servers and a browser; unit tests finish far inside this.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      modulePathIgnorePatterns: ignoreBuild,
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/contract/**/*.test.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      modulePathIgnorePatterns: ignoreBuild,
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
