import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { ensureFirstAdmin } from '../../features/accounts/admins.ts';
import { firstSignIn, sessionHeaders, testHeaderOrRealAuthenticator } from '../../features/accounts/testing/account-fixtures.ts';

/** Markup's character references decoded (the escaper writes `&#61;`, `&#39;`, `&amp;`…). */
function decoded(markup: string): string {
  return markup
    .replace(/&#(\d+);/g, (_all, code: string) => String.fromCodePoint(Number(code)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The text of a fragment of markup, tags dropped, references decoded and white space collapsed. */
function textOf(markup: string): string {
  return decoded(markup.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The `href` of the link with this `rel` (the pager's previous / next), entities decoded. */
function relLink(body: string, rel: string): string | undefined {
  const href = new RegExp(`rel="${rel}" href="([^"]+)"`).exec(body)?.[1];
  return href === undefined ? undefined : decoded(href);
}

/** The `href` of the list's CSV link, entities decoded. */
function csvLink(body: string): string | undefined {
  const href = /<p class="list-export"><a href="([^"]+)" download>/.exec(body)?.[1];
  return href === undefined ? undefined : decoded(href);
}

/** The part of a page inside the section of this id. */
function sectionOf(body: string, id: string): string {
  return new RegExp(`<section class="panel" id="${id}"[\\s\\S]*?</section>`).exec(body)?.[0] ?? '';
}

/** How many rows the page's (first) table body holds. */
function rowsOf(markup: string): number {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(markup)?.[1] ?? '';
  return (body.match(/<tr>/g) ?? []).length;
}

const COUNT = 55;
const TERM_END = '2027-11-23T00:00:00.000Z';

/**
 * Every paged list of the console and the portal (README, "Lists: pages, sorts and search")
 * other than the customers: a customer's sites, device licenses, portal users and orders, the
 * vendor-wide device licenses, a license's activations, and the portal's sites, orders and
 * device licenses — each 50 a page with next and previous links, a search box, headers that
 * sort, the count where the API gives one, empty states, and its CSV; the customer's page shows
 * the first five of each of its lists and links to their pages. Rendered in process as a
 * signed-in administrator and a customer's user.
 */
describeEachStore(
  'the paged lists of the console and the portal',
  (context) => {
    let admin: Record<string, string> = {};
    let buyer: Record<string, string> = {};
    let licenseIds: string[] = [];
    let lrns: string[] = [];
    const get = async (url: string, headers: Record<string, string> = admin) => {
      const page = await context().app.inject({ method: 'GET', url, headers });
      expect(page.statusCode, `${url}: ${page.body.slice(0, 500)}`).toBe(200);
      return page.body;
    };
    const post = async (url: string, payload: object) => {
      const answer = await context().request({ method: 'POST', url, payload });
      expect(answer.statusCode, answer.body).toBe(201);
      return answer.json<Record<string, unknown>>();
    };

    beforeAll(async () => {
      const { app, database, clock, deps } = context();
      const db = database.db;
      await post('/v1/products', { id: 'studio', name: 'Studio' });
      await post('/v1/products/studio/license-types', { id: 'seat', name: 'Seat', category: 'seat' });
      await post('/v1/policies', { id: 'standard', name: 'Standard' });
      for (const [id, name] of [
        ['acme', 'Acme Plant Systems'],
        ['globex', 'Globex'],
      ]) {
        await post('/v1/customers', { id, name, contactEmail: `licensing@${id}.example`, accountEndsOn: '2027-12-31', policyId: 'standard' });
      }
      await post('/v1/customers/acme/users', { email: 'buyer@acme.example', password: 'acme portal password' });
      // The many rows of each list go in by SQL, a minute apart, so the pages are quick to set up.
      await sql`
      insert into sites (guid, customer_id, name, site_key_thumbprint, registered_at)
      select lpad(n::text, 8, '0') || '-0000-4000-8000-000000000000', 'acme', 'Site ' || lpad(n::text, 3, '0'), null, ${clock.now()}::timestamptz + n * interval '1 minute'
      from generate_series(1, ${COUNT}) as n`.execute(db);
      await sql`
      insert into customer_users (id, customer_id, email, password_hash, created_at)
      select 'user-' || lpad(n::text, 3, '0'), 'acme', 'user' || lpad(n::text, 3, '0') || '@acme.example', 'not a hash', ${clock.now()}::timestamptz + n * interval '1 minute'
      from generate_series(1, ${COUNT}) as n`.execute(db);
      await sql`
      insert into device_licenses (id, product_id, customer_id, policy_id, credential, license_key_hash, license_key_hint, overrides, allow_online, expires_at, entitlements, metadata, revision, created_at, created_by, updated_at)
      select '00000000-0000-4000-8000-' || lpad(n::text, 12, '0'), 'studio', 'acme', 'standard', 'license-key', 'hash-' || n, 'AAAAA', '{}', true, ${TERM_END}::timestamptz, '{"features":[],"meters":[]}', '[]', 1,
        ${clock.now()}::timestamptz + n * interval '1 minute', 'admin:test', ${clock.now()}::timestamptz + n * interval '1 minute'
      from generate_series(1, ${COUNT}) as n`.execute(db);
      await sql`
      insert into orders (id, customer_id, lrn, items, order_license, created_at, created_by)
      select '00000000-0000-4000-9000-' || lpad(n::text, 12, '0'), 'acme', 'LRN-AAAA-BBBB-CCCC-' || lpad(n::text, 4, '0'), '[{"product":"studio","licenseType":"seat","quantity":1,"kind":"permanent"}]', 'not an order license',
        ${clock.now()}::timestamptz + n * interval '1 minute', 'admin:test'
      from generate_series(1, ${COUNT}) as n`.execute(db);
      // Newest first, as the lists show them.
      licenseIds = Array.from({ length: COUNT }, (_, index) => `00000000-0000-4000-8000-${String(COUNT - index).padStart(12, '0')}`);
      lrns = Array.from({ length: COUNT }, (_, index) => `LRN-AAAA-BBBB-CCCC-${String(COUNT - index).padStart(4, '0')}`);
      await sql`
      insert into device_activations (id, license_id, fingerprint, device_key_thumbprint, device_signing_key, device_encryption_key, device_name, sdk_version, app_version, channel, license_file_id, license_file_revision, activated_at, activated_by, last_seen_at, deactivated_at, variables)
      select 'act-' || lpad(n::text, 3, '0'), ${licenseIds[0]!}, 'fp-' || lpad(n::text, 3, '0'), 'thumb-' || n, null, null, 'Device ' || lpad(n::text, 3, '0'), null, null, 'online', 'file-' || n, 1,
        ${clock.now()}::timestamptz + n * interval '1 minute', 'device', ${clock.now()}::timestamptz + (${COUNT} - n) * interval '1 minute', null, null
      from generate_series(1, ${COUNT}) as n`.execute(db);

      const first = await ensureFirstAdmin(db, { clock, random: deps.random });
      if (!first) throw new Error('a fresh database has no administrator yet');
      admin = sessionHeaders(await firstSignIn(app, first.email, first.password, 'a long and private passphrase'));
      buyer = sessionHeaders(await firstSignIn(app, 'buyer@acme.example', 'acme portal password', 'chosen by the buyer'));
    });

    /** Checks a list's first page (50 items, no previous), its second (the rest) and the way back. */
    const pagesThrough = async (url: string, headers: Record<string, string>, first: string, last: string) => {
      const page1 = await get(url, headers);
      expect(page1).toContain(first);
      expect(page1).not.toContain(last);
      expect(relLink(page1, 'prev')).toBeUndefined();
      const next = relLink(page1, 'next');
      expect(next).toMatch(new RegExp(`^${url.replace(/[?]/g, '\\?')}\\?after=[A-Za-z0-9_-]+&back=\\.$`));
      const page2 = await get(next!, headers);
      expect(page2).toContain(last);
      expect(page2).not.toContain(first);
      expect(relLink(page2, 'next')).toBeUndefined();
      expect(relLink(page2, 'prev')).toBe(url);
      return page1;
    };

    describe('the customer’s page', () => {
      it('shows the first five of its sites, device licenses and portal users, and links to each list’s own page', async () => {
        const page = await get('/console/customers/acme');
        const sites = sectionOf(page, 'sites');
        expect(rowsOf(sites)).toBe(5);
        expect(textOf(sites)).toContain(`5 of ${COUNT} sites. All ${COUNT} sites →`);
        expect(sites).toContain('href="/console/customers/acme/sites"');
        expect(sites).toContain('Site 005');
        expect(sites).not.toContain('Site 006');
        const licenses = sectionOf(page, 'device-licenses');
        expect(rowsOf(licenses)).toBe(5);
        expect(textOf(licenses)).toContain(`5 of ${COUNT} device licenses`);
        expect(licenses).toContain(licenseIds[0]);
        expect(licenses).not.toContain(licenseIds[5]);
        expect(licenses).toContain('href="/console/customers/acme/device-licenses"');
        const users = sectionOf(page, 'users');
        // The buyer was created first, by the API; the SQL rows came after.
        expect(textOf(users)).toContain(`5 of ${COUNT + 1} portal users`);
        expect(users).toContain('href="/console/customers/acme/users"');
        // The forms stay on the customer's page.
        expect(page).toContain('id="register-site"');
        expect(page).toContain('id="new-user"');
      });

      it('shows no count and no link for a customer with nothing yet', async () => {
        const page = await get('/console/customers/globex');
        expect(textOf(sectionOf(page, 'sites'))).toContain('No site registered yet.');
        expect(sectionOf(page, 'sites')).not.toContain('href="/console/customers/globex/sites"');
        expect(textOf(sectionOf(page, 'device-licenses'))).toContain('No device license yet.');
      });
    });

    it('pages, sorts, searches and exports a customer’s sites', async () => {
      const first = await pagesThrough('/console/customers/acme/sites', admin, 'Site 001', 'Site 055');
      expect(textOf(first)).toContain(`${COUNT} sites`);
      expect(first).toContain('id="register-site"');
      const sorted = await get('/console/customers/acme/sites?sort=-name');
      expect(sorted.indexOf('Site 055')).toBeLessThan(sorted.indexOf('Site 054'));
      expect(sorted).toContain('aria-sort="descending"');
      expect(textOf(await get('/console/customers/acme/sites?q=site%2002'))).toContain('10 sites found');
      expect(textOf(await get('/console/customers/acme/sites?q=nowhere'))).toContain('No site found for “nowhere”.');
      expect(textOf(await get('/console/customers/globex/sites'))).toContain('No site registered yet: register its GUID below.');
      const csv = await context().app.inject({ method: 'GET', url: csvLink(first)!, headers: admin });
      expect(csvLink(first)).toBe('/v1/customers/acme/sites?format=csv');
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body.trimEnd().split('\r\n')).toHaveLength(COUNT + 1);
    });

    it('pages, sorts, searches and exports a customer’s device licenses', async () => {
      const first = await pagesThrough('/console/customers/acme/device-licenses', admin, licenseIds[0]!, licenseIds[COUNT - 1]!);
      expect(textOf(first)).toContain(`${COUNT} device licenses`);
      const byId = [...licenseIds].sort();
      const sorted = await get('/console/customers/acme/device-licenses?sort=id');
      expect(sorted).toContain(byId[0]);
      expect(sorted).not.toContain(byId[COUNT - 1]);
      expect(textOf(await get(`/console/customers/acme/device-licenses?q=${licenseIds[3]!}`))).toContain('1 device license found');
      expect(csvLink(first)).toBe('/v1/customers/acme/device-licenses?format=csv');
    });

    it('pages, searches and exports a customer’s portal users', async () => {
      const first = await pagesThrough('/console/customers/acme/users', admin, 'buyer@acme.example', 'user055@acme.example');
      expect(textOf(first)).toContain(`${COUNT + 1} portal users`);
      expect(first).toContain('id="new-user"');
      const sorted = await get('/console/customers/acme/users?sort=-email');
      expect(sorted.indexOf('user055@acme.example')).toBeLessThan(sorted.indexOf('user054@acme.example'));
      expect(textOf(await get('/console/customers/acme/users?q=user04'))).toContain('10 portal users found');
      expect(csvLink(first)).toBe('/v1/customers/acme/users?format=csv');
      const csv = await context().app.inject({ method: 'GET', url: csvLink(first)!, headers: admin });
      expect(csv.body).not.toContain('password');
    });

    it('pages, searches and exports the orders, in the console and in the portal', async () => {
      for (const [url, headers] of [
        ['/console/customers/acme/orders', admin],
        ['/portal/orders', buyer],
      ] as const) {
        const first = await pagesThrough(url, headers, lrns[0]!, lrns[COUNT - 1]!);
        expect(textOf(first)).toContain(`${COUNT} orders`);
        expect(textOf(await get(`${url}?q=${lrns[7]!}`, headers))).toContain('1 order found');
        const oldest = await get(`${url}?sort=createdAt`, headers);
        expect(oldest).toContain(lrns[COUNT - 1]);
        expect(csvLink(first)).toBe('/v1/customers/acme/orders?format=csv');
      }
    });

    it('pages the vendor’s device licenses with no count, and types the new license’s customer instead of choosing among them all', async () => {
      const first = await pagesThrough('/console/device-licenses', admin, licenseIds[0]!, licenseIds[COUNT - 1]!);
      expect(first).not.toContain('class="pager-summary"');
      expect(textOf(await get(`/console/device-licenses?q=${licenseIds[9]!}`))).toContain(licenseIds[9]);
      expect(textOf(await get('/console/device-licenses?q=zzz'))).toContain('No device license found for “zzz”.');
      expect(csvLink(first)).toBe('/v1/device-licenses?format=csv');
      const form = /<form[^>]+id="new-device-license"[\s\S]*?<\/form>/.exec(first)?.[0] ?? '';
      expect(form).not.toMatch(/<select[^>]+name="customerId"/);
      expect(form).toMatch(
        /<input id="new-device-license-customerId" type="text" name="customerId" required list="new-device-license-customerId-options"[^>]* data-lookup="\/v1\/customers"/,
      );
      expect(form).toContain('<datalist id="new-device-license-customerId-options"></datalist>');
      // No customer's name is written into the page: they are asked for as the person types.
      expect(form).not.toContain('Globex');
      expect(form).not.toMatch(/name="customerId"[^>]* value=/);
      // Opened from a customer's page, the form starts with that customer.
      expect(sectionOf(await get('/console/customers/acme'), 'device-licenses')).toContain('href="/console/device-licenses?customerId&#61;acme#new"');
      const fromCustomer = /<form[^>]+id="new-device-license"[\s\S]*?<\/form>/.exec(await get('/console/device-licenses?customerId=acme'))?.[0] ?? '';
      expect(fromCustomer).toMatch(/name="customerId"[^>]* value="acme"/);
    });

    it('pages, sorts, searches and exports a device license’s activations', async () => {
      const url = `/console/device-licenses/${licenseIds[0]!}`;
      const first = await pagesThrough(url, admin, 'Device 055', 'Device 005');
      expect(textOf(first)).toContain(`${COUNT} activations`);
      const bySeen = await get(`${url}?sort=-lastSeenAt`);
      expect(bySeen.indexOf('Device 001')).toBeLessThan(bySeen.indexOf('Device 002'));
      expect(textOf(await get(`${url}?q=device%2004`))).toContain('10 activations found');
      expect(textOf(await get(`${url}?q=fp-012`))).toContain('1 activation found');
      expect(textOf(await get(`/console/device-licenses/${licenseIds[1]!}`))).toContain('No device has activated it yet.');
      const href = csvLink(first)!;
      expect(href).toBe(`/v1/device-licenses/${licenseIds[0]!}/activations?limit=500&format=csv`);
      const csv = await context().app.inject({ method: 'GET', url: href, headers: admin });
      expect(csv.body.trimEnd().split('\r\n')).toHaveLength(COUNT + 1);
    });

    it('pages, searches and exports the portal’s sites and device licenses, the customer’s own', async () => {
      const sites = await pagesThrough('/portal/sites', buyer, 'Site 001', 'Site 055');
      expect(textOf(sites)).toContain(`${COUNT} sites`);
      expect(textOf(await get('/portal/sites?q=site%20055', buyer))).toContain('1 site found');
      expect(csvLink(sites)).toBe('/v1/customers/acme/sites?format=csv');
      const licenses = await pagesThrough('/portal/device-licenses', buyer, licenseIds[0]!, licenseIds[COUNT - 1]!);
      expect(textOf(licenses)).toContain(`${COUNT} device licenses`);
      expect(csvLink(licenses)).toBe('/v1/customers/acme/device-licenses?format=csv');
      const csv = await context().app.inject({ method: 'GET', url: csvLink(licenses)!, headers: buyer });
      expect(csv.statusCode).toBe(200);
      expect(csv.body.trimEnd().split('\r\n')).toHaveLength(COUNT + 1);
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
