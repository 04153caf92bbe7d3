import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { issueDeviceActivationRequest, openDeviceLicenseFile, DAY } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { launchBrowser, screenshot, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, sessionSecretOf } from '../../src/features/accounts/testing/account-fixtures.ts';
import { expectStatus, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * Trials in a browser: the vendor offers a trial on the product's catalogue section, an end
 * user uploads a trial request (no license key) on the device portal and takes the trial's
 * license file back, and the vendor finds the trial listed under the product and its license,
 * with no customer, among the device licenses.
 */
describe('trials in the console and the device portal', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let adminSession = '';
  const device = createTestParty('trials/laptop');
  const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };

  const pageAs = async (session: string) => {
    const tab = await browser.newPage({ viewport: viewports.laptop });
    if (session) await tab.context().addCookies([{ name: 'airlock_session', value: session, url: authority.url }]);
    return tab;
  };
  const open = async (tab: Page, path: string) => {
    await tab.goto(`${authority.url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
  };

  beforeAll(async () => {
    authority = await startWebAuthority();
    await expectStatus(201, authority.request({ method: 'POST', url: '/v1/products', payload: { id: 'sketch', name: 'Sketch' } }));
    adminSession = sessionSecretOf(
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
        headers: sessionHeaders(adminSession),
        payload: { currentPassword: authority.firstAdmin.password, newPassword: 'a long and private passphrase' },
      }),
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  it("offers a trial from the product's section of the catalogue", async () => {
    const tab = await pageAs(adminSession);
    await open(tab, '/console/catalogue');
    expect(await tab.locator('#product-sketch').textContent()).toContain('offers no trial');
    await tab.locator('#trial-offer-sketch-days').fill('14');
    await tab.locator('#trial-offer-sketch-features').fill('export\n');
    await tab.locator('#trial-offer-sketch-meters-0-meter').fill('renders');
    await tab.locator('#trial-offer-sketch-meters-0-limit').fill('10');
    await tab.getByLabel('Allow trials through the offline portal').check();
    await tab.getByRole('button', { name: 'Offer a trial' }).click();
    await tab.locator('.flash', { hasText: 'Trial offer of Sketch saved.' }).waitFor();
    const offer = (await expectStatus(200, authority.request({ method: 'GET', url: '/v1/products/sketch/trial' }))).json();
    expect(offer).toMatchObject({
      enabled: true,
      days: 14,
      endsAt: null,
      features: ['export'],
      meters: [{ meter: 'renders', limit: 10 }],
      allowOffline: true,
      policyId: null,
    });
    await tab.context().close();
  });

  it('starts a trial through the device portal from a request without a key, and lists it for the vendor', async () => {
    const request = await issueDeviceActivationRequest(
      {
        product: 'sketch',
        fingerprint: 'fp-trial-laptop',
        credential: { method: 'trial' },
        deviceEncryptionKey: device.encryptionKey.publicJwk,
        deviceName: 'Trial laptop',
        sdkVersion: '0.1.0',
        authorityEncryptionKey: await authority.deps.keys.encryptionCertificate(),
      },
      { now: authority.clock.now(), random, signer: device.signingKey, trust: authority.trust },
    );
    const tab = await pageAs('');
    await open(tab, '/devices/activate');
    await tab.getByLabel('Or paste its text').fill(request.text);
    const [file] = await Promise.all<[Promise<Download>, Promise<void>]>([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Activate' }).click()]);
    const opened = await openDeviceLicenseFile(await readFile(await file.path(), 'utf8'), {
      now: authority.clock.now(),
      trust: authority.trust,
      fingerprint: 'fp-trial-laptop',
      deviceEncryptionKey: device.encryptionKey,
      deviceSigningKid: device.signingKey.kid,
    });
    expect(opened.claims).toMatchObject({
      trial: true,
      licenseKind: 'temporary',
      validUntil: (authority.clock.now().getTime() + 14 * DAY) / 1000,
      entitlements: { features: ['export'] },
    });
    await tab.context().close();

    const console = await pageAs(adminSession);
    await open(console, '/console/catalogue');
    const trials = console.getByRole('table', { name: 'Trials of Sketch' });
    expect(await trials.textContent()).toContain('fp-trial-laptop');
    expect(await trials.textContent()).toContain('Trial laptop');
    expect(await trials.textContent()).toContain('running');
    await screenshot(console, 'console-catalogue-trial');
    await open(console, '/console/device-licenses');
    expect(await console.locator('#licenses').textContent()).toContain('none (trial)');
    await open(console, `/console/device-licenses/${opened.claims.licenseId}`);
    expect(await console.locator('#settings').textContent()).toContain('none: a trial');
    await console.context().close();
  });

  it('raised no console error and no page error anywhere', () => {
    browser.assertNoErrors();
    expect(browser.refusals).toEqual([]);
  });
});
