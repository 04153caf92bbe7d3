import { launchBrowser, screenshot, viewports, type TestBrowser } from '@airlock/web/testing';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, sessionSecretOf } from '../../src/features/accounts/testing/account-fixtures.ts';
import { expectStatus, startWebAuthority, type WebAuthority } from './web-harness.ts';

/** Customers in the list: five companies, 58 customers each. */
const CUSTOMERS = 290;

/**
 * A paged list in a real browser, as a person uses it (README, "Lists: pages, sorts and
 * search"): the console's customers searched, sorted by a header both ways, paged forward and
 * back, and searched for nothing; and the device-license form's customer field, which suggests
 * customers from the API as the person types and says beside itself when no customer has the
 * id typed.
 */
describe('a paged list and the customer field in a browser', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let tab: Page;

  const open = async (path: string) => {
    await tab.goto(`${authority.url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
  };
  /** Clicks a link that leads to another page of the list, and waits for it. */
  const follow = async (click: () => Promise<void>) => {
    await Promise.all([tab.waitForURL(/./, { waitUntil: 'load' }), click()]);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
  };
  const summary = () => tab.locator('.pager-summary').innerText();
  const rows = () => tab.locator('#customers tbody tr');
  /** The "Account ends" column, top to bottom. */
  const accountEnds = async () => (await tab.locator('#customers tbody tr td:nth-child(4)').allInnerTexts()).map((text) => text.trim());

  beforeAll(async () => {
    authority = await startWebAuthority();
    await expectStatus(201, authority.request({ method: 'POST', url: '/v1/products', payload: { id: 'studio', name: 'Studio' } }));
    await expectStatus(201, authority.request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } }));
    await sql`
      insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at)
      select 'cust-' || lpad(n::text, 3, '0'),
        (array['Acme', 'Globex', 'Initech', 'Northwind', 'Umbrella'])[1 + n % 5] || ' '
          || (array['Plant Systems', 'Logistics', 'Energy', 'Pharma', 'Robotics', 'Foods', 'Mining', 'Aerospace', 'Textiles', 'Shipping'])[1 + (n / 5) % 10] || ' '
          || (array['North', 'South', 'East', 'West', 'Central', 'Baltic'])[1 + (n / 50) % 6],
        'licensing@example.test', date '2027-01-01' + (n * 37) % 700, 'standard', now()
      from generate_series(1, ${CUSTOMERS}) as n`.execute(authority.database.db);
    const session = sessionSecretOf(await expectStatus(200, authority.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: authority.firstAdmin })));
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
    // A loaded machine may take its time: waits give up after 90 s, not Playwright's 30.
    tab.context().setDefaultTimeout(90_000);
    await tab.context().addCookies([{ name: 'airlock_session', value: session, url: authority.url }]);
  });

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  it('searches the customers, sorts them by a header both ways, and pages forward and back', async () => {
    await open('/console/customers');
    expect(await summary()).toBe(`${CUSTOMERS} customers`);
    expect(await rows().count()).toBe(50);
    expect(await tab.getByRole('link', { name: 'Previous' }).count()).toBe(0);

    await tab.getByLabel('Find a customer').fill('acme');
    await follow(() => tab.getByRole('button', { name: 'Search' }).click());
    expect(new URL(tab.url()).searchParams.get('q')).toBe('acme');
    expect(await summary()).toBe('58 customers found');
    expect((await tab.locator('#customers tbody th').allInnerTexts()).every((name) => name.startsWith('Acme '))).toBe(true);

    await follow(() => tab.getByRole('link', { name: /^Account ends/ }).click());
    expect(await tab.locator('th[aria-sort="ascending"]').innerText()).toContain('Account ends');
    const ascending = await accountEnds();
    expect(ascending).toEqual([...ascending].sort());
    await follow(() => tab.getByRole('link', { name: /^Account ends/ }).click());
    expect(await tab.locator('th[aria-sort="descending"]').innerText()).toContain('Account ends');
    const descending = await accountEnds();
    expect(descending).toEqual([...descending].sort().reverse());
    expect(new URL(tab.url()).searchParams.get('q')).toBe('acme');

    await follow(() => tab.getByRole('link', { name: 'Next' }).click());
    expect(await rows().count()).toBe(8);
    expect(await summary()).toBe('58 customers found');
    expect(await tab.getByRole('link', { name: 'Next' }).count()).toBe(0);
    const secondPage = await accountEnds();
    // The second page goes on where the first ended, in the same order.
    expect(secondPage[0]! <= descending.at(-1)!).toBe(true);
    await screenshot(tab, 'console-customers-paged');
    await follow(() => tab.getByRole('link', { name: 'Previous' }).click());
    expect(await accountEnds()).toEqual(descending);
    expect(await tab.getByRole('link', { name: 'Previous' }).count()).toBe(0);
  });

  it('says when a search finds no customer, and clears it', async () => {
    await open('/console/customers?sort=id');
    await tab.getByLabel('Find a customer').fill('nobody');
    await follow(() => tab.getByRole('button', { name: 'Search' }).click());
    expect(await tab.locator('#customers').innerText()).toContain('No customer found for “nobody”.');
    expect(await tab.locator('.pager-summary').innerText()).toBe('0 customers found');
    await follow(() => tab.getByRole('link', { name: 'Clear' }).click());
    expect(new URL(tab.url()).search).toBe('?sort=id');
    expect(await rows().count()).toBe(50);
    expect(await tab.locator('#customers tbody th').first().innerText()).toContain('Globex');
  });

  it('suggests customers as their name is typed in the device-license form, refuses an unknown id beside the field, and creates the license', async () => {
    await open('/console/device-licenses');
    expect(await tab.locator('#licenses').innerText()).toContain('No device license yet: create the first above.');
    const customer = tab.getByLabel('Customer', { exact: true });
    expect(await tab.locator('select[name="customerId"]').count()).toBe(0);
    await customer.pressSequentially('glob');
    const options = tab.locator('#new-device-license-customerId-options option');
    await expect.poll(() => options.count()).toBe(10);
    const suggested: [string, string][] = await tab.evaluate(
      `[...document.querySelectorAll('#new-device-license-customerId-options option')].map((option) => [option.value, option.label])`,
    );
    expect(suggested.every(([value, label]) => value.startsWith('cust-') && label.startsWith('Globex '))).toBe(true);

    await customer.fill('cust-999');
    await customer.press('Tab');
    await expect.poll(() => tab.locator('#new-device-license-customerId-refusal').innerText()).toContain('NOT_FOUND');
    await tab.getByLabel('Product').selectOption('studio');
    await tab.getByLabel('Ends on (UTC)').fill('2027-11-23');
    await tab.getByRole('button', { name: 'Create the device license' }).click();
    await expect.poll(() => tab.locator('#new-device-license-alert').innerText()).toContain('NOT_FOUND');

    await customer.fill('cust-002');
    await customer.press('Tab');
    await expect.poll(() => tab.locator('#new-device-license-customerId-found').innerText()).toBe('Initech Plant Systems North (cust-002)');
    expect(await tab.locator('#new-device-license-customerId-refusal').innerText()).toBe('');
    await tab.getByRole('button', { name: 'Create the device license' }).click();
    await tab.locator('.flash', { hasText: 'Its license key, shown only now:' }).waitFor();
    expect(await tab.locator('#licenses tbody').innerText()).toContain('cust-002');
  });

  it('raised no console error and no page error anywhere', () => {
    browser.assertNoErrors();
    // The API's refusals were the two the page showed: the unknown customer's lookup, then the form sent with it.
    expect(browser.refusals).toEqual([expect.stringContaining('/v1/customers/cust-999'), expect.stringContaining('/v1/device-licenses')]);
  });
});
