import { generateKeyPair } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import { launchBrowser, screenshot, viewports, type TestBrowser } from '@airlock/web/testing';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_SESSION_COOKIE } from '@airlock/http';
import { asApplication, createTestSiteApp, signedIn, type SignedInAccount } from '../../src/testing/site-callers.ts';
import { createTestSite, licenseTenant, seat, type TestSite } from '../../src/testing/site-fixtures.ts';

const DAY = 86_400_000;

interface Grant {
  readonly leaseId: string;
  readonly ttlSeconds: number;
}

/**
 * The floating seats page (docs/floating.md) in a real browser, fed by applications leasing and
 * borrowing through the site's API with an application key: the counts per type and every lease
 * listed, a lease revoked from its button after the confirmation (and the application's next
 * heartbeat refused), the settings changed and in force for the next lease, the daily peaks
 * charted, and an auditor reading it all without a form.
 */
describe('the floating seats page', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let url = '';
  let browser: TestBrowser;
  let admin: SignedInAccount;
  let auditor: SignedInAccount;
  let appKey: Readonly<Record<string, string>>;
  const leases = new Map<string, Grant>();
  const random = seededRandom('floating-page/devices');
  const STEP = 180_000;

  /** What an application sends: a JSON body with its application key. */
  const call = async (method: 'POST' | 'DELETE', path: string, body?: object) => {
    const response = await fetch(`${url}/v1/tenants/default${path}`, {
      method,
      headers: { ...appKey, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const lease = async (type: string, user: string, fingerprint: string): Promise<Grant> => {
    const answer = await call('POST', '/leases', { type, user, fingerprint, deviceKey: generateKeyPair('X25519', random).publicJwk });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const grant = answer.json as unknown as Grant;
    leases.set(user, grant);
    return grant;
  };

  const tabAs = async (account: SignedInAccount) => {
    const tab = await browser.newPage({ viewport: viewports.laptop });
    tab.context().setDefaultTimeout(90_000);
    await tab.context().addCookies([{ name: SITE_SESSION_COOKIE, value: account.headers.cookie!.slice(SITE_SESSION_COOKIE.length + 1), url }]);
    return tab;
  };
  const open = async (tab: Page, path: string) => {
    const response = await tab.goto(`${url}${path}`);
    await tab.locator('html[data-airlock-ready="true"]').waitFor();
    return response;
  };
  const cellsOf = (tab: Page, table: string, rowText: string) => tab.locator(`${table} tbody tr`, { hasText: rowText }).locator('th, td').allTextContents();

  beforeAll(async () => {
    test = await createTestSite();
    app = await createTestSiteApp(test);
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    await licenseTenant(test, 'default', [seat('designer', 3), seat('viewer', 2)]);
    appKey = await asApplication(test.site, 'default');
    // The first day: one lease, one borrow (a peak of 2 designers). The next: the lease's
    // heartbeats stopped and it is culled, two more are leased beside the borrow (a peak of 3).
    await lease('designer', 'ana', 'ws-ana-01');
    const borrowed = await call('POST', '/borrows', { type: 'designer', user: 'bo', fingerprint: 'laptop-bo', days: 3 });
    expect(borrowed.status, JSON.stringify(borrowed.json)).toBe(200);
    test.clock.advance(DAY);
    expect(await test.site.floating.cull()).toBe(1);
    await lease('designer', 'cy', 'ws-cy-02');
    await lease('designer', 'eve', 'ws-eve-03');
    await lease('viewer', 'dee', 'ws-dee-04');
    admin = await signedIn(app, test.site, { account: 'ops', role: 'site-admin' });
    auditor = await signedIn(app, test.site, { account: 'reader', role: 'auditor' });
    browser = await launchBrowser();
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it(
    'lists the counts per type and every lease and borrow, linked from the tenant’s navigation',
    async () => {
      const tab = await tabAs(admin);
      await open(tab, '/admin/seats/default');
      await tab.locator('.main-nav').getByRole('link', { name: 'Floating seats' }).click();
      await tab.waitForURL(/\/admin\/floating\/default$/);
      await tab.locator('html[data-airlock-ready="true"]').waitFor();
      expect(await tab.locator('h1').textContent()).toBe('Floating seats of default');
      expect(await cellsOf(tab, '#floating-types', 'designer')).toEqual(['designer', '3', '0', '2', '1', '3 of 3']);
      expect(await cellsOf(tab, '#floating-types', 'viewer')).toEqual(['viewer', '2', '0', '1', '0', '1 of 2']);
      expect(await tab.locator('#leases-table tbody th').allTextContents()).toEqual(['bo', 'cy', 'eve', 'dee']);
      expect((await cellsOf(tab, '#leases-table', 'ws-cy-02')).slice(0, 4)).toEqual(['cy', 'ws-cy-02', 'designer', 'lease']);
      expect((await cellsOf(tab, '#leases-table', 'laptop-bo')).slice(0, 4)).toEqual(['bo', 'laptop-bo', 'designer', 'borrow']);
      // The borrow ends three days after it was made, on the first day.
      expect(await tab.locator('#leases-table tbody tr', { hasText: 'laptop-bo' }).locator('time').nth(1).getAttribute('datetime')).toBe(
        '2026-11-26T10:00:00.000Z',
      );
      expect(await tab.locator('#leases').textContent()).toContain('cannot reach a device that is away');
      await screenshot(tab, 'site-floating');
      await tab.context().close();
    },
    STEP,
  );

  it(
    'charts the daily peak per type and lists the days with borrows',
    async () => {
      const tab = await tabAs(admin);
      await open(tab, '/admin/floating/default');
      const chart = tab.locator('figure#daily-peaks');
      expect(await chart.locator('svg[role="img"]').isVisible()).toBe(true);
      expect(await chart.locator('.chart-legend li').allTextContents()).toEqual(['designer', 'viewer']);
      expect(await chart.locator('.series-0 .marker').count()).toBe(2);
      expect(await chart.locator('.series-0 polyline').count()).toBe(1);
      expect(await chart.locator('.chart-data tbody tr').locator('th, td').allTextContents()).toEqual([
        '2026-11-23 00:00 UTC',
        '2',
        '–',
        '2026-11-24 00:00 UTC',
        '3',
        '1',
      ]);
      expect(await cellsOf(tab, '#borrow-days', '2026-11-23')).toEqual(['2026-11-23', 'designer', '1', '2']);
      expect(await tab.locator('#borrow-days tbody tr').count()).toBe(1);
      await tab.context().close();
    },
    STEP,
  );

  it(
    'revokes a lease from its button once confirmed: gone from the page, its next heartbeat refused',
    async () => {
      const tab = await tabAs(admin);
      await open(tab, '/admin/floating/default');
      const row = (text: string) => tab.locator('#leases-table tbody tr', { hasText: text });

      // Dismissed: nothing is sent.
      tab.once('dialog', (dialog) => void dialog.dismiss());
      await row('ws-eve-03').getByRole('button', { name: 'Revoke the lease of eve' }).click();
      expect(test.site.floating.view('default').leases.map((held) => held.user)).toContain('eve');

      let question = '';
      tab.once('dialog', (dialog) => {
        question = dialog.message();
        void dialog.accept();
      });
      await row('ws-cy-02').getByRole('button', { name: 'Revoke the lease of cy' }).click();
      await tab.locator('.flash', { hasText: 'The designer lease of cy on ws-cy-02 is revoked' }).waitFor();
      expect(question).toBe('Revoke the designer lease of cy on ws-cy-02? The seat is free at once; the application learns it at its next heartbeat.');
      expect(await row('ws-cy-02').count()).toBe(0);
      expect(await tab.locator('#leases-table tbody th').allTextContents()).toEqual(['bo', 'eve', 'dee']);
      expect(await cellsOf(tab, '#floating-types', 'designer')).toEqual(['designer', '3', '0', '1', '1', '2 of 3']);
      const heartbeat = await call('POST', `/leases/${leases.get('cy')!.leaseId}/heartbeat`, { nonce: 'bm9uY2U' });
      expect({ status: heartbeat.status, code: heartbeat.json.code }).toEqual({ status: 404, code: 'LEASE_NOT_FOUND' });

      // A borrow's confirmation says the device cannot be told.
      tab.once('dialog', (dialog) => {
        question = dialog.message();
        void dialog.dismiss();
      });
      await row('laptop-bo').getByRole('button', { name: 'Revoke the borrow of bo' }).click();
      expect(question).toContain('the device is away and cannot be told');
      await tab.context().close();
    },
    STEP,
  );

  it(
    'changes the lease period and the longest borrow, in force for the next lease and borrow',
    async () => {
      const tab = await tabAs(admin);
      await open(tab, '/admin/floating/default');
      expect(await tab.locator('#lease-period').textContent()).toBe('15 minutes');
      expect(await tab.locator('#borrow-max').textContent()).toBe('7 days');
      const form = tab.locator('#floating-settings');
      await form.getByLabel('Lease period (seconds)').fill('300');
      await form.getByLabel('Longest borrow (days)').fill('0');
      await form.getByRole('button', { name: 'Save the settings' }).click();
      await tab.locator('.flash', { hasText: 'Settings saved: a lease period of 300 seconds, borrows of up to 0 days.' }).waitFor();
      expect(await tab.locator('#lease-period').textContent()).toBe('5 minutes');
      expect(await tab.locator('#borrow-max').textContent()).toBe('off (no seat may be borrowed)');
      expect(await form.getByLabel('Lease period (seconds)').inputValue()).toBe('300');

      expect((await lease('designer', 'fay', 'ws-fay-05')).ttlSeconds).toBe(300);
      const refused = await call('POST', '/borrows', { type: 'viewer', user: 'gil', fingerprint: 'laptop-gil', days: 1 });
      expect(refused.json.code).toBe('BORROW_NOT_ALLOWED');
      await tab.context().close();
    },
    STEP,
  );

  it(
    'shows an auditor the same page without a form, and an empty list once nothing is leased',
    async () => {
      const tab = await tabAs(auditor);
      await open(tab, '/admin/floating/default');
      expect(await tab.locator('main form[data-api]').count()).toBe(0);
      expect(await tab.locator('#leases-table tbody th').allTextContents()).toContain('fay');
      expect(await tab.locator('figure#daily-peaks svg').count()).toBe(1);
      expect(await tab.locator('#lease-period').textContent()).toBe('5 minutes');

      for (const held of test.site.floating.view('default').leases) await test.site.floating.revoke('default', held.leaseId, 'account:ops');
      await open(tab, '/admin/floating/default');
      expect(await tab.locator('#leases p.empty').textContent()).toBe('No seat is leased or borrowed now.');
      expect(await tab.locator('#leases-table tbody tr').count()).toBe(0);
      await tab.context().close();
    },
    STEP,
  );

  it('raised no console error and no page error', () => {
    browser.assertNoErrors();
    expect(browser.refusals).toEqual([]);
  });
});
