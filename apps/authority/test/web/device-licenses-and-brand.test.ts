import { screenshot, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAcme, expectStatus, signInAndLaunch, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * In a real browser: the vendor creates a term device license with the console's form (its
 * end date included), and the brand's support address shows on the portal's and the device
 * portal's pages, not in the console.
 */
describe('device licenses in the console and the brand’s support address', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let adminSession = '';
  let customerSession = '';

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
    await authority.post('/v1/products', { id: 'studio', name: 'Studio' });
    await addAcme(authority, '2028-12-31');
    ({ adminSession, customerSession, browser } = await signInAndLaunch(authority));
  });

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  it('creates a term license from the console form, with the day it ends', async () => {
    const tab = await pageAs(adminSession);
    await open(tab, '/console/device-licenses');
    const ends = tab.getByLabel('Ends on (UTC)');
    expect(await ends.getAttribute('type')).toBe('date');
    expect(await ends.getAttribute('min')).toBe('2026-11-24');
    expect(await tab.locator('#new-device-license').innerText()).toContain('Required for a term, pilot or temporary license');
    await tab.getByLabel('Product').selectOption('studio');
    await tab.getByLabel('Customer', { exact: true }).fill('acme');
    await tab.getByLabel('Activated with').selectOption('license-key');
    await ends.fill('2027-11-23');
    await tab.getByRole('button', { name: 'Create the device license' }).click();
    const created = tab.locator('.flash, [role="status"]', { hasText: 'Its license key, shown only now:' }).first();
    await created.waitFor();
    const key = /([0-9A-Z]{5}(?:-[0-9A-Z]{5}){4})/.exec(await created.innerText())?.[1];
    expect(key).toBeDefined();
    const licenses = (await expectStatus(200, authority.request({ method: 'GET', url: '/v1/device-licenses' }))).json<Record<string, unknown>[]>();
    expect(licenses).toEqual([
      expect.objectContaining({
        productId: 'studio',
        customerId: 'acme',
        credential: 'license-key',
        settings: expect.objectContaining({ kind: 'term' }) as unknown,
        expiresAt: '2027-11-23T00:00:00.000Z',
        licenseKeyHint: key!.slice(-5),
      }),
    ]);
    // The page was reloaded: its list shows the new license.
    expect(await tab.locator('#licenses').innerText()).toContain(String(licenses[0]!.id));
    await screenshot(tab, 'console-device-license-created');
    await tab.context().close();
  });

  it('says why a term license needs its end when the day is left empty', async () => {
    const tab = await pageAs(adminSession);
    await open(tab, '/console/device-licenses');
    await tab.getByLabel('Product').selectOption('studio');
    await tab.getByLabel('Customer', { exact: true }).fill('acme');
    await tab.getByRole('button', { name: 'Create the device license' }).click();
    await expect.poll(() => tab.locator('#new-device-license-alert').innerText()).toContain('a term license must end');
    await tab.context().close();
  });

  it('shows the brand’s support address as a mailto link on the portal’s and the device portal’s pages, not in the console', async () => {
    const host = new URL(authority.url).hostname;
    await expectStatus(
      200,
      authority.request({
        method: 'PUT',
        url: `/v1/branding/${host}`,
        payload: {
          name: 'Vendor Licensing',
          logoUrl: 'https://vendor.test/logo.svg',
          colors: { primary: '#aa3300', background: '#ffffff', text: '#111111' },
          supportEmail: 'help@vendor.test',
        },
      }),
    );
    const pages: [string, string][] = [
      ['', '/portal/sign-in'],
      [customerSession, '/portal/sites'],
      [customerSession, '/portal/device-licenses'],
      ['', '/devices/activate'],
      ['', '/devices/refresh'],
      ['', '/devices/deactivate'],
    ];
    for (const [session, path] of pages) {
      const tab = await pageAs(session);
      await open(tab, path);
      const link = tab.locator('footer a[href^="mailto:"]');
      expect([path, await link.getAttribute('href'), await link.innerText()]).toEqual([path, 'mailto:help@vendor.test', 'help@vendor.test']);
      if (path === '/devices/activate') await screenshot(tab, 'devices-activate-support');
      await tab.context().close();
    }
    const console = await pageAs(adminSession);
    await open(console, '/console/device-licenses');
    expect(await console.locator('footer a[href^="mailto:"]').count()).toBe(0);
    await console.context().close();
  });

  it('sets a brand with the colour pickers and a logo file, read in the browser into a data: URI', async () => {
    // A 1×1 PNG, as a vendor's logo file would be on disk.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
    const tab = await pageAs(adminSession);
    await open(tab, '/console/branding');
    const form = tab.locator('#set-brand');
    expect(await form.getByLabel('Primary colour').getAttribute('type')).toBe('color');
    await form.getByLabel('Host name').fill('licenses.brand.test');
    await form.getByLabel('Name', { exact: true }).fill('Brand Test Licensing');
    await form.getByLabel('Primary colour').fill('#aa3300');
    await form.getByLabel('Background colour').fill('#fafafa');
    await form.getByLabel('Text colour').fill('#101010');
    await form.getByLabel('Logo file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await form.getByRole('button', { name: 'Save the brand' }).click();
    await tab.locator('.flash', { hasText: 'Brand saved.' }).waitFor();
    const brands = (await expectStatus(200, authority.request({ method: 'GET', url: '/v1/branding' }))).json<
      { hostName: string; colors: Record<string, string>; logoDataUri: string | null }[]
    >();
    expect(brands.find((brand) => brand.hostName === 'licenses.brand.test')).toMatchObject({
      colors: { primary: '#aa3300', background: '#fafafa', text: '#101010' },
      logoDataUri: `data:image/png;base64,${png.toString('base64')}`,
    });
    expect(await tab.locator('img.brand-preview[alt="Brand Test Licensing logo"]').count()).toBe(1);
    await tab.context().close();
  });

  it('raised no console error and no page error anywhere', () => {
    browser.assertNoErrors();
  });
});
