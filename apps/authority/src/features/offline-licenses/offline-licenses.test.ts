import { checkOlfInstall, licensingPolicy, openOfflineLicenseFile, type EnablementToken } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Principal } from '../../http/permissions.ts';
import { countWrites, makeLfr, seedCustomer, seedEnablementToken, seedEnabledSite, type LfrInput } from './testing/offline-licensing-fixtures.ts';
import { forgetIssuedOlfs } from './offline-license-reads.ts';

const plant1 = createTestParty('offline-licenses/plant-1');
const plant2 = createTestParty('offline-licenses/plant-2');
const acmeUser: Principal = { kind: 'customer-user', id: 'u-acme', customerId: 'acme' };

describeEachStore('the LFR → OLF cycle at the authority', (context) => {
  const tokens = new Map<string, EnablementToken>();
  const lfr = (site: typeof plant1, input: Omit<LfrInput, 'token' | 'site' | 'now' | 'random'> = {}) => {
    const { authority, clock, deps } = context();
    return makeLfr(authority, { token: tokens.get(site.guid)!, site, now: clock.now(), random: deps.random, ...input });
  };
  const upload = (text: string, as?: Principal) =>
    context().request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text }, ...(as ? { as } : {}) });
  const configure = (lfrId: string, payload: object, as?: Principal) =>
    context().request({ method: 'POST', url: `/v1/customers/acme/lfrs/${lfrId}/olf`, payload, ...(as ? { as } : {}) });
  const oneYear = { start: '2026-11-23', end: '2027-11-22' };
  let first: Awaited<ReturnType<typeof lfr>>;
  let regenerated: Awaited<ReturnType<typeof lfr>>;

  beforeAll(async () => {
    const { database, authority, clock, deps } = context();
    const now = clock.now();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10, 'bot-creator': 2, 'bot-runs': 100_000 } }, now);
    for (const site of [plant1, plant2])
      tokens.set(site.guid, await seedEnabledSite(database.db, authority, { customerId: 'acme', site, now, random: deps.random }));
  });

  it("takes a site's first LFR, learns the site's key, and shows back its usage and what may be allocated", async () => {
    const { database } = context();
    first = await lfr(plant1, { seats: { 'bot-runner': ['ada', 'grace'] }, meters: { 'bot-runs': 120 } });
    const response = await upload(first.text, acmeUser);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      lfr: {
        id: first.claims.jti,
        siteGuid: plant1.guid,
        tenant: 'default',
        cycle: 1,
        sequence: 1,
        usage: {
          seats: [{ type: 'bot-runner', used: 2, users: ['ada', 'grace'] }],
          meters: [{ type: 'bot-runs', total: 120 }],
          ledger: { sequence: 0, head: '0'.repeat(64) },
        },
      },
      allocation: {
        purchased: { 'bot-creator': 2, 'bot-runner': 10, 'bot-runs': 100_000 },
        heldElsewhere: { 'bot-creator': 0, 'bot-runner': 0, 'bot-runs': 0 },
        available: { 'bot-creator': 2, 'bot-runner': 10, 'bot-runs': 100_000 },
      },
    });
    const site = await database.db.selectFrom('sites').select('site_key_thumbprint').where('guid', '=', plant1.guid).executeTakeFirstOrThrow();
    expect(site.site_key_thumbprint).toBe(plant1.signingKey.kid);
    const events = await database.db.selectFrom('audit_events').select(['actor', 'action', 'object_id']).orderBy('id').execute();
    expect(events).toEqual([
      { actor: 'customer-user:u-acme', action: 'lfr.upload', object_id: first.claims.jti },
      { actor: 'customer-user:u-acme', action: 'site.key-learned', object_id: plant1.guid },
    ]);
  });

  it('answers the same LFR uploaded again with the same answer, and writes nothing', async () => {
    const { database } = context();
    const before = await countWrites(database.db);
    const again = await upload(first.text);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ lfr: { id: first.claims.jti, cycle: 1, sequence: 1 } });
    expect(await countWrites(database.db)).toEqual(before);
  });

  it('lets a regenerated LFR supersede the earlier one, which can then be neither uploaded nor answered', async () => {
    const { database } = context();
    regenerated = await lfr(plant1, { sequence: 2, seats: { 'bot-runner': ['ada', 'grace'] } });
    expect((await upload(regenerated.text)).statusCode).toBe(201);
    const before = await countWrites(database.db);
    const late = await upload(first.text);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({
      code: 'LFR_SUPERSEDED',
      errors: { lfrId: first.claims.jti, cycle: 1, sequence: 1, latestCycle: 1, latestSequence: 2 },
    });
    expect((await configure(first.claims.jti, { ...oneYear, entitlements: [{ type: 'bot-runner', quantity: 5 }] })).json()).toMatchObject({
      status: 409,
      code: 'LFR_SUPERSEDED',
    });
    expect(await countWrites(database.db)).toEqual(before);
  });

  it('issues an OLF for the latest LFR that the site opens and installs', async () => {
    const { authority, clock, database, request } = context();
    const response = await configure(
      regenerated.claims.jti,
      {
        ...oneYear,
        entitlements: [
          { type: 'bot-runner', quantity: 6 },
          { type: 'bot-creator', quantity: 1 },
        ],
      },
      acmeUser,
    );
    expect(response.statusCode).toBe(201);
    const issued = response.json();
    const entitlements = [
      { type: 'bot-runner', category: 'seat', quantity: 6 },
      { type: 'bot-creator', category: 'seat', quantity: 1 },
    ];
    expect(issued).toEqual({
      id: expect.any(String),
      lfrId: regenerated.claims.jti,
      siteGuid: plant1.guid,
      tenant: 'default',
      cycle: 1,
      sequence: 2,
      ...oneYear,
      entitlements,
      issuedAt: '2026-11-23T10:00:00.000Z',
      text: expect.stringContaining('-----BEGIN AIRLOCK OFFLINE LICENSE FILE-----'),
      warnings: [],
    });
    // The OLF just issued is held in memory: its first download reads no database (the stored
    // text, changed behind the authority's back for this check, is not what it answers).
    await sql`update offline_license_files set text = 'changed' where id = ${issued.id}`.execute(database.db);
    const download = await request({ method: 'GET', url: `/v1/customers/acme/olfs/${issued.id}`, as: acmeUser });
    await sql`update offline_license_files set text = ${issued.text} where id = ${issued.id}`.execute(database.db);
    expect(download.json()).toEqual({ ...issued, warnings: undefined });
    // The same bytes as the issuing answer less its warnings, and again when served from memory.
    expect(download.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body.endsWith(',"warnings":[]}')).toBe(true);
    expect(download.body).toBe(`${response.body.slice(0, -',"warnings":[]}'.length)}}`);
    const again = await request({ method: 'GET', url: `/v1/customers/acme/olfs/${issued.id}`, as: acmeUser });
    expect(again.body).toBe(download.body);
    const stable = (headers: Record<string, unknown>) => ({ ...headers, 'x-request-id': undefined, date: undefined });
    expect(stable(again.headers)).toEqual(stable(download.headers));
    // Those downloads were served from what the issuing held in memory; a process that did not
    // issue it reads the stored OLF, and answers the very same bytes.
    forgetIssuedOlfs();
    const stored = await request({ method: 'GET', url: `/v1/customers/acme/olfs/${issued.id}`, as: acmeUser });
    expect(stored.body).toBe(download.body);

    const now = clock.now();
    const olf = await openOfflineLicenseFile(download.json().text, {
      now,
      trust: authority.trust,
      siteEncryptionKey: plant1.encryptionKey,
      siteGuid: plant1.guid,
      tenant: 'default',
    });
    expect(olf.claims).toMatchObject({
      lfrId: regenerated.claims.jti,
      answers: [regenerated.claims.jti],
      siteKeyThumbprint: plant1.signingKey.kid,
      ...oneYear,
      entitlements,
    });
    const installed = checkOlfInstall(
      { siteGuid: olf.claims.siteGuid, tenant: olf.claims.tenant, answersLfrId: olf.claims.answers[0]!, seatLimits: { 'bot-runner': 6, 'bot-creator': 1 } },
      {
        siteGuid: plant1.guid,
        tenant: 'default',
        now,
        policy: licensingPolicy(),
        cycle: { cycle: 1, open: { firstLfrAt: now, latestLfrAt: now, latestLfrId: regenerated.claims.jti, sequence: 2 }, lockedSince: null },
        assignedUsers: { 'bot-runner': ['ada', 'grace'] },
      },
    );
    expect(installed).toEqual({ ok: true, value: { cycle: 1, open: null, lockedSince: null } });
  });

  it('refuses to answer or take again an LFR already used, and writes nothing', async () => {
    const { database } = context();
    const before = await countWrites(database.db);
    expect((await configure(regenerated.claims.jti, { ...oneYear, entitlements: [] })).json()).toMatchObject({
      status: 409,
      code: 'LFR_ALREADY_USED',
      errors: { lfrId: regenerated.claims.jti },
    });
    expect((await upload(regenerated.text)).json()).toMatchObject({ status: 409, code: 'LFR_ALREADY_USED' });
    expect(await countWrites(database.db)).toEqual(before);
  });

  it("counts what the customer's other sites hold against the purchase", async () => {
    const { database } = context();
    const second = await lfr(plant2, { seats: { 'bot-runner': ['linus'] } });
    const uploaded = await upload(second.text);
    expect(uploaded.json().allocation).toEqual({
      purchased: { 'bot-creator': 2, 'bot-runner': 10, 'bot-runs': 100_000 },
      heldElsewhere: { 'bot-creator': 1, 'bot-runner': 6, 'bot-runs': 0 },
      available: { 'bot-creator': 1, 'bot-runner': 4, 'bot-runs': 100_000 },
    });
    const before = await countWrites(database.db);
    const tooMany = await configure(second.claims.jti, {
      ...oneYear,
      entitlements: [
        { type: 'bot-runner', quantity: 5 },
        { type: 'bot-creator', quantity: 2 },
      ],
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json()).toMatchObject({
      code: 'ALLOCATION_EXCEEDS_PURCHASE',
      errors: {
        violations: [
          { type: 'bot-creator', requested: 2, heldElsewhere: 1, purchased: 2, available: 1 },
          { type: 'bot-runner', requested: 5, heldElsewhere: 6, purchased: 10, available: 4 },
        ],
      },
    });
    expect(await countWrites(database.db)).toEqual(before);
    expect((await configure(second.claims.jti, { ...oneYear, entitlements: [{ type: 'bot-runner', quantity: 4 }] })).statusCode).toBe(201);
  });

  it('warns before a quantity goes below the use the LFR reports, and issues once the customer accepts', async () => {
    const { database } = context();
    const renewal = await lfr(plant1, { cycle: 2, seats: { 'bot-runner': ['ada', 'grace', 'hopper'], 'bot-creator': ['alan'] } });
    expect((await upload(renewal.text)).statusCode).toBe(201);
    const below = { ...oneYear, entitlements: [{ type: 'bot-runner', quantity: 2 }] };
    const before = await countWrites(database.db);
    const warned = await configure(renewal.claims.jti, below);
    expect(warned.statusCode).toBe(422);
    expect(warned.json()).toMatchObject({
      code: 'BELOW_USE_NOT_ACCEPTED',
      errors: {
        warnings: [
          { type: 'bot-creator', requested: 0, used: 1 },
          { type: 'bot-runner', requested: 2, used: 3 },
        ],
      },
    });
    expect(await countWrites(database.db)).toEqual(before);
    const accepted = await configure(renewal.claims.jti, { ...below, acceptBelowUse: true });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().warnings).toEqual([
      { type: 'bot-creator', requested: 0, used: 1 },
      { type: 'bot-runner', requested: 2, used: 3 },
    ]);
  });

  it('takes the OLF start only today and its end only between today and the account end', async () => {
    const { database } = context();
    const renewal = await lfr(plant2, { cycle: 2 });
    await upload(renewal.text);
    const before = await countWrites(database.db);
    const refusal = async (start: string, end: string) => (await configure(renewal.claims.jti, { start, end, entitlements: [] })).json<unknown>();
    expect(await refusal('2026-11-22', '2027-11-22')).toMatchObject({ code: 'OLF_START_NOT_TODAY', errors: { startsOn: '2026-11-22', today: '2026-11-23' } });
    expect(await refusal('2026-11-24', '2027-11-22')).toMatchObject({ code: 'OLF_START_NOT_TODAY' });
    expect(await refusal('2026-11-23', '2026-11-22')).toMatchObject({ code: 'OLF_END_BEFORE_START' });
    expect(await refusal('2026-11-23', '2028-01-01')).toMatchObject({
      code: 'OLF_END_AFTER_ACCOUNT_END',
      errors: { endsOn: '2028-01-01', accountEndsOn: '2027-12-31' },
    });
    expect(await refusal('2026-11-23', '2027-02-30')).toMatchObject({ code: 'DATE_INVALID', errors: { field: 'endsOn' } });
    expect(await countWrites(database.db)).toEqual(before);
    const lastDay = await configure(renewal.claims.jti, { start: '2026-11-23', end: '2027-12-31', entitlements: [] });
    expect(lastDay.json()).toMatchObject({ start: '2026-11-23', end: '2027-12-31' });
  });

  it('refuses an LFR for a registered GUID signed by another key with SITE_KEY_MISMATCH', async () => {
    const { database } = context();
    const impostor = createTestParty('offline-licenses/impostor');
    const forged = await lfr(plant1, { cycle: 3, signer: impostor.signingKey });
    const before = await countWrites(database.db);
    const response = await upload(forged.text);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'SITE_KEY_MISMATCH',
      errors: { siteGuid: plant1.guid, expected: plant1.signingKey.kid, found: impostor.signingKey.kid },
    });
    expect(await countWrites(database.db)).toEqual(before);
  });

  it('refuses an LFR from a GUID not registered to the customer with SITE_NOT_REGISTERED', async () => {
    const { database, authority, clock, deps } = context();
    const stranger = createTestParty('offline-licenses/stranger');
    const token = await seedEnablementToken(database.db, authority, {
      customerId: 'acme',
      site: stranger,
      now: clock.now(),
      random: deps.random,
      record: false,
    });
    const unregistered = await makeLfr(authority, { token, site: stranger, now: clock.now(), random: deps.random });
    const otherCustomers = await makeLfr(authority, {
      token: { ...tokens.get(plant1.guid)!, customerId: 'globex' },
      site: plant1,
      now: clock.now(),
      random: deps.random,
      cycle: 3,
    });
    const before = await countWrites(database.db);
    expect((await upload(unregistered.text)).json()).toMatchObject({ status: 422, code: 'SITE_NOT_REGISTERED', errors: { siteGuid: stranger.guid } });
    expect((await upload(otherCustomers.text)).json()).toMatchObject({ status: 422, code: 'SITE_NOT_REGISTERED', errors: { siteGuid: plant1.guid } });
    expect(await countWrites(database.db)).toEqual(before);
  });

  it('refuses an LFR answering an enablement token never issued to that site with ENABLEMENT_TOKEN_UNKNOWN', async () => {
    const { database, authority, clock, deps } = context();
    const token = await seedEnablementToken(database.db, authority, { customerId: 'acme', site: plant1, now: clock.now(), random: deps.random, record: false });
    const unknown = await makeLfr(authority, { token, site: plant1, now: clock.now(), random: deps.random, cycle: 3 });
    const before = await countWrites(database.db);
    expect((await upload(unknown.text)).json()).toMatchObject({
      status: 422,
      code: 'ENABLEMENT_TOKEN_UNKNOWN',
      errors: { siteGuid: plant1.guid, enablementTokenId: token.jti },
    });
    expect(await countWrites(database.db)).toEqual(before);
  });

  it("answers another customer's user NOT_FOUND on every offline-license route", async () => {
    const { request } = context();
    const globex: Principal = { kind: 'customer-user', id: 'u-globex', customerId: 'globex' };
    const routes = [
      { method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text: first.text } },
      { method: 'POST', url: `/v1/customers/acme/lfrs/${first.claims.jti}/olf`, payload: { ...oneYear, entitlements: [] } },
      { method: 'GET', url: '/v1/customers/acme/olfs/anything' },
      { method: 'GET', url: `/v1/customers/acme/sites/${plant1.guid}/cycles` },
      { method: 'GET', url: '/v1/customers/acme/usage' },
    ] as const;
    for (const route of routes) expect((await request({ ...route, as: globex })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
