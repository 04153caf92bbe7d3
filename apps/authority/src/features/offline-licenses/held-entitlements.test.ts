import type { EnablementToken } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { up as backfillHeldEntitlements } from '../../db/migrations/0005-held-entitlements.ts';
import { heldByOtherSiteTenants, holdLatestOlfsCtes } from './offline-license-queries.ts';
import { makeLfr, seedCustomer, seedEnabledSite, type LfrInput } from './testing/offline-licensing-fixtures.ts';

const plant1 = createTestParty('held-entitlements/plant-1');
const plant2 = createTestParty('held-entitlements/plant-2');
const DAY = 86_400_000;

describeEachStore('what each site tenant holds', (context) => {
  const tokens = new Map<string, EnablementToken>();

  /** The site makes an LFR now, the customer uploads it and issues its OLF; answers the OLF's id. */
  async function issue(site: typeof plant1, lfr: Partial<LfrInput>, olf: { end: string; runners: number }): Promise<string> {
    const { authority, clock, deps, request } = context();
    const { text, claims } = await makeLfr(authority, { token: tokens.get(site.guid)!, site, now: clock.now(), random: deps.random, ...lfr });
    expect((await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } })).statusCode).toBe(201);
    const today = clock.now().toISOString().slice(0, 10);
    const issued = await request({
      method: 'POST',
      url: `/v1/customers/acme/lfrs/${claims.jti}/olf`,
      payload: { start: today, end: olf.end, entitlements: [{ type: 'bot-runner', quantity: olf.runners }] },
    });
    expect(issued.statusCode).toBe(201);
    return issued.json<{ id: string }>().id;
  }

  /** What plant 2 sees held by the customer's other site tenants, as the upload and issue paths sum it. */
  const heldElsewhereThanPlant2 = () => {
    const { database, clock } = context();
    return heldByOtherSiteTenants(database.db, 'acme', { siteGuid: plant2.guid, tenant: 'default' }, clock.now().toISOString().slice(0, 10));
  };
  const heldRows = () =>
    context().database.db.selectFrom('held_entitlements').selectAll().orderBy('site_guid').orderBy('tenant').orderBy('license_type_id').execute();

  beforeAll(async () => {
    const { database, authority, clock, deps } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
    for (const site of [plant1, plant2])
      tokens.set(site.guid, await seedEnabledSite(database.db, authority, { customerId: 'acme', site, now: clock.now(), random: deps.random }));
  });

  it("replaces a site tenant's hold with the OLF of its later cycle", async () => {
    const first = await issue(plant1, {}, { end: '2027-11-22', runners: 6 });
    expect(await heldElsewhereThanPlant2()).toEqual([{ 'bot-runner': 6 }]);
    const second = await issue(plant1, { cycle: 2 }, { end: '2027-11-22', runners: 2 });
    expect(await heldElsewhereThanPlant2()).toEqual([{ 'bot-runner': 2 }]);
    expect(first).not.toBe(second);
    expect(await heldRows()).toEqual([
      { customer_id: 'acme', site_guid: plant1.guid, tenant: 'default', license_type_id: 'bot-runner', quantity: 2, olf_id: second, ends_on: '2027-11-22' },
    ]);
  });

  it("keeps the later OLF's hold when an OLF answering an earlier LFR of that site tenant comes after it", async () => {
    const before = await heldRows();
    const late = [
      {
        id: 'olf-of-an-earlier-lfr',
        customerId: 'acme',
        siteGuid: plant1.guid,
        tenant: 'default',
        cycle: 1,
        sequence: 5,
        endsOn: '2027-11-22',
        entitlements: [{ type: 'bot-runner', quantity: 9 }],
      },
    ];
    // As the statement that stores the OLF runs it.
    await sql`with ${holdLatestOlfsCtes(late)} select 1`.execute(context().database.db);
    expect(await heldRows()).toEqual(before);
  });

  it('counts nothing for a site tenant whose latest OLF has ended, nor for the site asking', async () => {
    const { clock } = context();
    await issue(plant1, { cycle: 3 }, { end: '2026-11-24', runners: 3 });
    expect(await heldElsewhereThanPlant2()).toEqual([{ 'bot-runner': 3 }]);
    expect(await heldByOtherSiteTenants(context().database.db, 'acme', { siteGuid: plant1.guid, tenant: 'default' }, '2026-11-23')).toEqual([]);
    clock.advance(2 * DAY);
    expect(await heldElsewhereThanPlant2()).toEqual([]);
    const { request, authority, deps } = context();
    const { text } = await makeLfr(authority, { token: tokens.get(plant2.guid)!, site: plant2, now: clock.now(), random: deps.random });
    const uploaded = await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } });
    expect(uploaded.json().allocation).toEqual({ purchased: { 'bot-runner': 10 }, heldElsewhere: { 'bot-runner': 0 }, available: { 'bot-runner': 10 } });
  });

  it('fills the holds of an existing database from its OLFs, latest per site tenant', async () => {
    const { database } = context();
    await issue(plant2, { cycle: 2 }, { end: '2027-11-22', runners: 4 });
    const kept = await heldRows();
    expect(kept.map((row) => [row.site_guid, row.quantity, row.ends_on])).toEqual(
      [
        [plant1.guid, 3, '2026-11-24'],
        [plant2.guid, 4, '2027-11-22'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    await sql`drop table held_entitlements`.execute(database.db);
    await backfillHeldEntitlements(database.db as Kysely<unknown>);
    expect(await heldRows()).toEqual(kept);
  });
});
