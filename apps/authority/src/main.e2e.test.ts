import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:tls';
import { makeTestCertificate, runServerProcess, type ServerProcess } from '@airlock/http/testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs `src/main.ts` as an operator would, in a process of its own. */
function runAuthority(env: Record<string, string>): ServerProcess {
  return runServerProcess(main, repository, { AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'warn', ...env });
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

  it('makes its data directory when the passphrase comes from the environment', async () => {
    const fresh = join(dataDir, 'not', 'yet');
    const authority = runAuthority({ AIRLOCK_DATA_DIR: fresh, AIRLOCK_KEY_PASSPHRASE: 'a passphrase from the environment' });
    const url = await authority.listening;
    expect(url, authority.stderr()).not.toBeNull();
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
    expect(await authority.stop()).toBe(0);
  }, 90_000);

  it('refuses to start with another passphrase than the keys were sealed under', async () => {
    const authority = runAuthority({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_KEY_PASSPHRASE: 'certainly not the key file' });
    expect(await authority.listening).toBeNull();
    expect(await authority.exited).toBe(1);
    expect(authority.stderr()).toContain('(KEY_PASSPHRASE_WRONG)');
  }, 90_000);

  it('starts with AIRLOCK_KEY_PASSPHRASE in a data directory that does not exist yet, as replicas are set up, making no key file', async () => {
    const fresh = join(dataDir, 'replica', 'authority');
    const authority = runAuthority({ AIRLOCK_DATA_DIR: fresh, AIRLOCK_KEY_PASSPHRASE: 'a passphrase for replicas' });
    const url = await authority.listening;
    expect(url, authority.stderr()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
    expect(authority.stderr()).not.toContain('Created the key file');
    await expect(stat(join(fresh, 'authority.key'))).rejects.toThrow(/ENOENT/);
    expect((await stat(join(fresh, 'pglite', 'PG_VERSION'))).isFile()).toBe(true);
    expect(await authority.stop()).toBe(0);
  }, 90_000);

  it('refuses a malformed setting with exit code 2, naming the variable', async () => {
    const authority = runAuthority({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_PORT: 'eighty' });
    expect(await authority.exited).toBe(2);
    expect(authority.stderr()).toContain('AIRLOCK_PORT must be a port number');
  }, 90_000);

  it('refuses plain HTTP beyond loopback unless allowed, naming what to set', async () => {
    const authority = runAuthority({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_HOST: '0.0.0.0' });
    expect(await authority.exited).toBe(2);
    expect(authority.stderr()).toContain('AIRLOCK_TLS_CERT');
    expect(authority.stderr()).toContain('AIRLOCK_ALLOW_PLAIN_HTTP=true');
  }, 90_000);

  it('serves HTTPS from PEM files and picks up a renewed certificate without a restart', async () => {
    const certDir = await mkdtemp(join(tmpdir(), 'airlock-main-tls-'));
    try {
      const [first, second] = await Promise.all([makeTestCertificate(certDir, 'first'), makeTestCertificate(certDir, 'second')]);
      const live = { certFile: join(certDir, 'live.crt'), keyFile: join(certDir, 'live.key') };
      await copyFile(first.certFile, live.certFile);
      await copyFile(first.keyFile, live.keyFile);
      const authority = runAuthority({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_TLS_CERT: live.certFile, AIRLOCK_TLS_KEY: live.keyFile, AIRLOCK_TLS_POLL_MS: '100' });
      const url = await authority.listening;
      expect(url, authority.stderr()).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(authority.stderr()).toContain('serving HTTPS on 127.0.0.1');
      const port = Number(new URL(url ?? '').port);
      const ca = [await readFile(first.certFile), await readFile(second.certFile)];
      const served = () => peerCertificate(port, ca);
      expect((await served()).subject).toContain('Airlock test first');
      const ready = await httpsGet(port, '/readyz', ca);
      expect(ready.status).toBe(200);
      expect(ready.headers['strict-transport-security']).toBe('max-age=31536000');

      await copyFile(second.keyFile, live.keyFile);
      await copyFile(second.certFile, live.certFile);
      // The renewal is picked up by polling; wait for the server to say so, not for a time.
      await authority.said(/TLS certificate reloaded/);
      expect((await served()).subject).toContain('Airlock test second');
      expect(await authority.stop()).toBe(0);
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

async function httpsGet(port: number, path: string, ca: Buffer[]): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername: 'localhost', ca }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}
