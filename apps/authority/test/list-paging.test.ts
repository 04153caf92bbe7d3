import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../src/features/accounts/admins.ts';
import { sessionHeaders, sessionSecretOf, testHeaderOrRealAuthenticator } from '../src/features/accounts/testing/account-fixtures.ts';
import { createLicense, seedDeviceCatalogue } from '../src/features/devices/testing/device-fixtures.ts';
import { describeEachStore, type TestContext } from './harness.ts';

/**
 * The paged lists (README, "Lists: pages, sorts and search"): every item exactly once across
 * pages even when many share the sort key, in both directions; prefix search; refusals of a
 * bad cursor, sort or limit; and the deprecated bare array when no paging parameter is given.
 */
interface PageAnswer {
  items: { id: string; name: string; accountEndsOn: string }[];
  next: string | null;
  total?: number;
}

const CUSTOMERS = 37;

/** 37 customers whose names, end dates and creation times repeat, so every sort has ties. */
async function seedCustomers(context: TestContext): Promise<void> {
  const { request, database } = context;
  await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } });
  await sql`
    insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at)
    select 'c-' || lpad(n::text, 3, '0'),
           case when n % 3 = 0 then 'Same Name' when n % 3 = 1 then 'same name' else 'Other ' || n end,
           'x@example.test',
           date '2027-01-01' + (n % 4),
           'standard',
           timestamptz '2026-01-01T00:00:00Z' + (n % 5) * interval '1 hour'
    from generate_series(1, ${CUSTOMERS}) as n`.execute(database.db);
  await sql`insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at)
    values ('wild', '50%_off', 'x@example.test', '2027-01-01', 'standard', now())`.execute(database.db);
}

async function readAll(context: TestContext, url: string, limit: number, key = 'id'): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  let next: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const response = await context.request({ method: 'GET', url: `${url}${separator}limit=${limit}${next ? `&after=${next}` : ''}` });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ items: Record<string, string>[]; next: string | null }>();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item[key] ?? ''));
    next = page.next;
    pages++;
  } while (next !== null && pages < 100);
  return { ids, pages };
}

