import { base32Decode, hotp, totpCode, totpStep } from '@airlock/http';
import { launchBrowser, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * Two-factor sign-in in a real browser, as an administrator sets it up: the console's Two-factor
 * page shows a QR code and the key; the test reads the key from the page, computes the code an
 * authenticator app would show at the authority's (test) clock, and turns it on; then signs out
 * and back in, giving the password and then a code. Any console or page error fails the suite.
 */
describe('two-factor sign-in in the console', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let page: Page;
  let secret: Uint8Array = new Uint8Array();
  const PASSWORD = 'the first administrator passphrase';
  const open = async (path: string) => {
    await page.goto(`${authority.url}${path}`);
    await page.locator('html[data-airlock-ready="true"]').waitFor();
  };
  const signInWithPassword = async () => {
    await open('/console/sign-in');
    await page.getByLabel('Email').fill(authority.firstAdmin.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  beforeAll(async () => {
    authority = await startWebAuthority();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: viewports.laptop });
    await open('/console');
    await page.getByLabel('Email').fill(authority.firstAdmin.email);
    await page.getByLabel('Password').fill(authority.firstAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/password$/);
    await page.getByLabel('Current password').fill(authority.firstAdmin.password);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.waitForURL(/\/console\/dashboard$/);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  it('enrols from the page: a QR code drawn on the server, the key, a code from the app, and the recovery codes once', async () => {
    await open('/console/two-factor');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-totp-secret]').waitFor();
    expect(await page.getByRole('img', { name: 'QR code for your authenticator app' }).count()).toBe(1);
    const key = (await page.locator('[data-totp-secret]').textContent())?.trim() ?? '';
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    secret = base32Decode(key)!;

    await page.getByLabel('Code from the app').fill(hotp(secret, totpStep(authority.clock.now()) + 3));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.locator('#mfa-confirm-alert', { hasText: 'MFA_CODE_INVALID' }).waitFor();

    await page.getByLabel('Code from the app').fill(totpCode(secret, authority.clock.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const status = page.locator('#mfa-confirm-status', { hasText: 'Two-factor sign-in is on' });
    await status.waitFor();
    expect((await status.textContent())?.match(/[A-Z2-7]{5}-[A-Z2-7]{5}/g)).toHaveLength(10);
    await open('/console/two-factor');
    expect(await page.locator('[data-recovery-codes-left]').textContent()).toBe('10');
    browser.expectRefusedPage(/\/v1\/auth\/mfa\/enrolment\/confirm$/);
  });

  it('signs out, and signs back in with the password and then a code from the app', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in/);
    await signInWithPassword();
    const code = page.getByLabel('Authenticator code');
    await code.waitFor();
    expect(page.url()).toMatch(/\/console\/sign-in/);
    // The code that confirmed the enrolment is spent: the app shows the next one 30 seconds later.
    authority.clock.advance(30_000);
    await code.fill(totpCode(secret, authority.clock.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/console\/dashboard$/);
    browser.assertNoErrors();
  });

  it("on the Access page, requires two-factor sign-in of every administrator and resets another administrator's", async () => {
    // A second administrator who set up two-factor sign-in, through the API as themselves.
    const added = await authority.request({
      method: 'POST',
      url: '/v1/admins',
      payload: { email: 'second@vendor.example', password: 'second one-time password' },
    });
    expect(added.statusCode).toBe(201);
    const asSecond = { 'x-test-principal': JSON.stringify({ kind: 'admin', id: added.json<{ id: string }>().id }) };
    const started = await authority.app.inject({ method: 'POST', url: '/v1/auth/mfa/enrolment', headers: asSecond });
    expect(started.statusCode).toBe(200);
    const secondSecret = base32Decode(started.json<{ secret: string }>().secret)!;
    const confirmed = await authority.app.inject({
      method: 'POST',
      url: '/v1/auth/mfa/enrolment/confirm',
      headers: asSecond,
      payload: { code: totpCode(secondSecret, authority.clock.now()) },
    });
    expect(confirmed.statusCode).toBe(200);
    const enrolled = async () => (await authority.request({ method: 'GET', url: '/v1/admins/mfa' })).json<{ adminId: string }[]>().length;
    expect(await enrolled()).toBe(2);

    await open('/console/access');
    const second = page.locator('#administrators tr', { hasText: 'second@vendor.example' });
    expect(await second.textContent()).toContain('on');
    await page.getByLabel('Require two-factor sign-in of every administrator').check();
    await page.getByRole('button', { name: 'Save the policy' }).click();
    await page.locator('.flash', { hasText: 'Policy saved.' }).waitFor();
    expect((await authority.request({ method: 'GET', url: '/v1/settings/mfa' })).json()).toEqual({ requireForAdmins: true });
    expect(await page.getByLabel('Require two-factor sign-in of every administrator').isChecked()).toBe(true);

    page.once('dialog', (dialog) => void dialog.accept());
    await second.getByRole('button', { name: 'Reset two-factor' }).click();
    await page.locator('.flash', { hasText: 'Two-factor sign-in of second@vendor.example removed' }).waitFor();
    expect(await enrolled()).toBe(1);
    // Under the policy, they now have to set it up again before anything else.
    expect(await second.textContent()).toContain('off: must enrol');
    expect(await second.getByRole('button', { name: 'Reset two-factor' }).count()).toBe(0);
    browser.assertNoErrors();
  });
});
