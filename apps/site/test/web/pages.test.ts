import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitIntoQrChunks } from '@airlock/web';
import { launchBrowser, screenshot, viewports, writeY4mOfQrCodes, type TestBrowser } from '@airlock/web/testing';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_SESSION_COOKIE } from '@airlock/http';
import { item, TestActivationDesk } from '../../src/testing/activated-license-testing.ts';
import { createTestSiteApp, signedIn, type SignedInAccount } from '../../src/testing/site-callers.ts';
import { createTestSite, feature, licenseTenant, meter, seat, type TestSite } from '../../src/testing/site-fixtures.ts';

/**
 * Every page of the site's web admin, at a laptop's and a tablet's size, in a real browser:
 * each answers, has one heading, a label on every control, a skip link, no sideways scrolling,
 * and the camera allowed for its QR readers under a CSP of the site's own scripts; the keyboard
 * alone signs in; each role sees what it may; a document is read from the camera.
 */
describe('every page of the site’s web admin', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let url = '';
  let browser: TestBrowser;
  let admin: SignedInAccount;
  let blueAdmin: SignedInAccount;
  let auditor: SignedInAccount;
  let work = '';
  let lfrId = '';
  let refusedAttempt = '';
  let installedAttempt = '';
  const STEP = 180_000;

  const secretOf = (account: SignedInAccount) => account.headers.cookie!.slice(SITE_SESSION_COOKIE.length + 1);
  const tabAs = async (account: SignedInAccount | null, viewport: { width: number; height: number }) => {
    const tab = await browser.newPage({ viewport });
    // A loaded machine may take its time: waits give up after 90 s, not Playwright's 30.
    tab.context().setDefaultTimeout(90_000);
    if (account) await tab.context().addCookies([{ name: SITE_SESSION_COOKIE, value: secretOf(account), url }]);
    return tab;
  };
  const open = async (tab: Page, path: string) => {
    const response = await tab.goto(`${url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
    return response;
  };
  /** What every page must be: one heading, every control labelled, well-formed attributes, nothing wider than the screen. */
  // Runs in the page (as a string: the tests' TypeScript has no DOM types).
  const inspect = (tab: Page): Promise<unknown> =>
    tab.evaluate(`(() => {
    const controls = [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')];
    return {
      headings: document.querySelectorAll('h1').length,
      unlabelled: controls.filter((control) => (control.labels?.length ?? 0) === 0 && !control.getAttribute('aria-label') && control.textContent.trim() === '').map((control) => control.outerHTML),
      badAttributes: [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.name).filter((name) => /[&;"'=]/.test(name))),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      skipLink: document.querySelector('a.skip-link')?.getAttribute('href'),
    };
  })()`);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'airlock-site-pages-'));
    test = await createTestSite({ tenants: ['default', 'blue', 'green'] });
    app = await createTestSiteApp(test);
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    const { site } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 3), seat('bot-creator', 1), meter('bot-runs', 1000), feature('export')]);
    for (const user of ['ada', 'grace', 'a user with a rather long name from the directory']) await site.checkoutSeat('default', 'bot-runner', user);
    await site.checkoutSeat('default', 'bot-creator', 'linus');
    await site.consume('default', 'bot-runs', 640);
    const blueKey = site.status('blue').registrationKey;
    const desk = new TestActivationDesk(test.desk.authority, test.clock);
    admin = await signedIn(app, site, { account: 'ops', role: 'site-admin' });
    blueAdmin = await signedIn(app, site, { account: 'blue-admin', role: 'tenant-admin', tenant: 'blue' });
    auditor = await signedIn(app, site, { account: 'reader', role: 'auditor' });
    const action = (path: string, payload?: object) => app.inject({ method: 'POST', url: path, headers: admin.headers, ...(payload ? { payload } : {}) });

    // An activated license on blue, installed through the pages' action (so its outcome page exists).
    const license = await desk.activate(blueKey, [
      item('bot-runner', 5),
      item('bot-creator', 2, 'term', '2027-02-28'),
      item('bot-runs', 500, 'pilot', '2026-12-31'),
    ]);
    installedAttempt = (await action('/admin/actions/blue/activated-license', { text: license.text })).json<{ attempt: string }>().attempt;
    // A new cycle on default, made through the pages (so its LFR is held), and an OLF it refuses.
    lfrId = (await action('/admin/actions/default/lfr', {})).json<{ id: string }>().id;
    const held = (await app.inject({ method: 'GET', url: `/admin/actions/default/lfrs/${lfrId}`, headers: admin.headers })).json<{ text: string }>();
    const reduced = await test.desk.answer(held.text, { entitlements: [seat('bot-runner', 1), seat('bot-creator', 1), meter('bot-runs', 1000)] });
    refusedAttempt = (await action('/admin/actions/default/olf', { text: reduced })).json<{ attempt: string }>().attempt;
    // Off the hour: a countdown rendered on an exact hour would tip to the hour below within the millisecond the page loads.
    test.clock.advance(17 * 60_000);
    browser = await launchBrowser();
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  const pages = () => [
    '/admin/tenants',
    '/admin/licenses/default',
    '/admin/licenses/blue',
    '/admin/licenses/green',
    '/admin/offline/default',
    '/admin/offline/green',
    `/admin/offline/default/lfrs/${lfrId}`,
    `/admin/offline/default/lfrs/${lfrId}/qr`,
    `/admin/offline/default/installs/${refusedAttempt}`,
    '/admin/activated/blue',
    `/admin/activated/blue/installs/${installedAttempt}`,
    '/admin/seats/default',
    '/admin/floating/default',
    '/admin/audit/default',
    '/admin/password',
  ];
  const shotName = (viewport: string, path: string) =>
    `site-${viewport}${path
      .replace(/\/[0-9a-f-]{36}/g, '')
      .replace(/\//g, '-')
      .replace(/-admin/, '')}`;

  for (const [name, viewport] of Object.entries(viewports)) {
    it(
      `renders every page well on a ${name} (${viewport.width}×${viewport.height})`,
      async () => {
        const tab = await tabAs(admin, viewport);
        const seen: Record<string, unknown> = {};
        for (const path of pages()) {
          const response = await open(tab, path);
          expect(new URL(tab.url()).pathname, path).toBe(path);
          expect(response?.status(), path).toBe(200);
          expect(response?.headers()['permissions-policy'], path).toMatch(/^camera=\(self\), microphone=\(\)/);
          expect(response?.headers()['content-security-policy'], path).toContain("script-src 'self'");
          seen[path] = await inspect(tab);
          if (name === 'tablet' || path === '/admin/licenses/default') await screenshot(tab, shotName(name, path));
        }
        for (const [path, found] of Object.entries(seen))
          expect(found, path).toEqual({ headings: 1, unlabelled: [], badAttributes: [], overflow: 0, skipLink: '#main' });
        await tab.context().close();
      },
      STEP,
    );
  }

  it(
    'signs in with the keyboard alone: skip link, Tab between labelled fields, Enter to send',
    async () => {
      const tab = await tabAs(null, viewports.laptop);
      await open(tab, '/admin/sign-in');
      await tab.keyboard.press('Tab');
      expect(await tab.evaluate('document.activeElement?.textContent')).toBe('Skip to main content');
      expect(await tab.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
      await tab.keyboard.press('Enter');
      expect(await tab.evaluate('document.activeElement?.id')).toBe('main');
      await tab.keyboard.press('Tab');
      expect(await tab.evaluate('document.activeElement?.id')).toBe('sign-in-account');
      await tab.keyboard.type('ops');
      await tab.keyboard.press('Tab');
      expect(await tab.evaluate('document.activeElement?.id')).toBe('sign-in-password');
      await tab.keyboard.type(admin.password);
      await tab.keyboard.press('Enter');
      await tab.waitForURL(/\/admin\/tenants$/);
      // Then from the tenants list to a tenant's licenses, by Tab and Enter.
      await tab.locator('html[data-airlock-ready="true"]').waitFor();
      await tab.locator('#tenants a', { hasText: 'green' }).focus();
      await tab.keyboard.press('Enter');
      await tab.waitForURL(/\/admin\/licenses\/green$/);
      await tab.context().close();
    },
    STEP,
  );

  it(
    'shows a wrong password readably beside the sign-in form',
    async () => {
      const tab = await tabAs(null, viewports.laptop);
      await open(tab, '/admin/sign-in');
      await tab.getByLabel('Account').fill('ops');
      await tab.getByLabel('Password').fill('not the password at all');
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.locator('#sign-in-alert .problem-code').waitFor();
      expect(await tab.locator('#sign-in-alert .problem-code').textContent()).toBe('INVALID_CREDENTIALS');
      await screenshot(tab, 'site-sign-in-refused');
      await tab.context().close();
    },
    STEP,
  );

  it(
    'gives a tenant administrator its own tenant only, and an auditor the pages without their forms',
    async () => {
      const tab = await tabAs(blueAdmin, viewports.laptop);
      await open(tab, '/admin');
      expect(new URL(tab.url()).pathname).toBe('/admin/licenses/blue');
      expect(await tab.locator('.main-nav').textContent()).not.toContain('Tenants');
      browser.expectRefusedPage(/\/admin\/licenses\/default$/);
      const refused = await open(tab, '/admin/licenses/default');
      expect(refused?.status()).toBe(403);
      expect(await tab.locator('.problem-code').textContent()).toBe('FORBIDDEN');
      await tab.context().close();

      const reader = await tabAs(auditor, viewports.laptop);
      await open(reader, '/admin/seats/default');
      expect(await reader.locator('main form[data-api]').count()).toBe(0);
      expect(await reader.locator('main tbody th').allTextContents()).toContain('ada');
      await open(reader, '/admin/offline/default');
      expect(await reader.locator('main form[data-api]').count()).toBe(0);
      expect(await reader.locator('.lead').textContent()).toContain('You may read this tenant');
      await reader.context().close();
    },
    STEP,
  );

  it(
    'reads an enablement token from the camera, code after code, and installs it',
    async () => {
      const token = await test.desk.token(test.identity.guid);
      const video = join(work, 'token.y4m');
      await writeY4mOfQrCodes(video, [...splitIntoQrChunks(token, { maxChunkChars: 300 })].reverse(), { framesEach: 6 });
      const camera = await launchBrowser({ fakeCamera: video });
      try {
        const tab = await camera.newPage({ viewport: viewports.tablet });
        tab.context().setDefaultTimeout(90_000);
        await tab.context().addCookies([{ name: SITE_SESSION_COOKIE, value: secretOf(admin), url }]);
        await open(tab, '/admin/offline/green');
        const form = tab.locator('#install-token');
        await form.getByRole('button', { name: 'Read with the camera' }).click();
        await expect.poll(() => form.getByLabel('Or paste its text').inputValue(), { timeout: 90_000 }).toBe(token);
        await form.getByRole('button', { name: 'Install the enablement token' }).click();
        await tab.locator('.flash', { hasText: 'Enablement token installed' }).waitFor();
        expect(test.site.status('green').enablement).not.toBeNull();
        camera.assertNoErrors();
      } finally {
        await camera.close();
      }
    },
    STEP,
  );

  it('raised no console error and no page error anywhere', () => {
    browser.assertNoErrors();
    expect(browser.refusals).toEqual([expect.stringMatching(/\/v1\/auth\/sign-in: .* status of 401/)]);
  });
});
