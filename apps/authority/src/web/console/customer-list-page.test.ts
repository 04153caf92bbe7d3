import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { ensureFirstAdmin } from '../../features/accounts/admins.ts';
import { sessionHeaders, sessionSecretOf, testHeaderOrRealAuthenticator } from '../../features/accounts/testing/account-fixtures.ts';

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

/**
 * The console's Customers page on the paged API (README, "Lists: pages, sorts and search"):
 * 50 a page with next and previous links, a search box, sortable columns, and empty states
 * that say why the list is empty — rendered in process as a signed-in administrator.
 */
describeEachStore(
  "the console's customers list",
  (context) => {
    let admin: Record<string, string> = {};
    const get = async (url: string) => {
      const page = await context().app.inject({ method: 'GET', url, headers: admin });
      expect(page.statusCode, `${url}: ${page.body.slice(0, 500)}`).toBe(200);
      return page.body;
    };

    beforeAll(async () => {
      const { app, database, clock, deps, request } = context();
      expect((await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } })).statusCode).toBe(201);
      const first = await ensureFirstAdmin(database.db, { clock, random: deps.random });
      if (!first) throw new Error('a fresh database has no administrator yet');
      const session = sessionSecretOf(await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: first }));
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/v1/auth/password',
            headers: sessionHeaders(session),
            payload: { currentPassword: first.password, newPassword: 'a long and private passphrase' },
          })
        ).statusCode,
      ).toBe(204);
      admin = sessionHeaders(session);
    });

    it('says there is no customer yet when there is none', async () => {
      expect(textOf(await get('/console/customers'))).toContain('No customer yet: create the first below.');
    });

    it('pages 50 at a time with next and previous links, sorts by a column and searches', async () => {
      await sql`
      insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at)
      select 'cust-' || lpad(n::text, 3, '0'), 'Customer ' || lpad(n::text, 3, '0'), 'x@example.test', date '2027-01-01' + n, 'standard', now()
      from generate_series(1, 60) as n`.execute(context().database.db);
      const first = await get('/console/customers');
      expect(textOf(first)).toContain('60 customers');
      expect(first).toContain('Customer 001');
      expect(first).not.toContain('Customer 051');
      expect(relLink(first, 'prev')).toBeUndefined();
      const nextUrl = relLink(first, 'next');
      expect(nextUrl).toMatch(/^\/console\/customers\?after=[A-Za-z0-9_-]+&back=\.$/);
      const second = await get(nextUrl!);
      expect(second).toContain('Customer 051');
      expect(second).toContain('Customer 060');
      expect(second).not.toContain('Customer 050');
      expect(relLink(second, 'next')).toBeUndefined();
      expect(relLink(second, 'prev')).toBe('/console/customers');

      const sorted = await get('/console/customers?sort=-accountEndsOn');
      expect(sorted.indexOf('Customer 060')).toBeLessThan(sorted.indexOf('Customer 059'));
      expect(sorted).toContain('aria-sort="descending"');

      const found = await get('/console/customers?q=customer%2005');
      expect(textOf(found)).toContain('10 customers found');
      expect(found).toContain('value="customer 05"');
      expect(textOf(await get('/console/customers?q=nobody'))).toContain('No customer found for “nobody”.');
    });

    it('links every customer as CSV, which the signed-in browser downloads with its session', async () => {
      const href = /<a href="([^"]+)" download>Download every customer as CSV<\/a>/.exec(await get('/console/customers'))?.[1];
      expect(decoded(href ?? '')).toBe('/v1/customers?format=csv');
      const csv = await context().app.inject({ method: 'GET', url: decoded(href!), headers: admin });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.body.trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^id,name,/);
      expect(lines).toHaveLength(61);
      expect(lines.filter((line) => line.startsWith('cust-'))).toHaveLength(60);
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
