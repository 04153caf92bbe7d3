import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Db } from '../../db/database.ts';
import { findSite, getSite } from './sites.ts';

const acmeUser = { kind: 'customer-user', id: 'u1', customerId: 'acme' } as const;
const globexUser = { kind: 'customer-user', id: 'u2', customerId: 'globex' } as const;
const plantGuid = '5C1B9E2A-7F3D-4E8A-9B6C-0D1E2F3A4B5C';
const plant = plantGuid.toLowerCase();
/** A site that sent no LFR and never exchanged: no version, no tenant, what the policy allows. */
const notSeenYet = {
  siteVersion: null,
  connected: [],
  tenants: [],
  modes: { files: { allowed: true, reason: 'version not known yet' }, connected: { allowed: true, reason: 'version not known yet' } },
};

async function state(db: Db): Promise<unknown> {
  const { rows } = await sql`
    select (select count(*)::int from audit_events) as audit,
           (select jsonb_agg(jsonb_build_object('guid', guid, 'customer', customer_id, 'name', name) order by guid) from sites) as sites`.execute(db);
  return rows[0];
}

describeEachStore('site registration', (context) => {
  it('registers a GUID to the customer, lower-case, as a customer user', async () => {
    const { request, clock } = context();
    await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } });
    for (const id of ['acme', 'globex']) {
      await request({
        method: 'POST',
        url: '/v1/customers',
        payload: { id, name: id, contactEmail: `it@${id}.test`, accountEndsOn: '2027-12-31', policyId: 'standard' },
      });
    }
    const registered = await request({ method: 'POST', url: '/v1/customers/acme/sites', payload: { guid: plantGuid, name: 'Plant 1' }, as: acmeUser });
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toEqual({
      guid: plant,
      customerId: 'acme',
      name: 'Plant 1',
      registeredAt: clock.now().toISOString(),
      siteKeyKnown: false,
      latestEnablementTokenAt: null,
      latestLfrAt: null,
      ...notSeenYet,
    });
  });

  it('lists the customer’s sites with what the authority last saw of each', async () => {
    const { request, clock, database } = context();
    const registeredAt = clock.now().toISOString();
    clock.advance(60_000);
    const second = '0a1b2c3d-0000-4000-8000-000000000002';
    await request({ method: 'POST', url: '/v1/customers/acme/sites', payload: { guid: second, name: 'Plant 2' } });
    await database.db.updateTable('sites').set({ site_key_thumbprint: 'learned-from-an-lfr' }).where('guid', '=', second).execute();
    const list = await request({ method: 'GET', url: '/v1/customers/acme/sites', as: acmeUser });
    expect(list.json()).toEqual([
      { guid: plant, customerId: 'acme', name: 'Plant 1', registeredAt, siteKeyKnown: false, latestEnablementTokenAt: null, latestLfrAt: null, ...notSeenYet },
      {
        guid: second,
        customerId: 'acme',
        name: 'Plant 2',
        registeredAt: clock.now().toISOString(),
        siteKeyKnown: true,
        latestEnablementTokenAt: null,
        latestLfrAt: null,
        ...notSeenYet,
      },
    ]);
    expect((await request({ method: 'GET', url: '/v1/customers/globex/sites', as: globexUser })).json()).toEqual([]);
  });

  it('finds a site only under the customer it is registered to, whatever the GUID’s case', async () => {
    const { database } = context();
    expect(await findSite(database.db, 'acme', plantGuid)).toMatchObject({ guid: plant, customerId: 'acme' });
    expect(await findSite(database.db, 'globex', plant)).toBeUndefined();
    await expect(getSite(database.db, 'globex', plantGuid)).rejects.toMatchObject({ code: 'NOT_FOUND', detail: { site: plant } });
  });

  it('audits the registration', async () => {
    const { database } = context();
    const events = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'object_id'])
      .where('object_type', '=', 'site')
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { actor: 'customer-user:u1', action: 'site.register', object_id: plant },
      { actor: 'admin:test-admin', action: 'site.register', object_id: '0a1b2c3d-0000-4000-8000-000000000002' },
    ]);
  });

  it('refuses a GUID registered already, without saying to whom, and changes nothing', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    const taken = await request({ method: 'POST', url: '/v1/customers/globex/sites', payload: { guid: plant, name: 'Mine now' }, as: globexUser });
    expect(taken.json()).toMatchObject({ status: 409, code: 'CONFLICT', errors: { site: plant } });
    expect(taken.body).not.toContain('acme');
    const again = await request({ method: 'POST', url: '/v1/customers/acme/sites', payload: { guid: plantGuid, name: 'Plant 1 again' } });
    expect(again.json()).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(await state(database.db)).toEqual(before);
  });

  it('refuses a malformed GUID and an unknown customer, changing nothing', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    for (const guid of ['not-a-guid', `urn:uuid:${plant}`, `{${plant}}`]) {
      const response = await request({ method: 'POST', url: '/v1/customers/acme/sites', payload: { guid, name: 'x' } });
      expect(response.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    }
    const unknown = await request({ method: 'POST', url: '/v1/customers/nobody/sites', payload: { guid: '0a1b2c3d-0000-4000-8000-000000000009', name: 'x' } });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { customer: 'nobody' } });
    expect(await state(database.db)).toEqual(before);
  });

  it('keeps one customer’s users away from another’s sites', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    expect((await request({ method: 'GET', url: '/v1/customers/acme/sites', as: globexUser })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const foreign = await request({
      method: 'POST',
      url: '/v1/customers/acme/sites',
      payload: { guid: '0a1b2c3d-0000-4000-8000-000000000003', name: 'x' },
      as: globexUser,
    });
    expect(foreign.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await state(database.db)).toEqual(before);
  });
});
