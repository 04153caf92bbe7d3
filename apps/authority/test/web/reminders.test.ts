import { viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderPreferences } from '../../src/features/reminders/reminder-preferences.ts';
import { signUnsubscribeToken } from '../../src/features/reminders/unsubscribe-token.ts';
import { addAcme, expectStatus, signInAndLaunch, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * Reminder preferences in a real browser: a portal user switches a kind off and on again on
 * the portal's E-mail reminders page, the console's customer page shows it, and the page an
 * unsubscribe link opens, with no session, unsubscribes on confirmation and refuses an altered
 * link. Any console or page error fails the suite.
 */
describe('expiry reminder preferences in the browser', () => {
  const KEY = new Uint8Array(32).fill(9);
  let authority: WebAuthority;
  let browser: TestBrowser;
  let portal: Page;
  let adminSession = '';
  let userId = '';

  const pageAs = async (session: string | null) => {
    const tab = await browser.newPage({ viewport: viewports.laptop });
    if (session) await tab.context().addCookies([{ name: 'airlock_session', value: session, url: authority.url }]);
    return tab;
  };
  const open = async (tab: Page, path: string) => {
    const response = await tab.goto(`${authority.url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
    return response;
  };
  /**
   * Saves the portal's preferences and waits for the page it reloads to say so. The page of an
   * earlier save shows the same flash until it reloads: the wait is for this save's answer, then
   * for the page's next load.
   */
  const save = async () => {
    const answered = portal.waitForResponse(
      (response) => response.request().method() === 'PUT' && response.url().endsWith('/v1/customers/acme/reminder-preferences'),
    );
    const reloaded = portal.waitForEvent('load');
    await portal.getByRole('button', { name: 'Save the preferences' }).click();
    expect((await answered).status()).toBe(200);
    await reloaded;
    await portal.locator('.flash', { hasText: 'Reminder preferences saved.' }).waitFor();
  };
  const preferences = async () =>
    (await expectStatus(200, authority.request({ method: 'GET', url: '/v1/customers/acme/reminder-preferences' })))
      .json<ReminderPreferences>()
      .preferences.map((preference) => [preference.kind, preference.subscribed, preference.unsubscribedBy]);

  beforeAll(async () => {
    authority = await startWebAuthority(undefined, { reminders: { enabled: true, thresholds: [30, 7, 1], unsubscribeKey: KEY } });
    userId = await addAcme(authority, '2027-12-31');
    let customerSession: string;
    ({ adminSession, customerSession, browser } = await signInAndLaunch(authority));
    portal = await pageAs(customerSession);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  it('lets a portal user switch a kind off and on again, and the console shows it', async () => {
    await open(portal, '/portal/reminders');
    expect(await portal.locator('#preferences').textContent()).toContain('licensing@acme.example');
    const box = portal.getByLabel('Device licenses ending');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await save();
    expect(await portal.getByLabel('Device licenses ending').isChecked()).toBe(false);
    expect(await portal.getByLabel('Account ending').isChecked()).toBe(true);
    expect(await preferences()).toEqual([
      ['account', true, null],
      ['device-license', false, `customer-user:${userId}`],
      ['olf-due', true, null],
    ]);

    const console = await pageAs(adminSession);
    await open(console, '/console/customers/acme');
    expect(await console.getByLabel('Device licenses ending').isChecked()).toBe(false);
    expect(await console.locator('#reminders').textContent()).toContain(`by customer-user:${userId}`);
    await console.context().close();

    await portal.getByLabel('Device licenses ending').check();
    await save();
    expect(await preferences()).toEqual([
      ['account', true, null],
      ['device-license', true, null],
      ['olf-due', true, null],
    ]);
    browser.assertNoErrors();
  });

  it('unsubscribes from the page a letter links to, without a session, once confirmed', async () => {
    const token = signUnsubscribeToken(KEY, { customerId: 'acme', kind: 'olf-due' });
    const visitor = await pageAs(null);
    await open(visitor, `/reminders/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(await visitor.locator('main').textContent()).toContain(
      'Stop reminders that offline license files are running out (next LFR due) for Acme Plant Systems?',
    );
    // Opening the page changed nothing.
    expect(await preferences()).toEqual([
      ['account', true, null],
      ['device-license', true, null],
      ['olf-due', true, null],
    ]);
    await visitor.getByRole('button', { name: 'Unsubscribe' }).click();
    await visitor.locator('main', { hasText: 'You no longer receive' }).waitFor();
    expect(await preferences()).toEqual([
      ['account', true, null],
      ['device-license', true, null],
      ['olf-due', false, 'unsubscribe-link:acme'],
    ]);

    browser.expectRefusedPage(/\/reminders\/unsubscribe\?token=/);
    const altered = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const refused = await open(visitor, `/reminders/unsubscribe?token=${encodeURIComponent(altered)}`);
    expect(refused?.status()).toBe(400);
    expect(await visitor.locator('main').textContent()).toContain('UNSUBSCRIBE_TOKEN_INVALID');
    await visitor.context().close();
    browser.assertNoErrors();
  });
});
