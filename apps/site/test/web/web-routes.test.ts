import { allErrorCodes, generateKeyPair } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestActivationDesk, item } from '../../src/testing/activated-license-testing.ts';
import { asApplication, asOperator, createTestSiteApp, signedIn, signIn, type SignedInAccount } from '../../src/testing/site-callers.ts';
import { createTestSite, feature, licenseTenant, meter, seat, type TestSite } from '../../src/testing/site-fixtures.ts';
import { HeldDocuments } from '../../src/web/held-documents.ts';
import { safeNext } from '../../src/web/site-pages.ts';

/**
 * The site's web admin without a browser (`app.inject`): who is let in where, the pages' JSON
 * actions and their refusals, what a page escapes, and the actions fed malformed input. The
 * browser suites (offline-cycle, pages) drive the same pages as a person does.
 */
describe('the site’s web admin, over HTTP', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let admin: SignedInAccount;
  let blueAdmin: SignedInAccount;
  let auditor: SignedInAccount;
  const hostile = '<img src=x onerror=alert(1)>';

  beforeAll(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    app = await createTestSiteApp(test);
    await licenseTenant(test, 'default', [seat('bot-runner', 3), meter('bot-runs', 100), feature('export')]);
    for (const user of ['ada', hostile]) await test.site.checkoutSeat('default', 'bot-runner', user);
    admin = await signedIn(app, test.site, { account: 'ops', role: 'site-admin' });
    blueAdmin = await signedIn(app, test.site, { account: 'blue-admin', role: 'tenant-admin', tenant: 'blue' });
    auditor = await signedIn(app, test.site, { account: 'reader', role: 'auditor' });
  });
  afterAll(async () => {
    await app.close();
  });

  const page = (url: string, headers: Readonly<Record<string, string>> = admin.headers) => app.inject({ method: 'GET', url, headers });
  const action = (url: string, payload?: object, headers: Readonly<Record<string, string>> = admin.headers) =>
    app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });
  const snapshot = () => JSON.stringify({ default: test.site.status('default'), blue: test.site.status('blue'), ledger: test.site.info().ledger });

  it('sends a person not signed in to the sign-in page, and back where they were going afterwards', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/admin/seats/default' });
    expect({ status: anonymous.statusCode, location: anonymous.headers.location }).toEqual({
      status: 303,
      location: '/admin/sign-in?next=%2Fadmin%2Fseats%2Fdefault',
    });
    const signInPage = await app.inject({ method: 'GET', url: '/admin/sign-in?next=%2Fadmin%2Fseats%2Fdefault' });
    expect(signInPage.statusCode).toBe(200);
    expect(signInPage.body).toContain('data-navigate="/admin/seats/default"');
    expect((await app.inject({ method: 'GET', url: '/' })).headers.location).toBe('/admin');
    // Someone signed in who opens the sign-in page goes home.
    expect((await page('/admin/sign-in')).headers.location).toBe('/admin/tenants');
    expect((await page('/admin/sign-in', blueAdmin.headers)).headers.location).toBe('/admin/licenses/blue');
  });

  it('never sends anyone elsewhere after signing in', () => {
    for (const next of ['//evil.example/admin', 'https://evil.example/', '/v1/tenants', '/admin\\..\\x', 'javascript:alert(1)', '/administrator'])
      expect(safeNext(next), next).toBe('/admin');
    expect(safeNext('/admin/licenses/blue')).toBe('/admin/licenses/blue');
    expect(safeNext(undefined)).toBe('/admin');
  });

  it('makes a one-time password be changed before any page, and refuses application keys', async () => {
    const { password } = await test.site.accounts.createAccount({ account: 'newcomer', role: 'auditor', tenant: null }, 'test');
    const session = await signIn(app, 'newcomer', password);
    expect((await page('/admin/tenants', session)).headers.location).toBe('/admin/password');
    const passwordPage = await page('/admin/password', session);
    expect(passwordPage.statusCode).toBe(200);
    expect(passwordPage.body).toContain('one-time password');

    const refused = await page('/admin/licenses/default', await asApplication(test.site, 'default'));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('<span class="problem-code">FORBIDDEN</span>');
  });

  it('shows each person what their role allows: a tenant administrator its own tenant, an auditor no form', async () => {
    expect((await page('/admin/tenants', blueAdmin.headers)).headers.location).toBe('/admin/licenses/blue');
    const other = await page('/admin/licenses/default', blueAdmin.headers);
    expect(other.statusCode).toBe(403);
    const own = await page('/admin/offline/blue', blueAdmin.headers);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('id="install-token"');
    expect(own.body).not.toContain('href="/admin/tenants"');

    for (const url of ['/admin/tenants', '/admin/offline/default', '/admin/seats/default', '/admin/floating/default', '/admin/activated/default']) {
      const read = await page(url, auditor.headers);
      expect(read.statusCode, url).toBe(200);
      expect(read.body, url).not.toMatch(/<form[^>]*data-api/);
    }
    expect((await page('/admin/seats/default')).body).toContain('De-provision ada');
  });

  it('answers every page to the operator, and a page about an unknown tenant with its refusal', async () => {
    for (const url of [
      '/admin/tenants',
      '/admin/licenses/default',
      '/admin/offline/default',
      '/admin/activated/blue',
      '/admin/seats/default',
      '/admin/floating/default',
      '/admin/audit/default',
      '/admin/audit/default?events=500',
    ]) {
      const response = await page(url, asOperator);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
    }
    const unknown = await page('/admin/licenses/nowhere');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('<span class="problem-code">TENANT_NOT_FOUND</span>');
    const malformed = await page('/admin/licenses/%3Cscript%3E');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).not.toContain('<script>');
  });

  it('escapes what licensed applications send: a user name is text on every page, and its de-provisioning path is encoded', async () => {
    for (const url of ['/admin/licenses/default', '/admin/seats/default', '/admin/audit/default']) {
      const body = (await page(url)).body;
      expect(body, url).not.toContain(hostile);
      expect(body, url).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;');
    }
    expect((await page('/admin/seats/default')).body).toContain('data-api="/v1/tenants/default/users/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/deprovision"');
  });

  it('lists a lease on the floating seats page as text, with its revoke button for those who may change the tenant only', async () => {
    const deviceKey = generateKeyPair('X25519', seededRandom('web-routes/device')).publicJwk;
    const grant = await test.site.floating.lease('default', { type: 'bot-runner', user: hostile, fingerprint: 'laptop-<b>7</b>', deviceKey });
    try {
      const body = (await page('/admin/floating/default')).body;
      expect(body).not.toContain(hostile);
      expect(body).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;');
      expect(body).toContain('laptop-&lt;b&gt;7&lt;/b&gt;');
      expect(body).toContain(`data-api="/v1/tenants/default/leases/${grant.leaseId}/revoke"`);
      expect(body).toContain('data-confirm="Revoke the bot-runner lease of');
      expect(body).toContain('id="floating-settings"');
      expect(body).toContain('href="/admin/floating/default"');
      const read = (await page('/admin/floating/default', auditor.headers)).body;
      expect(read).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;');
      expect(read).not.toMatch(/<form[^>]*data-api/);
      expect((await page('/admin/floating/default', blueAdmin.headers)).statusCode).toBe(403);
      expect((await page('/admin/floating/blue', blueAdmin.headers)).body).toContain('No seat is leased or borrowed now.');
    } finally {
      await test.site.floating.release('default', grant.leaseId);
    }
  });

  it('keeps an LFR made through the pages for its tenant only, and refuses who may not make one', async () => {
    const made = await action('/admin/actions/default/lfr', {});
    expect(made.statusCode, made.body).toBe(200);
    const lfr = made.json<{ id: string; text: string; cycle: number }>();
    expect(lfr).toMatchObject({ tenant: 'default', cycle: 2, sequence: 1 });
    expect((await page(`/admin/actions/default/lfrs/${lfr.id}`)).json()).toMatchObject({ id: lfr.id, text: lfr.text });
    expect((await page(`/admin/actions/blue/lfrs/${lfr.id}`)).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await page(`/admin/actions/default/lfrs/${lfr.id}`, blueAdmin.headers)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await page(`/admin/offline/default/lfrs/${lfr.id}/qr`)).body).toContain('License file request: code 1 of');
    expect((await page('/admin/offline/default/lfrs/forgotten')).body).toContain('is not held by these pages');

    const before = snapshot();
    expect((await app.inject({ method: 'POST', url: '/admin/actions/default/lfr', payload: {} })).json()).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    const withoutCsrf = { cookie: admin.headers.cookie! };
    expect((await action('/admin/actions/default/lfr', {}, withoutCsrf)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await action('/admin/actions/default/lfr', {}, auditor.headers)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await action('/admin/actions/default/lfr', {}, blueAdmin.headers)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await action('/admin/actions/blue/lfr', {}, blueAdmin.headers)).json()).toMatchObject({ status: 422, code: 'NOT_ENABLED' });
    expect(snapshot()).toBe(before);
  });

  it('turns a refused reduction into its own page, and installs the same file again once the users are de-provisioned', async () => {
    const lfr = await test.site.generateLfr('default');
    const olf = await test.desk.answer(lfr.text, { entitlements: [seat('bot-runner', 1), meter('bot-runs', 100)] });
    const refused = await action('/admin/actions/default/olf', { text: olf });
    expect(refused.statusCode, refused.body).toBe(200);
    const attempt = refused.json<{ outcome: string; attempt: string }>();
    expect(attempt).toMatchObject({ outcome: 'refused', tenant: 'default' });
    const refusal = (await page(`/admin/offline/default/installs/${attempt.attempt}`)).body;
    expect(refusal).toContain('<span class="problem-code">SEAT_REDUCTION_BELOW_USE</span>');
    expect(refusal).toContain('De-provision ada');
    expect(refusal).toContain('De-provision &lt;img src&#61;x onerror&#61;alert(1)&gt;');
    // The attempt is the tenant's: another tenant's path finds nothing.
    expect((await page(`/admin/offline/blue/installs/${attempt.attempt}`)).body).toContain('is not held by these pages');

    expect((await action(`/v1/tenants/default/users/${encodeURIComponent(hostile)}/deprovision`)).statusCode).toBe(200);
    const again = await action(`/admin/actions/default/installs/${attempt.attempt}/retry`);
    expect(again.json()).toMatchObject({ outcome: 'installed' });
    const installed = (await page(`/admin/offline/default/installs/${again.json<{ attempt: string }>().attempt}`)).body;
    expect(installed).toContain('The offline license file is installed');
    expect(test.site.status('default').seats).toEqual([{ type: 'bot-runner', used: 1, limit: 1, users: ['ada'] }]);
    // An installed attempt is not tried again.
    expect((await action(`/admin/actions/default/installs/${again.json<{ attempt: string }>().attempt}/retry`)).json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('installs an activated license on the tenant whose page it was given on, and refuses it on another', async () => {
    const desk = new TestActivationDesk(test.desk.authority, test.clock);
    const blueKey = test.site.status('blue').registrationKey;
    const license = await desk.activate(blueKey, [item('bot-runner', 5), item('bot-creator', 1, 'term', '2027-01-31')]);
    const elsewhere = await action('/admin/actions/default/activated-license', { text: license.text });
    expect(elsewhere.json()).toMatchObject({ status: 422, code: 'WRONG_RECIPIENT' });
    const installed = await action('/admin/actions/blue/activated-license', { text: license.text }, blueAdmin.headers);
    expect(installed.json()).toMatchObject({ outcome: 'installed', tenant: 'blue' });
    const licenses = (await page('/admin/licenses/blue', blueAdmin.headers)).body;
    expect(licenses).toContain(license.lrn);
    expect(licenses).toContain('Term items');
    // Its items have no category: the page lists the types it grants, never "no feature".
    expect(licenses).not.toContain('No feature is licensed');
    expect(licenses).toContain('The activated license grants these license types; a check of any of them is granted:');
    expect(test.site.checkFeature('blue', 'bot-runner')).toMatchObject({ granted: true });
  });

  it('refuses malformed input to every action with a registered code, changing nothing', async () => {
    const routes = ['/admin/actions/default/olf', '/admin/actions/blue/activated-license', '/admin/actions/default/installs/nothing-here/retry'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ text: fc.string({ maxLength: 2000 }) })),
        async (url, body) => {
          const before = snapshot();
          const response = await app.inject({
            method: 'POST',
            url,
            headers: { ...admin.headers, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, response.body).toBeLessThan(500);
          expect(allErrorCodes).toContain(response.json<{ code: string }>().code);
          expect(snapshot()).toBe(before);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the Licenses page, through a tenant’s states', () => {
  it('says each state as a badge with its word: not licensed, awaiting OLF, locked, active, expiring soon, expired', async () => {
    const test = await createTestSite();
    const app = await createTestSiteApp(test);
    const state = async () => {
      const body = (await app.inject({ method: 'GET', url: '/admin/licenses/default', headers: asOperator })).body;
      return /<p class="state-line">Status <span class="badge badge-(\w+)">([^<]+)<\/span>/.exec(body)?.slice(1, 3);
    };
    const DAY = 86_400_000;
    try {
      expect(await state()).toEqual(['neutral', 'not licensed']);
      await test.site.installToken('default', await test.desk.token(test.identity.guid));
      const missed = await test.site.generateLfr('default');
      expect(await state()).toEqual(['warn', 'awaiting OLF']);
      test.clock.advance(8 * DAY);
      expect(await state()).toEqual(['bad', 'locked']);
      expect((await app.inject({ method: 'GET', url: '/admin/licenses/default', headers: asOperator })).body).toContain(
        `Locked since <time datetime="${test.site.status('default').cycle.lockedSince}">`,
      );
      expect(missed.cycle).toBe(1);
      const lfr = await test.site.generateLfr('default');
      const today = test.clock.now().toISOString().slice(0, 10);
      const end = new Date(test.clock.now().getTime() + 60 * DAY).toISOString().slice(0, 10);
      await test.site.installOlf('default', await test.desk.answer(lfr.text, { entitlements: [seat('bot-runner', 1)], start: today, end }));
      expect(await state()).toEqual(['ok', 'active']);
      test.clock.advance(45 * DAY);
      expect(await state()).toEqual(['warn', 'expiring soon']);
      test.clock.advance(20 * DAY);
      expect(await state()).toEqual(['bad', 'expired']);
    } finally {
      await app.close();
    }
  });
});

describe('what the pages hold between requests', () => {
  it('keeps values per tenant, drops the oldest past its capacity, and refuses a capacity below one', () => {
    const held = new HeldDocuments<string>(2);
    held.put('default', 'a', 'first');
    held.put('blue', 'a', 'other tenant');
    expect([held.get('default', 'a'), held.get('blue', 'a'), held.get('green', 'a')]).toEqual(['first', 'other tenant', undefined]);
    held.put('default', 'b', 'second');
    expect([held.get('default', 'a'), held.get('blue', 'a'), held.get('default', 'b'), held.size]).toEqual([undefined, 'other tenant', 'second', 2]);
    // Putting again makes it the newest.
    held.put('blue', 'a', 'again');
    held.put('default', 'c', 'third');
    expect([held.get('blue', 'a'), held.get('default', 'b'), held.get('default', 'c')]).toEqual(['again', undefined, 'third']);
    expect(() => new HeldDocuments(0)).toThrow(RangeError);
  });
});
