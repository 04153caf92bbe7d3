import { launchBrowser, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * The Access page's administrators in a real browser: the first administrator disables another
 * (who is signed out and refused at sign-in), enables them again, and resets their password,
 * whose new one-time value is shown once in the page. Any console or page error fails the suite.
 */
describe('administrators on the console Access page', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let page: Page;
  let secondId = '';
  let addresses = 0;
  const SECOND = 'second administrator passphrase';

  /** Signs the second administrator in through the API, from an address of its own (sign-ins are limited per address). */
  const login = (password: string) =>
    authority.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: 'second@vendor.example', password },
      remoteAddress: `198.51.100.${++addresses}`,
    });
  const me = (cookie: string) => authority.app.inject({ method: 'GET', url: '/v1/auth/me', headers: { cookie } });
  const cookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie']).split(';')[0]!;
  const open = async (path: string) => {
    await page.goto(`${authority.url}${path}`);
    await page.locator('html[data-airlock-ready="true"]').waitFor();
  };
  const row = () => page.locator('#administrators tr', { hasText: 'second@vendor.example' });

  beforeAll(async () => {
    authority = await startWebAuthority();
    secondId = (
      await expectStatus(
        201,
        authority.request({ method: 'POST', url: '/v1/admins', payload: { email: 'second@vendor.example', password: 'second one-time password' } }),
      )
    ).json<{ id: string }>().id;
    const cookie = cookieOf(await login('second one-time password'));
    await expectStatus(
      204,
      authority.app.inject({
        method: 'POST',
        url: '/v1/auth/password',
        headers: { cookie, 'x-airlock-csrf': '1' },
        payload: { currentPassword: 'second one-time password', newPassword: SECOND },
        remoteAddress: '198.51.100.200',
      }),
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: viewports.laptop });
    await open('/console');
    await page.getByLabel('Email').fill(authority.firstAdmin.email);
    await page.getByLabel('Password').fill(authority.firstAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/password$/);
    await page.getByLabel('Current password').fill(authority.firstAdmin.password);
    await page.getByLabel('New password').fill('the first administrator passphrase');
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.waitForURL(/\/console\/dashboard$/);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  it('offers no action on your own row', async () => {
    await open('/console/access');
    const own = page.locator('#administrators tr', { hasText: 'admin@localhost' });
    expect(await own.textContent()).toContain('(you)');
    expect(await own.getByRole('button').count()).toBe(0);
    expect(await row().getByRole('button', { name: 'Disable' }).count()).toBe(1);
  });

  it('disables another administrator: their session ends and their right password is refused', async () => {
    const session = cookieOf(await login(SECOND));
    expect((await me(session)).statusCode).toBe(200);
    page.once('dialog', (dialog) => void dialog.accept());
    await row().getByRole('button', { name: 'Disable' }).click();
    await page.locator('.flash', { hasText: 'Administrator second@vendor.example disabled.' }).waitFor();
    expect(await row().textContent()).toContain('disabled');
    expect(await row().getByRole('button', { name: 'Enable' }).count()).toBe(1);
    expect((await me(session)).statusCode).toBe(401);
    expect((await login(SECOND)).json()).toMatchObject({ status: 403, code: 'ACCOUNT_DISABLED' });
  });

  it('enables them again: they sign in with their password', async () => {
    await row().getByRole('button', { name: 'Enable' }).click();
    await page.locator('.flash', { hasText: 'Administrator second@vendor.example enabled.' }).waitFor();
    expect(await row().getByRole('button', { name: 'Disable' }).count()).toBe(1);
    expect((await login(SECOND)).statusCode).toBe(200);
  });

  it('resets their password: the new one-time password is shown once, the old one is refused', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await row().getByRole('button', { name: 'Reset password' }).click();
    const status = page.locator(`#reset-${secondId}`).getByRole('status');
    await expect.poll(() => status.textContent()).toMatch(/shown only now: \S+/);
    const password = /shown only now: (\S+)/.exec((await status.textContent()) ?? '')![1]!;
    expect((await login(SECOND)).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect((await login(password)).json()).toMatchObject({ mustChangePassword: true });

    await open('/console/access');
    expect(await page.locator('#administrators').textContent()).not.toContain(password);
    expect(await row().textContent()).toContain('one-time');
  });
});
