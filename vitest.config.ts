import { defineConfig } from 'vitest/config';

/** `npm test`: the fast suite — unit and CLI tests on the bundled sample data, no peers needed. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.full.test.ts', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most tests wait on a CLI child process: two at a time keep both cores busy.
    maxWorkers: 2,
  },
});
