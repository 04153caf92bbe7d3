import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '@airlock/core';
import { describeCountdown, documentQrCodes } from '@airlock/web';
import { launchBrowser, screenshot, screenshotQrCodes, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionSecretOf } from '../../../authority/src/features/accounts/testing/account-fixtures.ts';
import { expectStatus, startWebAuthority, type WebAuthority } from '../../../authority/test/web/web-harness.ts';
import { startWebSite, type WebSite } from './web-site.ts';

/**
 * The site's web admin in a real browser, against a real authority, as the two people at either
 * end of an air gap use them: the site's first administrator signs in with the one-time
 * password and chooses their own; the vendor's console gives the enablement token as a file,
 * which the site's page installs; the site's page makes an LFR and offers it as a file, which the
 * console takes and answers with an OLF file, which the site's page installs. Then the next
 * LFR is shown as QR codes and read back from screenshots of them; an OLF that would leave more
 * users than seats is refused, with a table per type and a de-provision button per user, and
 * installed once a user is de-provisioned from it; and an order activated at the authority for a
 * new tenant's Registration Key is installed from its page. Any console or page error fails.
 */
describe('the site’s web admin in a browser, through a complete offline cycle with a real authority', () => {
  let authority: WebAuthority;
  let site: WebSite;
  let browser: TestBrowser;
  let admin: Page;
  let vendor: Page;
  let work = '';
  const STEP = 180_000;

  const open = async (tab: Page, base: string, path: string) => {
    const response = await tab.goto(`${base}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
    return response;
  };
  const openSite = (path: string) => open(admin, site.url, path);
  const openConsole = (path: string) => open(vendor, authority.url, path);
  /** Waits for the message a form leaves after the page reloads or moves on. */
  const flash = (tab: Page, text: string) => tab.locator('.flash', { hasText: text }).waitFor();
  const ready = (tab: Page) => tab.locator('html[data-airlock-ready="true"]').waitFor();
  const download = async (tab: Page, click: () => Promise<void>): Promise<{ name: string; text: string; path: string }> => {
    const [file] = await Promise.all<[Promise<Download>, Promise<void>]>([tab.waitForEvent('download'), click()]);
    const path = join(work, file.suggestedFilename());
    await file.saveAs(path);
    return { name: file.suggestedFilename(), text: await readFile(path, 'utf8'), path };
  };
  const post = async (url: string, payload: object, status = 201) =>
    (await expectStatus(status, authority.request({ method: 'POST', url, payload }))).json<Record<string, unknown>>();
  /** A licensed application, checking seats out with an application key of the tenant. */
  const checkout = async (tenant: string, type: string, user: string) => {
    const { key } = await site.site.accounts.createAppKey(tenant, `app-${user}`, 'test');
    const response = await fetch(`${site.url}/v1/tenants/${tenant}/seats/${type}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  };
  const consume = async (tenant: string, meter: string, amount: number) => {
    const { key } = await site.site.accounts.createAppKey(tenant, `app-${meter}`, 'test');
    const response = await fetch(`${site.url}/v1/tenants/${tenant}/meters/${meter}/consume`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  };
  /** An OLF the authority issues through its API, answering an LFR it was given. */
  const issueOlf = async (lfrText: string, quantities: Record<string, number>, acceptBelowUse = false): Promise<string> => {
    const uploaded = await post('/v1/customers/acme/lfrs', { text: lfrText });
    const lfrId = (uploaded.lfr as { id: string }).id;
    const today = authority.clock.now().toISOString().slice(0, 10);
    const olf = await post(`/v1/customers/acme/lfrs/${lfrId}/olf`, {
      start: today,
      end: '2027-06-30',
      entitlements: Object.entries(quantities).map(([type, quantity]) => ({ type, quantity })),
      acceptBelowUse,
    });
    return (await expectStatus(200, authority.request({ method: 'GET', url: `/v1/customers/acme/olfs/${String(olf.id)}` }))).json<{ text: string }>().text;
  };
  /** Pictures of a document's QR codes, as a phone would take them off another screen. */
  const photographQrCodes = async (text: string, name: string): Promise<string[]> => {
    const screen = await browser.newPage({ viewport: { width: 900, height: 900 } });
    screen.context().setDefaultTimeout(90_000);
    await screen.setContent(`<!doctype html><html><body>${(await documentQrCodes(text, { name })).markup}</body></html>`);
    const images = await screenshotQrCodes(screen, join(work, `${name.replace(/\W+/g, '-').toLowerCase()}-codes`), 'code');
    await screen.context().close();
    return images;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'airlock-site-web-'));
    authority = await startWebAuthority();
    site = await startWebSite({ root: authority.trust.root, clock: authority.clock });
    // The vendor's catalogue, customer and approval are set up through the authority's API: its own pages are tested with it.
    await post('/v1/products', { id: 'automation', name: 'Automation' });
    for (const [id, category] of [
      ['bot-runner', 'seat'],
      ['bot-creator', 'seat'],
      ['bot-runs', 'meter'],
    ] as const)
      await post('/v1/products/automation/license-types', { id, name: id, category });
    await post('/v1/policies', { id: 'standard', name: 'Standard' });
    await post('/v1/customers', {
      id: 'acme',
      name: 'Acme Plant Systems',
      contactEmail: 'licensing@acme.example',
      accountEndsOn: '2027-12-31',
      policyId: 'standard',
    });
    await expectStatus(
      200,
      authority.request({
        method: 'PUT',
        url: '/v1/customers/acme/entitlements',
        payload: {
          entitlements: [
            { licenseTypeId: 'bot-runner', quantity: 10 },
            { licenseTypeId: 'bot-creator', quantity: 2 },
            { licenseTypeId: 'bot-runs', quantity: 5000 },
          ],
        },
      }),
    );
    const asked = await post('/v1/customers/acme/offline-requests', { reason: 'air-gapped', details: 'Plant 4 has no route to the internet.' });
    await post(`/v1/offline-requests/${String(asked.id)}/decision`, { decision: 'approve' }, 200);
    await post('/v1/customers/acme/sites', { guid: site.identity.guid, name: 'Plant 4' });

    // The vendor's administrator, signed in to the console (its sign-in page is the authority's to test).
    const login = await expectStatus(
      200,
      authority.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { email: authority.firstAdmin.email, password: authority.firstAdmin.password },
      }),
    );
    const consoleSession = sessionSecretOf(login);
    await expectStatus(
      204,
      authority.app.inject({
        method: 'POST',
        url: '/v1/auth/password',
        headers: { cookie: `airlock_session=${consoleSession}`, 'x-airlock-csrf': '1' },
        payload: { currentPassword: authority.firstAdmin.password, newPassword: 'the vendor’s own passphrase' },
      }),
    );

    browser = await launchBrowser();
    admin = await browser.newPage({ viewport: viewports.laptop });
    vendor = await browser.newPage({ viewport: viewports.laptop });
    // A loaded machine may take its time: waits give up after 90 s, not Playwright's 30.
    for (const tab of [admin, vendor]) tab.context().setDefaultTimeout(90_000);
    await vendor.context().addCookies([{ name: 'airlock_session', value: consoleSession, url: authority.url }]);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await authority?.close();
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it(
    'signs the first administrator in with the one-time password and makes them choose their own first',
    async () => {
      await openSite('/admin/tenants');
      expect(new URL(admin.url()).pathname).toBe('/admin/sign-in');
      await screenshot(admin, 'site-sign-in');
      await admin.getByLabel('Account').fill('admin');
      await admin.getByLabel('Password').fill(site.firstAdmin.password);
      await admin.getByRole('button', { name: 'Sign in' }).click();
      await admin.waitForURL(/\/admin\/password$/);
      await ready(admin);
      expect(await admin.locator('main .notice').textContent()).toContain('one-time password');
      // Nothing else opens before the password is changed.
      await openSite('/admin/tenants');
      expect(new URL(admin.url()).pathname).toBe('/admin/password');
      await admin.getByLabel('Current password').fill(site.firstAdmin.password);
      await admin.getByLabel('New password').fill('the site administrator’s own');
      await admin.getByRole('button', { name: 'Change the password' }).click();
      await admin.waitForURL(/\/admin\/tenants$/);
      await flash(admin, 'Your password is changed');
      expect(await admin.locator('.account-name').textContent()).toBe('admin (site administrator)');
    },
    STEP,
  );

  it(
    'lists the tenants with their Registration Keys, copies one, and adds a tenant',
    async () => {
      const [defaultTenant] = site.site.tenants();
      expect(await admin.locator('#tenants tbody tr').count()).toBe(1);
      const rk = admin.locator('#rk-0');
      expect(await rk.textContent()).toBe(defaultTenant!.registrationKey);
      expect(defaultTenant!.registrationKey).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
      await admin.getByRole('button', { name: 'Copy' }).click();
      await expect.poll(() => admin.locator('#rk-0-copied').textContent()).toBe(`Copied ${defaultTenant!.registrationKey}.`);
      expect(await admin.evaluate('navigator.clipboard.readText()')).toBe(defaultTenant!.registrationKey);

      await admin.getByLabel('Tenant name').fill('blue');
      await admin.getByRole('button', { name: 'Add the tenant' }).click();
      const blueKey = () => site.site.tenants().find((tenant) => tenant.tenant === 'blue')?.registrationKey;
      // The key exists only once the site has added the tenant, which may be after the click returns:
      // wait for the message first, then compare it with the key the site gave.
      await flash(admin, 'Tenant blue added, with Registration Key');
      expect(blueKey()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(await admin.locator('.flash', { hasText: 'Tenant blue added' }).textContent()).toContain(
        `Tenant blue added, with Registration Key ${blueKey()!}.`,
      );
      expect(await admin.locator('#tenants tbody tr').count()).toBe(2);
      expect(await admin.locator('#tenants tbody').textContent()).toContain(blueKey());
      expect(await admin.locator('#site').textContent()).toContain(site.identity.guid);
      await screenshot(admin, 'site-tenants');
    },
    STEP,
  );

  it(
    'installs the enablement token the vendor’s console gave as a file',
    async () => {
      await openConsole(`/console/customers/acme/sites/${site.identity.guid}`);
      const token = await download(vendor, () => vendor.getByRole('button', { name: 'Download the enablement token' }).click());
      expect(token.text).toMatch(/^-----BEGIN AIRLOCK ENABLEMENT TOKEN-----/);

      await openSite('/admin/offline/default');
      expect(await admin.locator('.lead .badge').textContent()).toBe('not licensed');
      expect(await admin.locator('#lfr').textContent()).toContain('Install an enablement token first');
      const form = admin.locator('#install-token');
      await form.getByLabel('Enablement token (optional)').setInputFiles(token.path);
      await form.getByRole('button', { name: 'Install the enablement token' }).click();
      await flash(admin, 'Enablement token installed: offline licensing is on.');
      expect(await admin.locator('#token dl').textContent()).toContain('acme');
    },
    STEP,
  );

  it(
    'makes an LFR and offers it as a file, which the console answers with an OLF file that the site installs',
    async () => {
      await admin.getByRole('button', { name: 'Make a license file request' }).click();
      await admin.waitForURL(/\/admin\/offline\/default\/lfrs\/[^/]+$/);
      await flash(admin, 'License file request');
      expect(await admin.locator('main .notice .badge').first().textContent()).toBe('the one to carry');
      await screenshot(admin, 'site-lfr');
      const lfr = await download(admin, () => admin.getByRole('button', { name: 'Download the LFR' }).click());
      expect(lfr.name).toBe(`lfr-${site.identity.guid}-default-1-1.txt`);
      expect(lfr.text).toMatch(/^-----BEGIN AIRLOCK LICENSE FILE REQUEST-----/);

      // At the vendor: the console takes the carried file and answers it.
      await openConsole('/console/customers/acme/lfrs/new');
      await vendor.getByLabel('License file request (optional)').setInputFiles(lfr.path);
      await vendor.getByRole('button', { name: 'Upload and configure' }).click();
      await vendor.waitForURL(/\/console\/customers\/acme\/lfrs\/[^/]+$/);
      await ready(vendor);
      await vendor.getByLabel('bot-runner').fill('5');
      await vendor.getByRole('button', { name: 'Issue the offline license file' }).click();
      await vendor.waitForURL(/\/console\/customers\/acme\/olfs\/[^/]+$/);
      await ready(vendor);
      const olf = await download(vendor, () => vendor.getByRole('button', { name: 'Download the OLF' }).click());

      await openSite('/admin/offline/default');
      expect(await admin.locator('.lead .badge').textContent()).toBe('awaiting OLF');
      const form = admin.locator('#install-olf');
      await form.getByLabel('Offline license file (optional)').setInputFiles(olf.path);
      await form.getByRole('button', { name: 'Install the offline license file' }).click();
      await admin.waitForURL(/\/admin\/offline\/default\/installs\/[^/]+$/);
      await ready(admin);
      expect(await admin.locator('h1').textContent()).toBe('The offline license file is installed');
      expect(await admin.locator('#installed tbody').textContent()).toContain('bot-runner');

      await admin.getByRole('link', { name: 'See the tenant’s licenses' }).click();
      await admin.waitForURL(/\/admin\/licenses\/default$/);
      await ready(admin);
      expect(await admin.locator('.state-line .badge').textContent()).toBe('active');
      const seats = await admin.locator('#seats tbody').allTextContents();
      expect(seats.join(' ')).toContain('bot-runner');
      expect(await admin.locator('#seats meter').first().getAttribute('aria-label')).toBe('bot-creator: 0 of 2 used');
    },
    STEP,
  );

  it(
    'shows what licensed applications hold: seats per type with their users, meters, and every deadline counting down',
    async () => {
      for (const user of ['ada', 'grace', 'linus']) await checkout('default', 'bot-runner', user);
      await consume('default', 'bot-runs', 1_200);
      // Off the hour, so that the milliseconds the page takes to load never tip a displayed hour.
      authority.clock.advance(150 * 60_000);
      await openSite('/admin/licenses/default');
      expect(await admin.locator('#seats tr', { hasText: 'bot-runner' }).textContent()).toContain('ada, grace, linus');
      expect(await admin.locator('#seats meter[aria-label^="bot-runner"]').getAttribute('aria-label')).toBe('bot-runner: 3 of 5 used');
      expect(await admin.locator('#meters meter').getAttribute('aria-label')).toBe('bot-runs: 1200 of 5000 used');
      const expires = admin.locator('#deadlines tr', { hasText: 'License expires' });
      const end = await expires.locator('time').first().getAttribute('datetime');
      expect(end).toMatch(/^2027-\d\d-\d\dT00:00:00\.000Z$/);
      // The client script counts from the site's clock (150 minutes on), whatever the browser's clock says.
      expect(await expires.locator('time[data-countdown]').textContent()).toBe(describeCountdown(Date.parse(end!), authority.clock.now().getTime()));
      await screenshot(admin, 'site-licenses');
    },
    STEP,
  );

  let nextLfr = '';

  it(
    'shows the next LFR as QR codes, whose screenshots read back into the very request, and refuses it where an OLF goes',
    async () => {
      authority.clock.advance(3_600_000);
      await openSite('/admin/offline/default');
      await admin.getByRole('button', { name: 'Make a license file request' }).click();
      await admin.waitForURL(/\/admin\/offline\/default\/lfrs\/[^/]+$/);
      await ready(admin);
      nextLfr = (await download(admin, () => admin.getByRole('button', { name: 'Download the LFR' }).click())).text;
      expect(nextLfr).toMatch(/^-----BEGIN AIRLOCK LICENSE FILE REQUEST-----/);
      await admin.getByRole('link', { name: 'Show it as QR codes' }).click();
      await admin.waitForURL(/\/lfrs\/[^/]+\/qr$/);
      await ready(admin);
      expect(await admin.locator('.qr-code figcaption').first().textContent()).toMatch(/^License file request: code 1 of \d+$/);
      await screenshot(admin, 'site-lfr-qr');
      const images = await screenshotQrCodes(admin, join(work, 'lfr-codes'), 'lfr');
      expect(images.length).toBeGreaterThan(1);

      // Read back with the site's own QR reader, in another order: the joined text is the request, character for character.
      await openSite('/admin/offline/default');
      const form = admin.locator('#install-olf');
      await form.getByLabel('Images of the QR codes').setInputFiles([...images].reverse());
      await expect.poll(() => form.getByLabel('Or paste its text').inputValue(), { timeout: 60_000 }).toBe(nextLfr);
      expect(await form.locator('.qr-progress').textContent()).toBe(`Read ${images.length} QR codes: the document is complete (${nextLfr.length} characters).`);
      // An LFR is not what this form takes: the refusal is shown beside the form, readably, and the text stays.
      browser.expectRefusedPage(/\/admin\/actions\/default\/olf$/);
      await form.getByRole('button', { name: 'Install the offline license file' }).click();
      const alert = admin.locator('#install-olf-alert');
      await alert.locator('.problem-code').waitFor();
      expect(await alert.locator('.problem-code').textContent()).toBe('WRONG_DOCUMENT_KIND');
      expect(await alert.locator('.problem-title').textContent()).toBe(describeError('WRONG_DOCUMENT_KIND'));
      expect(await form.getByLabel('Or paste its text').inputValue()).toBe(nextLfr);
    },
    STEP,
  );

  it(
    'refuses an OLF that leaves more users than seats, and installs it once a user is de-provisioned from the refusal’s table',
    async () => {
      // The vendor answers the request read from the QR codes with fewer bot-runner seats than are in use.
      const olfText = await issueOlf(nextLfr, { 'bot-runner': 2, 'bot-creator': 2, 'bot-runs': 5000 }, true);
      // And it crosses the gap as QR codes, photographed off the vendor's screen.
      const images = await photographQrCodes(olfText, 'Offline license file');
      await openSite('/admin/offline/default');
      const form = admin.locator('#install-olf');
      await form.getByLabel('Images of the QR codes').setInputFiles(images);
      await expect.poll(() => form.getByLabel('Or paste its text').inputValue(), { timeout: 60_000 }).toBe(olfText);
      await form.getByRole('button', { name: 'Install the offline license file' }).click();
      await admin.waitForURL(/\/admin\/offline\/default\/installs\/[^/]+$/);
      await ready(admin);
      expect(await admin.locator('h1').textContent()).toBe('The offline license file was refused');
      expect(await admin.locator('.refusal .problem-code').textContent()).toBe('SEAT_REDUCTION_BELOW_USE');
      expect(await admin.locator('.refusal .problem-title').textContent()).toBe(describeError('SEAT_REDUCTION_BELOW_USE'));
      const row = admin.locator('#reduction tbody tr');
      expect(await row.count()).toBe(1);
      expect(await row.locator('th').textContent()).toBe('bot-runner');
      expect(await row.locator('td').allTextContents()).toEqual(['3', '2', expect.stringContaining('3 of 2'), '1', expect.stringContaining('ada')]);
      for (const user of ['ada', 'grace', 'linus']) expect(await row.getByRole('button', { name: `De-provision ${user}` }).count()).toBe(1);
      await screenshot(admin, 'site-olf-refused');

      await row.getByRole('button', { name: 'De-provision linus' }).click();
      await flash(admin, 'linus de-provisioned: every seat they held is free.');
      expect(await row.getByRole('button', { name: 'De-provision linus' }).count()).toBe(0);
      expect(await row.locator('li', { hasText: 'linus' }).textContent()).toContain('de-provisioned');
      expect(await admin.locator('#install-again').textContent()).toContain('Every type is within its new limit now');
      const refusedAt = admin.url();
      await admin.getByRole('button', { name: 'Install the same offline license file again' }).click();
      await admin.waitForURL((url) => /\/admin\/offline\/default\/installs\/[^/]+$/.test(url.pathname) && url.href !== refusedAt);
      await ready(admin);
      expect(await admin.locator('h1').textContent()).toBe('The offline license file is installed');

      await openSite('/admin/licenses/default');
      expect(await admin.locator('#seats meter[aria-label^="bot-runner"]').getAttribute('aria-label')).toBe('bot-runner: 2 of 2 used');
      expect(await admin.locator('#seats tr', { hasText: 'bot-runner' }).textContent()).toContain('ada, grace');
      expect(await admin.locator('.state-line .badge').textContent()).toBe('active');
    },
    STEP,
  );

  it(
    'installs orders activated for the new tenant’s Registration Key, shown beside the upload, and lists their items by kind with the LRNs',
    async () => {
      await openSite('/admin/activated/blue');
      const registrationKey = await admin.locator('#rk').textContent();
      expect(registrationKey).toBe(site.site.tenants().find((tenant) => tenant.tenant === 'blue')!.registrationKey);
      const order = async (items: object[]) => String((await post('/v1/customers/acme/orders', { items })).lrn);
      const first = await order([
        { product: 'automation', licenseType: 'bot-runner', quantity: 4, kind: 'permanent' },
        { product: 'automation', licenseType: 'bot-creator', quantity: 1, kind: 'term', expiresOn: '2027-03-31' },
      ]);
      const license = await post('/v1/activations', { lrn: first, registrationKey });
      const file = join(work, `license-${first}.txt`);
      await writeFile(file, String(license.text));
      const form = admin.locator('#install-activated');
      await form.getByLabel('Activated license (optional)').setInputFiles(file);
      await form.getByRole('button', { name: 'Install the activated license' }).click();
      await admin.waitForURL(/\/admin\/activated\/blue\/installs\/[^/]+$/);
      await ready(admin);
      expect(await admin.locator('h1').textContent()).toBe('The activated license is installed');
      expect(await admin.locator('#installed').textContent()).toContain(first);

      // A pilot order later: pasted this time; the new revision merges both LRNs.
      const second = await order([{ product: 'automation', licenseType: 'bot-runs', quantity: 300, kind: 'pilot', expiresOn: '2026-12-31' }]);
      const merged = await post('/v1/activations', { lrn: second, registrationKey });
      await openSite('/admin/activated/blue');
      await admin.locator('#install-activated').getByLabel('Or paste its text').fill(String(merged.text));
      await admin.getByRole('button', { name: 'Install the activated license' }).click();
      await admin.waitForURL(/\/admin\/activated\/blue\/installs\/[^/]+$/);
      await ready(admin);

      await openSite('/admin/licenses/blue');
      const activated = admin.locator('#activated');
      expect(await activated.locator('dl').textContent()).toContain(`${first}${second} latest`);
      expect(await activated.locator('table caption').allTextContents()).toEqual(['Permanent items', 'Term items', 'Pilot items', 'What it grants today']);
      const term = activated.locator('tr', { hasText: 'bot-creator' }).first();
      expect(await term.locator('time').first().getAttribute('datetime')).toBe('2027-04-01T00:00:00.000Z');
      expect(await term.locator('time[data-countdown]').textContent()).toBe(
        describeCountdown(Date.parse('2027-04-01T00:00:00Z'), authority.clock.now().getTime()),
      );
      expect(await admin.locator('#deadlines tbody').textContent()).toContain('bot-runs (pilot) expires');
      await screenshot(admin, 'site-activated-license');
    },
    STEP,
  );

  it(
    'shows the users and seats, reassigns a seat and keeps it all in the usage audit',
    async () => {
      await openSite('/admin/seats/default');
      const runners = admin.locator('section', { has: admin.locator('h2', { hasText: 'Seats of bot-runner' }) });
      expect(await runners.locator('tbody th').allTextContents()).toEqual(['ada', 'grace']);
      await runners.getByLabel('From user').selectOption('grace');
      await runners.getByLabel('To user').fill('hedy');
      await runners.getByRole('button', { name: 'Reassign the seat' }).click();
      await flash(admin, 'Seat of bot-runner moved from grace to hedy.');
      expect(await runners.locator('tbody th').allTextContents()).toEqual(['ada', 'hedy']);
      await screenshot(admin, 'site-seats');

      await openSite('/admin/audit/default');
      const events = await admin.locator('#events tbody').textContent();
      for (const line of [
        'Seat of bot-runner moved from grace to hedy',
        'linus de-provisioned',
        'Offline license file',
        'was refused: SEAT_REDUCTION_BELOW_USE',
        'License file request',
        'Enablement token',
      ])
        expect(events).toContain(line);
      expect(await admin.locator('#events tbody tr', { hasText: 'moved from grace to hedy' }).locator('td').last().textContent()).toBe('account:admin');
      await screenshot(admin, 'site-audit');
    },
    STEP,
  );

  it(
    'signs out',
    async () => {
      await openSite('/admin/tenants');
      await admin.getByRole('button', { name: 'Sign out' }).click();
      await admin.waitForURL(/\/admin\/sign-in$/);
      await openSite('/admin/tenants');
      expect(new URL(admin.url()).pathname).toBe('/admin/sign-in');
    },
    STEP,
  );

  it('raised no console error and no page error anywhere', () => {
    browser.assertNoErrors();
    // The browser logs each refusal the API answered; the pages showed them, as the tests above checked.
    expect(browser.refusals).toEqual([]);
  });
});
