import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCommand } from '@airlock/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, startAuthority, type RunningAuthority } from '../src/index.ts';

/**
 * The README's offline cycle ("The offline cycle from the command line") as a reader runs it:
 * every fenced block marked `<!-- offline-cycle … -->`, in order, line by line in one bash
 * session, with `airlock` on the PATH, against an authority started as `npm start` starts it
 * (its first administrator with a one-time password) and a real site. Two things differ from a
 * reader's terminal, both said here: the authority listens on a free port named by AIRLOCK_URL
 * (not 7300), and the line `airlock site start` — a server, in its own terminal in the README —
 * is started in the background on a free port (AIRLOCK_SITE_URL) and waited for.
 */
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repository, 'packages/cli/bin/airlock.js');
const NEW_PASSWORD = 'the vendor administrator password';

/** The marked blocks' command lines, in the README's order. */
export function offlineCycleBlocks(readme: string): string[][] {
  const blocks = [...readme.matchAll(/<!-- offline-cycle[^>]*-->\n```sh\n([\s\S]*?)```/g)];
  return blocks.map((block) => block[1]!.split('\n').filter((line) => line.trim() !== ''));
}

/** A server line the test starts in the background, waiting for it to listen, instead of running it in the foreground. */
function inBackground(line: string): string {
  return [
    `${line.replace(/\s+#.*$/, '')} --port 0 >site.out 2>site.log & echo $! >site.pid`,
    "for i in $(seq 1 600); do grep -q 'listening on' site.log && break; sleep 0.1; done",
    "export AIRLOCK_SITE_URL=$(grep -o 'http://127.0.0.1:[0-9]*' site.log | head -n 1)",
  ].join('\n');
}

/** One bash script: each README line, announced on stdout, the script stopping at the first that fails. */
export function scriptOf(blocks: readonly (readonly string[])[]): string {
  const lines = blocks.flat().map((line, i) => {
    const run = /^airlock site start\b/.test(line) ? inBackground(line) : line;
    return `echo ${JSON.stringify(`### ${i + 1}: ${line}`)
      .replace(/\$/g, '\\$')
      .replace(/`/g, '\\`')}\n${run}`;
  });
  return ['set -euo pipefail', ...lines].join('\n');
}

describe('the README offline cycle', () => {
  let authority: RunningAuthority;
  let root: string;
  let home: string;
  let work: string;
  let oneTimePassword = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-readme-'));
    [home, work] = [join(root, 'home'), join(root, 'work')];
    await mkdir(home);
    await mkdir(work);
    await mkdir(join(root, 'bin'));
    // The workspace's `airlock`, compiled: each line runs `airlock-authority` or `airlock-site` (`processCommand`).
    const compiled = processCommand(bin, [], {});
    await writeFile(join(root, 'bin', 'airlock'), `#!/bin/sh\nexec ${[compiled.command, ...compiled.args].map((word) => `"${word}"`).join(' ')} "$@"\n`);
    await chmod(join(root, 'bin', 'airlock'), 0o755);
    const said: string[] = [];
    const env = {
      AIRLOCK_DATA_DIR: join(root, 'authority'),
      AIRLOCK_PORT: '0',
      AIRLOCK_LOG_LEVEL: 'silent',
      AIRLOCK_KEY_PASSPHRASE: 'the readme test passphrase',
    };
    authority = await startAuthority(readConfig(env), (line) => said.push(line));
    oneTimePassword = /one-time password: (\S+) \(/.exec(said.join('\n'))?.[1] ?? '';
  }, 120_000);
  afterAll(async () => {
    const pid = Number(await readFile(join(work, 'site.pid'), 'utf8').catch(() => ''));
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // It stopped already.
      }
    }
    await authority.close();
    await rm(root, { recursive: true, force: true });
  });

  it('has the cycle in its marked blocks, with no curl', async () => {
    const blocks = offlineCycleBlocks(await readFile(join(repository, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    const lines = blocks.flat();
    expect(lines.filter((line) => /\bcurl\b/.test(line))).toEqual([]);
    for (const step of [
      'airlock login',
      'airlock product create',
      'airlock license-type create',
      'airlock policy create',
      'airlock customer create',
      'airlock customer purchases',
      'airlock offline-request approve',
      'airlock site register',
      'airlock token issue',
      'airlock site token install',
      'airlock site lfr generate',
      'airlock lfr upload',
      'airlock olf issue',
      'airlock site olf install',
    ]) {
      expect(
        lines.some((line) => line.includes(step)),
        step,
      ).toBe(true);
    }
  });

  it('runs every line, from signing in to a licensed site, with the CLI alone', async () => {
    const blocks = offlineCycleBlocks(await readFile(join(repository, 'README.md'), 'utf8'));
    // The environment of the compiled `airlock` (NODE_OPTIONS without the source condition).
    const { env } = processCommand(bin, [], {
      PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}`,
      HOME: home,
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
      AIRLOCK_URL: authority.url,
      ONE_TIME_PASSWORD: oneTimePassword,
      NEW_PASSWORD,
    });
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', scriptOf(blocks)], { env, cwd: work, timeout: 280_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/Changed the one-time password and signed in to http:\/\/127\.0\.0\.1:\d+ as admin@localhost\./);
    expect(run.stdout).toMatch(/offline-licensing request:\n {2}[0-9a-f-]{36} {2}acme {2}pending {2}air-gapped/);
    expect(run.stdout).toMatch(/Approved offline licensing for customer acme/);
    expect(run.stdout).toMatch(/Wrote offline license file \S+ to .*license\.olf\./);
    expect(run.stdout).toMatch(/Installed offline license file \S+ on tenant default: bot-runner 10, /);
    expect(run.stdout).toMatch(/Tenant default \(Registration Key [0-9A-Z-]+\): active\n/);
    const credentials = join(home, '.config', 'airlock', 'credentials.json');
    expect((await stat(credentials)).mode & 0o777).toBe(0o600);
  }, 300_000);
});
