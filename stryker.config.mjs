import { resolve } from 'node:path';

// Mutation testing of the sandbox's factor, Authentication API and System Log code against the
// sandbox and fidelity suites (`npm run test:mutation`; not part of `npm test`). Stryker runs the
// tests from a copy of the repository in .stryker-tmp/, so the reference material next to the
// repository is named explicitly for them.
process.env.FACTORDESK_SHARED_DIR ??= resolve(import.meta.dirname, '../shared');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Every test file of the config runs in the first (dry) run; each mutant then runs only the tests that reach it.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  // The showcase users are data (names, statuses, devices), not behaviour.
  mutate: ['sandbox/factors/**/*.ts', 'sandbox/authn/**/*.ts', 'sandbox/logs/**/*.ts', '!sandbox/factors/showcase-users.ts'],
  coverageAnalysis: 'perTest',
  // Module-level constants (the security questions, id prefixes) are read by every test: mutating
  // them would run the whole suite per mutant for little insight.
  ignoreStatic: true,
  // Two cores, shared with other work.
  concurrency: 2,
  timeoutMS: 20_000,
  // Later runs test again only the mutants whose code or tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  thresholds: { high: 90, low: 80, break: 80 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
