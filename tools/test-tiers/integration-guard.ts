import { guardChildProcesses } from './guard.ts';

/**
 * The integration tier's set-up file (docs/testing.md): an integration test may open a database
 * and listen in its own process, not start another. Starting a child process (and so a browser,
 * `openssl` or the `airlock` command) throws, with the way out: name the file `*.e2e.test.ts`
 * (tools/test-tiers/tiers.ts).
 */
guardChildProcesses(
  (what) =>
    new Error(
      `an integration test may not ${what}: this file belongs in the e2e tier — name it *.e2e.test.ts (child processes, a browser); see docs/testing.md`,
    ),
);
