import { defineConfig } from 'vitest/config';

/**
 * `npm run test:all`: the fast suite plus everything that needs ../shared data, scikit-learn,
 * Chromium, Jupyter, PostgreSQL or large generated data. Under CI=true a missing prerequisite fails.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Most tests wait on a CLI child process: two at a time keep both cores busy.
    maxWorkers: 2,
    env: { STRATA_FULL_SUITE: '1' },
  },
});
