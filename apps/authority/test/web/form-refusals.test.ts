import { createTestParty } from '@airlock/core/testing';
import { viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeConsolePages, addAcme, expectStatus, customerPortalPages, signInAndLaunch, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * Every form of every page of the console, the portal and the device portal shows the API's
 * refusal in its own alert region. The forms are found on the rendered pages (`form[data-api]`,
 * what the client script sends), so a new form is tested as soon as a page shows it:
 * - a form listed in `refusedValues` is sent with a value the server refuses for what it is
 *   (an id that exists, a wrong password, an unknown LRN, …), and its alert must say why;
 * - every other form is sent after the person's session has ended (the cookie cleared), which
 *   the server refuses for any form; the pages without a session (device portal) send the form
 *   empty, which the server refuses as invalid.
 */
describe('the refusals of every form, shown beside it', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  const plant = createTestParty('refusals/acme-plant');
  let deviceLicenseId = '';
  let adminSession = '';
  let customerSession = '';

  beforeAll(async () => {
    authority = await startWebAuthority();
    const { post } = authority;
    await post('/v1/products', { id: 'automation', name: 'Automation' });
    for (const [id, category] of [
      ['bot-runner', 'seat'],
      ['bot-runs', 'meter'],
    ] as const)
      await post('/v1/products/automation/license-types', { id, name: id, category });
    await addAcme(authority, '2027-12-31');
    await post('/v1/customers/acme/sites', { guid: plant.guid, name: 'Plant 4' });
    await expectStatus(200, authority.request({ method: 'PUT', url: '/v1/customers/acme/static-licenses', payload: { renewUntil: '2027-06-30' } }));
    await post('/v1/customers/acme/offline-requests', { reason: 'air-gapped', details: 'no internet' });
    await post('/v1/customers/acme/orders', { items: [{ product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' }] });
    deviceLicenseId = String(
      (
        await post('/v1/device-licenses', {
          productId: 'automation',
          customerId: 'acme',
          credential: 'user',
          users: [{ username: 'operator', password: 'operator password' }],
          expiresAt: '2027-11-23T00:00:00.000Z',
        })
      ).id,
    );

    ({ adminSession, customerSession, browser } = await signInAndLaunch(authority));
  });

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
  });

  const consolePages = ['/console/sign-in', '/console/password', ...acmeConsolePages(plant.guid), `/console/device-licenses/${deviceLicenseIdPlaceholder()}`];
  const portalPages = ['/portal/sign-in', ...customerPortalPages(plant.guid)];
  const devicePages = ['/devices/activate', '/devices/refresh', '/devices/deactivate', '/devices/code'];

  /** A value the server refuses for what it is, typed into a form, and what its alert must then say. */
  interface RefusedValue {
    readonly fill: (tab: Page, form: string) => Promise<void>;
    readonly says: string;
  }
  const fillIn = (values: Record<string, string>) => async (tab: Page, form: string) => {
    for (const [name, value] of Object.entries(values))
      await tab.locator(`form[id="${form}"] :is(input:not([type=file]), textarea)[name="${name}"]`).fill(value);
  };
  const refusedValues: Record<string, RefusedValue> = {
    'new-product': { fill: fillIn({ id: 'automation', name: 'Automation again' }), says: 'CONFLICT' },
    'new-type-automation': { fill: fillIn({ id: 'bot-runner', name: 'Runner again' }), says: 'CONFLICT' },
    'new-policy': { fill: fillIn({ id: 'standard', name: 'Standard again' }), says: 'CONFLICT' },
    'new-customer': { fill: fillIn({ id: 'acme', name: 'Acme again', contactEmail: 'again@acme.example', accountEndsOn: '2028-01-31' }), says: 'CONFLICT' },
    'new-user': { fill: fillIn({ email: 'buyer@acme.example', password: 'another long password' }), says: 'CONFLICT' },
    'register-site': { fill: fillIn({ guid: plant.guid, name: 'Plant 4 again' }), says: 'CONFLICT' },
    'add-user': { fill: fillIn({ username: 'operator', password: 'another long password' }), says: 'CONFLICT' },
    'sign-in': { fill: fillIn({ email: 'nobody@acme.example', password: 'not the password' }), says: 'INVALID_CREDENTIALS' },
    // The second sign-in step, hidden until a password step answers a challenge: a challenge no sign-in handed out.
    'sign-in-code': {
      fill: async (tab, form) => {
        await tab.evaluate(`(() => {
          const step = document.getElementById(${JSON.stringify(form)});
          step.querySelector('input[name=challenge]').value = '${'a'.repeat(43)}';
          step.querySelector('input[name=code]').value = '123456';
        })()`);
      },
      says: 'MFA_CHALLENGE_EXPIRED',
    },
    'change-password': { fill: fillIn({ currentPassword: 'not the current password', newPassword: 'a new long passphrase' }), says: 'INVALID_CREDENTIALS' },
    'upload-lfr': { fill: fillIn({ text: '-----BEGIN AIRLOCK LFR-----\nnot a request\n-----END AIRLOCK LFR-----' }), says: 'DOCUMENT_MALFORMED' },
    // A logo that is no image: the brand form holds a file control and a text one for the logo.
    'set-brand': { fill: fillIn({ hostName: 'licenses.refused.test', name: 'Refused', logoDataUri: 'data:text/html;base64,PGI+' }), says: 'REQUEST_INVALID' },
  };

  /** The ids of the page's forms that the client script sends. */
  const formsOf = (tab: Page): Promise<string[]> => tab.evaluate(`[...document.querySelectorAll('form[data-api]')].map((form) => form.getAttribute('id'))`);

  const open = async (tab: Page, path: string) => {
    await tab.goto(`${authority.url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
  };

  /** Sends the form as it is, past the browser's own checks (the server is the one refusing). */
  const send = async (tab: Page, form: string) => {
    await tab.evaluate(`(() => {
      const form = document.querySelector('form[data-api][id=' + ${JSON.stringify(JSON.stringify(form))} + ']');
      form.setAttribute('novalidate', '');
      HTMLFormElement.prototype.requestSubmit.call(form, form.querySelector('button[type=submit]'));
    })()`);
  };

  /** What the form's alert says once it says something. */
  const alertOf = async (tab: Page, form: string) => {
    const alert = tab.locator(`[id="${form}-alert"]`);
    await expect.poll(async () => (await alert.textContent())?.trim() ?? '', { timeout: 15_000 }).not.toBe('');
    return (await alert.textContent()) ?? '';
  };

  it('shows every refusal in the alert beside the form that was sent', async () => {
    const pages: [string, string][] = [
      ...consolePages.map(
        (path) => [path.startsWith('/console/sign-in') ? '' : adminSession, path.replace(deviceLicenseIdPlaceholder(), deviceLicenseId)] as [string, string],
      ),
      ...portalPages.map((path) => [path.startsWith('/portal/sign-in') ? '' : customerSession, path] as [string, string]),
      ...devicePages.map((path) => ['', path] as [string, string]),
    ];
    const seen: Record<string, string> = {};
    for (const [session, path] of pages) {
      const tab = await browser.newPage({ viewport: viewports.laptop });
      // A loaded machine may take its time: waits give up after 90 s, not Playwright's 30.
      tab.context().setDefaultTimeout(90_000);
      tab.on('dialog', (dialog) => void dialog.accept());
      const signIn = async () => {
        if (session !== '') await tab.context().addCookies([{ name: 'airlock_session', value: session, url: authority.url }]);
      };
      await signIn();
      await open(tab, path);
      const forms = await formsOf(tab);
      for (const [index, form] of forms.entries()) {
        // Each form is sent from the page as it was served: opened again after the first.
        if (index > 0) await open(tab, path);
        const refused = refusedValues[form] ?? refusedValues[form.replace(/-[0-9a-f-]{36}$/, '')];
        if (refused) {
          await refused.fill(tab, form);
          await send(tab, form);
          seen[`${path} #${form}`] = (await alertOf(tab, form)).includes(refused.says) ? refused.says : await alertOf(tab, form);
        } else if (session !== '') {
          await tab.context().clearCookies();
          await send(tab, form);
          const said = await alertOf(tab, form);
          seen[`${path} #${form}`] = said.includes('UNAUTHENTICATED') ? 'UNAUTHENTICATED' : said;
          await signIn();
        } else {
          await send(tab, form);
          const said = await alertOf(tab, form);
          seen[`${path} #${form}`] = said.includes('REQUEST_INVALID') ? 'REQUEST_INVALID' : said;
        }
      }
      await tab.context().close();
    }
    const expected = Object.fromEntries(
      Object.keys(seen).map((key) => {
        const form = key.slice(key.indexOf('#') + 1);
        const refused = refusedValues[form] ?? refusedValues[form.replace(/-[0-9a-f-]{36}$/, '')];
        if (refused) return [key, refused.says];
        return [key, key.startsWith('/devices/') ? 'REQUEST_INVALID' : 'UNAUTHENTICATED'];
      }),
    );
    expect(seen).toEqual(expected);
    // Every form with a refused value of its own was on a page, and there were forms everywhere expected.
    const sentForms = new Set(Object.keys(seen).map((key) => key.slice(key.indexOf('#') + 1)));
    expect(Object.keys(refusedValues).filter((form) => !sentForms.has(form))).toEqual([]);
    expect(sentForms.size).toBeGreaterThan(30);
    browser.assertNoErrors();
  }, 400_000);
});

/** Stands in for the device license's id in the list of pages, known only once it is created. */
function deviceLicenseIdPlaceholder(): string {
  return '{device-license}';
}
