import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPythonWheel, pythonSdkVersion, wheelName } from '../python-wheel.ts';
import { REPOSITORY } from '../release.ts';

/**
 * The Python SDK's wheel as `npm run release` writes it (tools/release/python-wheel.ts), built
 * here alone (cheap: no server is built): the same sources give the same bytes, and the wheel
 * installs with pip into a fresh virtual environment that sees Debian's python3-cryptography, and
 * imports there — from outside the repository, so nothing but the wheel is on the path.
 */
const exec = promisify(execFile);
let dir = '';
let version = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-wheel-'));
  version = await pythonSdkVersion(REPOSITORY);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('is deterministic: two builds from the same sources are the same bytes', async () => {
  const first = await buildPythonWheel(REPOSITORY, dir, version, 1_790_000_000);
  const bytes = await readFile(first);
  const second = await buildPythonWheel(REPOSITORY, dir, version, 1_790_000_000);
  expect(second).toBe(join(dir, wheelName(version)));
  expect((await readFile(second)).equals(bytes)).toBe(true);
  await expect(buildPythonWheel(REPOSITORY, dir, '9.9.9', 0)).rejects.toThrow(/must agree/);
});

it('installs into a fresh virtual environment with pip and imports', async () => {
  const wheel = await buildPythonWheel(REPOSITORY, dir, version, 1_790_000_000);
  const venv = join(dir, 'venv');
  const env = { PATH: '/usr/bin:/bin', HOME: dir, PIP_NO_INDEX: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  await exec('/usr/bin/python3', ['-m', 'venv', '--system-site-packages', venv], { env, cwd: dir });
  // --no-index: nothing is fetched; the cryptography>=38 requirement is met by Debian's package.
  const installed = await exec(join(venv, 'bin', 'pip'), ['install', '--no-index', wheel], { env, cwd: dir });
  expect(installed.stdout).toContain(`Successfully installed airlock-sdk-${version}`);
  const script = 'import airlock_sdk, json; print(json.dumps({"version": airlock_sdk.__version__, "file": airlock_sdk.__file__, "key": airlock_sdk.parse_license_key("j7ab22xn317qvkkcsc4jszzs4")}))';
  const imported = await exec(join(venv, 'bin', 'python'), ['-c', script], { env, cwd: dir });
  const answer = JSON.parse(imported.stdout) as { version: string; file: string; key: string };
  expect(answer.version).toBe(version);
  expect(answer.file.startsWith(join(venv, 'lib'))).toBe(true);
  expect(answer.key).toBe('J7AB2-2XN31-7QVKK-CSC4J-SZZS4');
  // `pip check` judges every distribution the environment sees, the host's own included (Debian's
  // python3-gi, installed without python3-cairo, fails it): only the SDK's requirements must hold.
  const checked = await exec(join(venv, 'bin', 'pip'), ['check'], { env, cwd: dir }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const verdicts = checked.stdout.split('\n').filter((line) => line.trim() !== '');
  expect(verdicts.length).toBeGreaterThan(0);
  for (const verdict of verdicts) expect(verdict).toMatch(/^No broken requirements found\.$|, which is not installed\.$|has requirement .*, but you have /);
  expect(verdicts.filter((verdict) => /^airlock[-_]sdk\b/i.test(verdict))).toEqual([]);
  const shown = await exec(join(venv, 'bin', 'pip'), ['show', 'airlock-sdk'], { env, cwd: dir });
  expect(shown.stdout).toMatch(/^Requires: cryptography$/m);
}, 120_000);
