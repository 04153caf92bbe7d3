import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LicenseItem } from '@airlock/core';
import { runServerProcess, type ServerProcess } from '@airlock/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../authority/src/features/orders/testing/test-smtp-server.ts';
import { startAuthority, STARTUP_TIMEOUT_MS, stopAuthority, type AuthorityProcess } from '../../authority/test/authority-process.ts';
import { siteOperatorToken } from '../src/index.ts';
import { airlock as runAirlock, type CliRun } from './support/http-caller.ts';
import { REPOSITORY_ROOT } from './support/processes.ts';

/**
 * docs/design.md, F5 and F6 end to end, with nothing played by a test double: a real authority process
 * sending license letters to a real SMTP server, a real site process with two tenants, and the
 * `airlock` command on the site's machine (authenticated by the operator token in the data
 * directory) carrying each activated license from the authority's answer to the site as a file.
 * Three orders are activated in turn for one tenant's Registration Key; after each, the
 * authority's answer and the site's status must show the same items, the pilot must be gone after
 * the third merge, and the other tenant must be untouched.
 */
const SITE_PASSPHRASE = 'the orders end-to-end site passphrase';

type Json = Record<string, unknown>;
interface Answer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}
interface Activation {
  revision: number;
  latestRevision: number;
  repeated: boolean;
  lrn: string;
  lrns: string[];
  items: LicenseItem[];
  text: string;
  licenseId: string;
}
interface ActivatedStatus {
  revision: number;
  lrns: string[];
  licenseId: string;
  items: { product: string; licenseType: string; quantity: number; kind: string; expiresOn: string | null; inForce: boolean }[];
  entitlements: { licenseType: string; quantity: number }[];
}
interface TenantStatus {
  status: string;
  registrationKey: string;
  license: unknown;
  activatedLicense: ActivatedStatus | null;
  seats: { type: string; used: number; limit: number; users: string[] }[];
}

// One "today" for the whole file: the dates are written when the orders are made and compared
// later, and a run that crosses midnight must not see two different days.
const today = Date.now();
const daysFromToday = (count: number) => new Date(today + count * 86_400_000).toISOString().slice(0, 10);

/** The items as both sides list them, in one order: what the site shows as `expiresOn: null` the authority leaves out. */
function comparable(
  items: readonly { product: string; licenseType: string; quantity: number; kind: string; expiresOn?: string | null | undefined }[],
): string[] {
  return items.map((item) => `${item.product}/${item.licenseType} ${item.quantity} ${item.kind}${item.expiresOn ? ` until ${item.expiresOn}` : ''}`).sort();
}

