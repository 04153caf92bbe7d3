import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * libairlock's own tests (sdks/c/Makefile, `make test`): every vector of
 * packages/core/vectors/vectors.json read or refused in C, the offline round trip, the C++
 * smoke test, only airlock_* exported, and valgrind finding no leak.
 */
const sdk = fileURLToPath(new URL('..', import.meta.url));

it('passes make test in sdks/c', () => {
  const run = spawnSync('make', ['-C', sdk, 'test'], { encoding: 'utf8', timeout: 600_000 });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toMatch(/21\/21 valid read, 9\/9 altered refused/);
}, 600_000);
