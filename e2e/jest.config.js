/** The Selenium suite: one system (launcher, embedded PostgreSQL, services, dashboard) per test file, files in series. */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
};
