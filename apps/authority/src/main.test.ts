import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

interface AuthorityProcess {
  /** Resolves with the URL once it listens, or with null if it exits first. */
  readonly listening: Promise<string | null>;
  readonly exited: Promise<number | null>;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Runs `src/main.ts` as an operator would, in a process of its own. */
function runAuthority(env: Record<string, string>): AuthorityProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: repository,
    env: { PATH: process.env.PATH ?? '', AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string | null>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /listening on (http:\/\/\S+) /.exec(stderr)?.[1];
      if (url) resolve(url);
    });
    void exited.then(() => resolve(null));
  });
  return {
    listening,
    exited,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('the authority process', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'airlock-main-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  let rootKid: string;

  it('starts on the embedded store, makes a key file, the keys and the first administrator, and stops on SIGTERM', async () => {
    const authority = runAuthority({ AIRLOCK_DATA_DIR: dataDir });
    const url = await authority.listening;
    expect(url, authority.stderr()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(authority.stderr()).toContain(`Created the key file ${join(dataDir, 'authority.key')}`);
    expect(authority.stderr()).toMatch(/First administrator: admin@localhost, one-time password: \S+ /);
    expect((await stat(join(dataDir, 'authority.key'))).mode & 0o777).toBe(0o600);
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
    rootKid = ((await (await fetch(`${url}/v1/keys/root`)).json()) as { kid: string }).kid;
    expect(await authority.stop()).toBe(0);
    expect(authority.stderr()).toContain('Received SIGTERM');
  }, 90_000);

  it('finds its keys and its administrator again after a restart, and says nothing more about them', async () => {
    const authority = runAuthority({ AIRLOCK_DATA_DIR: dataDir });
    const url = await authority.listening;
    expect(url, authority.stderr()).not.toBeNull();
    expect(((await (await fetch(`${url}/v1/keys/root`)).json()) as { kid: string }).kid).toBe(rootKid);
    expect(authority.stderr()).not.toMatch(/Created|one-time password/);
    expect(await authority.stop()).toBe(0);
  }, 90_000);

  it('refuses to start with another passphrase than the keys were sealed under', async () => {
    const authority = runAuthority({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_KEY_PASSPHRASE: 'certainly not the key file' });
    expect(await authority.listening).toBeNull();
    expect(await authority.exited).toBe(1);
    expect(authority.stderr()).toContain('(KEY_PASSPHRASE_WRONG)');
  }, 90_000);

  it('refuses a malformed setting with exit code 2, naming the variable', async () => {
    const authority = runAuthority({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_PORT: 'eighty' });
    expect(await authority.exited).toBe(2);
    expect(authority.stderr()).toContain('AIRLOCK_PORT must be a port number');
  }, 90_000);
});
