import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError, issueLicenseFileRequest, openEnablementToken, openOfflineLicenseFile, type EnablementToken } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { documentQrCodes } from '@airlock/web';
import { launchBrowser, screenshot, screenshotQrCodes, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * The vendor console and the customer portal in a real browser, driven as a person would:
 * an administrator signs in (changing the one-time password), opens a customer account,
 * approves offline licensing, registers a site, downloads its enablement token, uploads the
 * site's license file request (from a file and from QR codes), configures and downloads the
 * offline license file, and finds it all in the site's history and the audit log; a customer's
 * user then sees only that customer's sites. Any console or page error fails the suite.
 */
describe('the vendor console and the customer portal in a browser', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let admin: Page;
  let work = '';
  const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };
  const plant = createTestParty('browser/acme-plant-4');
  const plantGuid = plant.guid.toLowerCase();
  const stranger = createTestParty('browser/unregistered');
  let token: EnablementToken;
  let olfText = '';
  const seats = { 'bot-runner': ['ada', 'grace'], 'bot-creator': ['linus'] };

  const open = async (page: Page, path: string) => {
    const response = await page.goto(`${authority.url}${path}`);
    await page.locator('html[data-airlock-ready="true"]').waitFor();
    return response;
  };
  /** Waits for the message a form leaves after the page reloads or moves on. */
  const flash = (page: Page, text: string) => page.locator('.flash', { hasText: text }).waitFor();
  const download = async (page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> => {
    const [file] = await Promise.all<[Promise<Download>, Promise<void>]>([page.waitForEvent('download'), click()]);
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
  };
  /** An LFR as the site makes it, from the token the console gave it. */
  const makeLfr = async (options: { cycle: number; sequence: number; party?: typeof plant; users?: Record<string, string[]> }) => {
    const now = authority.clock.now();
    return issueLicenseFileRequest(
      {
        enablementToken: token,
        tenant: 'default',
        siteVersion: '41.2',
        siteEncryptionKey: (options.party ?? plant).encryptionKey.publicJwk,
        cycle: options.cycle,
        sequence: options.sequence,
        cycleOpenedAt: now,
        installed: null,
        usage: {
          seats: Object.entries(options.users ?? seats).map(([type, users]) => ({ type, users })),
          meters: [{ type: 'bot-runs', total: 40 * options.cycle }],
          ledger: { sequence: 0, head: '0'.repeat(64) },
        },
      },
      { now, random, signer: (options.party ?? plant).signingKey, trust: authority.trust },
    );
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'airlock-web-'));
    authority = await startWebAuthority();
    // The catalogue and a policy are set up through the API: the console's own forms for them are tested below.
    await expectStatus(201, authority.request({ method: 'POST', url: '/v1/products', payload: { id: 'automation', name: 'Automation' } }));
    for (const [id, category] of [
      ['bot-runner', 'seat'],
      ['bot-creator', 'seat'],
      ['bot-runs', 'meter'],
    ] as const) {
      await expectStatus(201, authority.request({ method: 'POST', url: '/v1/products/automation/license-types', payload: { id, name: id, category } }));
    }
    await expectStatus(201, authority.request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } }));
    browser = await launchBrowser();
    admin = await browser.newPage({ viewport: viewports.laptop });
  });

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('signs the first administrator in and makes them change the one-time password first', async () => {
    await open(admin, '/console');
    expect(new URL(admin.url()).pathname).toBe('/console/sign-in');
    await screenshot(admin, 'console-sign-in');
    await admin.getByLabel('Email').fill(authority.firstAdmin.email);
    await admin.getByLabel('Password').fill(authority.firstAdmin.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL(/\/console\/password$/);
    await admin.getByLabel('Current password').fill(authority.firstAdmin.password);
    await admin.getByLabel('New password').fill('a long and private passphrase');
    await admin.getByRole('button', { name: 'Change the password' }).click();
    await admin.waitForURL(/\/console\/dashboard$/);
    await expect.poll(() => admin.getByRole('status').first().textContent()).toContain('Your password is changed');
    expect(await admin.locator('.account-name').textContent()).toBe('admin@localhost');
  });

  it('opens a customer account and records what it bought', async () => {
    await open(admin, '/console/customers');
    await admin.getByLabel('Id').fill('acme');
    await admin.getByLabel('Name').fill('Acme Plant Systems');
    await admin.getByLabel('Contact email').fill('licensing@acme.example');
    await admin.getByLabel('Account ends on').fill('2027-12-31');
    await admin.getByLabel('Policy').selectOption('standard');
    await admin.getByRole('button', { name: 'Create the customer' }).click();
    await admin.waitForURL(/\/console\/customers\/acme$/);
    await admin.locator('html[data-airlock-ready="true"]').waitFor();
    expect(await admin.locator('h1').textContent()).toBe('Acme Plant Systems');

    await admin.getByLabel('Automation: bot-runner (seat)').fill('10');
    await admin.getByLabel('Automation: bot-creator (seat)').fill('2');
    await admin.getByLabel('Automation: bot-runs (meter)').fill('5000');
    await admin.getByRole('button', { name: 'Save the purchases' }).click();
    await flash(admin, 'Purchases saved.');
    await expect
      .poll(async () => (await authority.request({ method: 'GET', url: '/v1/customers/acme' })).json<{ entitlements: unknown[] }>().entitlements)
      .toEqual(
        expect.arrayContaining([
          { licenseTypeId: 'bot-runner', quantity: 10 },
          { licenseTypeId: 'bot-creator', quantity: 2 },
          { licenseTypeId: 'bot-runs', quantity: 5000 },
        ]),
      );
  });

  it('approves the customer’s request for offline licensing from the approvals page', async () => {
    await open(admin, '/console/customers/acme');
    await admin.getByLabel('Reason').selectOption('air-gapped');
    await admin.getByLabel('Details').fill('Plant 4 has no route to the internet.');
    await admin.getByRole('button', { name: 'Record the request' }).click();
    await flash(admin, 'Request recorded.');
    await open(admin, '/console/approvals');
    expect(await admin.locator('#pending').textContent()).toContain('Plant 4 has no route to the internet.');
    await screenshot(admin, 'console-approvals');
    await admin.locator('#pending').getByLabel('Note').fill('Approved for the air-gapped plant.');
    await admin.locator('#pending').getByRole('button', { name: 'Approve' }).click();
    await flash(admin, 'Decision recorded.');
    expect(await admin.locator('#pending').textContent()).toContain('No request.');
    expect(await admin.locator('#decided').textContent()).toContain('Approved for the air-gapped plant.');
    // Who asked and who decided, by their e-mail: the administrator signed in here did both.
    expect(await admin.locator('#decided').textContent()).toContain(`by ${authority.firstAdmin.email}`);
    expect(await admin.locator('#decided').textContent()).not.toContain('admin:');
  });

  it('registers the site’s GUID and gives it an enablement token that the site opens with the root it pinned', async () => {
    await open(admin, '/console/customers/acme');
    await admin.getByLabel('Site GUID').fill(plant.guid);
    await admin.getByLabel('Site name').fill('Plant 4');
    await admin.getByRole('button', { name: 'Register the site' }).click();
    await flash(admin, 'Site registered.');
    await admin.getByLabel('Email', { exact: true }).fill('buyer@acme.example');
    await admin.getByLabel('Initial password').fill('acme portal password');
    await admin.getByRole('button', { name: 'Create the user' }).click();
    await flash(admin, 'Portal user created.');
    await screenshot(admin, 'console-customer');

    await admin.getByRole('link', { name: 'Plant 4' }).click();
    await admin.waitForURL(new RegExp(`/console/customers/acme/sites/${plantGuid}$`));
    await admin.locator('html[data-airlock-ready="true"]').waitFor();
    const file = await download(admin, () => admin.getByRole('button', { name: 'Download the enablement token' }).click());
    expect(file.name).toBe(`enablement-token-${plantGuid}.txt`);
    const opened = await openEnablementToken(file.text, { now: authority.clock.now(), siteGuid: plant.guid, trust: authority.trust });
    token = opened.claims;
    expect(token).toMatchObject({ customerId: 'acme', siteGuid: plantGuid });
    // The page is reloaded: it says so, and shows the token it now has.
    await admin.locator('.flash', { hasText: `Enablement token ${token.jti} downloaded; valid until` }).waitFor();
    expect(await admin.locator('#site-facts').textContent()).toMatch(/Latest enablement token\s*\d{4}-\d\d-\d\d/);
  });

  it('shows a refusal readably: an LFR from a site that is not registered names the message and the code', async () => {
    const strangerToken = { ...token, siteGuid: stranger.guid.toLowerCase() };
    const now = authority.clock.now();
    const foreign = await issueLicenseFileRequest(
      {
        enablementToken: strangerToken,
        tenant: 'default',
        siteVersion: '41.2',
        siteEncryptionKey: stranger.encryptionKey.publicJwk,
        cycle: 1,
        sequence: 1,
        cycleOpenedAt: now,
        installed: null,
        usage: { seats: [], meters: [], ledger: { sequence: 0, head: '0'.repeat(64) } },
      },
      { now, random, signer: stranger.signingKey, trust: authority.trust },
    );
    await open(admin, '/console/customers/acme/lfrs/new');
    await admin.getByLabel('Or paste its text').fill(foreign.text);
    await admin.getByRole('button', { name: 'Upload and configure' }).click();
    const alert = admin.locator('#upload-lfr-alert');
    await alert.locator('.problem-title').waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.locator('.problem-title').textContent()).toBe(describeError('SITE_NOT_REGISTERED'));
    expect(await alert.locator('.problem-code').textContent()).toBe('SITE_NOT_REGISTERED');
    expect(await alert.locator('.problem-facts').textContent()).toContain(stranger.guid.toLowerCase());
    await screenshot(admin, 'console-refusal');
  });

  it('takes the site’s LFR as a file, shows its usage, warns below use and refuses it until accepted, then issues the OLF', async () => {
    const lfr = await makeLfr({ cycle: 1, sequence: 1 });
    const lfrFile = join(work, `lfr-${plantGuid}.txt`);
    await writeFile(lfrFile, lfr.text);
    await open(admin, '/console/customers/acme/lfrs/new');
    await screenshot(admin, 'console-lfr-upload');
    await admin.getByLabel('License file request (optional)').setInputFiles(lfrFile);
    await admin.getByRole('button', { name: 'Upload and configure' }).click();
    await admin.waitForURL(new RegExp(`/console/customers/acme/lfrs/${lfr.claims.jti}$`));
    await admin.locator('html[data-airlock-ready="true"]').waitFor();
    const usage = await admin.locator('#usage table').textContent();
    expect(usage).toContain('ada, grace');
    expect(usage).toContain('linus');

    const runners = admin.getByLabel('bot-runner (2 in use)');
    await runners.fill('1');
    expect(await admin.locator(`#${await runners.getAttribute('id')}-warning`).textContent()).toBe(
      'Below the 2 in use: the site will refuse this license until users are unassigned.',
    );
    await admin.getByRole('button', { name: 'Issue the offline license file' }).click();
    const alert = admin.locator('#configure-olf-alert');
    await alert.locator('.problem-code').waitFor();
    expect(await alert.locator('.problem-code').textContent()).toBe('BELOW_USE_NOT_ACCEPTED');
    expect(await alert.locator('.problem-facts').textContent()).toContain('bot-runner: requested 1, used 2');
    await screenshot(admin, 'console-olf-configure');

    await runners.fill('10');
    await admin.getByRole('button', { name: 'Issue the offline license file' }).click();
    await admin.waitForURL(/\/console\/customers\/acme\/olfs\/[^/]+$/);
    await admin.locator('html[data-airlock-ready="true"]').waitFor();
    await screenshot(admin, 'console-olf');
    const file = await download(admin, () => admin.getByRole('button', { name: 'Download the OLF' }).click());
    expect(file.name).toBe(`olf-${plantGuid}.txt`);
    olfText = file.text;
    const olf = await openOfflineLicenseFile(olfText, {
      now: authority.clock.now(),
      trust: authority.trust,
      siteEncryptionKey: plant.encryptionKey,
      siteGuid: plant.guid,
      tenant: 'default',
    });
    expect(olf.claims).toMatchObject({ lfrId: lfr.claims.jti, customerId: 'acme', siteGuid: plantGuid, start: '2026-11-23', end: '2027-11-22' });
    expect(olf.claims.entitlements).toEqual([
      { type: 'bot-creator', category: 'seat', quantity: 2 },
      { type: 'bot-runner', category: 'seat', quantity: 10 },
      { type: 'bot-runs', category: 'meter', quantity: 5000 },
    ]);
  });

  it('shows the OLF as QR codes whose screenshots, uploaded on the upload form, give back the same document', async () => {
    await admin.getByRole('link', { name: 'Show as QR codes' }).click();
    await admin.waitForURL(/\/qr$/);
    await admin.locator('html[data-airlock-ready="true"]').waitFor();
    await screenshot(admin, 'console-olf-qr');
    const images = await screenshotQrCodes(admin, join(work, 'olf-codes'), 'olf');
    expect(images.length).toBeGreaterThan(1);

    await open(admin, '/console/customers/acme/lfrs/new');
    await admin.getByLabel('Images of the QR codes').setInputFiles([...images].reverse());
    const text = admin.getByLabel('Or paste its text');
    await expect.poll(() => text.inputValue(), { timeout: 30_000 }).toBe(olfText);
    expect(await admin.locator('.qr-progress').textContent()).toBe(`Read ${images.length} QR codes: the document is complete (${olfText.length} characters).`);
    // An OLF is not what this form takes: the authority says so, readably.
    await admin.getByRole('button', { name: 'Upload and configure' }).click();
    await admin.locator('#upload-lfr-alert .problem-code').waitFor();
    expect(await admin.locator('#upload-lfr-alert .problem-code').textContent()).toBe('WRONG_DOCUMENT_KIND');
  });

  it('reads the site’s next LFR from photos of its QR codes, in any order, and takes it', async () => {
    // Hours later (within the administrator's 12-hour session), the site starts its next cycle.
    authority.clock.advance(6 * 3_600_000);
    const lfr = await makeLfr({ cycle: 2, sequence: 1, users: { 'bot-runner': ['ada', 'grace', 'hedy'], 'bot-creator': ['linus'] } });
    // The site shows its request as QR codes (the kit's own component); a phone takes a picture of each.
    const screen = await browser.newPage({ viewport: { width: 900, height: 900 } });
    await screen.setContent(`<!doctype html><html><body>${(await documentQrCodes(lfr.text, { name: 'License file request' })).markup}</body></html>`);
    const images = await screenshotQrCodes(screen, join(work, 'lfr-codes'), 'lfr');
    await screen.close();

    await open(admin, '/console/customers/acme/lfrs/new');
    await admin.getByLabel('Images of the QR codes').setInputFiles([images[1]!, images[0]!, ...images.slice(2)]);
    await expect.poll(() => admin.getByLabel('Or paste its text').inputValue(), { timeout: 30_000 }).toBe(lfr.text);
    await admin.getByRole('button', { name: 'Upload and configure' }).click();
    await admin.waitForURL(new RegExp(`/lfrs/${lfr.claims.jti}$`));
    await admin.locator('html[data-airlock-ready="true"]').waitFor();
    expect(await admin.locator('#usage table').textContent()).toContain('ada, grace, hedy');
  });

  it('keeps every cycle in the site’s history, and every action in the audit log', async () => {
    await open(admin, `/console/customers/acme/sites/${plantGuid}`);
    const cycles = await admin.locator('#cycles').textContent();
    expect(cycles).toContain('Tenant default, cycle 1');
    expect(cycles).toContain('answered');
    expect(cycles).toContain('2026-11-23 to 2027-11-22');
    expect(cycles).toContain('Tenant default, cycle 2');
    expect(cycles).toContain('awaiting OLF');
    // The next cycle opened at 16:00: its OLF is due within 48 hours of that request (the policy's default).
    // (The page counts down from the server's clock, a few seconds on by now.)
    expect(await admin.locator('#cycles .notice').textContent()).toMatch(
      /^Tenant default, cycle 2 awaits its OLF: install it on the site by 2026-11-25 16:00 UTC \(in (2 days|1 day 23 h)\), or the site locks\.$/,
    );
    await screenshot(admin, 'console-site');

    await open(admin, '/console/audit');
    const log = await admin.locator('#events').textContent();
    for (const action of [
      'customer.create',
      'customer.entitlements.replace',
      'offline-request.approve',
      'site.register',
      'enablement-token.issue',
      'lfr.upload',
      'olf.issue',
    ])
      expect(log).toContain(action);
    await screenshot(admin, 'console-audit');
    await admin.getByLabel('Object type').fill('site');
    await admin.getByRole('button', { name: 'Filter' }).click();
    await admin.waitForURL(/objectType=site/);
    const filtered = await admin.locator('#events tbody').textContent();
    expect(filtered).toContain('site.register');
    expect(filtered).not.toContain('olf.issue');
  });

  it('charts the usage each LFR reported over time, with the numbers as a table', async () => {
    await open(admin, '/console/customers/acme/usage');
    const chart = admin.locator('#seats-1');
    expect(await chart.locator('svg').getAttribute('aria-labelledby')).toBe('seats-1-title seats-1-desc');
    expect(await chart.locator('.chart-legend').textContent()).toBe('bot-creatorbot-runner');
    expect(await chart.locator('.marker').count()).toBe(4);
    await chart.locator('summary').click();
    const rows = await chart.locator('details tbody tr').allTextContents();
    expect(rows).toEqual(['2026-11-23 10:00 UTC12', '2026-11-23 16:00 UTC13']);
    await screenshot(admin, 'console-usage');
  });

  it('rotates a key and exports the root key to pin', async () => {
    await open(admin, '/console/keys');
    const file = await download(admin, () => admin.getByRole('button', { name: 'Export the root key (JWK)' }).click());
    expect(file.name).toBe('airlock-root-key.jwk.json');
    expect(JSON.parse(file.text)).toEqual(authority.trust.root);
    const activeBefore = await admin.locator('#keys tr', { hasText: 'signing' }).locator('code').first().textContent();
    await admin.getByLabel('Key', { exact: true }).selectOption('sig');
    await admin.getByRole('button', { name: 'Rotate' }).click();
    await flash(admin, 'Key rotated');
    expect(await admin.locator('#keys').textContent()).toContain('retired');
    expect(await admin.locator('#keys tr', { hasText: 'active' }).filter({ hasText: 'signing' }).locator('code').first().textContent()).not.toBe(activeBefore);
    await screenshot(admin, 'console-keys');
  });

  it('opens on what needs the vendor today, linking each awaited LFR to its configuration', async () => {
    await open(admin, '/console');
    expect(new URL(admin.url()).pathname).toBe('/console/dashboard');
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('Today');
    const awaited = admin.locator('#lfrs-awaiting');
    expect(await awaited.getByRole('heading').first().textContent()).toMatch(/^LFRs awaiting their OLF \(\d+\)$/);
    await screenshot(admin, 'console-dashboard');
    const configure = awaited.getByRole('link', { name: 'Configure the OLF' }).first();
    if ((await configure.count()) > 0) {
      await configure.click();
      await admin.waitForURL(/\/console\/customers\/[^/]+\/lfrs\/[^/]+$/);
    }
  });

  it('creates an API token with its scopes, shows its secret once, and revokes it; adds an administrator', async () => {
    await open(admin, '/console/access');
    const form = admin.locator('#create-token');
    await form.getByLabel('Name').fill('ERP order sync');
    await form.getByLabel('Scopes, one per line').fill('customers:read\nlicenses:read');
    await form.getByRole('button', { name: 'Create the token' }).click();
    const status = form.getByRole('status');
    await expect.poll(() => status.textContent()).toMatch(/Its secret, shown only now: \S+/);
    const secret = /shown only now: (\S+)/.exec((await status.textContent()) ?? '')![1]!;
    const call = (url: string) => fetch(`${authority.url}${url}`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await call('/v1/customers')).status).toBe(200);
    expect((await call('/v1/api-tokens')).status).toBe(403);

    await open(admin, '/console/access');
    expect(await admin.locator('#api-tokens').textContent()).not.toContain(secret);
    admin.once('dialog', (dialog) => void dialog.accept());
    await admin.locator('#api-tokens tr', { hasText: 'ERP order sync' }).getByRole('button', { name: 'Revoke' }).click();
    await flash(admin, 'Token revoked.');
    expect((await call('/v1/customers')).status).toBe(401);
    expect(await admin.locator('#api-tokens tr', { hasText: 'ERP order sync' }).textContent()).toContain('revoked');

    const add = admin.locator('#add-admin');
    await add.getByLabel('E-mail').fill('second@vendor.example');
    await add.getByLabel('One-time password').fill('a one-time password for two');
    await add.getByRole('button', { name: 'Add the administrator' }).click();
    await flash(admin, 'Administrator second@vendor.example added.');
    expect(await admin.locator('#administrators tr', { hasText: 'second@vendor.example' }).textContent()).toContain('one-time');
    await screenshot(admin, 'console-access');
  });

  it('lets a customer’s user see only that customer’s sites in the portal', async () => {
    await expectStatus(
      201,
      authority.request({
        method: 'POST',
        url: '/v1/customers',
        payload: { id: 'globex', name: 'Globex', contactEmail: 'it@globex.example', accountEndsOn: '2027-12-31', policyId: 'standard' },
      }),
    );
    const globexPlant = createTestParty('browser/globex-plant');
    await expectStatus(
      201,
      authority.request({ method: 'POST', url: '/v1/customers/globex/sites', payload: { guid: globexPlant.guid, name: 'Globex Works' } }),
    );

    const portal = await browser.newPage({ viewport: viewports.tablet });
    await open(portal, '/portal');
    expect(new URL(portal.url()).pathname).toBe('/portal/sign-in');
    await portal.getByLabel('Email').fill('buyer@acme.example');
    await portal.getByLabel('Password').fill('acme portal password');
    await portal.getByRole('button', { name: 'Sign in' }).click();
    // The vendor chose that password: the user's first sign-in asks for their own.
    await portal.waitForURL(/\/portal\/password$/);
    await portal.locator('html[data-airlock-ready="true"]').waitFor();
    await portal.getByLabel('Current password').fill('acme portal password');
    await portal.getByLabel('New password').fill('chosen by the buyer');
    await portal.getByRole('button', { name: 'Change the password' }).click();
    await portal.waitForURL(/\/portal\/sites$/);
    await portal.locator('html[data-airlock-ready="true"]').waitFor();
    const sites = await portal.locator('#sites').textContent();
    expect(sites).toContain('Plant 4');
    expect(sites).toContain(plantGuid);
    expect(sites).not.toContain('Globex');
    await screenshot(portal, 'portal-sites');
    expect(await portal.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    browser.expectRefusedPage(new RegExp(`/portal/sites/${globexPlant.guid.toLowerCase()}$`));
    const refused = await open(portal, `/portal/sites/${globexPlant.guid.toLowerCase()}`);
    expect(refused?.status()).toBe(404);
    expect(await portal.locator('.problem-code').textContent()).toBe('NOT_FOUND');
    expect(await portal.locator('main').textContent()).not.toContain('Globex Works');

    await open(portal, `/portal/sites/${plantGuid}`);
    expect(await portal.locator('#cycles').textContent()).toContain('Tenant default, cycle 1');
    await screenshot(portal, 'portal-site');
    // A customer's user who opens the console is sent to the portal.
    await open(portal, '/console/customers');
    expect(new URL(portal.url()).pathname).toBe('/portal/sites');
    await portal.context().close();
  });

  it('signs in to the portal with the keyboard alone: skip link, Tab between labelled fields, Enter to send', async () => {
    const keyboard = await browser.newPage({ viewport: viewports.laptop });
    await open(keyboard, '/portal/sign-in');
    await keyboard.keyboard.press('Tab');
    expect(await keyboard.evaluate('document.activeElement?.textContent')).toBe('Skip to main content');
    const outline: unknown = await keyboard.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid');
    await keyboard.keyboard.press('Enter');
    expect(await keyboard.evaluate('document.activeElement?.id')).toBe('main');
    await keyboard.keyboard.press('Tab');
    expect(await keyboard.evaluate('document.activeElement?.id')).toBe('sign-in-email');
    await keyboard.keyboard.type('buyer@acme.example');
    await keyboard.keyboard.press('Tab');
    expect(await keyboard.evaluate('document.activeElement?.id')).toBe('sign-in-password');
    await keyboard.keyboard.type('chosen by the buyer');
    await keyboard.keyboard.press('Enter');
    await keyboard.waitForURL(/\/portal\/sites$/);
    await keyboard.context().close();
  });

  it('raised no console error and no page error anywhere', () => {
    browser.assertNoErrors();
    // The browser logs each refusal the API answered; the pages showed them, as the tests above checked.
    expect(browser.refusals).toEqual([
      expect.stringMatching(/\/v1\/customers\/acme\/lfrs: .* status of 422/),
      expect.stringMatching(/\/v1\/customers\/acme\/lfrs\/[^/]+\/olf: .* status of 422/),
      expect.stringMatching(/\/v1\/customers\/acme\/lfrs: .* status of 422/),
    ]);
  });
});
