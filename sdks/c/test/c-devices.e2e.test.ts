import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstSignIn, overHttp, sessionHeaders } from '../../../apps/authority/src/features/accounts/testing/account-fixtures.ts';
import { STARTUP_TIMEOUT_MS, startAuthority, stopAuthority, type AuthorityProcess } from '../../../apps/authority/test/authority-process.ts';

/**
 * libairlock against a real authority process, through its driver (`build/airlock-driver`,
 * contract in sdks/c/README.md): the vendor creates a device license; the device's activation
 * request goes through the customer portal's API and the license file comes back; the vendor's
 * edit reaches the device through a refresh round trip; the deactivation file frees the slot
 * once however often it is uploaded; a copied store and a clock set back are refused.
 */
const sdk = fileURLToPath(new URL('..', import.meta.url));
const driverPath = join(sdk, 'build', 'airlock-driver');

type Json = Record<string, unknown>;

describe('the C SDK against a real authority', () => {
  let authority: AuthorityProcess | undefined;
  let dir = '';
  let vendor: Record<string, string> = {};
  let licenseId = '';
  let licenseKey = '';
  const fingerprint = 'fp-c-e2e-device-1';

  async function call(method: string, path: string, body?: object, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${authority!.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as Json };
  }
  async function expectAnswer(status: number, answer: Promise<{ status: number; body: Json }>): Promise<Json> {
    const { status: seen, body } = await answer;
    expect(seen, JSON.stringify(body)).toBe(status);
    return body;
  }

  /** Runs the driver: its one line of JSON, and whether it exited 0 (2: refused). */
  function driver(command: string, options: Record<string, string> = {}, flags: string[] = []): { code: number; out: Json } {
    const all = [command];
    const given = { '--store': join(dir, 'device.store'), '--fingerprint': fingerprint, '--product': 'studio', ...options };
    for (const [name, value] of Object.entries(given)) all.push(name, value);
    all.push('--root-key', join(dir, 'root.json'), '--authority-encryption-key', join(dir, 'encryption.cert'), ...flags);
    const run = spawnSync(driverPath, all, { encoding: 'utf8' });
    const lines = run.stdout.trim().split('\n');
    expect(lines, `${run.stdout}\n${run.stderr}`).toHaveLength(1);
    return { code: run.status ?? -1, out: JSON.parse(lines[0]!) as Json };
  }
  function expectOk(result: { code: number; out: Json }): Json {
    expect(result.code, JSON.stringify(result.out)).toBe(0);
    return result.out;
  }

  beforeAll(async () => {
    // Held while building, as c.e2e.test.ts's `make test` builds the same tree.
    execFileSync('flock', [join(sdk, '.build.lock'), 'make', '-s', '-C', sdk, 'all'], { stdio: 'pipe' });
    dir = await mkdtemp(join(tmpdir(), 'airlock-c-e2e-'));
    authority = await startAuthority({ AIRLOCK_DATA_DIR: join(dir, 'authority'), AIRLOCK_KEY_PASSPHRASE: 'c sdk end-to-end passphrase' });
    const { email, password } = authority.firstAdmin;
    vendor = sessionHeaders(await firstSignIn(overHttp(authority.url), email, password, 'the vendor administrator password'));
  }, STARTUP_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await stopAuthority(authority);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pins the root and the encryption-key certificate the authority publishes', async () => {
    const root = await expectAnswer(200, call('GET', '/v1/keys/root'));
    await writeFile(join(dir, 'root.json'), JSON.stringify(root));
    const encryption = await expectAnswer(200, call('GET', '/v1/keys/encryption'));
    // The body of GET /v1/keys/encryption as it comes: the driver takes it or the bare certificate.
    await writeFile(join(dir, 'encryption.cert'), JSON.stringify(encryption));
    expect(encryption.certificate).toEqual(expect.any(String));
    expect(expectOk(driver('check'))).toEqual({ valid: false, code: 'NOT_ACTIVATED', features: [], meters: {}, expiresAt: null });
  });

  it('activates the device through the customer portal and checks its license', async () => {
    await expectAnswer(201, call('POST', '/v1/products', { id: 'studio', name: 'Studio' }, vendor));
    await expectAnswer(201, call('POST', '/v1/policies', { id: 'standard', name: 'Standard' }, vendor));
    const accountEndsOn = new Date(Date.now() + 700 * 86_400_000).toISOString().slice(0, 10);
    await expectAnswer(
      201,
      call('POST', '/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn, policyId: 'standard' }, vendor),
    );
    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const created = await expectAnswer(
      201,
      call(
        'POST',
        '/v1/device-licenses',
        {
          productId: 'studio',
          customerId: 'acme',
          credential: 'license-key',
          expiresAt,
          entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 100 }] },
        },
        vendor,
      ),
    );
    licenseId = String(created.id);
    licenseKey = String(created.licenseKey);

    expect(expectOk(driver('request', { '--out': join(dir, 'request.txt'), '--license-key': licenseKey, '--device-name': 'Lab PC C' }))).toEqual({
      file: join(dir, 'request.txt'),
    });
    const request = await readFile(join(dir, 'request.txt'), 'utf8');
    expect(request).toMatch(/^-----BEGIN AIRLOCK DEVICE ACTIVATION REQUEST-----\n/);
    const activated = await expectAnswer(201, call('POST', '/v1/portal/activations', { request }));
    expect(activated).toMatchObject({ licenseId, revision: 1 });
    await writeFile(join(dir, 'license.txt'), String(activated.text));

    const installed = expectOk(driver('install', { '--file': join(dir, 'license.txt') }));
    expect(Object.keys(installed).sort()).toEqual(['code', 'expiresAt', 'features', 'meters', 'valid']);
    expect(installed).toMatchObject({ valid: true, code: null, features: ['export'] });
    expect(installed.meters).toEqual({ renders: { used: 0, limit: 100, remaining: expect.any(Number) as unknown, overage: 0, overageAllowance: 0 } });
    expect(installed.expiresAt).toBe(new Date(Math.floor(Date.parse(expiresAt) / 1000) * 1000).toISOString());
    expect(expectOk(driver('check'))).toMatchObject({ valid: true, features: ['export'] });
    const consumed = expectOk(driver('consume', { '--meter': 'renders', '--amount': '3' }));
    expect(consumed).toMatchObject({ meter: 'renders', used: 3, limit: 100, overage: 0, overageAllowance: 0 });
    expect(driver('consume', { '--meter': 'renders', '--amount': '1000' })).toMatchObject({ code: 2, out: { error: { code: 'METER_LIMIT_REACHED' } } });
    expect(driver('install', { '--file': join(dir, 'license.txt') })).toMatchObject({ code: 2, out: { error: { code: 'DEVICE_ALREADY_ACTIVATED' } } });

    const view = await expectAnswer(200, call('GET', `/v1/device-licenses/${licenseId}`, undefined, vendor));
    expect(view).toMatchObject({ activeActivations: 1, activations: [{ fingerprint, status: 'active', channel: 'offline', deviceName: 'Lab PC C' }] });
  });

  it('shows the vendor’s edit on the device after a refresh round trip through the portal', async () => {
    const edited = await expectAnswer(
      200,
      call(
        'PATCH',
        `/v1/device-licenses/${licenseId}`,
        { entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 100 }] }, metadata: [{ name: 'seat', value: 'Lab 4' }] },
        vendor,
      ),
    );
    expect(edited).toMatchObject({ revision: 2 });
    expect(expectOk(driver('check'))).toMatchObject({ features: ['export'] });
    expectOk(driver('refresh-request', { '--out': join(dir, 'refresh-request.txt') }));
    const refreshed = await expectAnswer(200, call('POST', '/v1/portal/refreshes', { request: await readFile(join(dir, 'refresh-request.txt'), 'utf8') }));
    expect(refreshed).toMatchObject({ licenseId, revision: 2 });
    await writeFile(join(dir, 'refresh.txt'), String(refreshed.text));
    const applied = expectOk(driver('apply-refresh', { '--file': join(dir, 'refresh.txt') }));
    expect(applied).toMatchObject({ valid: true, code: null, features: ['batch', 'export'] });
    expect(driver('apply-refresh', { '--file': join(dir, 'refresh.txt') })).toMatchObject({ code: 2, out: { error: { code: 'REFRESH_NOT_NEWER' } } });
    expect(expectOk(driver('check')).meters).toMatchObject({ renders: { used: 3 } });
  });

  it('refuses the store copied to another device, and a clock set back', async () => {
    await copyFile(join(dir, 'device.store'), join(dir, 'copied.store'));
    const copied = expectOk(driver('check', { '--store': join(dir, 'copied.store'), '--fingerprint': 'fp-another-machine' }));
    expect(copied).toEqual({ valid: false, code: 'STORE_WRONG_DEVICE', features: [], meters: {}, expiresAt: null });
    expect(
      driver('refresh-request', { '--store': join(dir, 'copied.store'), '--fingerprint': 'fp-another-machine', '--out': join(dir, 'x.txt') }),
    ).toMatchObject({
      code: 2,
      out: { error: { code: 'STORE_WRONG_DEVICE' } },
    });
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    expect(expectOk(driver('check', { '--now': dayAgo }))).toMatchObject({ valid: false, code: 'CLOCK_ROLLED_BACK', features: [], meters: {} });
    expect(driver('consume', { '--now': dayAgo, '--meter': 'renders', '--amount': '1' })).toMatchObject({
      code: 2,
      out: { error: { code: 'CLOCK_ROLLED_BACK' } },
    });
    expect(expectOk(driver('check'))).toMatchObject({ valid: true });
  });

  it('deactivates: the file frees the slot and counts the consumption once, however often it is uploaded', async () => {
    expect(expectOk(driver('deactivate', { '--out': join(dir, 'deactivation.txt') }))).toEqual({ file: join(dir, 'deactivation.txt') });
    expect(expectOk(driver('check'))).toMatchObject({ valid: false, code: 'DEVICE_DEACTIVATED' });
    const file = await readFile(join(dir, 'deactivation.txt'), 'utf8');
    const first = await expectAnswer(200, call('POST', '/v1/portal/deactivations', { file }));
    expect(first).toMatchObject({ licenseId, consumption: [{ meter: 'renders', amount: 3 }] });
    const again = await call('POST', '/v1/portal/deactivations', { file });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.body).toMatchObject({ code: 'DOCUMENT_REPLAYED' });
    const view = await expectAnswer(200, call('GET', `/v1/device-licenses/${licenseId}`, undefined, vendor));
    expect(view).toMatchObject({ activeActivations: 0, activations: [{ fingerprint, status: 'deactivated', deactivationSource: 'device' }] });
    expect(view.meters).toMatchObject([{ meter: 'renders', counted: 3 }]);
    expect(driver('deactivate', { '--out': join(dir, 'again.txt') })).toMatchObject({ code: 2, out: { error: { code: 'DEVICE_DEACTIVATED' } } });
  });
});
