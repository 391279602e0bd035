import { defineConfig } from 'vitest/config';

// The test files `npm run test:mutation` runs for the mutants of sandbox/factors, sandbox/authn and
// sandbox/logs (see stryker.config.mjs): the sandbox's own suites and the fidelity suites.
export default defineConfig({
  test: {
    include: ['test/sandbox/**/*.test.ts', 'test/sandbox-fidelity/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    // Stryker switches mutants at run time, so the modules can be loaded once and shared by the
    // files: most of a mutant's time would otherwise go to importing and starting each file.
    isolate: false,
  },
});
