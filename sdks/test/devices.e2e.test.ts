import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstSignIn, overHttp, sessionHeaders } from '../../apps/authority/src/features/accounts/testing/account-fixtures.ts';
import {
  repositoryRoot,
  startAuthority,
  STARTUP_TIMEOUT_MS,
  stopAuthority,
  stores,
  type AuthorityProcess,
} from '../../apps/authority/test/authority-process.ts';

/**
 * Each device SDK, driven through its driver (sdks/README.md, "The SDK driver contract"), against a
 * real authority process: the vendor sets up a device license over the admin API, the device's
 * activation request goes through the offline portal as a customer would upload it, and the
 * license file, a refresh and a deactivation make the round trip as files. Each SDK is a row of
 * `drivers`.
 */
interface Driver {
  readonly name: string;
  readonly command: readonly [string, ...string[]];
  readonly env: Record<string, string>;
  /** Whether the driver also has the online commands (`activate-online`, `validate`, `check-in`, with `--authority-url`). */
  readonly online: boolean;
  /** What builds the driver first, if anything (run under `flock`, as the SDK's own tests build it). */
  readonly build?: { readonly lock: string; readonly command: readonly [string, ...string[]] };
}

const drivers: readonly Driver[] = [
  { name: 'python', command: ['/usr/bin/python3', '-m', 'airlock_sdk.driver'], env: { PYTHONPATH: join(repositoryRoot, 'sdks/python') }, online: true },
  // libairlock is the offline core of the device API (sdks/c/README.md): no online commands.
  {
    name: 'C',
    command: [join(repositoryRoot, 'sdks/c/build/airlock-driver')],
    env: {},
    online: false,
    build: { lock: join(repositoryRoot, 'sdks/c/.build.lock'), command: ['make', '-s', '-C', join(repositoryRoot, 'sdks/c'), 'all'] },
  },
];

type Json = Record<string, unknown>;
interface Answer {
  readonly status: number;
  readonly body: Json;
}

interface DriverAnswer {
  readonly exitCode: number;
  readonly json: Json;
  readonly output: string;
}

const DAY_MS = 86_400_000;

