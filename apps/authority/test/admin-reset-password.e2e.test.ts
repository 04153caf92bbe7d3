import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCommand } from '@airlock/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { startAuthority, type RunningAuthority } from '../src/main.ts';
import { freshPostgresDatabase } from './harness.ts';

/**
 * `airlock authority admin reset-password` and `admin list`, run as processes on the server
 * against a real embedded data directory (refused while the authority holds it) and against
 * PostgreSQL (while the authority runs).
 */
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repository, 'packages/cli/bin/airlock.js');
const PASSPHRASE = 'the admin reset test passphrase';
const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the workspace's `airlock` as a process (compiled, as `airlock-authority`: `processCommand`), with only the environment given. */
function airlock(args: readonly string[], env: Record<string, string>): Promise<Run> {
  const run = processCommand(bin, args, { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env });
  return new Promise((resolve) => {
    execFile(run.command, run.args, { cwd: repository, env: run.env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the authority as `npm start` does, and keeps what it says once (the first password). */
async function start(env: Record<string, string>): Promise<{ authority: RunningAuthority; said: string }> {
  const said: string[] = [];
  const authority = await startAuthority(readConfig({ AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'silent', AIRLOCK_KEY_PASSPHRASE: PASSPHRASE, ...env }), (line) =>
    said.push(line),
  );
  return { authority, said: said.join('\n') };
}

async function login(authority: RunningAuthority, password: string): Promise<{ status: number; code?: string; mustChangePassword?: boolean; cookie: string }> {
  const response = await fetch(`${authority.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@localhost', password }),
  });
  const body = (await response.json()) as { code?: string; mustChangePassword?: boolean };
  return { status: response.status, ...body, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]! };
}

async function meStatus(authority: RunningAuthority, cookie: string): Promise<number> {
  return (await fetch(`${authority.url}/v1/auth/me`, { headers: { cookie } })).status;
}

const oneTimePasswordIn = (text: string) => /one-time password(?: for admin@localhost)?: (\S+) \(/.exec(text)?.[1] ?? '';

describe('airlock authority admin on an embedded data directory', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-admin-reset-'));
    env = { AIRLOCK_DATA_DIR: join(root, 'authority') };
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses while the authority holds the directory, then resets the password once it stopped, ending the sessions', async () => {
    const running = await start(env);
    const first = oneTimePasswordIn(running.said);
    expect(first).not.toBe('');
    const session = await login(running.authority, first);
    expect(session.status).toBe(200);

    const held = await airlock(['authority', 'admin', 'reset-password', '--email', 'admin@localhost'], env);
    expect(held.code).toBe(3);
    expect(held.stderr).toContain('is held by a running authority: stop the server, or run it against PostgreSQL (DATABASE_URL)');
    expect(held.stdout).toBe('');
    expect(await meStatus(running.authority, session.cookie)).toBe(200);
    await running.authority.close();

    const unknown = await airlock(['authority', 'admin', 'reset-password', '--email', 'nobody@vendor.example'], env);
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({
      code: 3,
      stderr: 'airlock: no administrator has the e-mail address nobody@vendor.example (airlock authority admin list shows them): nothing was changed\n',
    });

    const reset = await airlock(['authority', 'admin', 'reset-password', '--email', 'Admin@Localhost'], env);
    expect(reset.code, reset.stderr).toBe(0);
    const password = oneTimePasswordIn(reset.stdout);
    expect(password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){4}$/);
    expect(reset.stdout).toContain('Their sessions have ended.');

    const listed = await airlock(['authority', 'admin', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ email: 'admin@localhost', mustChangePassword: true, disabledAt: null })]);

    const again = await start(env);
    try {
      expect(oneTimePasswordIn(again.said)).toBe('');
      expect(await meStatus(again.authority, session.cookie)).toBe(401);
      expect(await login(again.authority, first)).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect(await login(again.authority, password)).toMatchObject({ status: 200, mustChangePassword: true });
    } finally {
      await again.authority.close();
    }
  }, 240_000);

  it('refuses a directory that holds no database, creating none', async () => {
    const run = await airlock(['authority', 'admin', 'list', '--data-dir', join(root, 'elsewhere')], {});
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`no authority database in ${join(root, 'elsewhere', 'pglite')}`);
  }, 60_000);
});

describe.runIf(postgresUrl)('airlock authority admin on PostgreSQL, while the authority runs', () => {
  let fresh: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let running: Awaited<ReturnType<typeof start>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    fresh = await freshPostgresDatabase(postgresUrl!);
    if (fresh.config.kind !== 'postgres') throw new Error('expected a PostgreSQL store');
    env = { DATABASE_URL: fresh.config.url };
    running = await start(env);
  }, 120_000);
  afterAll(async () => {
    await running.authority.close();
    await fresh.dispose();
  });

  it('resets the password at once: the session ends, the new one-time password signs in, and the audit says it was done on the server', async () => {
    const first = oneTimePasswordIn(running.said);
    const session = await login(running.authority, first);
    expect(await meStatus(running.authority, session.cookie)).toBe(200);

    const reset = await airlock(['authority', 'admin', 'reset-password', '--email', 'admin@localhost', '--json'], env);
    expect(reset.code, reset.stderr).toBe(0);
    const { password } = JSON.parse(reset.stdout) as { password: string };
    expect(await meStatus(running.authority, session.cookie)).toBe(401);
    expect(await login(running.authority, first)).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect(await login(running.authority, password)).toMatchObject({ status: 200, mustChangePassword: true });

    const { openDatabase } = await import('../src/db/database.ts');
    const database = await openDatabase(fresh.config);
    try {
      const events = await database.db.selectFrom('audit_events').select(['actor', 'after']).where('action', '=', 'admin.password-reset').execute();
      expect(events).toEqual([
        { actor: expect.stringMatching(/^server:.+@.+$/), after: { email: 'admin@localhost', mustChangePassword: true, sessionsEnded: 1 } },
      ]);
      expect(JSON.stringify(events)).not.toContain(password);
    } finally {
      await database.close();
    }
  }, 120_000);
});