describe('orders, license letters and activated licenses across a real authority and a real site', () => {
  let root = '';
  let smtp: TestSmtpServer;
  let authority: AuthorityProcess | undefined;
  let site: ServerProcess | undefined;
  let authorityUrl = '';
  let siteUrl = '';
  let vendor: Record<string, string> = {};
  let operator: Record<string, string> = {};
  let siteEnv: Record<string, string> = {};
  const rk: Record<string, string> = {};
  const lrns: string[] = [];

  async function call<T = Json>(base: string, headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T, headers: response.headers };
  }
  async function expectAnswer<T = Json>(status: number, answer: Promise<Answer<T>>): Promise<T> {
    const { status: seen, body } = await answer;
    expect(seen, JSON.stringify(body)).toBe(status);
    return body;
  }
  const atAuthority = <T = Json>(method: string, path: string, body?: unknown) => call<T>(authorityUrl, vendor, method, path, body);
  const atSite = <T = Json>(method: string, path: string, body?: unknown) => call<T>(siteUrl, operator, method, path, body);

  const airlock = (args: readonly string[]): Promise<CliRun> => runAirlock(args, { cwd: root, env: { ...siteEnv, AIRLOCK_SITE_URL: siteUrl } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-orders-e2e-'));
    smtp = await startTestSmtpServer();
    await mkdir(join(root, 'authority'));
    authority = await startAuthority({
      AIRLOCK_DATA_DIR: join(root, 'authority'),
      AIRLOCK_KEY_PASSPHRASE: 'the orders end-to-end passphrase',
      AIRLOCK_SMTP_URL: smtp.url,
      AIRLOCK_MAIL_FROM: 'Licenses <licenses@vendor.test>',
    });
    authorityUrl = authority.url;
    await signInAsVendor(authority.firstAdmin.email, authority.firstAdmin.password);
  }, STARTUP_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await site?.stop(15_000);
    await stopAuthority(authority, 15_000);
    await smtp.stop();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  /** The first administrator changes the one-time password and makes an API token for the rest. */
  async function signInAsVendor(email: string, password: string): Promise<void> {
    const login = await fetch(`${authorityUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const session = /airlock_session=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))![1]!;
    const browser = { cookie: `airlock_session=${session}`, 'x-airlock-csrf': '1' };
    await expectAnswer(204, call(authorityUrl, browser, 'POST', '/v1/auth/password', { currentPassword: password, newPassword: 'a new and long password' }));
    const token = await expectAnswer<{ token: string }>(
      201,
      call(authorityUrl, browser, 'POST', '/v1/api-tokens', {
        name: 'orders-e2e',
        scopes: ['catalogue:write', 'customers:write', 'licenses:read', 'licenses:write'],
      }),
    );
    vendor = { authorization: `Bearer ${token.token}` };
  }

  it('sets up the catalogue and a customer at the authority, and a site with two tenants', async () => {
    await expectAnswer(201, atAuthority('POST', '/v1/products', { id: 'automation', name: 'Automation' }));
    for (const id of ['bot-runner', 'bot-creator'])
      await expectAnswer(201, atAuthority('POST', '/v1/products/automation/license-types', { id, name: id, category: 'seat' }));
    await expectAnswer(201, atAuthority('POST', '/v1/policies', { id: 'standard', name: 'Standard' }));
    await expectAnswer(
      201,
      atAuthority('POST', '/v1/customers', {
        id: 'acme',
        name: 'Acme',
        contactEmail: 'licenses@acme.test',
        accountEndsOn: daysFromToday(800),
        policyId: 'standard',
      }),
    );
    const rootKey = await expectAnswer<{ jwk: Json }>(200, atAuthority('GET', '/v1/keys/root'));
    await writeFile(join(root, 'root.jwk'), `${JSON.stringify(rootKey.jwk)}\n`);

    siteEnv = {
      PATH: process.env.PATH ?? '',
      AIRLOCK_SITE_DATA_DIR: join(root, 'site'),
      AIRLOCK_SITE_WITNESS_DIR: join(root, 'witness'),
      AIRLOCK_SITE_PASSPHRASE: SITE_PASSPHRASE,
      AIRLOCK_SITE_LOG_LEVEL: 'warn',
    };
    const init = await airlock(['site', 'init', '--root-key', 'root.jwk', '--tenant', 'blue', '--tenant', 'green', '--json']);
    expect(init.code, init.stderr).toBe(0);
    site = runServerProcess('packages/cli/bin/airlock.js', REPOSITORY_ROOT, siteEnv, ['site', 'start', '--port', '0']);
    siteUrl = (await site.said(/listening on (http:\/\/127\.0\.0\.1:\d+)/, STARTUP_TIMEOUT_MS))[1]!;
    operator = { authorization: `Bearer ${await siteOperatorToken(siteEnv.AIRLOCK_SITE_DATA_DIR!)}` };

    const listed = await airlock(['site', 'tenant', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const tenants = JSON.parse(listed.stdout) as { tenant: string; registrationKey: string; status: string }[];
    expect(tenants).toEqual([
      { tenant: 'blue', registrationKey: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/), status: 'unlicensed' },
      { tenant: 'green', registrationKey: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/), status: 'unlicensed' },
    ]);
    for (const tenant of tenants) rk[tenant.tenant] = tenant.registrationKey;
    expect(rk.blue).not.toBe(rk.green);
  }, 120_000);

  it('creates three orders, each with its LRN in a license letter read from the SMTP server', async () => {
    const orders: LicenseItem[][] = [
      [
        { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
        { product: 'automation', licenseType: 'bot-runner', quantity: 3, kind: 'term', expiresOn: daysFromToday(90) },
      ],
      [{ product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'pilot', expiresOn: daysFromToday(30) }],
      [{ product: 'automation', licenseType: 'bot-runner', quantity: 4, kind: 'term', expiresOn: daysFromToday(365) }],
    ];
    for (const items of orders) {
      const order = await expectAnswer<{ lrn: string }>(201, atAuthority('POST', '/v1/customers/acme/orders', { items }));
      expect(order.lrn).toMatch(/^LRN-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      lrns.push(order.lrn);
    }
    const letters = await Promise.all([0, 1, 2].map((index) => smtp.message(index)));
    for (const lrn of lrns) {
      const letter = letters.find((mail) => mail.parsed.subject === `Your license letter: ${lrn}`);
      expect(letter, `the letter of ${lrn}`).toBeDefined();
      expect(letter!.envelope.to).toEqual(['licenses@acme.test']);
      expect(letter!.parsed.text).toContain(lrn);
    }
  }, 60_000);

  /** Activates an order for blue at the authority, carries the file to the site and installs it with the CLI. */
  async function activateAndInstall(lrn: string, expected: { revision: number; items: string[] }): Promise<{ activation: Activation; status: TenantStatus }> {
    const activation = await expectAnswer<Activation>(201, atAuthority('POST', '/v1/activations', { lrn, registrationKey: rk.blue }));
    expect({ revision: activation.revision, repeated: activation.repeated, lrns: activation.lrns, items: comparable(activation.items) }).toEqual({
      revision: expected.revision,
      repeated: false,
      lrns: lrns.slice(0, expected.revision),
      items: expected.items,
    });
    const file = `blue-revision-${activation.revision}.license`;
    await writeFile(join(root, file), activation.text);
    const installed = await airlock(['site', 'license', 'install', file, '--json']);
    expect(installed.code, installed.stdout + installed.stderr).toBe(0);
    expect(JSON.parse(installed.stdout)).toMatchObject({
      tenant: 'blue',
      licenseId: activation.licenseId,
      revision: activation.revision,
      lrns: activation.lrns,
    });
    const status = await expectAnswer<TenantStatus>(200, atSite('GET', '/v1/tenants/blue/status'));
    expect(status.activatedLicense).toMatchObject({ licenseId: activation.licenseId, revision: activation.revision, lrns: activation.lrns });
    expect(comparable(status.activatedLicense!.items)).toEqual(expected.items);
    return { activation, status };
  }

  async function expectGreenUntouched(): Promise<void> {
    const green = await expectAnswer<TenantStatus>(200, atSite('GET', '/v1/tenants/green/status'));
    expect(green).toMatchObject({ status: 'unlicensed', registrationKey: rk.green, license: null, activatedLicense: null, seats: [] });
  }

  it('activates the first order for one tenant: the permanent and the term item, in force at once', async () => {
    const { status } = await activateAndInstall(lrns[0]!, {
      revision: 1,
      items: [`automation/bot-runner 3 term until ${daysFromToday(90)}`, 'automation/bot-runner 5 permanent'],
    });
    expect(status).toMatchObject({ status: 'active', license: null, activatedLicense: { entitlements: [{ licenseType: 'bot-runner', quantity: 8 }] } });
    expect(await expectAnswer(200, atSite('POST', '/v1/tenants/blue/seats/bot-runner/checkout', { user: 'ada' }))).toMatchObject({
      assigned: true,
      used: 1,
      limit: 8,
    });
    await expectGreenUntouched();
  });

  it('activates the pilot order on top: the merge keeps both earlier items and adds the pilot', async () => {
    const { status } = await activateAndInstall(lrns[1]!, {
      revision: 2,
      items: [
        `automation/bot-creator 2 pilot until ${daysFromToday(30)}`,
        `automation/bot-runner 3 term until ${daysFromToday(90)}`,
        'automation/bot-runner 5 permanent',
      ],
    });
    expect(status.activatedLicense!.entitlements).toEqual([
      { licenseType: 'bot-creator', quantity: 2 },
      { licenseType: 'bot-runner', quantity: 8 },
    ]);
    expect(await expectAnswer(200, atSite('POST', '/v1/tenants/blue/seats/bot-creator/checkout', { user: 'linus' }))).toMatchObject({
      assigned: true,
      limit: 2,
    });
    await expectGreenUntouched();
  });

  it("activates the third order: the pilot is dropped, and the site refuses it until the pilot's user is de-provisioned", async () => {
    const activation = await expectAnswer<Activation>(201, atAuthority('POST', '/v1/activations', { lrn: lrns[2], registrationKey: rk.blue }));
    expect(comparable(activation.items)).toEqual([
      `automation/bot-runner 3 term until ${daysFromToday(90)}`,
      `automation/bot-runner 4 term until ${daysFromToday(365)}`,
      'automation/bot-runner 5 permanent',
    ]);
    await writeFile(join(root, 'blue-revision-3.license'), activation.text);
    const refused = await airlock(['site', 'license', 'install', 'blue-revision-3.license', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      error: { code: 'SEAT_REDUCTION_BELOW_USE', errors: { violations: [{ type: 'bot-creator', used: 1, limit: 0, users: ['linus'] }] } },
    });
    expect((await expectAnswer<TenantStatus>(200, atSite('GET', '/v1/tenants/blue/status'))).activatedLicense).toMatchObject({ revision: 2 });

    await expectAnswer(200, atSite('POST', '/v1/tenants/blue/users/linus/deprovision'));
    const installed = await airlock(['site', 'license', 'install', 'blue-revision-3.license', '--tenant', 'blue']);
    expect(installed.code, installed.stdout + installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(
      /^Installed activated license revision 3 \(LRN-[\w-]+, LRN-[\w-]+, LRN-[\w-]+\) on tenant blue: .*; it replaces activated license /,
    );
    const status = await expectAnswer<TenantStatus>(200, atSite('GET', '/v1/tenants/blue/status'));
    expect(status.activatedLicense).toMatchObject({
      licenseId: activation.licenseId,
      revision: 3,
      lrns,
      entitlements: [{ licenseType: 'bot-runner', quantity: 12 }],
    });
    expect(comparable(status.activatedLicense!.items)).toEqual(comparable(activation.items));
    expect(status.activatedLicense!.items.map((item) => item.kind)).toEqual(['permanent', 'term', 'term']);
    expect(await expectAnswer(422, atSite('POST', '/v1/tenants/blue/seats/bot-creator/checkout', { user: 'linus' }))).toMatchObject({
      code: 'LICENSE_TYPE_NOT_LICENSED',
    });
    await expectGreenUntouched();
  });

  it("gives back the same license for an LRN activated again, which the site refuses as not newer; another tenant's RK is refused at the authority", async () => {
    const again = await expectAnswer<Activation>(200, atAuthority('POST', '/v1/activations', { lrn: lrns[0], registrationKey: rk.blue }));
    expect(again).toMatchObject({ repeated: true, revision: 1, latestRevision: 3 });
    await writeFile(join(root, 'blue-revision-1-again.license'), again.text);
    const refused = await airlock(['site', 'license', 'install', 'blue-revision-1-again.license']);
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/refused: ACTIVATED_LICENSE_NOT_NEWER/) });
    expect(await expectAnswer(409, atAuthority('POST', '/v1/activations', { lrn: lrns[0], registrationKey: rk.green }))).toMatchObject({
      code: 'LRN_ALREADY_ACTIVATED',
    });

    const blue = await expectAnswer<TenantStatus>(200, atSite('GET', '/v1/tenants/blue/status'));
    expect(blue.activatedLicense).toMatchObject({ revision: 3 });
    expect(blue.seats).toEqual([{ type: 'bot-runner', used: 1, limit: 12, users: ['ada'] }]);
    await expectGreenUntouched();
    const listed = await airlock(['site', 'tenant', 'list']);
    expect(listed.stdout).toMatch(new RegExp(`^blue +${rk.blue} +active$`, 'm'));
    expect(listed.stdout).toMatch(new RegExp(`^green +${rk.green} +unlicensed$`, 'm'));
  });
});
