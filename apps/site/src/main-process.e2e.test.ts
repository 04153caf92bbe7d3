import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { makeTestCertificate, runServerProcess, type ServerProcess } from '@airlock/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteOperatorToken } from './accounts/operator-token.ts';
import { initSite, type InitialisedSite } from './identity/site-identity.ts';
import { openLedger } from './ledger/index.ts';
import { systemRandom } from './main.ts';
import { START, TestAuthorityDesk, TestClock, testPasswords } from './testing/site-fixtures.ts';

/**
 * The site as its own process (`src/main.ts`), as an operator runs it: where it agrees to
 * listen, and HTTPS from PEM files, renewed without a restart.
 */
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const PASSPHRASE = 'a site passphrase for process tests';

function runSite(env: Record<string, string>): ServerProcess {
  return runServerProcess(main, repository, { AIRLOCK_SITE_PORT: '0', AIRLOCK_SITE_LOG_LEVEL: 'warn', AIRLOCK_SITE_PASSPHRASE: PASSPHRASE, ...env });
}

describe('the site process', () => {
  let root: string;
  let env: Record<string, string>;
  let site: InitialisedSite;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-site-process-'));
    const clock = new TestClock(START);
    const desk = await TestAuthorityDesk.create(clock);
    env = { AIRLOCK_SITE_DATA_DIR: join(root, 'data'), AIRLOCK_SITE_WITNESS_DIR: join(root, 'witness') };
    site = await initSite({
      dataDir: env.AIRLOCK_SITE_DATA_DIR!,
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      witnessDir: env.AIRLOCK_SITE_WITNESS_DIR!,
      siteVersion: '0.1.0',
      clock: { now: () => new Date() },
      random: systemRandom,
      openLedger,
      passwords: testPasswords,
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses plain HTTP beyond loopback unless allowed, naming what to set', async () => {
    const refused = runSite({ ...env, AIRLOCK_SITE_HOST: '0.0.0.0' });
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toContain(
      'AIRLOCK_SITE_HOST=0.0.0.0 would serve plain HTTP beyond this machine: set AIRLOCK_SITE_TLS_CERT and AIRLOCK_SITE_TLS_KEY to serve HTTPS, or AIRLOCK_SITE_ALLOW_PLAIN_HTTP=true',
    );
    const halfTls = runSite({ ...env, AIRLOCK_SITE_TLS_CERT: join(root, 'site.crt') });
    expect(await halfTls.exited).toBe(2);
    expect(halfTls.stderr()).toContain('set both AIRLOCK_SITE_TLS_CERT and AIRLOCK_SITE_TLS_KEY, or neither');
  }, 90_000);

  it('serves HTTPS from PEM files, with secure cookies, and picks up a renewed certificate without a restart', async () => {
    const certDir = await mkdtemp(join(tmpdir(), 'airlock-site-tls-'));
    try {
      const [first, second] = await Promise.all([makeTestCertificate(certDir, 'first'), makeTestCertificate(certDir, 'second')]);
      const live = { certFile: join(certDir, 'live.crt'), keyFile: join(certDir, 'live.key') };
      await copyFile(first.certFile, live.certFile);
      await copyFile(first.keyFile, live.keyFile);
      const running = runSite({ ...env, AIRLOCK_SITE_TLS_CERT: live.certFile, AIRLOCK_SITE_TLS_KEY: live.keyFile, AIRLOCK_SITE_TLS_POLL_MS: '100' });
      const url = await running.listening;
      expect(url, running.stderr()).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(running.stderr()).toContain('; serving HTTPS on 127.0.0.1.');
      const port = Number(new URL(url ?? '').port);
      const ca = [await readFile(first.certFile), await readFile(second.certFile)];
      expect((await peerCertificate(port, ca)).subject).toContain('Airlock test first');

      const ready = await httpsCall(port, 'GET', '/readyz', {}, ca);
      expect(ready.status).toBe(200);
      expect(ready.headers).toMatchObject({
        'strict-transport-security': 'max-age=31536000',
        'permissions-policy': expect.stringContaining('camera=(self)'),
        'x-frame-options': 'DENY',
      });
      const operator = { authorization: `Bearer ${await siteOperatorToken(env.AIRLOCK_SITE_DATA_DIR!)}` };
      expect(await httpsCall(port, 'GET', '/v1/tenants/default/status', {}, ca)).toMatchObject({ status: 401 });
      expect(await httpsCall(port, 'GET', '/v1/tenants/default/status', operator, ca)).toMatchObject({ status: 200 });
      const signIn = await httpsCall(
        port,
        'POST',
        '/v1/auth/sign-in',
        { 'content-type': 'application/json' },
        ca,
        JSON.stringify({ account: 'admin', password: site.administrator.password }),
      );
      expect(signIn.status).toBe(200);
      expect(signIn.headers['set-cookie']?.[0]).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);

      await copyFile(second.keyFile, live.keyFile);
      await copyFile(second.certFile, live.certFile);
      // The renewal is picked up by polling; wait for the site to say so, not for a time.
      await running.said(/TLS certificate reloaded/);
      expect((await peerCertificate(port, ca)).subject).toContain('Airlock test second');
      expect(await httpsCall(port, 'GET', '/v1/tenants/default/status', operator, ca)).toMatchObject({ status: 200 });
      expect(await running.stop()).toBe(0);
    } finally {
      await rm(certDir, { recursive: true, force: true });
    }
  }, 90_000);
});

function peerCertificate(port: number, ca: Buffer[]): Promise<{ subject: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      const subject = socket.getPeerX509Certificate()?.subject ?? '';
      socket.end();
      resolve({ subject });
    });
    socket.on('error', reject);
  });
}

function httpsCall(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  ca: Buffer[],
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, servername: 'localhost', ca }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
