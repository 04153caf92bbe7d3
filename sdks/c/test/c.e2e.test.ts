import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * libairlock's own tests (sdks/c/Makefile, `make test`): every vector of
 * packages/core/vectors/vectors.json read or refused in C, the offline round trip, the C++
 * smoke test, only airlock_* exported, and valgrind finding no leak.
 */
const sdk = fileURLToPath(new URL('..', import.meta.url));
/** Held while building sdks/c/build/: the e2e tier runs its files side by side. */
const buildLock = join(sdk, '.build.lock');

it('passes make test in sdks/c', () => {
  const run = spawnSync('flock', [buildLock, 'make', '-C', sdk, 'test'], { encoding: 'utf8', timeout: 600_000 });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toMatch(/21\/21 valid read, 9\/9 altered refused/);
}, 600_000);

it('builds, installs and links from its source release (make dist), as a user of the tarball would', async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'libairlock-dist-'));
  const sh = (command: string, cwd: string, env: Record<string, string> = {}) => {
    const run = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
    expect(run.status, `${command}\n${run.stdout}\n${run.stderr}`).toBe(0);
    return run.stdout;
  };
  try {
    const tarball = sh(`make -s dist DIST_DIR=${scratch}`, sdk).trim();
    expect(tarball).toMatch(/libairlock-\d+\.\d+\.\d+\.tar\.gz$/);
    sh(`tar -xzf ${tarball}`, scratch);
    const source = join(scratch, tarball.slice(scratch.length + 1).replace(/\.tar\.gz$/, ''));
    sh(`make -s all && make -s install PREFIX=${scratch}/prefix`, source);
    const pkg = { PKG_CONFIG_PATH: `${scratch}/prefix/lib/pkgconfig` };
    sh(
      `cc -std=c11 -Wall -Werror examples/example.c $(pkg-config --cflags --libs airlock) -Wl,-rpath,${scratch}/prefix/lib -o ${scratch}/example`,
      source,
      pkg,
    );
    const usage = spawnSync(join(scratch, 'example'), [], { encoding: 'utf8' });
    expect([usage.status, usage.stderr]).toEqual([64, expect.stringMatching(/^usage: /) as unknown]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}, 600_000);
