import { defineConfig } from 'vitest/config';

/**
 * Workspace packages export their compiled `dist/` to the world and their TypeScript source under
 * the `airlock-source` condition: tests run from source, with no build (docs/building.md).
 */
const sourceCondition = 'airlock-source';

export default defineConfig({
  resolve: { conditions: [sourceCondition, 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: [sourceCondition, 'module', 'node', 'development|production'], externalConditions: [sourceCondition] } },
  test: {
    // Child processes the tests start (`node --import tsx …`) resolve workspace packages to source too.
    env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, `--conditions=${sourceCondition}`].filter(Boolean).join(' ') },
    include: ['packages/*/src/**/*.test.ts', 'packages/*/vectors/**/*.test.ts', 'packages/*/demo/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
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
