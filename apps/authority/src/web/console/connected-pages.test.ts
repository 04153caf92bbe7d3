import type { LicenseItem } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { ensureFirstAdmin } from '../../features/accounts/admins.ts';
import { firstSignIn, sessionHeaders, testHeaderOrRealAuthenticator } from '../../features/accounts/testing/account-fixtures.ts';
import { makeLfr, seedCustomer, seedEnabledSite } from '../../features/offline-licenses/testing/offline-licensing-fixtures.ts';
import { registrationKeyOf } from '../../features/orders/testing/order-fixtures.ts';

const plant = createTestParty('connected-pages/acme-plant');
const depot = createTestParty('connected-pages/globex-depot');
const plantGuid = plant.guid.toLowerCase();
const depotGuid = depot.guid.toLowerCase();
const plantKey = registrationKeyOf('connected-pages/acme-plant');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const runners: LicenseItem = { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' };

/** The part of a page inside the section of this id. */
function sectionOf(body: string, id: string): string {
  return new RegExp(`<section class="panel" id="${id}"[\\s\\S]*?</section>`).exec(body)?.[0] ?? '';
}

/** The text of a fragment of markup, tags dropped and white space collapsed. */
function textOf(markup: string): string {
  return markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The console's pages for connected sites and static licenses, and the modes on a site's page in
 * both the console and the portal (docs/connected.md), rendered in process as a signed-in
 * administrator and a customer's user see them.
 */
describeEachStore(
  'the pages of connected sites and static licenses',
  (context) => {
    let admin: Record<string, string> = {};
    let buyer: Record<string, string> = {};
    const get = async (url: string, headers: Record<string, string>) => {
      const page = await context().app.inject({ method: 'GET', url, headers });
      expect(page.statusCode, `${url}: ${page.body.slice(0, 500)}`).toBe(200);
      return page.body;
    };

    beforeAll(async () => {
      const { app, database, authority, clock, deps, request } = context();
      await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
      await seedCustomer(database.db, { id: 'globex', accountEndsOn: '2027-12-31', purchased: {} }, clock.now());
      await database.db.updateTable('customers').set({ name: 'Acme Plant Systems' }).where('id', '=', 'acme').execute();
      await database.db.updateTable('policies').set({ minimum_connected_site_version: '42' }).where('id', '=', 'standard').execute();
      const token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
      await seedEnabledSite(database.db, authority, { customerId: 'globex', site: depot, now: clock.now(), random: deps.random });
      const { text } = await makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random, seats: { 'bot-runner': ['ada'] } });
      expect((await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } })).statusCode).toBe(201);
      const now = clock.now();
      const link = (site: string, customer: string, tenant: string, version: string, last: Date, status: string, code: string | null) =>
        database.db
          .insertInto('site_links')
          .values({
            site_guid: site,
            tenant,
            customer_id: customer,
            site_version: version,
            first_exchange_at: new Date(now.getTime() - 30 * DAY),
            last_exchange_at: last,
            last_status: status,
            last_lfr_id: null,
            last_code: code,
          })
          .execute();
      await link(plantGuid, 'acme', 'lab', '41.2', new Date(now.getTime() - HOUR), 'pending', 'approval');
      await link(depotGuid, 'globex', 'default', '40.1', new Date(now.getTime() - 3 * DAY), 'answered', null);
      const order = await request({ method: 'POST', url: '/v1/customers/acme/orders', payload: { items: [runners] } });
      expect(
        (await request({ method: 'POST', url: '/v1/activations', payload: { lrn: order.json<{ lrn: string }>().lrn, registrationKey: plantKey } })).statusCode,
      ).toBe(201);
      expect((await request({ method: 'PUT', url: '/v1/customers/acme/static-licenses', payload: { renewUntil: '2026-12-31' } })).statusCode).toBe(200);

      const first = await ensureFirstAdmin(database.db, { clock, random: deps.random });
      if (!first) throw new Error('a fresh database has no administrator yet');
      admin = sessionHeaders(await firstSignIn(app, first.email, first.password, 'a long and private passphrase'));
      expect(
        (await request({ method: 'POST', url: '/v1/customers/acme/users', payload: { email: 'buyer@acme.example', password: 'acme portal password' } }))
          .statusCode,
      ).toBe(201);
      buyer = sessionHeaders(await firstSignIn(app, 'buyer@acme.example', 'acme portal password', 'chosen by the buyer'));
    });

    it('lists every connected site tenant with its last exchange, version and a late badge, linking to the site', async () => {
      const body = await get('/console/connected-sites', admin);
      expect(body).toContain('<a href="/console/connected-sites"');
      expect(body).toContain('<a href="/console/static-licenses"');
      expect(body).toContain('1 connected tenant is late');
      const rows = [...sectionOf(body, 'site-links').matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((row) => textOf(row[0]));
      expect(rows.slice(1)).toEqual([
        expect.stringMatching(
          new RegExp(`^site ${plantGuid} ${plantGuid} Acme Plant Systems lab 41\\.2 .* every 1 day; first .* pending: approval on time late in 1 day 23 h$`),
        ),
        expect.stringMatching(new RegExp(`^site ${depotGuid} ${depotGuid} globex default 40\\.1 .* answered late became late 1 day ago$`)),
      ]);
      expect(body).toContain(`href="/console/customers/acme/sites/${plantGuid}"`);
      expect(body).toContain(`href="/console/customers/globex/sites/${depotGuid}"`);
      expect(textOf(body)).toContain('2 site tenants');
      expect(body).toContain('<a href="/v1/site-links?format&#61;csv" download>');
      // Sorted by the last exchange, newest first: the plant's lab, then Globex's depot.
      const newest = [...sectionOf(await get('/console/connected-sites?sort=-lastExchangeAt', admin), 'site-links').matchAll(/<tr>[\s\S]*?<\/tr>/g)].map(
        (row) => textOf(row[0]),
      );
      expect(newest[1]).toContain(plantGuid);
      expect(newest[2]).toContain(depotGuid);
      const found = sectionOf(await get('/console/connected-sites?q=glob', admin), 'site-links');
      expect(found).toContain(depotGuid);
      expect(found).not.toContain(`sites/${plantGuid}`);
    });

    it('shows only the late ones when asked', async () => {
      const section = sectionOf(await get('/console/connected-sites?late=true', admin), 'site-links');
      expect(textOf(section)).toContain('Showing the 1 late of 2.');
      expect(section).toContain(depotGuid);
      expect(section).not.toContain(`sites/${plantGuid}`);
      // The filter stays on every link of the list: its sort, its search and its CSV.
      expect(section).toContain('href="/console/connected-sites?late&#61;true&amp;sort&#61;-customer"');
      expect(section).toContain('<input type="hidden" name="late" value="true">');
      expect(section).toContain('href="/v1/site-links?format&#61;csv&amp;late&#61;true"');
    });

    it('lists the Registration Keys still on static licenses with their customer’s date', async () => {
      const section = sectionOf(await get('/console/static-licenses', admin), 'static-licenses');
      const rows = [...section.matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((row) => textOf(row[0]));
      expect(rows.slice(1)).toEqual([
        expect.stringMatching(
          new RegExp(`^Acme Plant Systems ${plantKey} revision 1 .* 5 × automation: bot-runner \\(permanent\\) renewed until 2026-12-31 not started$`),
        ),
      ]);
      expect(section).not.toContain('rel="next"');
      expect(section).toContain('href="/v1/static-licenses?limit&#61;500&amp;format&#61;csv"');
    });

    it('offers on the customer’s page to change or clear its date, and lists its static licenses', async () => {
      const section = sectionOf(await get('/console/customers/acme', admin), 'static-licenses');
      expect(section).toContain('data-api="/v1/customers/acme/static-licenses" data-method="PUT"');
      expect(section).toMatch(/<input id="static-renew-until-renewUntil" type="date" name="renewUntil" required value="2026-12-31"/);
      expect(section).toContain('<input type="hidden" name="renewUntil" value="null" data-value-type="json">');
      expect(section).toContain(plantKey);
      const globex = sectionOf(await get('/console/customers/globex', admin), 'static-licenses');
      expect(textOf(globex)).toContain('not marked for migration');
      expect(globex).not.toContain('Clear the date');
    });

    it('shows a site’s version, the modes it may use and the mode of each tenant, in the console and in the portal', async () => {
      for (const [url, headers] of [
        [`/console/customers/acme/sites/${plantGuid}`, admin],
        [`/portal/sites/${plantGuid}`, buyer],
      ] as const) {
        const body = await get(url, headers);
        expect(textOf(sectionOf(body, 'site-facts')), url).toContain('Version 41.2');
        const modes = textOf(sectionOf(body, 'modes'));
        expect(modes, url).toContain('Files by hand yes the policy allows it at this version');
        expect(modes, url).toContain('Connected no site version 41.2 is below 42, the lowest connected mode needs');
        expect(modes, url).toMatch(/default files – – .+ lab connected .+ pending: approval –/);
      }
      const list = await get('/console/customers/acme', admin);
      expect(textOf(sectionOf(list, 'sites'))).toContain('41.2 files: allowed connected: not allowed');
      expect(textOf(await get('/portal/sites', buyer))).toContain(`${plantGuid} 41.2 files: allowed connected: not allowed`);
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
