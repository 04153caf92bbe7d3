/* global module */
/**
 * The import boundaries of the code, checked by `npm run lint` (dependency-cruiser reads the
 * TypeScript sources, type-only imports included): no cycles, and the layers.
 * The layers are described in docs/design.md, "Boundaries in the code".
 */
const SITE = '^apps/site/src/';
const notTests = '\\.(test|fuzz\\.test|bench)\\.ts$';

/** Tests and test kits, which may reach across a boundary to drive both sides of it. */
const testCode = [notTests, '/testing/', '^apps/[^/]+/test/', '^packages/[^/]+/test/', '/bench/'];

/** A rule that files under `from` (test code left out) import nothing under `to`. */
function forbid(name, comment, from, to) {
  return { name, comment, severity: 'error', from: { path: from, pathNot: testCode }, to: { path: to } };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module depends on itself through others, not even by a type: a cycle is a boundary drawn in the wrong place.',
      severity: 'error',
      from: { path: '^(apps|packages|tools|examples)/' },
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'What ships never imports a test or a test kit.',
      severity: 'error',
      from: { path: '^(apps|packages)/[^/]+/src/', pathNot: [notTests, '/testing/'] },
      to: { path: ['\\.test\\.ts$', '/testing/', '/test/'] },
    },
    forbid(
      'packages-below-apps',
      "The packages are what the servers are built on: none imports a server (but the workspace's own `airlock` command, packages/cli, which gathers both servers' commands).",
      '^packages/(?!cli/)',
      '^apps/',
    ),
    forbid('core-imports-no-package', 'The core is the bottom: it imports no other workspace package.', '^packages/core/', '^packages/(?!core/)'),
    forbid(
      'sdk-on-core-only',
      "The SDK an application embeds carries the core and nothing of the servers' kits.",
      '^packages/sdk/',
      '^packages/(?!core/|sdk/)',
    ),
    forbid('servers-apart', 'The authority and the site share code through packages, never by importing each other.', '^apps/authority/', '^apps/site/'),
    forbid('site-apart', 'The authority and the site share code through packages, never by importing each other.', '^apps/site/', '^apps/authority/'),
    forbid(
      'site-ledger-alone',
      "The site's ledger is a file format and its writer: it knows nothing of what it records.",
      `${SITE}ledger/`,
      `${SITE}(?!ledger/)`,
    ),
    forbid(
      'site-state-is-data',
      "The site's events and state (and how an event changes the state) import no service, rule or surface.",
      `${SITE}state/`,
      `${SITE}(accounts|backup|cli|http|identity|process|rules|site|web)/`,
    ),
    forbid(
      'site-rules-are-pure',
      "The site's rules decide from state and time: no service, no I/O, no surface.",
      `${SITE}rules/`,
      `${SITE}(accounts|backup|cli|http|identity|process|site|web)/`,
    ),
    forbid(
      'site-accounts-below-services',
      'Account helpers (credentials, passwords, sessions, audit views) are used by the services, not the other way round.',
      `${SITE}accounts/`,
      `${SITE}(backup|cli|http|identity|site|web)/`,
    ),
    forbid(
      'site-services-below-surfaces',
      "The site's services know nothing of HTTP, the web admin or the command line.",
      `${SITE}site/`,
      `${SITE}(cli|http|web)/`,
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '/dist/', '^release/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['airlock-source', 'import', 'types', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
