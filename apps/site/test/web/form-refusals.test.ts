import { launchBrowser, viewports, type TestBrowser } from '@airlock/web/testing';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_SESSION_COOKIE } from '@airlock/http';
import { createTestSiteApp, signedIn, type SignedInAccount } from '../../src/testing/site-callers.ts';
import { createTestSite, feature, licenseTenant, meter, seat, type TestSite } from '../../src/testing/site-fixtures.ts';

/**
 * Every form of every page of the site's web admin shows the API's refusal in its own alert
 * region. The forms are found on the rendered pages (`form[data-api]`), so a new form is tested
 * as soon as a page shows it: one listed in `refusedValues` is sent with a value the site refuses
 * for what it is; every other one is sent after the person's session has ended (the cookie
 * cleared), which the site refuses for any form.
 */
describe('the refusals of every form of the site’s web admin, shown beside it', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let url = '';
  let browser: TestBrowser;
  let admin: SignedInAccount;
  const STEP = 240_000;

  beforeAll(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    app = await createTestSiteApp(test);
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    await licenseTenant(test, 'default', [seat('bot-runner', 3), meter('bot-runs', 1000), feature('export')]);
    await test.site.checkoutSeat('default', 'bot-runner', 'ada');
    admin = await signedIn(app, test.site, { account: 'ops', role: 'site-admin' });
    browser = await launchBrowser();
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const pages = [
    '/admin/sign-in',
    '/admin/password',
    '/admin/tenants',
    '/admin/licenses/default',
    '/admin/offline/default',
    '/admin/activated/default',
    '/admin/seats/default',
    '/admin/floating/default',
    '/admin/audit/default',
  ];

  /** A value the site refuses for what it is, typed into a form, and what its alert must then say. */
  interface RefusedValue {
    readonly values: Record<string, string>;
    readonly says: string;
  }
  const refusedValues: Record<string, RefusedValue> = {
    'sign-in': { values: { account: 'nobody', password: 'not the password' }, says: 'INVALID_CREDENTIALS' },
    // The second sign-in step, hidden until a password step answers a challenge: a challenge no sign-in handed out.
    'sign-in-code': { values: { challenge: 'a'.repeat(43), code: '123456' }, says: 'MFA_CHALLENGE_EXPIRED' },
    'change-password': { values: { currentPassword: 'not the current password', newPassword: 'a new long passphrase' }, says: 'INVALID_CREDENTIALS' },
    // Documents: a text that is not one.
    ...Object.fromEntries(
      ['install-token', 'install-olf', 'install-activated'].map((form) => [form, { values: { text: 'not a document' }, says: 'DOCUMENT_MALFORMED' }]),
    ),
  };

  const open = async (tab: Page, path: string) => {
    await tab.goto(`${url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
  };
  /** Sends the form as it is, past the browser's own checks (the site is the one refusing). */
  const send = (tab: Page, form: string) =>
    tab.evaluate(`(() => {
    const form = document.querySelector('form[data-api][id=' + ${JSON.stringify(JSON.stringify(form))} + ']');
    form.setAttribute('novalidate', '');
    HTMLFormElement.prototype.requestSubmit.call(form, form.querySelector('button[type=submit]'));
  })()`);
  const alertOf = async (tab: Page, form: string) => {
    const alert = tab.locator(`[id="${form}-alert"]`);
    await expect.poll(async () => (await alert.textContent())?.trim() ?? '', { timeout: 10_000 }).not.toBe('');
    return (await alert.textContent()) ?? '';
  };

  it(
    'shows every refusal in the alert beside the form that was sent',
    async () => {
      const seen: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const path of pages) {
        const session = path === '/admin/sign-in' ? null : admin.headers.cookie!.slice(SITE_SESSION_COOKIE.length + 1);
        const tab = await browser.newPage({ viewport: viewports.laptop });
        tab.context().setDefaultTimeout(90_000);
        tab.on('dialog', (dialog) => void dialog.accept());
        const signIn = async () => {
          if (session) await tab.context().addCookies([{ name: SITE_SESSION_COOKIE, value: session, url }]);
        };
        await signIn();
        await open(tab, path);
        const forms: string[] = await tab.evaluate(`[...document.querySelectorAll('form[data-api]')].map((form) => form.getAttribute('id'))`);
        for (const [index, form] of forms.entries()) {
          // Each form is sent from the page as it was served: opened again after the first.
          if (index > 0) await open(tab, path);
          const refused = refusedValues[form];
          const key = `${path} #${form}`;
          if (refused) {
            // Set as typed, even in a form folded away behind a summary.
            await tab.evaluate(`(() => {
            const form = document.querySelector('form[data-api][id=' + ${JSON.stringify(JSON.stringify(form))} + ']');
            for (const [name, value] of Object.entries(${JSON.stringify(refused.values)})) form.querySelector(':is(input:not([type=file]), textarea)[name="' + name + '"]').value = value;
          })()`);
            await send(tab, form);
            expected[key] = refused.says;
          } else {
            await tab.context().clearCookies();
            await send(tab, form);
            expected[key] = 'UNAUTHENTICATED';
          }
          const said = await alertOf(tab, form);
          seen[key] = said.includes(expected[key]) ? expected[key] : said;
          await signIn();
        }
        await tab.context().close();
      }
      expect(seen).toEqual(expected);
      expect(Object.keys(seen).length).toBeGreaterThan(5);
      // The browser logs each refused call to the pages' actions; nothing else may have gone wrong.
      expect(browser.errors.filter((error) => !/status of 4\d\d \(.*\) \(http:\/\/[^/]+\/admin\/actions\//.test(error))).toEqual([]);
    },
    STEP,
  );
});
