import type { EnablementToken } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { countWrites, makeLfr, seedCustomer, seedEnabledSite, seedPolicy, type LfrInput } from './testing/offline-licensing-fixtures.ts';

const plant = createTestParty('lfr-upload-modes/plant');
const cloudPlant = createTestParty('lfr-upload-modes/cloud-plant');
const newPlant = createTestParty('lfr-upload-modes/new-plant');
const twinPlant = createTestParty('lfr-upload-modes/twin-plant');
const replaces = { kind: 'activated-license', licenseId: 'al-1', revision: 2, registrationKey: '7K3Q-M2ZD-09XA-HV4T' } as const;

/** What the policy says of the site's modes and versions, at an upload by hand (docs/connected.md). */
describeEachStore('LFR uploads and the policy of connected mode', (context) => {
  const tokens = new Map<string, EnablementToken>();
  const lfr = (site: typeof plant, input: Partial<LfrInput> = {}) => {
    const { authority, clock, deps } = context();
    return makeLfr(authority, { token: tokens.get(site.guid)!, site, now: clock.now(), random: deps.random, ...input });
  };
  const upload = (customer: string, text: string) => context().request({ method: 'POST', url: `/v1/customers/${customer}/lfrs`, payload: { text } });

  beforeAll(async () => {
    const { database, authority, clock, deps } = context();
    const now = clock.now();
    await seedPolicy(database.db, { id: 'cloud', siteLicensing: 'connected' }, now);
    await seedPolicy(database.db, { id: 'recent', minimumSiteVersion: '41.10', minimumConnectedSiteVersion: '50' }, now);
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, now);
    await seedCustomer(database.db, { id: 'cloudy', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 }, policyId: 'cloud' }, now);
    await seedCustomer(database.db, { id: 'strict', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 }, policyId: 'recent' }, now);
    for (const [customerId, site] of [
      ['acme', plant],
      ['cloudy', cloudPlant],
      ['strict', newPlant],
      ['acme', twinPlant],
    ] as const) {
      tokens.set(site.guid, await seedEnabledSite(database.db, authority, { customerId, site, now, random: deps.random }));
    }
  });

  it('stores an LFR uploaded twice at the same moment once, answering both alike, with its audit events once', async () => {
    const { database } = context();
    const { text, claims } = await lfr(twinPlant);
    const answers = await Promise.all([upload('acme', text), upload('acme', text)]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201]);
    expect(answers[1].json()).toEqual(answers[0].json());
    const stored = await database.db.selectFrom('license_file_requests').select('id').where('site_guid', '=', twinPlant.guid.toLowerCase()).execute();
    expect(stored).toEqual([{ id: claims.jti }]);
    const events = await database.db
      .selectFrom('audit_events')
      .select(['action', 'object_id'])
      .where('action', 'in', ['lfr.upload', 'site.key-learned'])
      .where('object_id', 'in', [claims.jti, twinPlant.guid.toLowerCase()])
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { action: 'lfr.upload', object_id: claims.jti },
      { action: 'site.key-learned', object_id: twinPlant.guid.toLowerCase() },
    ]);
  });

  it('stores an LFR uploaded by hand as come by file, with the activated license it replaces', async () => {
    const { database } = context();
    const leaving = await lfr(plant, { replaces });
    expect((await upload('acme', leaving.text)).statusCode).toBe(201);
    const row = await database.db
      .selectFrom('license_file_requests')
      .select(['via', 'replaces_license_id'])
      .where('id', '=', leaving.claims.jti)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ via: 'file', replaces_license_id: 'al-1' });
    const plain = await lfr(plant, { sequence: 2 });
    expect((await upload('acme', plain.text)).statusCode).toBe(201);
    expect(
      await database.db.selectFrom('license_file_requests').select(['via', 'replaces_license_id']).where('id', '=', plain.claims.jti).executeTakeFirstOrThrow(),
    ).toEqual({ via: 'file', replaces_license_id: null });
  });

  it('refuses an upload by hand for a customer whose policy requires connected mode, writing nothing', async () => {
    const { database } = context();
    const before = await countWrites(database.db);
    const refused = await upload('cloudy', (await lfr(cloudPlant)).text);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'CONNECTED_MODE_REQUIRED',
      errors: { customerId: 'cloudy', siteGuid: cloudPlant.guid.toLowerCase(), tenant: 'default' },
    });
    expect(await countWrites(database.db)).toEqual(before);
  });

  it("refuses an LFR from a site below the policy's minimum version, naming the version needed, writing nothing", async () => {
    const { database } = context();
    const before = await countWrites(database.db);
    const refused = await upload('strict', (await lfr(newPlant, { siteVersion: '41.9' })).text);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'SITE_VERSION_TOO_OLD', errors: { required: '41.10', found: '41.9' } });
    expect(await countWrites(database.db)).toEqual(before);
    // By hand, only the minimum of every mode counts: connected mode's 50 is the link's.
    expect((await upload('strict', (await lfr(newPlant, { siteVersion: '41.10' })).text)).statusCode).toBe(201);
  });

  it('keeps the earlier refusals first: an unknown customer, then a site of another customer', async () => {
    const text = (await lfr(cloudPlant, { siteVersion: '1' })).text;
    expect((await upload('nobody', text)).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await upload('acme', text)).json()).toMatchObject({ code: 'SITE_NOT_REGISTERED' });
  });
});
