import {
  activationCodeSecret,
  checkActivationCode,
  checkInitializationCode,
  issueDeactivationCode,
  licenseKeyDigest,
  makeInitializationCode,
  parseLicenseKey,
  verifyActivationCode,
} from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import { launchBrowser, screenshot, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * The device portal's page for typed codes, in a browser: the license key and the device's
 * initialization code in, the activation code shown to type back; the deactivation code in,
 * the activation freed. The codes are checked with the core, as the device checks them.
 */
describe('the device portal’s typed codes, in a browser', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let licenseKey = '';
  let licenseId = '';

  const open = async (tab: Page, path: string) => {
    const response = await tab.goto(`${authority.url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
    return response;
  };
  const post = async (url: string, payload: object) =>
    (await expectStatus(201, authority.request({ method: 'POST', url, payload }))).json<Record<string, unknown>>();

  beforeAll(async () => {
    authority = await startWebAuthority();
    await post('/v1/products', { id: 'logger', name: 'Field Logger' });
    for (const id of ['charts', 'export']) await post('/v1/products/logger/license-types', { id, name: id, category: 'feature' });
    await post('/v1/policies', { id: 'field', name: 'Field', allowOffline: true, maxActivations: 1 });
    await post('/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'it@acme.example', accountEndsOn: '2027-12-31', policyId: 'field' });
    const license = await post('/v1/device-licenses', {
      productId: 'logger',
      customerId: 'acme',
      credential: 'license-key',
      expiresAt: '2027-06-30T00:00:00.000Z',
      entitlements: { features: ['export'], meters: [] },
    });
    licenseKey = String(license.licenseKey);
    licenseId = String(license.id);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  it('renders well on every screen size: one heading, every control labelled, nothing wider than the screen', async () => {
    for (const viewport of Object.values(viewports)) {
      const tab = await browser.newPage({ viewport });
      expect((await open(tab, '/devices/code'))?.status()).toBe(200);
      expect(
        await tab.evaluate(`(() => ({
        headings: document.querySelectorAll('h1').length,
        unlabelled: [...document.querySelectorAll('input:not([type=hidden])')].filter((control) => control.labels.length === 0).length,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        nav: [...document.querySelectorAll('nav a')].map((link) => link.textContent.trim()).includes('By code'),
      }))()`),
      ).toEqual({ headings: 1, unlabelled: 0, overflow: 0, nav: true });
      await tab.context().close();
    }
  });

  it('answers the initialization code with an activation code the device accepts, then frees the activation with its deactivation code', async () => {
    const initialization = makeInitializationCode('H8XSEV4M', seededRandom('browser-device'));
    const tab = await browser.newPage({ viewport: viewports.laptop });
    await open(tab, '/devices/code');
    const activation = tab.locator('#activate-by-code');
    await activation.getByLabel('License key').fill(licenseKey.toLowerCase());
    await activation.getByLabel('Initialization code').fill(initialization.text.replaceAll('-', ' '));
    await activation.getByRole('button', { name: 'Get the activation code' }).click();
    const status = tab.locator('#activate-by-code-status');
    await status.filter({ hasText: 'Type this activation code' }).waitFor();
    const shown = /([0-9A-Z]{6}-[0-9A-Z]{6}-[0-9A-Z]{6})/.exec((await status.textContent()) ?? '')?.[1];
    const read = checkActivationCode(shown);
    if (!read.ok) throw new Error(`no activation code shown: ${read.code}`);
    const secret = activationCodeSecret(licenseKeyDigest(parseLicenseKey(licenseKey)), 'logger');
    expect(verifyActivationCode(read.value, { secret, initialization, codeFeatures: ['charts', 'export'] })).toEqual({
      ok: true,
      value: { validUntil: new Date('2027-06-30T00:00:00Z'), features: ['export'] },
    });
    await screenshot(tab, 'devices-code-activated');

    // A mistyped initialization code is refused in the form, with its code.
    const typo = initialization.text.slice(0, -1) + (initialization.text.endsWith('0') ? '1' : '0');
    await activation.getByLabel('Initialization code').fill(typo);
    await activation.getByRole('button', { name: 'Get the activation code' }).click();
    await tab.locator('#activate-by-code [role=alert]', { hasText: 'ACTIVATION_CODE_INVALID' }).waitFor();

    const checked = checkInitializationCode(initialization.text);
    if (!checked.ok) throw new Error(checked.code);
    const deactivation = tab.locator('#deactivate-by-code');
    await deactivation.getByLabel('License key').fill(licenseKey);
    await deactivation.getByLabel('Deactivation code').fill(issueDeactivationCode(secret, checked.value));
    await deactivation.getByRole('button', { name: 'Free the activation' }).click();
    await tab.locator('#deactivate-by-code-status', { hasText: `of license ${licenseId} is free again` }).waitFor();
    const view = (await expectStatus(200, authority.request({ method: 'GET', url: `/v1/device-licenses/${licenseId}` }))).json<{
      activeActivations: number;
      activations: { channel: string; status: string }[];
    }>();
    expect(view).toMatchObject({ activeActivations: 0, activations: [{ channel: 'code', status: 'deactivated' }] });
    await tab.context().close();
  });

  it('raised no page error, and the only refusal was the mistyped code', () => {
    browser.assertNoErrors();
    expect(browser.refusals).toEqual([expect.stringMatching(/\/v1\/portal\/code-activations: .* status of 400/)]);
  });
});
