import { randomBytes } from 'node:crypto';
import { issueDeviceActivationRequest } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { launchBrowser, screenshot, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, sessionSecretOf } from '../../src/features/accounts/testing/account-fixtures.ts';
import { expectStatus, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * The vendor's control over a device license's devices in the console, in a real browser:
 * suspending the license and freeing one device's slot, each after a confirmation (a dismissed
 * one changes nothing), and the page showing what was done and by whom.
 */
describe('the vendor stops and frees devices from the console', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let tab: Page;
  let licenseId = '';
  const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };
  const online = createTestParty('device-control/online-pc');
  const offline = createTestParty('device-control/offline-pc');

  const post = async (url: string, payload: object, status = 201) =>
    (await expectStatus(status, authority.request({ method: 'POST', url, payload }))).json<Record<string, unknown>>();
  const license = async () =>
    (await expectStatus(200, authority.request({ method: 'GET', url: `/v1/device-licenses/${licenseId}` }))).json<{
      suspension: { by: string; reason: string | null } | null;
      activations: { deviceName: string; status: string; deactivatedBy: string | null; deactivationSource: string | null; deviceMayStillRun: boolean }[];
    }>();
  const open = async (path: string) => {
    await tab.goto(`${authority.url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
  };
  async function activate(device: typeof online, name: string, url: string, licenseKey: string): Promise<void> {
    const request = await issueDeviceActivationRequest(
      {
        product: 'studio',
        fingerprint: `fp-${name.toLowerCase().replace(' ', '-')}`,
        credential: { method: 'license-key', licenseKey },
        deviceEncryptionKey: device.encryptionKey.publicJwk,
        deviceName: name,
        sdkVersion: '0.1.0',
        authorityEncryptionKey: await authority.deps.keys.encryptionCertificate(),
      },
      { now: authority.clock.now(), random, signer: device.signingKey, trust: authority.trust },
    );
    await expectStatus(201, authority.app.inject({ method: 'POST', url, payload: { request: request.text } }));
  }

  beforeAll(async () => {
    authority = await startWebAuthority();
    await post('/v1/products', { id: 'studio', name: 'Studio' });
    await post('/v1/policies', { id: 'standard', name: 'Standard' });
    await post('/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'licensing@acme.example', accountEndsOn: '2027-12-31', policyId: 'standard' });
    const created = await post('/v1/device-licenses', {
      productId: 'studio',
      customerId: 'acme',
      credential: 'license-key',
      expiresAt: '2027-11-23T00:00:00.000Z',
      overrides: { maxActivations: 2 },
    });
    licenseId = String(created.id);
    await activate(online, 'Online PC', '/v1/devices/activate', String(created.licenseKey));
    await activate(offline, 'Offline PC', '/v1/portal/activations', String(created.licenseKey));

    const session = sessionSecretOf(
      await expectStatus(
        200,
        authority.app.inject({
          method: 'POST',
          url: '/v1/auth/sign-in',
          payload: { email: authority.firstAdmin.email, password: authority.firstAdmin.password },
        }),
      ),
    );
    await expectStatus(
      204,
      authority.app.inject({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(session),
        payload: { currentPassword: authority.firstAdmin.password, newPassword: 'a long and private passphrase' },
      }),
    );
    browser = await launchBrowser();
    tab = await browser.newPage({ viewport: viewports.laptop });
    await tab.context().addCookies([{ name: 'airlock_session', value: session, url: authority.url }]);
  });

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  it('suspends the license after a confirmation, and shows it suspended; a dismissed confirmation changes nothing', async () => {
    await open(`/console/device-licenses/${licenseId}`);
    await tab.getByLabel('Reason for the suspension').fill('invoice 42 unpaid');
    tab.once('dialog', (dialog) => void dialog.dismiss());
    await tab.getByRole('button', { name: 'Suspend the license' }).click();
    expect((await license()).suspension).toBeNull();

    const asked: string[] = [];
    tab.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await tab.getByRole('button', { name: 'Suspend the license' }).click();
    await tab.locator('.flash', { hasText: 'Suspended: devices are refused' }).waitFor();
    expect(asked).toEqual([expect.stringContaining('Suspend this license?')]);
    expect(await tab.locator('#settings').textContent()).toContain('suspended');
    expect(await tab.locator('#settings').textContent()).toContain('invoice 42 unpaid');
    expect((await license()).suspension).toMatchObject({ by: expect.stringMatching(/^admin:/) as string, reason: 'invoice 42 unpaid' });
    expect(await tab.getByRole('button', { name: 'Resume the license' }).count()).toBe(1);
  });

  it("frees the offline device's slot after a confirmation, and shows that the vendor freed it while the device may still run", async () => {
    const asked: string[] = [];
    tab.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await tab.getByRole('button', { name: 'Deactivate Offline PC' }).click();
    await tab.locator('.flash', { hasText: 'The slot of Offline PC is free.' }).waitFor();
    expect(asked).toEqual([expect.stringContaining('activated offline and cannot be told')]);
    const row = tab.locator('#activations tr', { hasText: 'Offline PC' });
    expect(await row.textContent()).toContain('deactivated');
    expect(await row.textContent()).toContain('the vendor (freed)');
    expect(await row.textContent()).toContain('freed while the device may still run');
    expect(await tab.getByRole('button', { name: 'Deactivate Online PC' }).count()).toBe(1);
    const activations = (await license()).activations;
    expect(activations.find((activation) => activation.deviceName === 'Online PC')).toMatchObject({ status: 'active' });
    expect(activations.find((activation) => activation.deviceName === 'Offline PC')).toMatchObject({
      status: 'deactivated',
      deactivationSource: 'vendor',
      deactivatedBy: expect.stringMatching(/^admin:/) as string,
      deviceMayStillRun: true,
    });
    await screenshot(tab, 'console-device-license-controls');
  });

  it('resumes the license', async () => {
    await tab.getByRole('button', { name: 'Resume the license' }).click();
    await tab.locator('.flash', { hasText: 'Resumed' }).waitFor();
    expect((await license()).suspension).toBeNull();
  });

  it('fits a tablet with every control labelled, users and blocked devices included', async () => {
    const users = await post('/v1/device-licenses', {
      productId: 'studio',
      customerId: 'acme',
      credential: 'user',
      expiresAt: '2027-11-23T00:00:00.000Z',
      users: [{ username: 'ada@acme.example', password: 'correct horse battery' }],
    });
    await post(`/v1/device-licenses/${String(users.id)}/blocked-devices`, { fingerprint: 'fp-stolen-laptop', reason: 'stolen' });
    const tablet = await browser.newPage({ viewport: viewports.tablet });
    await tablet.context().addCookies(await tab.context().cookies());
    await tablet.goto(`${authority.url}/console/device-licenses/${String(users.id)}`);
    await tablet.locator('html[data-airlock-ready="true"]').waitFor();
    expect(await tablet.locator('#users').textContent()).toContain('ada@acme.example');
    expect(await tablet.locator('#blocked-devices').textContent()).toContain('fp-stolen-laptop');
    // Runs in the page (as a string: the tests' TypeScript has no DOM types).
    expect(
      await tablet.evaluate(`(() => ({
      unlabelled: [...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((control) => control.labels.length === 0).map((control) => control.outerHTML),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    }))()`),
    ).toEqual({ unlabelled: [], overflow: 0 });
    await screenshot(tablet, 'tablet-console-device-license-users');
    await tablet.context().close();
  });

  it('raised no console error, no page error and no refusal', () => {
    browser.assertNoErrors();
    expect(browser.refusals).toEqual([]);
  });
});