for (const store of stores) {
  for (const driver of drivers) {
    describe(`the ${driver.name} SDK against an authority on ${store.name}`, () => {
      let dir = '';
      let prepared: Awaited<ReturnType<(typeof store)['prepare']>> | undefined;
      let authority: AuthorityProcess | undefined;
      let vendor: Record<string, string> = {};
      let licenseId = '';
      let licenseKey = '';

      async function call(method: string, path: string, body?: object, headers: Record<string, string> = vendor): Promise<Answer> {
        const response = await fetch(`${authority!.url}${path}`, {
          method,
          headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Json };
      }
      async function expectAnswer(status: number, answer: Promise<Answer>): Promise<Json> {
        const { status: seen, body } = await answer;
        expect(seen, JSON.stringify(body)).toBe(status);
        return body;
      }
      /** Runs one driver command with the device's options; `now` is the device's clock. */
      function drive(command: string, options: { args?: string[]; fingerprint?: string; store?: string; now?: Date } = {}): Promise<DriverAnswer> {
        const args = [
          command,
          '--store',
          options.store ?? join(dir, 'device.store'),
          '--fingerprint',
          options.fingerprint ?? 'fp-lab-pc-4',
          '--product',
          'studio',
          '--root-key',
          join(dir, 'root.json'),
          '--authority-encryption-key',
          join(dir, 'encryption.json'),
          '--now',
          (options.now ?? new Date()).toISOString(),
          ...(options.args ?? []),
        ];
        const [program, ...prefix] = driver.command;
        return new Promise((resolve) => {
          execFile(program, [...prefix, ...args], { env: { PATH: process.env.PATH ?? '', ...driver.env }, timeout: 60_000 }, (error, stdout, stderr) => {
            const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
            const lines = stdout.trim().split('\n');
            let json: Json = {};
            try {
              json = lines.length === 1 ? (JSON.parse(lines[0]!) as Json) : {};
            } catch {
              json = {};
            }
            resolve({ exitCode, json, output: `${stdout}${stderr}` });
          });
        });
      }
      /** A command that must succeed: its one line of JSON. */
      async function ok(command: string, options: Parameters<typeof drive>[1] = {}): Promise<Json> {
        const answer = await drive(command, options);
        expect(answer.exitCode, answer.output).toBe(0);
        expect(answer.output.trim().split('\n'), answer.output).toHaveLength(1);
        return answer.json;
      }
      /** A command that must be refused with the code. */
      async function refused(code: string, command: string, options: Parameters<typeof drive>[1] = {}): Promise<void> {
        const answer = await drive(command, options);
        expect(answer.exitCode, answer.output).toBe(2);
        expect(answer.json, answer.output).toMatchObject({ error: { code, message: expect.any(String) as unknown } });
      }

      beforeAll(async () => {
        if (driver.build) {
          const built = spawnSync('flock', [driver.build.lock, ...driver.build.command], { encoding: 'utf8' });
          expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);
        }
        dir = await mkdtemp(join(tmpdir(), `airlock-sdk-${driver.name}-`));
        prepared = await store.prepare();
        authority = await startAuthority({ AIRLOCK_DATA_DIR: join(dir, 'authority'), AIRLOCK_KEY_PASSPHRASE: 'sdk end-to-end passphrase', ...prepared.env });
        const secret = await firstSignIn(overHttp(authority.url), authority.firstAdmin.email, authority.firstAdmin.password, 'a new and long password');
        vendor = sessionHeaders(secret);
        // What an application ships: the pinned root and the authority's encryption-key certificate, as the authority publishes them.
        await writeFile(join(dir, 'root.json'), JSON.stringify(await expectAnswer(200, call('GET', '/v1/keys/root', undefined, {}))));
        await writeFile(join(dir, 'encryption.json'), JSON.stringify(await expectAnswer(200, call('GET', '/v1/keys/encryption', undefined, {}))));
      }, STARTUP_TIMEOUT_MS + 30_000);

      afterAll(async () => {
        await stopAuthority(authority);
        await prepared?.dispose();
        await rm(dir, { recursive: true, force: true });
      }, 120_000);

      it('lets the vendor set up a product, a policy, a customer and a key-based device license', async () => {
        await expectAnswer(201, call('POST', '/v1/products', { id: 'studio', name: 'Studio' }));
        await expectAnswer(201, call('POST', '/v1/policies', { id: 'devices', name: 'Devices', kind: 'term', allowOffline: true, maxActivations: 1 }));
        const accountEndsOn = new Date(Date.now() + 700 * DAY_MS).toISOString().slice(0, 10);
        await expectAnswer(201, call('POST', '/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn, policyId: 'devices' }));
        const created = await expectAnswer(
          201,
          call('POST', '/v1/device-licenses', {
            productId: 'studio',
            customerId: 'acme',
            policyId: 'devices',
            credential: 'license-key',
            expiresAt: new Date(Date.now() + 365 * DAY_MS).toISOString(),
            entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] },
          }),
        );
        licenseId = created.id as string;
        licenseKey = created.licenseKey as string;
        expect(licenseKey).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
      });

      it('activates the device with files: request → offline portal → license file → install', async () => {
        expect(await ok('check')).toEqual({ valid: false, code: 'NOT_ACTIVATED', features: [], meters: {}, expiresAt: null });
        const requestFile = join(dir, 'activation.req');
        // Typed as a person would: lower case, without hyphens.
        expect(await ok('request', { args: ['--out', requestFile, '--license-key', licenseKey.toLowerCase().replaceAll('-', '')] })).toEqual({
          file: requestFile,
        });
        const answer = await expectAnswer(201, call('POST', '/v1/portal/activations', { request: await readFile(requestFile, 'utf8') }, {}));
        expect(answer).toMatchObject({ licenseId, revision: 1 });
        const licenseFile = join(dir, 'studio.lic');
        await writeFile(licenseFile, answer.text as string);
        const installed = await ok('install', { args: ['--file', licenseFile] });
        expect(installed).toMatchObject({ valid: true, code: null, features: ['export'], meters: { renders: { used: 0, limit: 1000 } } });
        expect(Date.parse(installed.expiresAt as string)).toBeGreaterThan(Date.now() + 360 * DAY_MS);
        expect(await ok('consume', { args: ['--meter', 'renders', '--amount', '7'] })).toMatchObject({ used: 7, limit: 1000 });
        expect(await ok('check')).toMatchObject({ valid: true, features: ['export'], meters: { renders: { used: 7 } } });
        const license = await expectAnswer(200, call('GET', `/v1/device-licenses/${licenseId}`));
        expect(license).toMatchObject({ activeActivations: 1, activations: [{ status: 'active', fingerprint: 'fp-lab-pc-4', channel: 'offline' }] });
      });

      it('brings the vendor’s edit to the device with a refresh request and file', async () => {
        const edited = await expectAnswer(
          200,
          call('PATCH', `/v1/device-licenses/${licenseId}`, { entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 1000 }] } }),
        );
        expect(edited.revision).toBe(2);
        expect((await ok('check')).features).toEqual(['export']);
        const requestFile = join(dir, 'refresh.req');
        expect(await ok('refresh-request', { args: ['--out', requestFile] })).toEqual({ file: requestFile });
        const answer = await expectAnswer(200, call('POST', '/v1/portal/refreshes', { request: await readFile(requestFile, 'utf8') }, {}));
        expect(answer).toMatchObject({ licenseId, revision: 2 });
        const refreshFile = join(dir, 'studio.refresh');
        await writeFile(refreshFile, answer.text as string);
        expect(await ok('apply-refresh', { args: ['--file', refreshFile] })).toMatchObject({ valid: true, features: ['batch', 'export'] });
        await refused('REFRESH_NOT_NEWER', 'apply-refresh', { args: ['--file', refreshFile] });
        expect((await ok('check')).features).toEqual(['batch', 'export']);
      });

      it('refuses the store copied to another device, and a clock set back', async () => {
        const copy = join(dir, 'copied.store');
        await copyFile(join(dir, 'device.store'), copy);
        expect(await ok('check', { store: copy, fingerprint: 'fp-another-machine' })).toMatchObject({ valid: false, code: 'STORE_WRONG_DEVICE' });
        await refused('STORE_WRONG_DEVICE', 'consume', { store: copy, fingerprint: 'fp-another-machine', args: ['--meter', 'renders', '--amount', '1'] });
        const yesterday = new Date(Date.now() - DAY_MS);
        expect(await ok('check', { now: yesterday })).toMatchObject({ valid: false, code: 'CLOCK_ROLLED_BACK' });
        await refused('CLOCK_ROLLED_BACK', 'consume', { now: yesterday, args: ['--meter', 'renders', '--amount', '1'] });
        // The clock put right, the license works again.
        expect(await ok('check')).toMatchObject({ valid: true, code: null });
      });

      it('deactivates with a file the authority counts once, however often it is uploaded', async () => {
        const deactivationFile = join(dir, 'studio.deactivate');
        expect(await ok('deactivate', { args: ['--out', deactivationFile] })).toEqual({ file: deactivationFile });
        expect(await ok('check')).toMatchObject({ valid: false, code: 'DEVICE_DEACTIVATED' });
        const file = await readFile(deactivationFile, 'utf8');
        const first = await expectAnswer(200, call('POST', '/v1/portal/deactivations', { file }, {}));
        expect(first).toMatchObject({ licenseId, consumption: [{ meter: 'renders', amount: 7 }] });
        expect(await expectAnswer(409, call('POST', '/v1/portal/deactivations', { file }, {}))).toMatchObject({ code: 'DOCUMENT_REPLAYED' });
        const license = await expectAnswer(200, call('GET', `/v1/device-licenses/${licenseId}`));
        expect(license).toMatchObject({
          activeActivations: 0,
          activations: [{ status: 'deactivated', deactivationSource: 'device' }],
          usage: [{ meter: 'renders', total: 7 }],
        });
        // The slot is free: another device activates on the same key.
        const requestFile = join(dir, 'second.req');
        const second = { store: join(dir, 'second.store'), fingerprint: 'fp-lab-pc-5' };
        await ok('request', { ...second, args: ['--out', requestFile, '--license-key', licenseKey] });
        const answer = await expectAnswer(201, call('POST', '/v1/portal/activations', { request: await readFile(requestFile, 'utf8') }, {}));
        await writeFile(join(dir, 'second.lic'), answer.text as string);
        expect(await ok('install', { ...second, args: ['--file', join(dir, 'second.lic')] })).toMatchObject({ valid: true, features: ['batch', 'export'] });
      });

      // Registered only for the SDKs that have the online commands (a row's `online`).
      if (driver.online)
        it('activates, checks in and validates online over the device API', async () => {
          const created = await expectAnswer(
            201,
            call('POST', '/v1/device-licenses', {
              productId: 'studio',
              customerId: 'acme',
              policyId: 'devices',
              credential: 'license-key',
              expiresAt: new Date(Date.now() + 365 * DAY_MS).toISOString(),
              entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 50 }] },
            }),
          );
          const online = { store: join(dir, 'online.store'), fingerprint: 'fp-online-1' };
          const url = ['--authority-url', authority!.url];
          expect(await ok('activate-online', { ...online, args: [...url, '--license-key', created.licenseKey as string] })).toMatchObject({
            valid: true,
            features: ['export'],
            meters: { renders: { limit: 50, remaining: 50 } },
          });
          await ok('consume', { ...online, args: ['--meter', 'renders', '--amount', '3'] });
          expect(await ok('check-in', { ...online, args: url })).toMatchObject({ valid: true, status: 'active', reported: [{ meter: 'renders', amount: 3 }] });
          expect(await expectAnswer(200, call('GET', `/v1/device-licenses/${created.id as string}`))).toMatchObject({
            usage: [{ meter: 'renders', total: 3 }],
          });
          await expectAnswer(
            200,
            call('PATCH', `/v1/device-licenses/${created.id as string}`, {
              entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 50 }] },
            }),
          );
          expect(await ok('validate', { ...online, args: url })).toMatchObject({ valid: true, status: 'active', applied: true, features: ['batch', 'export'] });
          await expectAnswer(200, call('POST', `/v1/device-licenses/${created.id as string}/suspend`, {}));
          expect(await ok('validate', { ...online, args: url })).toMatchObject({ valid: false, code: 'LICENSE_SUSPENDED', status: 'suspended' });
        });
    });
  }
}
