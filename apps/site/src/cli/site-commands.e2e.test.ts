import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { days, generateKeyPair, hours, issueEnablementToken, issueOfflineLicenseFile, openLicenseFileRequest, type SiteEntitlement } from '@airlock/core';
import { utcDate } from '@airlock/core/internal';
import { createTestAuthority, seededRandom, type TestAuthority } from '@airlock/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine, type CommandRun } from '@airlock/cli-kit/testing';
import { processCommand } from '@airlock/http/testing';
import { main } from './main.ts';

/**
 * The site's commands as an operator runs them: the site is a real `airlock site start` process,
 * the other command lines talk to it over HTTP (most run in this process, see `airlock`). A test authority
 * issues the real documents carried between them; the site's time comes from a test clock file.
 */
const bin = fileURLToPath(new URL('../../../../packages/cli/bin/airlock.js', import.meta.url));
const NOW = new Date('2026-11-23T10:00:00Z');

describe('the airlock site commands', () => {
  let files: string;
  let env: Record<string, string>;
  let authority: TestAuthority;
  let siteProcess: ChildProcess;
  let siteUrl: string;
  let guid: string;
  const stderr: string[] = [];
  let issued = 0;
  let adminPassword: string;

  /**
   * Runs one command line in this process, through the `main` the `airlock-site` executable runs,
   * with the same environment, directory and output a process would get: a process costs seconds
   * of start-up, and the suite runs some sixty command lines. The executable itself is run as a
   * process where it matters (`airlockProcess`: `site start`, exit codes).
   */
  function airlock(args: readonly string[], extra: Record<string, string> = {}): Promise<CommandRun> {
    return runCommandLine(main, args, { env: { ...env, AIRLOCK_SITE_URL: siteUrl, ...extra }, cwd: files });
  }

  /** Runs one command line as a real `airlock` process (compiled, as `airlock-site` runs it: `processCommand`), in `cwd`. */
  function airlockProcess(args: readonly string[], extra: Record<string, string> = {}, cwd = files): Promise<CommandRun> {
    const run = processCommand(bin, args, { ...env, AIRLOCK_SITE_URL: siteUrl, ...extra });
    return new Promise((resolve) => {
      execFile(run.command, run.args, { env: run.env, cwd }, (error, stdout, stderrText) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr: stderrText, json: <T>() => JSON.parse(stdout) as T });
      });
    });
  }

  async function token(): Promise<string> {
    const { text } = await issueEnablementToken(
      {
        customerId: 'acme',
        siteGuid: guid,
        lifetime: hours(24),
        minimumSiteVersion: null,
        authorityEncryptionKey: authority.encryptionCertificate,
        cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
      },
      { now: NOW, random: seededRandom(`cli-token-${issued++}`), signer: authority.signer },
    );
    return text;
  }

  async function answer(lfrFile: string, entitlements: SiteEntitlement[]): Promise<string> {
    const lfr = await openLicenseFileRequest(await readFile(join(files, lfrFile), 'utf8'), {
      now: NOW,
      rootKid: authority.root.kid,
      encryptionKey: authority.encryptionKey,
    });
    const { text } = await issueOfflineLicenseFile(
      lfr,
      { start: utcDate(NOW), end: '2027-11-22', entitlements },
      { now: NOW, random: seededRandom(`cli-olf-${issued++}`), signer: authority.signer },
    );
    return text;
  }

  async function startSite(): Promise<void> {
    const run = processCommand(bin, ['site', 'start', '--port', '0'], env);
    siteProcess = spawn(run.command, run.args, { env: run.env, cwd: files, stdio: ['ignore', 'ignore', 'pipe'] });
    siteUrl = await new Promise<string>((resolve, reject) => {
      let text = '';
      siteProcess.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        stderr.push(chunk.toString());
        const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (listening) resolve(listening[1]!);
      });
      siteProcess.once('exit', (code) => reject(new Error(`airlock site start exited ${code}: ${text}`)));
    });
  }

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'airlock-site-cli-'));
    authority = await createTestAuthority('site-cli');
    await writeFile(join(files, 'root.jwk'), `${JSON.stringify(authority.root.publicJwk)}\n`);
    await writeFile(join(files, 'clock'), NOW.toISOString());
    env = {
      PATH: process.env.PATH ?? '',
      AIRLOCK_SITE_DATA_DIR: join(files, 'data'),
      AIRLOCK_SITE_WITNESS_DIR: join(files, 'witness'),
      AIRLOCK_SITE_PASSPHRASE: 'the cli site passphrase',
      AIRLOCK_SITE_LOG_LEVEL: 'silent',
      AIRLOCK_SITE_TEST_CLOCK_FILE: join(files, 'clock'),
    };
    siteUrl = 'http://127.0.0.1:9';
  }, 60_000);
  afterAll(async () => {
    if (siteProcess && siteProcess.exitCode === null) siteProcess.kill('SIGKILL');
    await rm(files, { recursive: true, force: true });
  });

  it('initialises a site once, with a Registration Key per tenant', async () => {
    const run = await airlock(['site', 'init', '--root-key', 'root.jwk', '--tenant', 'default', '--tenant', 'blue', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const site = run.json<{
      guid: string;
      rootKid: string;
      tenants: { tenant: string; registrationKey: string }[];
      administrator: { account: string; password: string };
    }>();
    expect(site).toMatchObject({
      rootKid: authority.root.kid,
      tenants: [{ tenant: 'default' }, { tenant: 'blue' }],
      administrator: { account: 'admin', password: expect.stringMatching(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){4}$/) },
      operatorTokenFile: join(files, 'data', 'operator.token'),
    });
    guid = site.guid;
    adminPassword = site.administrator.password;

    const again = await airlock(['site', 'init', '--root-key', 'root.jwk']);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: SITE_ALREADY_INITIALISED: /m) });
    const noPassphrase = await airlock(['site', 'init', '--root-key', 'root.jwk', '--data-dir', 'other'], { AIRLOCK_SITE_PASSPHRASE: '' });
    expect({ code: noPassphrase.code, stderr: noPassphrase.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(/^airlock: set AIRLOCK_SITE_PASSPHRASE or AIRLOCK_SITE_PASSPHRASE_FILE/),
    });
    await writeFile(join(files, 'not-a-key.txt'), 'hello');
    expect((await airlock(['site', 'init', '--root-key', 'not-a-key.txt', '--data-dir', 'other'])).stderr).toMatch(/refused: KEY_INVALID/);
  });

  it('exits 3 while no site runs, and 2 on a usage error', async () => {
    const closed = await airlockProcess(['site', 'status', '--json']);
    expect(closed.code).toBe(3);
    expect(closed.json()).toEqual({ error: { message: expect.stringContaining('cannot reach the site at http://127.0.0.1:9') } });
    expect((await airlockProcess(['site', 'reassign', '--type', 'bot-runner', '--from', 'ana'])).code).toBe(2);
    expect((await airlockProcess(['site', 'token', 'install'])).code).toBe(2);
  });

  it('runs a cycle against the running site: token, LFR, OLF, status', async () => {
    await startSite();
    expect(stderr.join('')).toContain(`Airlock site ${guid} listening on ${siteUrl}`);
    await writeFile(join(files, 'token.txt'), await token());
    const installed = await airlock(['site', 'token', 'install', 'token.txt']);
    expect({ code: installed.code, stdout: installed.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^Installed enablement token [\w-]+ \(customer acme\) on tenant default/),
    });

    const lfr = await airlock(['site', 'lfr', 'generate', '--out', 'request.lfr', '--json']);
    expect(lfr.code, lfr.stderr).toBe(0);
    expect(lfr.json()).toMatchObject({ tenant: 'default', cycle: 1, sequence: 1, file: join(files, 'request.lfr') });
    const awaiting = await airlock(['site', 'status']);
    expect(awaiting.stdout).toMatch(/^Tenant default \(Registration Key [0-9A-Z-]{19}\): awaiting-olf\n/);
    expect(awaiting.stdout).toContain(
      'cycle 1, LFR 1 (awaiting-olf): install the OLF before 2026-11-25T10:00:00.000Z (2 days left); locks at 2026-11-30T10:00:00.000Z (7 days left)',
    );

    await writeFile(
      join(files, 'license.olf'),
      await answer('request.lfr', [
        { type: 'bot-runner', category: 'seat', quantity: 2 },
        { type: 'bot-runs', category: 'meter', quantity: 50 },
      ]),
    );
    const olf = await airlock(['site', 'olf', 'install', 'license.olf']);
    expect({ code: olf.code, stdout: olf.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(/: bot-runner 2, bot-runs 50, from 2026-11-23 to 2027-11-22\.\n$/),
    });
    const status = await airlock(['site', 'status', '--json']);
    expect(status.json()).toMatchObject({
      status: 'active',
      seats: [{ type: 'bot-runner', used: 0, limit: 2 }],
      meters: [{ meter: 'bot-runs', used: 0, limit: 50 }],
    });
  });

  it('refuses a reduction below use naming the users, and installs it after they are de-provisioned', async () => {
    // Licensed applications call the site with an application key of their tenant.
    const { key } = (await airlock(['site', 'key', 'create', '--name', 'robots', '--json'])).json<{ key: string }>();
    for (const user of ['ana', 'bo']) {
      const response = await fetch(`${siteUrl}/v1/tenants/default/seats/bot-runner/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ user }),
      });
      expect(response.status, await response.text()).toBe(200);
    }
    expect((await airlock(['site', 'lfr', 'generate', '--out', 'second.lfr'])).code).toBe(0);
    await writeFile(join(files, 'reduced.olf'), await answer('second.lfr', [{ type: 'bot-runner', category: 'seat', quantity: 1 }]));
    const refused = await airlock(['site', 'olf', 'install', 'reduced.olf', '--json']);
    expect(refused.code).toBe(1);
    expect(refused.json()).toEqual({
      error: expect.objectContaining({
        code: 'SEAT_REDUCTION_BELOW_USE',
        errors: { violations: [{ type: 'bot-runner', used: 2, limit: 1, users: ['ana', 'bo'] }] },
      }),
    });

    const gone = await airlock(['site', 'deprovision', 'ana']);
    expect({ code: gone.code, stdout: gone.stdout }).toEqual({ code: 0, stdout: 'De-provisioned ana on tenant default: freed bot-runner.\n' });
    expect((await airlock(['site', 'olf', 'install', 'reduced.olf'])).code).toBe(0);
    const moved = await airlock(['site', 'reassign', '--type', 'bot-runner', '--from', 'bo', '--to', 'cy']);
    expect({ code: moved.code, stdout: moved.stdout }).toEqual({ code: 0, stdout: "Moved bo's bot-runner seat to cy on tenant default.\n" });
    const notHeld = await airlock(['site', 'reassign', '--type', 'bot-runner', '--from', 'bo', '--to', 'dee']);
    expect({ code: notHeld.code, stderr: notHeld.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: SEAT_NOT_HELD: /) });
    const usage = await airlock(['site', 'usage', '--events', '3']);
    expect(usage.stdout).toMatch(/^Tenant default, ledger at record \d+ /);
    expect(usage.stdout).toContain('    cy since 2026-11-23T10:00:00.000Z');
    expect(usage.stdout).toMatch(/#\d+ 2026-11-23T10:00:00.000Z seat-reassigned {"type":"bot-runner","from":"bo","to":"cy","by":"operator"}/);
  });

  it('keeps tenants apart, adds tenants, and names an unknown one', async () => {
    const blue = await airlock(['site', 'status', '--tenant', 'blue', '--json']);
    expect(blue.json()).toMatchObject({ tenant: 'blue', status: 'unlicensed', seats: [] });
    expect((await airlock(['site', 'tenant', 'add', 'green', '--json'])).json()).toMatchObject({ tenant: 'green', registrationKey: expect.any(String) });
    const unknown = await airlock(['site', 'status', '--tenant', 'nobody']);
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: TENANT_NOT_FOUND: /) });
    for (const id of ['..', '.', 'Green', '_green']) {
      const refused = await airlock(['site', 'tenant', 'add', id]);
      expect({ id, code: refused.code, stderr: refused.stderr }).toEqual({
        id,
        code: 1,
        stderr: expect.stringMatching(/^airlock: refused: REQUEST_INVALID: /),
      });
    }
    const removed = await airlock(['site', 'tenant', 'remove', 'green']);
    expect({ code: removed.code, stdout: removed.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^Removed tenant green;/) });
    const inUse = await airlock(['site', 'tenant', 'remove', 'default']);
    expect({ code: inUse.code, stderr: inUse.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: TENANT_IN_USE: /) });
    expect((await airlock(['site', 'tenant', 'list', '--json'])).json<{ tenant: string }[]>().map((entry) => entry.tenant)).not.toContain('green');
  });

  // A dozen processes of the command line, each starting Node.js: generous on a loaded machine.
  it('lists, revokes and configures floating seats', async () => {
    const { key } = (await airlock(['site', 'key', 'create', '--name', 'designers', '--json'])).json<{ key: string }>();
    // The one seat of bot-runner is cy's: freed, then leased to a workstation.
    expect((await airlock(['site', 'deprovision', 'cy'])).code).toBe(0);
    const deviceKey = generateKeyPair('X25519', seededRandom('cli-device')).publicJwk;
    const leased = await fetch(`${siteUrl}/v1/tenants/default/leases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ type: 'bot-runner', user: 'ana', fingerprint: 'ws-ana-01', deviceKey }),
    });
    expect(leased.status, await leased.clone().text()).toBe(200);
    const { leaseId } = (await leased.json()) as { leaseId: string };

    const list = await airlock(['site', 'leases', 'list']);
    expect({ code: list.code, stdout: list.stdout }).toEqual({
      code: 0,
      stdout: [
        'Tenant default: leases of 900 seconds, borrows of up to 7 days.',
        '',
        'type        limit  named  leased  borrowed  in use',
        'bot-runner  1      0      1       0         1',
        '',
        `lease${' '.repeat(leaseId.length - 5)}  type        kind   user  device     since                     expires`,
        `${leaseId}  bot-runner  lease  ana   ws-ana-01  2026-11-23T10:00:00.000Z  2026-11-23T10:15:00.000Z`,
        '',
      ].join('\n'),
    });
    expect((await airlock(['site', 'leases', 'list', '--json'])).json()).toMatchObject({
      tenant: 'default',
      settings: { leaseTtlSeconds: 900, borrowMaxDays: 7 },
      types: [{ type: 'bot-runner', limit: 1, named: 0, leased: 1, borrowed: 0, used: 1 }],
      leases: [
        {
          leaseId,
          kind: 'lease',
          type: 'bot-runner',
          user: 'ana',
          fingerprint: 'ws-ana-01',
          since: '2026-11-23T10:00:00.000Z',
          expiresAt: '2026-11-23T10:15:00.000Z',
        },
      ],
    });

    expect((await airlock(['site', 'leases', 'settings'])).stdout).toBe('Tenant default: leases of 900 seconds, borrows of up to 7 days.\n');
    const set = await airlock(['site', 'leases', 'settings', '--lease-ttl', '300', '--borrow-max-days', '0']);
    expect({ code: set.code, stdout: set.stdout }).toEqual({ code: 0, stdout: 'Tenant default: leases of 300 seconds, borrowing off.\n' });
    // An option left out keeps its value.
    expect((await airlock(['site', 'leases', 'settings', '--borrow-max-days', '3', '--json'])).json()).toEqual({ leaseTtlSeconds: 300, borrowMaxDays: 3 });
    expect((await airlock(['site', 'leases', 'settings', '--lease-ttl', 'five minutes'])).code).toBe(2);
    const tooShort = await airlock(['site', 'leases', 'settings', '--lease-ttl', '10']);
    expect({ code: tooShort.code, stderr: tooShort.stderr }).toEqual({
      code: 1,
      stderr: expect.stringMatching(/^airlock: refused: REQUEST_INVALID: .*leaseTtlSeconds/),
    });
    expect((await airlock(['site', 'leases', 'settings', '--json'])).json()).toEqual({ leaseTtlSeconds: 300, borrowMaxDays: 3 });

    expect((await airlock(['site', 'leases', 'revoke'])).code).toBe(2);
    const revoked = await airlock(['site', 'leases', 'revoke', leaseId]);
    expect({ code: revoked.code, stdout: revoked.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^Revoked ${leaseId} on tenant default: its seat is free\\.`)),
    });
    expect((await airlock(['site', 'leases', 'list'])).stdout).toMatch(/\nNo seat is leased or borrowed\.\n$/);
    const again = await airlock(['site', 'leases', 'revoke', leaseId]);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: LEASE_NOT_FOUND: /) });
  }, 180_000);

  it('authenticates every command: the operator token from the data directory, or --token', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'airlock-site-cli-elsewhere-'));
    try {
      const noDataDir = { AIRLOCK_SITE_DATA_DIR: '' };
      const anonymous = await airlockProcess(['site', 'status'], noDataDir, elsewhere);
      expect({ code: anonymous.code, stderr: anonymous.stderr }).toEqual({
        code: 1,
        stderr: expect.stringMatching(/^airlock: refused: UNAUTHENTICATED: .*Give --token \(or AIRLOCK_SITE_TOKEN\), or --data-dir/),
      });
      const forged = await airlock(['site', 'status', '--token', `airlock-site-op_${'x'.repeat(43)}`]);
      expect({ code: forged.code, stderr: forged.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: UNAUTHENTICATED: /) });
      const token = (await readFile(join(files, 'data', 'operator.token'), 'utf8')).trim();
      expect((await airlock(['site', 'status', '--token', token], noDataDir)).code).toBe(0);
      expect((await airlock(['site', 'status'], { ...noDataDir, AIRLOCK_SITE_TOKEN: token })).code).toBe(0);
      expect((await airlock(['site', 'status', '--data-dir', 'data'], noDataDir)).code).toBe(0);
      const missing = await airlock(['site', 'status', '--data-dir', 'nowhere'], noDataDir);
      expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: 3, stderr: expect.stringContaining("cannot read the site's operator token") });
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('manages accounts and application keys', async () => {
    const created = await airlock(['site', 'account', 'create', 'audrey', '--role', 'auditor', '--json']);
    expect(created.json()).toMatchObject({
      account: { account: 'audrey', role: 'auditor', tenant: null, mustChangePassword: true },
      password: expect.any(String),
    });
    const text = await airlock(['site', 'account', 'create', 'bea', '--role', 'tenant-admin', '--tenant', 'blue']);
    expect(text.stdout).toMatch(
      /^Created tenant-admin bea of tenant blue\. One-time password: \S+ \(shown only now; it must be changed at the first sign-in\)\.\n$/,
    );
    expect((await airlock(['site', 'account', 'create', 'cy', '--role', 'tenant-admin'])).code).toBe(2);
    expect((await airlock(['site', 'account', 'create', 'cy', '--role', 'owner'])).code).toBe(2);
    expect((await airlock(['site', 'account', 'list'])).stdout).toBe(
      ['admin  site-admin (must change password)', 'audrey  auditor (must change password)', 'bea  tenant-admin of blue (must change password)', ''].join('\n'),
    );
    expect((await airlock(['site', 'account', 'disable', 'audrey'])).stdout).toBe('Disabled audrey: its sessions are over and it can no longer sign in.\n');
    expect(
      (await airlock(['site', 'account', 'list', '--json'])).json<{ account: string; disabled: boolean }[]>().find((account) => account.account === 'audrey'),
    ).toMatchObject({ disabled: true });
    const reset = await airlock(['site', 'account', 'reset-password', 'admin', '--json']);
    expect(reset.json()).toMatchObject({ account: { account: 'admin', mustChangePassword: true }, password: expect.not.stringMatching(adminPassword) });
    const signIn = await fetch(`${siteUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'admin', password: adminPassword }),
    });
    expect(signIn.status).toBe(401);

    const key = (await airlock(['site', 'key', 'create', '--name', 'blue-robots', '--tenant', 'blue', '--json'])).json<{ id: string; key: string }>();
    expect(key).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      tenant: 'blue',
      name: 'blue-robots',
      key: expect.stringMatching(/^airlock-site-app_/),
    });
    const check = () => fetch(`${siteUrl}/v1/tenants/blue/features/export/check`, { method: 'POST', headers: { authorization: `Bearer ${key.key}` } });
    expect((await check()).status).toBe(422);
    expect(
      (await fetch(`${siteUrl}/v1/tenants/default/features/export/check`, { method: 'POST', headers: { authorization: `Bearer ${key.key}` } })).status,
    ).toBe(403);
    expect((await airlock(['site', 'key', 'list', '--tenant', 'blue'])).stdout).toMatch(new RegExp(`^${key.id}  blue-robots  created \\S+ by operator\n$`));
    expect((await airlock(['site', 'key', 'revoke', key.id, '--tenant', 'blue'])).stdout).toBe(
      `Revoked application key ${key.id} (blue-robots) of tenant blue.\n`,
    );
    expect((await check()).status).toBe(401);
    expect((await airlock(['site', 'key', 'revoke', key.id])).stderr).toMatch(/^airlock: refused: NOT_FOUND: /);
  });

  it('stops on SIGTERM after saving its state', async () => {
    const exited = new Promise<number | null>((resolve) => siteProcess.once('exit', resolve));
    siteProcess.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr.join('')).toContain('Received SIGTERM: finishing the requests under way, saving a checkpoint, then stopping.');
  });
});
