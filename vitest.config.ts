import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/vectors/**/*.test.ts', 'packages/*/demo/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    benchmark: {
      include: ['packages/*/bench/**/*.bench.ts', 'apps/*/bench/**/*.bench.ts'],
    },
    // Two test files at a time, also under CI=true (where the default is one on two cores): many
    // files wait on child processes, PostgreSQL or the browser, and the suite runs in ~12½ minutes
    // instead of ~14½ on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    // PGlite takes seconds to open; on a loaded machine more.
    hookTimeout: 60_000,
  },
});
