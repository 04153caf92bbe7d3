import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The Python SDK's own tests (stdlib unittest, sdks/python/tests) under Debian's Python and
 * python3-cryptography, the floor the SDK supports: run here so that CI runs them.
 */
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

it('passes its unittest suite on /usr/bin/python3', () => {
  const run = spawnSync('/usr/bin/python3', ['-m', 'unittest', 'discover', '-s', 'sdks/python/tests'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 300_000,
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
}, 300_000);