describeEachStore('paged lists', (context) => {
  beforeAll(async () => {
    await seedCustomers(context());
  });

  it('answers the bare array, by id, when no paging parameter is given (deprecated)', async () => {
    const answer = (await context().request({ method: 'GET', url: '/v1/customers' })).json<{ id: string }[]>();
    expect(Array.isArray(answer)).toBe(true);
    expect(answer.map((customer) => customer.id)).toEqual([...answer.map((customer) => customer.id)].sort());
    expect(answer).toHaveLength(CUSTOMERS + 1);
  });

  it('answers a first page of 50 by name with the total when any paging parameter is given', async () => {
    const page = (await context().request({ method: 'GET', url: '/v1/customers?sort=name' })).json<PageAnswer>();
    expect(page.items).toHaveLength(CUSTOMERS + 1);
    expect(page.next).toBeNull();
    expect(page.total).toBe(CUSTOMERS + 1);
    const names = page.items.map((item) => item.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  for (const sort of ['name', '-name', 'id', '-id', 'accountEndsOn', '-accountEndsOn', 'createdAt', '-createdAt']) {
    it(`pages through every customer exactly once sorted by ${sort}, ties included`, async () => {
      const { ids, pages } = await readAll(context(), `/v1/customers?sort=${sort}`, 4);
      expect(pages).toBe(Math.ceil((CUSTOMERS + 1) / 4));
      expect(new Set(ids).size).toBe(CUSTOMERS + 1);
      expect(ids).toHaveLength(CUSTOMERS + 1);
      // The order is the one of a whole read, which the same sort answers in one page.
      const whole = (await context().request({ method: 'GET', url: `/v1/customers?sort=${sort}&limit=500` })).json<PageAnswer>();
      expect(ids).toEqual(whole.items.map((item) => item.id));
    });
  }

  it('sorts descending as the reverse of ascending', async () => {
    const up = (await context().request({ method: 'GET', url: '/v1/customers?sort=accountEndsOn&limit=500' })).json<PageAnswer>();
    const down = (await context().request({ method: 'GET', url: '/v1/customers?sort=-accountEndsOn&limit=500' })).json<PageAnswer>();
    expect(down.items.map((item) => item.id)).toEqual(up.items.map((item) => item.id).reverse());
  });

  it('searches by a prefix of the name, case-insensitively, or of the id, with the total of the search', async () => {
    const { request } = context();
    const same = (await request({ method: 'GET', url: '/v1/customers?q=SAME%20n&limit=5' })).json<PageAnswer>();
    expect(same.total).toBe(25);
    expect(same.items.every((item) => item.name.toLowerCase() === 'same name')).toBe(true);
    const { ids } = await readAll(context(), '/v1/customers?q=same', 5);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    const byId = (await request({ method: 'GET', url: '/v1/customers?q=c-00' })).json<PageAnswer>();
    expect(byId.items.map((item) => item.id).sort()).toEqual(['c-001', 'c-002', 'c-003', 'c-004', 'c-005', 'c-006', 'c-007', 'c-008', 'c-009']);
    const wildcards = (await request({ method: 'GET', url: '/v1/customers?q=50%25_' })).json<PageAnswer>();
    expect(wildcards.items.map((item) => item.id)).toEqual(['wild']);
    expect((await request({ method: 'GET', url: '/v1/customers?q=%25' })).json<PageAnswer>().items).toEqual([]);
    expect((await request({ method: 'GET', url: '/v1/customers?q=nobody' })).json()).toEqual({ items: [], next: null, total: 0 });
  });

  it('shows the paging parameters and both answers in the OpenAPI document', async () => {
    const response = await context().request({ method: 'GET', url: '/openapi.json', as: { kind: 'anonymous' } });
    const document = JSON.parse(response.body) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; description?: string }[]; description?: string; responses: Record<string, unknown> }>
      >;
    };
    for (const path of [
      '/v1/customers',
      '/v1/device-licenses',
      '/v1/customers/{customerId}/sites',
      '/v1/customers/{customerId}/orders',
      '/v1/customers/{customerId}/users',
      '/v1/device-licenses/{licenseId}/activations',
      '/v1/audit',
      '/v1/site-links',
      '/v1/products',
      '/v1/policies',
      '/v1/offline-requests',
    ]) {
      const operation = document.paths[path]?.get;
      const query = (operation?.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
      expect(query, path).toEqual(expect.arrayContaining(['limit', 'after', 'sort', 'q']));
      expect(JSON.stringify(operation?.responses['200']), path).toContain('"next"');
    }
    expect(document.paths['/v1/customers']?.get?.description).toContain('deprecated');
  });

  it('refuses a cursor it did not give, or gave for another sort, a sort it does not have and a limit out of bounds', async () => {
    const { request } = context();
    const first = (await request({ method: 'GET', url: '/v1/customers?sort=name&limit=2' })).json<PageAnswer>();
    const refusals = [
      '/v1/customers?after=bm90LWEtY3Vyc29y',
      '/v1/customers?after=!!',
      `/v1/customers?sort=id&after=${first.next}`,
      '/v1/customers?sort=contactEmail',
      '/v1/customers?limit=0',
      '/v1/customers?limit=501',
      '/v1/customers?limit=-1',
      '/v1/customers?limit=ten',
      '/v1/customers?page=2',
    ];
    for (const url of refusals) {
      const response = await request({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ code: 'REQUEST_INVALID' });
    }
    expect((await request({ method: 'GET', url: '/v1/customers?limit=500' })).statusCode).toBe(200);
    expect((await request({ method: 'GET', url: `/v1/customers?sort=name&after=${first.next}` })).statusCode).toBe(200);
  });
});

describeEachStore('paged device licenses', (context) => {
  const LICENSES = 11;
  const created: string[] = [];

  beforeAll(async () => {
    const { database, clock, request } = context();
    await seedDeviceCatalogue(database.db, clock.now());
    for (let n = 0; n < LICENSES; n++) {
      // Three at a time share their creation time: ties in the default sort.
      if (n % 3 === 0) clock.advance(60_000);
      created.push((await createLicense(request, {})).id);
    }
  });

  it('pages through every license exactly once, newest first by default and by id both ways', async () => {
    for (const sort of ['', '&sort=createdAt', '&sort=-createdAt', '&sort=id', '&sort=-id']) {
      const { ids } = await readAll(context(), `/v1/device-licenses?customerId=acme${sort}`, 2);
      expect(ids.sort(), sort).toEqual([...created].sort());
    }
    const { ids } = await readAll(context(), '/v1/device-licenses', 4);
    // Newest first; ties by id descending too (the bare array breaks them by id ascending).
    const whole = (await context().request({ method: 'GET', url: '/v1/device-licenses?limit=500' })).json<{ items: { id: string; createdAt: string }[] }>();
    expect(ids).toEqual(whole.items.map((license) => license.id));
    const times = whole.items.map((license) => license.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("counts the total on a customer's list only, and searches by a prefix of the id", async () => {
    const { request } = context();
    const vendor = (await request({ method: 'GET', url: '/v1/device-licenses?limit=2' })).json<PageAnswer>();
    expect(vendor.total).toBeUndefined();
    expect(vendor.next).not.toBeNull();
    const own = (await request({ method: 'GET', url: '/v1/customers/acme/device-licenses?limit=2' })).json<PageAnswer>();
    expect(own.total).toBe(LICENSES);
    const one = created[5]!;
    const found = (await request({ method: 'GET', url: `/v1/device-licenses?q=${one.slice(0, 12).toUpperCase()}` })).json<PageAnswer>();
    expect(found.items.map((item) => item.id)).toEqual([one]);
    expect((await request({ method: 'GET', url: '/v1/customers/nobody/device-licenses?limit=2' })).statusCode).toBe(404);
  });

  it("pages through a license's activations exactly once, newest first by default, and searches by fingerprint or device name", async () => {
    const { database, request } = context();
    const licenseId = created[0]!;
    await sql`
      insert into device_activations (id, license_id, fingerprint, device_key_thumbprint, device_signing_key, device_encryption_key, device_name, sdk_version,
                                      channel, license_file_id, license_file_revision, activated_at, activated_by, last_seen_at)
      select md5('activation' || n)::uuid::text, ${licenseId}, 'fp-' || n, 'thumb-' || n, '{}'::jsonb, '{}'::jsonb, case when n % 2 = 0 then 'Lab PC ' || n end, '1.0.0',
             'online', md5('file' || n)::uuid::text, 1, timestamptz '2026-11-01T00:00:00Z' + (n % 3) * interval '1 hour', 'device', timestamptz '2026-11-02T00:00:00Z' + (n % 2) * interval '1 hour'
      from generate_series(1, 8) as n`.execute(database.db);
    const url = `/v1/device-licenses/${licenseId}/activations`;
    const whole = (await request({ method: 'GET', url })).json<{ items: { id: string; activatedAt: string }[]; next: string | null; total: number }>();
    expect(whole.total).toBe(8);
    expect(whole.items.map((item) => item.activatedAt)).toEqual(
      whole.items
        .map((item) => item.activatedAt)
        .sort()
        .reverse(),
    );
    for (const sort of ['-activatedAt', 'activatedAt', 'lastSeenAt', '-lastSeenAt']) {
      const { ids } = await readAll(context(), `${url}?sort=${sort}`, 3);
      expect(ids.sort(), sort).toEqual(whole.items.map((item) => item.id).sort());
    }
    expect((await request({ method: 'GET', url: `${url}?q=FP-7` })).json<PageAnswer>().total).toBe(1);
    expect((await request({ method: 'GET', url: `${url}?q=lab%20pc` })).json<PageAnswer>().total).toBe(4);
    expect((await request({ method: 'GET', url: `/v1/device-licenses/${created[1]!}/activations` })).json()).toEqual({ items: [], next: null, total: 0 });
    expect((await request({ method: 'GET', url: '/v1/device-licenses/00000000-0000-4000-8000-000000000000/activations' })).statusCode).toBe(404);
  });

  it('keeps the bare arrays when no paging parameter is given', async () => {
    const { request } = context();
    expect((await request({ method: 'GET', url: '/v1/customers/acme/device-licenses' })).json()).toHaveLength(LICENSES);
    expect((await request({ method: 'GET', url: '/v1/device-licenses?productId=studio' })).json()).toHaveLength(LICENSES);
  });
});

describeEachStore("paged lists of a customer's sites, orders and users", (context) => {
  beforeAll(async () => {
    const { database, clock } = context();
    await seedDeviceCatalogue(database.db, clock.now());
    await sql`
      insert into sites (guid, customer_id, name, registered_at)
      select upper(md5(n::text)::uuid::text), 'acme', case when n % 2 = 0 then 'Plant' else 'Lab ' || n end,
             timestamptz '2026-01-01T00:00:00Z' + (n % 3) * interval '1 day'
      from generate_series(1, 9) as n`.execute(database.db);
    await sql`
      insert into customer_users (id, customer_id, email, password_hash, created_at)
      select 'user-' || n, 'acme', 'person' || n || '@acme.test', 'not-a-hash', timestamptz '2026-01-01T00:00:00Z' + (n % 2) * interval '1 day'
      from generate_series(1, 7) as n`.execute(database.db);
  });

  it('pages through every site exactly once by registration or name, and searches by name', async () => {
    const all = (await context().request({ method: 'GET', url: '/v1/customers/acme/sites' })).json<{ guid: string }[]>();
    expect(all).toHaveLength(9);
    for (const sort of ['registeredAt', '-registeredAt', 'name', '-name']) {
      const { ids } = await readAll(context(), `/v1/customers/acme/sites?sort=${sort}`, 2, 'guid');
      expect(ids.sort(), sort).toEqual(all.map((site) => site.guid).sort());
    }
    const plants = (await context().request({ method: 'GET', url: '/v1/customers/acme/sites?q=plant' })).json<PageAnswer>();
    expect(plants.total).toBe(4);
    expect((await context().request({ method: 'GET', url: '/v1/customers/nobody/sites?limit=5' })).statusCode).toBe(404);
  });

  it('pages through every user exactly once by creation or e-mail, and searches by e-mail', async () => {
    for (const sort of ['createdAt', '-createdAt', 'email', '-email']) {
      const { ids } = await readAll(context(), `/v1/customers/acme/users?sort=${sort}`, 3);
      expect(ids.sort(), sort).toEqual(['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6', 'user-7']);
    }
    const found = (await context().request({ method: 'GET', url: '/v1/customers/acme/users?q=PERSON3' })).json<PageAnswer>();
    expect(found.items.map((item) => item.id)).toEqual(['user-3']);
    expect((await context().request({ method: 'GET', url: '/v1/customers/acme/users' })).json()).toHaveLength(7);
  });

  it('answers the orders as a page with a total, or as the bare array', async () => {
    expect((await context().request({ method: 'GET', url: '/v1/customers/acme/orders?limit=10' })).json()).toEqual({ items: [], next: null, total: 0 });
    expect((await context().request({ method: 'GET', url: '/v1/customers/acme/orders' })).json()).toEqual([]);
    expect((await context().request({ method: 'GET', url: '/v1/customers/acme/orders?sort=lrn' })).statusCode).toBe(400);
  });
});

describeEachStore('the paged audit log', (context) => {
  const EVENTS = 23;

  beforeAll(async () => {
    // Events that share their time (the clock may tie), two actors, three actions, objects of two types.
    await sql`
      insert into audit_events (at, actor, action, object_type, object_id, before, after, request_id)
      select timestamptz '2026-11-01T00:00:00Z' + (n / 4) * interval '1 minute',
             case when n % 2 = 0 then 'admin:alice' else 'admin:bob' end,
             case n % 3 when 0 then 'site.register' when 1 then 'customer.create' else 'customer.update' end,
             case when n % 3 = 0 then 'site' else 'customer' end,
             case when n % 3 = 0 then 'Site-' || n else 'cust-' || (n % 5) end,
             null, '{}'::jsonb, null
      from generate_series(1, ${EVENTS}) as n`.execute(context().database.db);
  });

  it('pages through every event exactly once, newest first by default and oldest first by id', async () => {
    const bare = (await context().request({ method: 'GET', url: '/v1/audit?beforeId=9999999999' })).json<{ id: string }[]>();
    expect(bare).toHaveLength(EVENTS);
    const newestFirst = bare.map((event) => event.id);
    expect(newestFirst.map(Number)).toEqual([...newestFirst.map(Number)].sort((a, b) => b - a));
    expect((await readAll(context(), '/v1/audit', 4)).ids).toEqual(newestFirst);
    expect((await readAll(context(), '/v1/audit?sort=-id', 5)).ids).toEqual(newestFirst);
    expect((await readAll(context(), '/v1/audit?sort=id', 3)).ids).toEqual([...newestFirst].reverse());
    const first = (await context().request({ method: 'GET', url: '/v1/audit?limit=10' })).json<PageAnswer>();
    expect(first.total).toBeUndefined();
    expect(first.items.map((item) => item.id)).toEqual(newestFirst.slice(0, 10));
  });

  it('filters by object type, object id, actor and action, and searches by a prefix of the object id', async () => {
    const count = async (query: string) => (await readAll(context(), `/v1/audit?${query}`, 2)).ids;
    expect(await count('objectType=site')).toHaveLength(7);
    expect(await count('objectType=customer&objectId=cust-1')).toHaveLength(3);
    expect(await count('objectId=cust-1')).toHaveLength(3);
    expect(await count('actor=admin%3Aalice')).toHaveLength(11);
    expect(await count('action=customer.update')).toHaveLength(8);
    expect(await count('actor=admin%3Abob&action=site.register')).toHaveLength(4);
    expect(await count('q=SITE-1')).toHaveLength(3);
    expect(await count('q=cust&objectType=site')).toHaveLength(0);
    const bob = (await context().request({ method: 'GET', url: '/v1/audit?actor=admin%3Abob' })).json<{ actor: string }[]>();
    expect(bob.every((event) => event.actor === 'admin:bob') && bob.length === 12).toBe(true);
  });

  it('keeps the deprecated beforeId and bare array, and refuses a cursor it did not give', async () => {
    const { request } = context();
    const page = (await request({ method: 'GET', url: '/v1/audit?limit=5' })).json<PageAnswer>();
    const older = (await request({ method: 'GET', url: `/v1/audit?beforeId=${page.items.at(-1)!.id}&limit=5` })).json<{ id: string }[]>();
    const following = (await request({ method: 'GET', url: `/v1/audit?limit=5&after=${page.next}` })).json<PageAnswer>();
    expect(older.map((event) => event.id)).toEqual(following.items.map((item) => item.id));
    for (const url of [
      '/v1/audit?after=bm90LWEtY3Vyc29y',
      `/v1/audit?sort=id&after=${page.next}`,
      '/v1/audit?sort=at',
      '/v1/audit?limit=501',
      `/v1/audit?beforeId=5&after=${page.next}`,
    ]) {
      const response = await request({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ code: 'REQUEST_INVALID' });
    }
  });
});

describeEachStore('the paged connected site tenants', (context) => {
  const now = () => context().clock.now();
  /** 6 sites of two customers, 3 tenants each; every third tenant late; last exchanges tie by twos. */
  beforeAll(async () => {
    const { database, request } = context();
    await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } });
    await sql`insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at)
      values ('acme', 'Acme Plant Systems', 'x@example.test', '2028-01-01', 'standard', now()), ('globex', 'Globex', 'x@example.test', '2028-01-01', 'standard', now())`.execute(
      database.db,
    );
    await sql`
      insert into sites (guid, customer_id, name, registered_at)
      select md5('site' || n)::uuid::text, case when n % 2 = 0 then 'acme' else 'globex' end, case when n < 3 then 'Depot ' || n else 'Plant ' || n end, now()
      from generate_series(0, 5) as n`.execute(database.db);
    await sql`
      insert into site_links (site_guid, tenant, customer_id, site_version, first_exchange_at, last_exchange_at, last_status)
      select md5('site' || s)::uuid::text, 'tenant-' || t, case when s % 2 = 0 then 'acme' else 'globex' end, '42.0',
             cast(${now().toISOString()} as timestamptz) - interval '10 days',
             cast(${now().toISOString()} as timestamptz) - case when (s * 3 + t) % 3 = 0 then interval '3 days' else ((s * 3 + t) / 2) * interval '1 hour' end,
             'answered'
      from generate_series(0, 5) as s, generate_series(0, 2) as t`.execute(database.db);
  });

  it('pages through every tenant exactly once by customer or last exchange, both ways, with the total', async () => {
    const { request } = context();
    const bare = (await request({ method: 'GET', url: '/v1/site-links' })).json<{ siteGuid: string; tenant: string }[]>();
    expect(bare).toHaveLength(18);
    const keys = bare.map((link) => `${link.siteGuid}/${link.tenant}`).sort();
    for (const sort of ['', '?sort=customer', '?sort=-customer', '?sort=lastExchangeAt', '?sort=-lastExchangeAt']) {
      const links: string[] = [];
      let next: string | null = null;
      do {
        const separator = sort === '' ? '?' : '&';
        const page: { items: { siteGuid: string; tenant: string }[]; next: string | null; total: number } = (
          await request({ method: 'GET', url: `/v1/site-links${sort}${separator}limit=4${next ? `&after=${next}` : ''}` })
        ).json();
        expect(page.total).toBe(18);
        links.push(...page.items.map((link) => `${link.siteGuid}/${link.tenant}`));
        next = page.next;
      } while (next !== null);
      expect([...links].sort(), sort).toEqual(keys);
    }
    const byExchange = (await request({ method: 'GET', url: '/v1/site-links?sort=-lastExchangeAt&limit=500' })).json<{ items: { lastExchangeAt: string }[] }>();
    const times = byExchange.items.map((link) => link.lastExchangeAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('filters by lateness and customer, and searches by a prefix of the site or customer name', async () => {
    const { request } = context();
    const page = async (query: string) =>
      (await request({ method: 'GET', url: `/v1/site-links?${query}` })).json<{
        items: { late: boolean; customerId: string; siteName: string }[];
        total: number;
      }>();
    const late = await page('late=true&limit=2');
    expect(late.total).toBe(6);
    expect(late.items.every((link) => link.late)).toBe(true);
    expect((await page('late=false&limit=2')).total).toBe(12);
    expect((await page('late=true&customerId=acme&limit=2')).total).toBe(3);
    expect((await page('q=depot')).total).toBe(9);
    expect((await page('q=PLANT%205')).items.map((link) => link.siteName)).toEqual(['Plant 5', 'Plant 5', 'Plant 5']);
    expect((await page('q=globex&late=true')).total).toBe(3);
    expect((await page('q=nobody')).total).toBe(0);
    for (const url of ['/v1/site-links?sort=siteName', '/v1/site-links?after=bm90LWEtY3Vyc29y', '/v1/site-links?late=maybe&limit=2']) {
      expect((await request({ method: 'GET', url })).json(), url).toMatchObject({ code: 'REQUEST_INVALID' });
    }
  });
});

describeEachStore('paged products, policies and offline-licensing requests', (context) => {
  beforeAll(async () => {
    const { database, request } = context();
    await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } });
    await sql`insert into products (id, name, created_at) select 'product-' || lpad(n::text, 2, '0'), case when n % 2 = 0 then 'Studio' else 'Runner ' || n end, now() from generate_series(1, 13) as n`.execute(
      database.db,
    );
    for (let n = 1; n <= 8; n++) {
      await request({ method: 'POST', url: '/v1/policies', payload: { id: `policy-0${n}`, name: n % 3 === 0 ? 'Same' : `Plan ${n}` } });
    }
    await sql`
      insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at)
      select 'cust-' || n, 'Customer ' || n, 'x@example.test', '2028-01-01', 'standard', now() from generate_series(1, 4) as n`.execute(database.db);
    await sql`
      insert into offline_requests (id, customer_id, reason, minimum_site_version, status, requested_by, created_at)
      select md5('request' || n)::uuid::text, 'cust-' || (1 + n % 4), 'air-gapped', null,
             case when n % 3 = 0 then 'pending' when n % 3 = 1 then 'approved' else 'denied' end, 'admin:nobody',
             timestamptz '2026-11-01T00:00:00Z' + (n / 3) * interval '1 hour'
      from generate_series(1, 11) as n`.execute(database.db);
  });

  it('pages through every product and policy exactly once by id or name, both ways, and searches', async () => {
    const { request } = context();
    const products = (await request({ method: 'GET', url: '/v1/products' })).json<{ id: string }[]>().map((product) => product.id);
    expect(products).toHaveLength(13);
    const policies = (await request({ method: 'GET', url: '/v1/policies' })).json<{ id: string }[]>().map((policy) => policy.id);
    expect(policies).toHaveLength(9);
    for (const sort of ['id', '-id', 'name', '-name']) {
      expect((await readAll(context(), `/v1/products?sort=${sort}`, 3)).ids.sort(), sort).toEqual([...products].sort());
      expect((await readAll(context(), `/v1/policies?sort=${sort}`, 2)).ids.sort(), sort).toEqual([...policies].sort());
    }
    expect((await readAll(context(), '/v1/products', 5)).ids).toEqual(products);
    const studios = (await request({ method: 'GET', url: '/v1/products?q=STUD&limit=2' })).json<PageAnswer>();
    expect(studios.total).toBe(6);
    expect((await request({ method: 'GET', url: '/v1/products?q=product-1' })).json<PageAnswer>().total).toBe(4);
    expect((await request({ method: 'GET', url: '/v1/policies?q=same' })).json<PageAnswer>().total).toBe(2);
    expect((await request({ method: 'GET', url: '/v1/policies?sort=kind' })).json()).toMatchObject({ code: 'REQUEST_INVALID' });
    expect((await request({ method: 'GET', url: '/v1/products?after=bm90LWEtY3Vyc29y' })).json()).toMatchObject({ code: 'REQUEST_INVALID' });
  });

  it("pages through every customer's offline-licensing requests newest first, by status, with the total", async () => {
    const { request } = context();
    const all = (await request({ method: 'GET', url: '/v1/offline-requests?limit=500' })).json<{
      items: { id: string; requestedAt: string; status: string; customerName: string }[];
      total: number;
    }>();
    expect(all.total).toBe(11);
    const times = all.items.map((item) => item.requestedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.items[0]!.customerName).toMatch(/^Customer \d$/);
    const ids = all.items.map((item) => item.id);
    expect((await readAll(context(), '/v1/offline-requests', 2)).ids).toEqual(ids);
    expect((await readAll(context(), '/v1/offline-requests?sort=requestedAt', 4)).ids).toEqual([...ids].reverse());
    const pending = (await readAll(context(), '/v1/offline-requests?status=pending', 2)).ids;
    expect(pending).toEqual(all.items.filter((item) => item.status === 'pending').map((item) => item.id));
    expect(pending).toHaveLength(3);
    expect((await request({ method: 'GET', url: '/v1/offline-requests?status=decided&limit=1' })).json<PageAnswer>().total).toBe(8);
    // Always a page: there was no bare array before it.
    expect((await request({ method: 'GET', url: '/v1/offline-requests' })).json<PageAnswer>().total).toBe(11);
    for (const url of ['/v1/offline-requests?q=x', '/v1/offline-requests?status=open', '/v1/offline-requests?after=bm90LWEtY3Vyc29y']) {
      expect((await request({ method: 'GET', url })).json(), url).toMatchObject({ code: 'REQUEST_INVALID' });
    }
  });
});

describeEachStore(
  "the paged cycles of a site's tenant",
  (context) => {
    const guid = '0d2c1f7e-1111-4222-8333-444455556666';
    beforeAll(async () => {
      const { database, request } = context();
      await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } });
      await sql`insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at) values ('acme', 'Acme', 'x@example.test', '2028-01-01', 'standard', now())`.execute(
        database.db,
      );
      await sql`insert into sites (guid, customer_id, name, registered_at) values (${guid}, 'acme', 'Plant', now())`.execute(database.db);
      // Tenant "default": cycles 1 to 7, two LFRs in each odd cycle; tenant "lab": cycle 1 only.
      await sql`
      insert into license_file_requests (id, site_guid, tenant, customer_id, cycle, sequence, site_key_thumbprint, site_encryption_key, usage,
                                         issued_at, received_at, received_by, claims, signer_key)
      select md5(t || c || s), ${guid}, t, 'acme', c, s, 'thumb', '{}'::jsonb, '{}'::jsonb,
             timestamptz '2026-11-01T00:00:00Z' + c * interval '1 day', timestamptz '2026-11-01T00:00:00Z' + c * interval '1 day', 'admin:test',
             jsonb_build_object('cycleOpenedAt', 1793491200 + c * 86400), '{}'::jsonb
      from (values ('default'), ('lab')) as tenants (t), generate_series(1, 7) as c, generate_series(1, 2) as s
      where (t = 'default' or c = 1) and (s = 1 or c % 2 = 1)`.execute(database.db);
    });

    it('pages through every cycle of one tenant exactly once, newest first or oldest first, the latest LFR alone not superseded', async () => {
      const { request } = context();
      const url = `/v1/customers/acme/sites/${guid}/cycles?tenant=default`;
      const { ids } = await readAll(context(), url, 3, 'cycle');
      expect(ids).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect((await readAll(context(), `${url}&sort=cycle`, 2, 'cycle')).ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
      const newest = (await request({ method: 'GET', url: `${url}&limit=2` })).json<{
        items: { cycle: number; lfrs: { sequence: number; superseded: boolean }[] }[];
        next: string;
      }>();
      expect(newest.items[0]!.lfrs).toEqual([
        expect.objectContaining({ sequence: 1, superseded: true }),
        expect.objectContaining({ sequence: 2, superseded: false }),
      ]);
      expect(newest.items[1]!.lfrs.map((lfr) => lfr.superseded)).toEqual([true]);
      const lab = (await request({ method: 'GET', url: `/v1/customers/acme/sites/${guid}/cycles?tenant=lab&limit=5` })).json<{
        items: { cycle: number }[];
        next: string | null;
      }>();
      expect(lab).toMatchObject({ items: [{ cycle: 1 }], next: null });
      // The deprecated whole history, per tenant, oldest first.
      const whole = (await request({ method: 'GET', url: `/v1/customers/acme/sites/${guid}/cycles` })).json<{
        tenants: { tenant: string; cycles: unknown[] }[];
      }>();
      expect(whole.tenants.map((tenant) => [tenant.tenant, tenant.cycles.length])).toEqual([
        ['default', 7],
        ['lab', 1],
      ]);
      for (const bad of [`/v1/customers/acme/sites/${guid}/cycles?limit=2`, `${url}&q=1`, `${url}&sort=cycle&after=${newest.next}`]) {
        expect((await request({ method: 'GET', url: bad })).json(), bad).toMatchObject({ code: 'REQUEST_INVALID' });
      }
      expect((await request({ method: 'GET', url: `/v1/customers/globex/sites/${guid}/cycles?tenant=default&limit=2` })).statusCode).toBe(404);
    });

    it("pages one tenant's cycles on the console's site page, ten at a time, newest first", async () => {
      const { app, database, clock, deps } = context();
      await sql`
      insert into license_file_requests (id, site_guid, tenant, customer_id, cycle, sequence, site_key_thumbprint, site_encryption_key, usage,
                                         issued_at, received_at, received_by, claims, signer_key)
      select md5('more' || c), ${guid}, 'default', 'acme', c, 1, 'thumb', '{}'::jsonb, '{}'::jsonb, now(), now(), 'admin:test',
             jsonb_build_object('cycleOpenedAt', 1793491200 + c * 86400), '{}'::jsonb
      from generate_series(8, 12) as c`.execute(database.db);
      const first = await ensureFirstAdmin(database.db, { clock, random: deps.random });
      const session = sessionSecretOf(await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: first! }));
      await app.inject({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(session),
        payload: { currentPassword: first!.password, newPassword: 'a long and private passphrase' },
      });
      const get = async (url: string) => (await app.inject({ method: 'GET', url, headers: sessionHeaders(session) })).body;
      const page = await get(`/console/customers/acme/sites/${guid}`);
      // Each cycle's table names it (its caption, and the table's label): once each, in order.
      const shown = (body: string) => [...new Set([...body.matchAll(/Tenant default, cycle (\d+) \(opened/g)].map((match) => Number(match[1])))];
      expect(shown(page)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
      expect(page).toContain('Tenant lab, cycle 1');
      const next = /rel="next" href="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&').replaceAll('&#61;', '=');
      expect(next).toMatch(/\?tenant=default&after=/);
      const older = await get(next!);
      expect(shown(older)).toEqual([2, 1]);
      // The open cycle's deadline is the newest cycle's, whatever page of the history is shown.
      expect(older).toContain('Tenant default, cycle 12 awaits its OLF');
      expect(older).toContain('Tenant lab, cycle 1');
      expect(older).toContain('rel="prev"');
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
