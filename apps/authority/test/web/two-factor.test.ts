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
});
