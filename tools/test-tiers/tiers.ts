/**
 * The test suite's three tiers, each a vitest project (docs/testing.md). A test file's tier follows
 * from its path alone, so a file added later lands in one without a list to update:
 *
 * 1. End-to-end: a name `*.e2e.test.ts`, or a place that holds nothing else — the browser tests
 *    (`apps/<app>/test/web/`) and the release's tests (`tools/<tool>/test/`).
 * 2. Integration: a name `*.integration.test.ts`, or the authority's tests (`apps/authority/`,
 *    which run on its database, on every store) and the examples'.
 * 3. Unit: every other test file. Those are held to being pure: `unit-guard.ts` refuses a
 *    database, a child process (so a browser), a network listener or connection in this tier.
 *
 * `check-tiers.ts` (run by `npm test`) proves every test file lands in exactly one tier.
 */
export type TierName = 'unit' | 'integration' | 'e2e';

export interface Tier {
  readonly name: TierName;
  /** The files it runs (globs from the repository's root). */
  readonly include: readonly string[];
  /** Files its globs match that belong to another tier. */
  readonly exclude: readonly string[];
}

/** Every place a test file may live; a `*.test.ts` elsewhere is in no tier (and the check says so). */
export const testRoots: readonly string[] = [
  'packages/*/src/**/*.test.ts',
  'packages/*/vectors/**/*.test.ts',
  'packages/*/demo/**/*.test.ts',
  'packages/*/test/**/*.test.ts',
  'apps/*/src/**/*.test.ts',
  'apps/*/test/**/*.test.ts',
  'examples/*/test/**/*.test.ts',
  'tools/*/test/**/*.test.ts',
  // The device SDKs in other languages, driven as processes (sdks/README.md).
  'sdks/*/test/**/*.test.ts',
  'sdks/test/**/*.test.ts',
  // The tiers' own guard is tested beside it, in the unit tier it guards.
  'tools/test-tiers/*.test.ts',
];

const e2eNamed = '**/*.e2e.test.ts';
const integrationNamed = '**/*.integration.test.ts';

/** End-to-end by where they live: a real browser, or the release built, installed and run. */
const e2ePlaces = ['apps/*/test/web/**/*.test.ts', 'tools/*/test/**/*.test.ts'];

/** Integration by where they live: the authority's tests run on its database (every store). */
const integrationPlaces = ['apps/authority/**/*.test.ts', 'examples/*/test/**/*.test.ts'];

export const tiers: readonly Tier[] = [
  {
    name: 'unit',
    include: testRoots,
    exclude: [e2eNamed, integrationNamed, ...e2ePlaces, ...integrationPlaces],
  },
  {
    name: 'integration',
    include: [integrationNamed, ...integrationPlaces],
    exclude: [e2eNamed, ...e2ePlaces],
  },
  {
    name: 'e2e',
    include: [e2eNamed, ...e2ePlaces],
    exclude: [],
  },
];
