import { defineConfig } from 'vitest/config';

// One vitest project per package, so `vitest run --project @realign/tensor` (and nx) can run one.
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/*', 'examples'],
    // The machines that run CI have 2 cores; more forks only thrash.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
