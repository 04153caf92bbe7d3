import type { EnablementToken } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Db } from '../../db/database.ts';
import { makeLfr, seedCustomer, seedEnabledSite } from '../offline-licenses/testing/offline-licensing-fixtures.ts';

const plant = createTestParty('site-links/acme-plant');
const depot = createTestParty('site-links/globex-depot');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A link record as the exchange writes it (docs/connected.md): this suite only reads them. */
async function link(
  db: Db,
  row: { site: string; customer: string; tenant: string; version: string; first: Date; last: Date; status?: string; code?: string | null },
): Promise<void> {
  await db
    .insertInto('site_links')
    .values({
      site_guid: row.site,
      tenant: row.tenant,
      customer_id: row.customer,
      site_version: row.version,
      first_exchange_at: row.first,
      last_exchange_at: row.last,
      last_status: row.status ?? 'answered',
      last_lfr_id: null,
      last_code: row.code ?? null,
    })
    .execute();
}

/**
 * What the authority shows of connected sites (docs/connected.md, "Versions" and "How the
 * authority answers"): each site's version, tenants, link records and allowed modes in the sites
 * API, and every link record, late or not, in `GET /v1/site-links`.
 */
describeEachStore('connected sites in the sites API and the list of site links', (context) => {
  let token: EnablementToken;
  let uploadedAt = '';
  const plantGuid = plant.guid.toLowerCase();
  const depotGuid = depot.guid.toLowerCase();

  beforeAll(async () => {
    const { database, authority, clock, deps, request } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
    await seedCustomer(database.db, { id: 'globex', accountEndsOn: '2027-12-31', purchased: {} }, clock.now());
    await database.db.updateTable('customers').set({ name: 'Acme Plant Systems' }).where('id', '=', 'acme').execute();
    token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
    await seedEnabledSite(database.db, authority, { customerId: 'globex', site: depot, now: clock.now(), random: deps.random });
    const { text } = await makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random, seats: { 'bot-runner': ['ada'] } });
    uploadedAt = clock.now().toISOString();
    expect((await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } })).statusCode).toBe(201);
  });

  it('shows the version of a site’s latest LFR and the mode each tenant uses: files for an LFR uploaded by hand', async () => {
    const { request } = context();
    const [site] = (await request({ method: 'GET', url: '/v1/customers/acme/sites' })).json<Record<string, unknown>[]>();
    expect(site).toMatchObject({
      guid: plantGuid,
      siteVersion: '41.2',
      connected: [],
      tenants: [{ tenant: 'default', mode: 'files', latestLfrAt: uploadedAt, lastExchangeAt: null }],
      modes: { files: { allowed: true, reason: null }, connected: { allowed: true, reason: null } },
    });
  });

  it('takes the version of a later exchange, lists the tenants that exchanged, and reads an LFR sent over the link as connected', async () => {
    const { request, database, clock } = context();
    const first = new Date(clock.now().getTime() + HOUR);
    const last = new Date(clock.now().getTime() + 2 * HOUR);
    await link(database.db, { site: plantGuid, customer: 'acme', tenant: 'lab', version: '42.0', first, last, status: 'pending', code: 'approval' });
    await database.db.updateTable('license_file_requests').set({ via: 'link' }).where('site_guid', '=', plantGuid).execute();
    const [site] = (await request({ method: 'GET', url: '/v1/customers/acme/sites' })).json<Record<string, unknown>[]>();
    expect(site).toMatchObject({
      siteVersion: '42.0',
      connected: [
        {
          tenant: 'lab',
          siteVersion: '42.0',
          firstExchangeAt: first.toISOString(),
          lastExchangeAt: last.toISOString(),
          lastStatus: 'pending',
          lastCode: 'approval',
        },
      ],
      tenants: [
        { tenant: 'default', mode: 'connected', latestLfrAt: uploadedAt, lastExchangeAt: null },
        { tenant: 'lab', mode: 'connected', latestLfrAt: null, lastExchangeAt: last.toISOString() },
      ],
    });
  });

  it('says which modes the customer’s policy lets the site use at its version, and why not', async () => {
    const { request, database } = context();
    const policy = (changes: {
      site_licensing?: 'files' | 'files-or-connected' | 'connected';
      minimum_site_version?: string | null;
      minimum_connected_site_version?: string | null;
    }) => database.db.updateTable('policies').set(changes).where('id', '=', 'standard').execute();
    const modes = async () => (await request({ method: 'GET', url: '/v1/customers/acme/sites' })).json<{ modes: unknown }[]>()[0]?.modes;
    await policy({ minimum_connected_site_version: '42.1' });
    expect(await modes()).toEqual({
      files: { allowed: true, reason: null },
      connected: { allowed: false, reason: 'site version 42.0 is below 42.1, the lowest connected mode needs' },
    });
    await policy({ site_licensing: 'connected', minimum_connected_site_version: null });
    expect(await modes()).toEqual({ files: { allowed: false, reason: 'the policy requires connected mode' }, connected: { allowed: true, reason: null } });
    await policy({ site_licensing: 'files-or-connected' });
  });

  it('lists every link record with its customer, site, interval and lateness by the authority’s clock', async () => {
    const { request, database, clock } = context();
    const now = clock.now();
    // Globex's depot exchanged three days ago, at the default interval of a day: late.
    await link(database.db, {
      site: depotGuid,
      customer: 'globex',
      tenant: 'default',
      version: '41.0',
      first: new Date(now.getTime() - 10 * DAY),
      last: new Date(now.getTime() - 3 * DAY),
    });
    const links = (await request({ method: 'GET', url: '/v1/site-links' })).json<Record<string, unknown>[]>();
    expect(links).toEqual([
      {
        customerId: 'acme',
        customerName: 'Acme Plant Systems',
        siteGuid: plantGuid,
        siteName: `site ${plantGuid}`,
        tenant: 'lab',
        siteVersion: '42.0',
        firstExchangeAt: new Date(now.getTime() + HOUR).toISOString(),
        lastExchangeAt: new Date(now.getTime() + 2 * HOUR).toISOString(),
        lastStatus: 'pending',
        lastCode: 'approval',
        lastLfrId: null,
        exchangeIntervalMs: DAY,
        lateAfter: new Date(now.getTime() + 2 * HOUR + 2 * DAY).toISOString(),
        mode: 'connected',
        late: false,
      },
      {
        customerId: 'globex',
        customerName: 'globex',
        siteGuid: depotGuid,
        siteName: `site ${depotGuid}`,
        tenant: 'default',
        siteVersion: '41.0',
        firstExchangeAt: new Date(now.getTime() - 10 * DAY).toISOString(),
        lastExchangeAt: new Date(now.getTime() - 3 * DAY).toISOString(),
        lastStatus: 'answered',
        lastCode: null,
        lastLfrId: null,
        exchangeIntervalMs: DAY,
        lateAfter: new Date(now.getTime() - DAY).toISOString(),
        mode: 'connected',
        late: true,
      },
    ]);
  });

  it('filters by customer and by lateness; the policy’s interval and the clock decide who is late', async () => {
    const { request, database, clock } = context();
    const tenants = async (query: string) =>
      (await request({ method: 'GET', url: `/v1/site-links${query}` }))
        .json<{ customerId: string; tenant: string }[]>()
        .map((row) => `${row.customerId}/${row.tenant}`);
    expect(await tenants('?customerId=acme')).toEqual(['acme/lab']);
    expect(await tenants('?late=true')).toEqual(['globex/default']);
    expect(await tenants('?late=false')).toEqual(['acme/lab']);
    expect(await tenants('?customerId=globex&late=false')).toEqual([]);
    // Exactly two intervals after its last exchange the tenant is not late yet; a moment later it is.
    clock.advance(2 * HOUR + 2 * DAY);
    expect(await tenants('?late=true')).toEqual(['globex/default']);
    clock.advance(1);
    expect(await tenants('?late=true')).toEqual(['acme/lab', 'globex/default']);
    // A policy with a week's interval: the same last exchange is on time.
    await database.db
      .updateTable('policies')
      .set({ exchange_interval_ms: 7 * DAY })
      .where('id', '=', 'standard')
      .execute();
    expect(await tenants('?late=true')).toEqual([]);
    await database.db.updateTable('policies').set({ exchange_interval_ms: DAY }).where('id', '=', 'standard').execute();
  });

  it('lists a tenant that went back to files by hand after its last exchange, never late', async () => {
    const { request, database } = context();
    // The default tenant of the plant exchanged long ago; its LFR came by hand after that.
    await database.db.updateTable('license_file_requests').set({ via: 'file' }).where('site_guid', '=', plantGuid).execute();
    const long = new Date(Date.parse(uploadedAt) - 10 * DAY);
    await link(database.db, { site: plantGuid, customer: 'acme', tenant: 'default', version: '41.2', first: long, last: long });
    const links = (await request({ method: 'GET', url: '/v1/site-links?customerId=acme' })).json<{ tenant: string; mode: string; late: boolean }[]>();
    expect(links.map(({ tenant, mode, late }) => ({ tenant, mode, late }))).toEqual([
      { tenant: 'default', mode: 'files', late: false },
      { tenant: 'lab', mode: 'connected', late: true },
    ]);
    const [site] = (await request({ method: 'GET', url: '/v1/customers/acme/sites' })).json<{ tenants: { tenant: string; mode: string }[] }[]>();
    expect(site?.tenants.map(({ tenant, mode }) => ({ tenant, mode }))).toEqual([
      { tenant: 'default', mode: 'files' },
      { tenant: 'lab', mode: 'connected' },
    ]);
    // An exchange after it: on the link again, and late by its date.
    await database.db
      .updateTable('site_links')
      .set({ last_exchange_at: new Date(Date.parse(uploadedAt) + 1000) })
      .where('tenant', '=', 'default')
      .where('site_guid', '=', plantGuid)
      .execute();
    expect(
      (await request({ method: 'GET', url: '/v1/site-links?customerId=acme&late=true' }))
        .json<{ tenant: string; mode: string }[]>()
        .map(({ tenant, mode }) => `${tenant} ${mode}`),
    ).toEqual(['default connected', 'lab connected']);
  });

  it('is for vendor staff who may read licenses, and refuses a malformed filter', async () => {
    const { request } = context();
    const customerUser = { kind: 'customer-user', id: 'u1', customerId: 'acme' } as const;
    expect((await request({ method: 'GET', url: '/v1/site-links', as: customerUser })).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await request({ method: 'GET', url: '/v1/site-links', as: { kind: 'token', id: 't', scopes: ['customers:read'] } })).json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      errors: { needs: 'licenses:read' },
    });
    expect((await request({ method: 'GET', url: '/v1/site-links', as: { kind: 'token', id: 't', scopes: ['licenses:read'] } })).statusCode).toBe(200);
    expect((await request({ method: 'GET', url: '/v1/site-links?late=yes' })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
  });
});
