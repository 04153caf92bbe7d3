import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Input, Io } from '@airlock/cli-kit';
import { base32Decode, totpCode } from '@airlock/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { startAuthority, type RunningAuthority } from '../main.ts';
import { main } from './main.ts';

/**
 * `airlock login` and `airlock logout` against an authority started as `npm start` starts it (its
 * first administrator with a one-time password), with a HOME of the test's own: the credentials
 * file, its mode, and the commands that use it when AIRLOCK_URL and AIRLOCK_TOKEN are not set.
 */
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** A terminal that answers the questions it is asked in turn, or piped lines. */
function terminal(answers: readonly string[]): Input & { readonly asked: string[] } {
  const queue = [...answers];
  const asked: string[] = [];
  return { isTTY: true, asked, lines: () => Promise.resolve([]), secret: (question) => (asked.push(question), Promise.resolve(queue.shift() ?? '')) };
}
function piped(text: string): Input {
  return { isTTY: false, lines: () => Promise.resolve(text.split('\n')), secret: () => Promise.reject(new Error('no terminal')) };
}

const NEW_PASSWORD = 'a new password for the cli test';

describe('airlock login and logout', () => {
  let authority: RunningAuthority;
  let dataDir: string;
  let home: string;
  let oneTimePassword = '';

  async function airlock(args: readonly string[], options: { input?: Input; env?: Record<string, string> } = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      env: { HOME: home, ...options.env },
      cwd: home,
      out: (text) => (stdout += `${text}\n`),
      err: (text) => (stderr += `${text}\n`),
      ...(options.input ? { input: options.input } : {}),
    };
    const code = await main(args, io);
    return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
  }
  const credentialsFile = () => join(home, '.config', 'airlock', 'credentials.json');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'airlock-login-data-'));
    home = await mkdtemp(join(tmpdir(), 'airlock-login-home-'));
    const said: string[] = [];
    authority = await startAuthority(
      readConfig({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'silent', AIRLOCK_KEY_PASSPHRASE: 'the login test passphrase' }),
      (line) => said.push(line),
    );
    oneTimePassword = /one-time password: (\S+) \(/.exec(said.join('\n'))?.[1] ?? '';
    expect(oneTimePassword).not.toBe('');
  }, 120_000);
  afterAll(async () => {
    await authority.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('asks for the password only on a terminal, never on the command line', async () => {
    const run = await airlock(['login', '--url', authority.url], { input: piped('') });
    expect({ code: run.code, stderr: run.stderr.split('\n')[0] }).toEqual({
      code: 2,
      stderr: 'airlock: no terminal to ask the password on: pipe it with --password-stdin',
    });
    expect((await airlock(['login', '--url', authority.url, '--password', 'x'])).code).toBe(2);
  });

  it('refuses a one-time password piped in with no new one, with PASSWORD_CHANGE_REQUIRED and a hint, storing nothing', async () => {
    const run = await airlock(['login', '--url', authority.url, '--password-stdin', '--json'], { input: piped(`${oneTimePassword}\n`) });
    expect(run.code).toBe(1);
    expect(run.json()).toEqual({ error: expect.objectContaining({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' }) });
    expect(run.stderr).toContain('--new-password-stdin');
    await expect(stat(credentialsFile())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("refuses a wrong password with the authority's code", async () => {
    const run = await airlock(['login', '--url', authority.url, '--password-stdin'], { input: piped('not the password at all\n') });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(/^airlock: refused: INVALID_CREDENTIALS: /);
  });

  it('on a terminal, changes nothing when the new password is not typed the same twice', async () => {
    const run = await airlock(['login', '--url', authority.url], { input: terminal([oneTimePassword, NEW_PASSWORD, `${NEW_PASSWORD}!`]) });
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('airlock: the two new passwords differ: nothing was changed'),
    });
    await expect(stat(credentialsFile())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('on a terminal, changes the one-time password, and stores the token readable by the user alone', async () => {
    const tty = terminal([oneTimePassword, NEW_PASSWORD, NEW_PASSWORD]);
    const run = await airlock(['login', '--url', authority.url, '--json'], { input: tty });
    expect(run.code, run.stderr).toBe(0);
    expect(tty.asked).toEqual(['Password: ', 'New password: ', 'New password again: ']);
    expect(run.stderr).toContain('one-time password');
    expect(run.json()).toMatchObject({ url: authority.url, email: 'admin@localhost', passwordChanged: true, file: credentialsFile() });
    expect((await stat(credentialsFile())).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, '.config', 'airlock'))).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(await readFile(credentialsFile(), 'utf8')) as { url: string; token: string; tokenId: string };
    expect(stored).toMatchObject({ url: authority.url, token: expect.stringMatching(/^alk_/), tokenId: run.json<{ tokenId: string }>().tokenId });

    const listed = await airlock(['customer', 'list', '--json']);
    expect({ code: listed.code, out: listed.json() }).toEqual({ code: 0, out: [] });
    const created = await airlock(['product', 'create', '--id', 'automation', '--name', 'Automation']);
    expect({ code: created.code, stdout: created.stdout }).toEqual({ code: 0, stdout: 'Created product automation (Automation).\n' });
  });

  it('never sends the stored token to another authority than the one it was made by, and prefers a token given', async () => {
    const other = await airlock(['customer', 'list', '--json'], { env: { AIRLOCK_URL: `${authority.url}/` } });
    expect(other.code, other.stderr).toBe(0);
    const elsewhere = await airlock(['customer', 'list', '--url', 'http://127.0.0.1:9', '--json']);
    expect(elsewhere.code).toBe(3);
    const explicit = await airlock(['customer', 'list'], { env: { AIRLOCK_URL: authority.url, AIRLOCK_TOKEN: 'alk_not_a_real_token' } });
    expect(explicit.stderr).toMatch(/refused: UNAUTHENTICATED/);
  });

  it('signs in again from piped lines, revoking the token it replaces', async () => {
    const before = JSON.parse(await readFile(credentialsFile(), 'utf8')) as { token: string };
    const run = await airlock(['login', '--url', authority.url, '--password-stdin'], { input: piped(`${NEW_PASSWORD}\n`) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Signed in to ${authority.url} as admin@localhost\\. The CLI's API token [0-9a-f-]+ is stored in ${credentialsFile()}\\.\\n$`),
    );
    const old = await airlock(['customer', 'list'], { env: { AIRLOCK_URL: authority.url, AIRLOCK_TOKEN: before.token } });
    expect({ code: old.code, stderr: old.stderr }).toEqual({ code: 1, stderr: expect.stringContaining('refused: UNAUTHENTICATED') });
  });

  it('logs out: the token is revoked at the authority and the file is gone', async () => {
    const stored = JSON.parse(await readFile(credentialsFile(), 'utf8')) as { token: string; tokenId: string };
    const run = await airlock(['logout']);
    expect({ code: run.code, stdout: run.stdout }).toEqual({
      code: 0,
      stdout: `Revoked the CLI's API token ${stored.tokenId} at ${authority.url}; deleted the stored credentials.\n`,
    });
    await expect(stat(credentialsFile())).rejects.toMatchObject({ code: 'ENOENT' });
    const revoked = await airlock(['customer', 'list'], { env: { AIRLOCK_URL: authority.url, AIRLOCK_TOKEN: stored.token } });
    expect(revoked.stderr).toMatch(/refused: UNAUTHENTICATED/);
    const signedOut = await airlock(['customer', 'list'], { env: { AIRLOCK_URL: authority.url } });
    expect(signedOut.stderr).toMatch(/refused: UNAUTHENTICATED/);
    expect((await airlock(['logout'])).stdout).toBe('Not signed in: there are no stored credentials.\n');
  });

  it('logs out with the authority gone, deleting the file and saying the token must be revoked in the console', async () => {
    const config = join(home, 'xdg');
    await mkdir(join(config, 'airlock'), { recursive: true });
    const file = join(config, 'airlock', 'credentials.json');
    await writeFile(
      file,
      JSON.stringify({
        url: 'http://127.0.0.1:9',
        token: 'alk_gone',
        tokenId: '00000000-0000-4000-8000-000000000000',
        email: 'admin@localhost',
        createdAt: '2026-12-06T00:00:00Z',
      }),
    );
    const run = await airlock(['logout', '--json'], { env: { XDG_CONFIG_HOME: config } });
    expect({ code: run.code, out: run.json() }).toEqual({
      code: 0,
      out: { signedIn: false, url: 'http://127.0.0.1:9', tokenId: '00000000-0000-4000-8000-000000000000', revoked: 'unreachable' },
    });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('says so when the credentials file is not one it wrote', async () => {
    await mkdir(join(home, '.config', 'airlock'), { recursive: true });
    await writeFile(credentialsFile(), 'not json');
    const run = await airlock(['customer', 'list']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 3,
      stderr: `airlock: ${credentialsFile()} is not an airlock credentials file: run airlock login again (or delete it)\n`,
    });
    await rm(credentialsFile());
  });
});

/**
 * `airlock login` for an administrator with two-factor sign-in, against an authority of its own:
 * the sign-in attempts a minute are limited per address, and the suite above spends them.
 */
describe('airlock login with two-factor sign-in', () => {
  let mfaAuthority: RunningAuthority;
  let dataDir: string;
  let home: string;
  const NEW_PASSWORD = 'the two-factor cli test password';

  async function signInCli(args: readonly string[], options: { input?: Input } = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      env: { HOME: home },
      cwd: home,
      out: (text) => (stdout += `${text}\n`),
      err: (text) => (stderr += `${text}\n`),
      ...(options.input ? { input: options.input } : {}),
    };
    const code = await main(args, io);
    return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'airlock-login-mfa-data-'));
    home = await mkdtemp(join(tmpdir(), 'airlock-login-mfa-home-'));
    const said: string[] = [];
    mfaAuthority = await startAuthority(
      readConfig({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'silent', AIRLOCK_KEY_PASSPHRASE: 'the login mfa test passphrase' }),
      (line) => said.push(line),
    );
    const oneTime = /one-time password: (\S+) \(/.exec(said.join('\n'))?.[1] ?? '';
    const first = await signInCli(['login', '--url', mfaAuthority.url, '--password-stdin', '--new-password-stdin'], {
      input: piped(`${oneTime}\n${NEW_PASSWORD}\n`),
    });
    expect(first.code, first.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await mfaAuthority.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('asks for the authenticator code of an account with two-factor sign-in, or reads it piped after the password', async () => {
    const post = async (path: string, body: unknown, cookie?: string) => {
      const response = await fetch(`${mfaAuthority.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-airlock-csrf': '1', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      return { cookie: response.headers.get('set-cookie')?.split(';')[0], body: (await response.json()) as Record<string, unknown> };
    };
    const { cookie } = await post('/v1/auth/sign-in', { email: 'admin@localhost', password: NEW_PASSWORD });
    const started = await post('/v1/auth/mfa/enrolment', {}, cookie);
    const secret = base32Decode(started.body.secret as string)!;
    const { recoveryCodes } = (await post('/v1/auth/mfa/enrolment/confirm', { code: totpCode(secret, new Date()) }, cookie)).body as {
      recoveryCodes: string[];
    };

    const tty = terminal([NEW_PASSWORD, recoveryCodes[0]!]);
    const asked = await signInCli(['login', '--url', mfaAuthority.url, '--json'], { input: tty });
    expect(asked.code, asked.stderr).toBe(0);
    expect(tty.asked).toEqual(['Password: ', 'Authenticator code (or a recovery code): ']);

    const noCode = await signInCli(['login', '--url', mfaAuthority.url, '--password-stdin', '--json'], { input: piped(`${NEW_PASSWORD}\n`) });
    expect({ code: noCode.code, out: noCode.json() }).toEqual({ code: 1, out: { error: expect.objectContaining({ code: 'MFA_REQUIRED' }) } });
    const spent = await signInCli(['login', '--url', mfaAuthority.url, '--password-stdin', '--mfa-code-stdin', '--json'], {
      input: piped(`${NEW_PASSWORD}\n${recoveryCodes[0]!}\n`),
    });
    expect({ code: spent.code, out: spent.json() }).toEqual({ code: 1, out: { error: expect.objectContaining({ status: 401, code: 'MFA_CODE_INVALID' }) } });
    const piped2 = await signInCli(['login', '--url', mfaAuthority.url, '--password-stdin', '--mfa-code-stdin'], {
      input: piped(`${NEW_PASSWORD}\n${recoveryCodes[1]!}\n`),
    });
    expect(piped2.code, piped2.stderr).toBe(0);
    expect(piped2.stdout).toMatch(/^Signed in to /);
  });
});
