import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSiteApp, signedIn, type SignedInAccount } from '../../src/testing/site-callers.ts';
import { createTestSite, seat, type TestSite } from '../../src/testing/site-fixtures.ts';
import { StubAuthority } from '../../src/testing/stub-authority.ts';

/**
 * The licensing mode on a tenant's Licenses page (docs/connected.md), without a browser: the
 * mode, the link's summary, the site's version and what the token allows; "Exchange now" and the
 * mode switch for the tenant's administrators, posting to the site's API; nothing to change for a reader.
 */
describe('the licensing mode on the Licenses page', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let stub: StubAuthority;
  let admin: SignedInAccount;
  let auditor: SignedInAccount;

  beforeAll(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    app = await createTestSiteApp(test);
    stub = await StubAuthority.start(test.desk);
    stub.behave({ kind: 'answer', entitlements: [seat('bot-runner', 3)] });
    const token = await test.desk.token(test.identity.guid, {
      siteLicensing: { files: true, connected: true, approval: 'manual', exchangeInterval: 86_400, connectedMinimumSiteVersion: null },
    });
    await test.site.setLicensingMode('default', { mode: 'connected', authorityUrl: stub.url, token });
    await test.site.link.exchangeNow('default');
    await test.site.installToken('blue', await test.desk.token(test.identity.guid));
    admin = await signedIn(app, test.site, { account: 'ops', role: 'site-admin' });
    auditor = await signedIn(app, test.site, { account: 'reader', role: 'auditor' });
  });
  afterAll(async () => {
    await app.close();
    await test.site.close();
    await stub.close();
  });

  const page = (url: string, headers: Readonly<Record<string, string>>) => app.inject({ method: 'GET', url, headers });

  it("shows a connected tenant's link, with Exchange now and the mode switch for its administrators", async () => {
    const body = (await page('/admin/licenses/default', admin.headers)).body;
    expect(body).toContain('<span id="link-summary">connected, last exchange 2026-11-23 10:00 UTC</span>');
    expect(body).toContain('connected: the site exchanges its files with the authority over a link');
    expect(body).toContain('41.2.0');
    expect(body).toMatch(/<form[^>]*id="link-exchange"[^>]*data-api="\/v1\/tenants\/default\/link\/exchange"/);
    expect(body).toMatch(/<form[^>]*id="licensing-mode-form"[^>]*data-api="\/v1\/tenants\/default\/licensing-mode" data-method="PUT"/);
    expect(body).toContain('Exchange now');
    const read = (await page('/admin/licenses/default', auditor.headers)).body;
    expect(read).toContain('<span id="link-summary">connected, last exchange 2026-11-23 10:00 UTC</span>');
    expect(read).not.toMatch(/<form[^>]*data-api/);
  });

  it('shows a tenant in mode files whose token allows no link, with no Exchange now and files the only mode offered', async () => {
    const body = (await page('/admin/licenses/blue', admin.headers)).body;
    expect(body).toContain('<span id="licensing-mode">files: carried by hand</span>');
    expect(body).not.toContain('id="link-exchange"');
    expect(body).toContain('not allowed');
    expect(body).toContain('<option value="files"');
    expect(body).not.toContain('<option value="connected"');
  });
});
