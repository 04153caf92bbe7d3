import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { tiers } from './tools/test-tiers/tiers.ts';

/**
 * Workspace packages export their compiled `dist/` to the world and their TypeScript source under
 * the `airlock-source` condition: tests run from source, with no build (docs/building.md).
 */
const sourceCondition = 'airlock-source';

/** What every tier shares; each project states it whole (an `extends` would concatenate the globs). */
const shared = {
  resolve: { conditions: [sourceCondition, 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: [sourceCondition, 'module', 'node', 'development|production'], externalConditions: [sourceCondition] } },
  test: {
    // Child processes the tests start from source (`node --import tsx …`) resolve workspace packages
    // to source too; those that run compiled code take the condition out (`processCommand`).
    env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, `--conditions=${sourceCondition}`].filter(Boolean).join(' ') },
    testTimeout: 60_000,
    // PGlite takes seconds to open; on a loaded machine more.
    hookTimeout: 60_000,
  },
} satisfies TestProjectInlineConfiguration;

/**
 * The suite is three tiers, one vitest project each (docs/testing.md, tools/test-tiers/tiers.ts):
 * `vitest run --project unit` (pure), `integration` (database and HTTP in process), `e2e` (child
 * processes, browsers, the release). `vitest run` runs them all.
 */
const projects = tiers.map((tier): TestProjectInlineConfiguration => ({
  ...shared,
  test: {
    ...shared.test,
    name: tier.name,
    include: [...tier.include],
    exclude: [...configDefaults.exclude, ...tier.exclude],
    // Each tier's guard refuses what its tests may not use (docs/testing.md); e2e may use anything,
    // and builds dist/ first: the processes its tests start run the compiled code (e2e-setup.ts).
    ...(tier.name === 'e2e' ? { globalSetup: ['tools/test-tiers/e2e-setup.ts'] } : { setupFiles: [`tools/test-tiers/${tier.name}-guard.ts`] }),
    // Loading the code under test was most of the unit and integration tiers' time (every file
    // imported the servers anew), and 2-3 s of each e2e file's: the files of every tier share one
    // module graph per worker (docs/testing.md). No test file changes process-wide state.
    isolate: false,
    // The benches are the core's and the SDK's, pure: one project runs them, not three.
    benchmark: { include: tier.name === 'unit' ? ['packages/*/bench/**/*.bench.ts', 'apps/*/bench/**/*.bench.ts'] : [] },
  },
}));

export default defineConfig({
  test: {
    projects,
    // Two test files at a time, also under CI=true (where the default is one on two cores): many
    // files wait on child processes, PostgreSQL or the browser. `npm test` runs the static checks
    // beside them (tools/checks/run-tests.ts); on a quiet 2-core machine `.ci/run` took 9 min 11 s.
    maxWorkers: 2,
  },
});
