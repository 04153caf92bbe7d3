import { deriveRegistrationKey, issueSiteExchangeRequest, openOfflineLicenseFile, type EnablementToken, type KeyPair, type LicenseItem } from '@airlock/core';
import { SITE_EXCHANGE_LIFETIME_SECONDS } from '@airlock/core/internal';
import { createTestParty, type TestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Db } from '../../db/database.ts';
import { proposeOlf } from '../offline-licenses/propose-olf.ts';
import { countWrites, makeLfr, seedCustomer, seedEnabledSite, seedPolicy, type LfrInput } from '../offline-licenses/testing/offline-licensing-fixtures.ts';
import { orderTables } from '../orders/order-tables.ts';
import { APPROVAL_RETRY_AFTER_SECONDS, DECISION_RETRY_AFTER_SECONDS } from './site-exchange.ts';
import { SITE_EXCHANGES_PER_SITE_PER_MINUTE } from './site-link-routes.ts';

/** The sites, each of a customer whose policy sets the link one way (docs/connected.md, "The policy"). */
const auto = createTestParty('site-exchange/auto');
const approved = createTestParty('site-exchange/approved');
const byHand = createTestParty('site-exchange/by-hand');
const cloud = createTestParty('site-exchange/cloud');
const strict = createTestParty('site-exchange/strict');
const leaving = createTestParty('site-exchange/leaving');
const impostor = createTestParty('site-exchange/impostor');

const sites = [
  { site: auto, customerId: 'acme', policyId: 'standard', purchased: { 'bot-runner': 10, 'bot-creator': 2 } },
  { site: approved, customerId: 'careful', policyId: 'approve', purchased: { 'bot-runner': 5 } },
  { site: byHand, customerId: 'offline', policyId: 'files-only', purchased: { 'bot-runner': 5 } },
  { site: cloud, customerId: 'cloudy', policyId: 'cloud', purchased: { 'bot-runner': 1 } },
  { site: strict, customerId: 'strict', policyId: 'recent', purchased: { 'bot-runner': 5 } },
  { site: leaving, customerId: 'static', policyId: 'standard', purchased: { 'bot-runner': 3 } },
] as const;

interface Answer {
  status: string;
  lfrId: string;
  olf?: { id: string; start: string; end: string; text: string };
  reason?: string;
  detail?: string;
  retryAfter?: number;
  shortfall?: { type: string; granted: number; available: number }[];
  code?: string;
  errors?: Record<string, unknown>;
}

/** The RK of a test site's default tenant, as it shows it. */
function registrationKeyOf(site: TestParty): string {
  return deriveRegistrationKey({ siteGuid: site.guid, tenantId: 'default', siteKeyThumbprint: site.signingKey.kid });
}

/** An order activated for the site's default tenant, as activating it stores it; answers the activated license's id. */
async function seedActivatedLicense(db: Db, site: TestParty, customerId: string, items: LicenseItem[], now: Date): Promise<string> {
  const registrationKey = registrationKeyOf(site);
  const orders = orderTables(db);
  await orders
    .insertInto('orders')
    .values({
      id: `order-${customerId}`,
      customer_id: customerId,
      lrn: 'LRN-7K3Q-M2ZD-09XA-HV4T',
      items: JSON.stringify(items),
      order_license: 'unsigned',
      created_at: now,
      created_by: 'admin:test-admin',
    })
    .execute();
  await orders
    .insertInto('registration_keys')
    .values({ registration_key: registrationKey, customer_id: customerId, latest_revision: 1, first_activated_at: now })
    .execute();
  await orders
    .insertInto('activated_licenses')
    .values({
      id: `al-${customerId}`,
      registration_key: registrationKey,
      customer_id: customerId,
      revision: 1,
      order_id: `order-${customerId}`,
      activated_lrn: 'LRN-7K3Q-M2ZD-09XA-HV4T',
      lrns: JSON.stringify(['LRN-7K3Q-M2ZD-09XA-HV4T']),
      items: JSON.stringify(items),
      text: 'signed',
      issued_at: now,
      issued_by: 'admin:test-admin',
    })
    .execute();
  return `al-${customerId}`;
}

/** Rows an exchange may write beside the upload's and the issue's: the link records. */
async function linkCount(db: Db): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('site_links')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

describeEachStore('the exchange of a connected site (docs/connected.md)', (context) => {
  const tokens = new Map<string, EnablementToken>();
  const lfr = (site: TestParty, input: Partial<LfrInput> = {}) => {
    const { authority, clock, deps } = context();
    return makeLfr(authority, { token: tokens.get(site.guid)!, site, now: clock.now(), random: deps.random, ...input });
  };
  /** The signed exchange request a site makes: submitting an LFR, or awaiting the answer to one. */
  const exchangeRequest = async (
    site: TestParty,
    what: { submit: string } | { awaits: string },
    options: { siteVersion?: string; signer?: KeyPair; customerId?: string } = {},
  ) => {
    const { authority, clock, deps } = context();
    const token = tokens.get(site.guid)!;
    const { text } = await issueSiteExchangeRequest(
      {
        enablementToken: { ...token, customerId: options.customerId ?? token.customerId },
        tenant: 'default',
        siteVersion: options.siteVersion ?? '41.2',
        ...('submit' in what ? { submit: { lfr: what.submit } } : { awaits: what.awaits }),
      },
      { now: clock.now(), random: deps.random, signer: options.signer ?? site.signingKey, trust: authority.trust },
    );
    return text;
  };
  const post = async (payload: object) => {
    const response = await context().app.inject({ method: 'POST', url: '/v1/site-exchange', payload });
    return { status: response.statusCode, headers: response.headers, body: response.json<Answer>() };
  };
  const submit = async (site: TestParty, text: string, options: { siteVersion?: string; signer?: KeyPair } = {}) =>
    post({ request: await exchangeRequest(site, { submit: text }, options), lfr: text });
  const awaitAnswer = async (site: TestParty, lfrId: string) => post({ request: await exchangeRequest(site, { awaits: lfrId }) });
  const link = (site: TestParty) =>
    context()
      .database.db.selectFrom('site_links')
      .selectAll()
      .where('site_guid', '=', site.guid.toLowerCase())
      .where('tenant', '=', 'default')
      .executeTakeFirst();

  /** Posts and expects a refusal with this status and code that writes no LFR, OLF, audit event, site key nor link record. */
  async function expectRefused(payload: object | Promise<object>, status: number, code: string): Promise<Answer> {
    const { database } = context();
    const before = { ...(await countWrites(database.db)), links: await linkCount(database.db) };
    const response = await post(await payload);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect({ ...(await countWrites(database.db)), links: await linkCount(database.db) }).toEqual(before);
    return response.body;
  }

  beforeAll(async () => {
    const { database, authority, clock, deps } = context();
    const now = clock.now();
    await seedPolicy(database.db, { id: 'approve', connectedApproval: 'manual' }, now);
    await seedPolicy(database.db, { id: 'files-only', siteLicensing: 'files' }, now);
    await seedPolicy(database.db, { id: 'cloud', siteLicensing: 'connected' }, now);
    await seedPolicy(database.db, { id: 'recent', minimumSiteVersion: '41', minimumConnectedSiteVersion: '42' }, now);
    for (const { site, customerId, policyId, purchased } of sites) {
      await seedCustomer(database.db, { id: customerId, accountEndsOn: '2027-12-31', purchased, policyId }, now);
      tokens.set(site.guid, await seedEnabledSite(database.db, authority, { customerId, site, now, random: deps.random }));
    }
  });

  it('answers a submitted LFR at once with the OLF the console would propose, which the site opens', async () => {
    const { authority, clock, database } = context();
    const first = await lfr(auto, { seats: { 'bot-runner': ['ada', 'grace'] } });
    const answer = await submit(auto, first.text);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'answered',
      lfrId: first.claims.jti,
      olf: { id: expect.any(String), start: '2026-11-23', end: '2027-11-22', text: expect.stringContaining('-----BEGIN AIRLOCK OFFLINE LICENSE FILE-----') },
    });
    const olf = await openOfflineLicenseFile(answer.body.olf!.text, {
      now: clock.now(),
      trust: authority.trust,
      siteEncryptionKey: auto.encryptionKey,
      siteGuid: auto.guid,
      tenant: 'default',
    });
    expect(olf.claims).toMatchObject({
      jti: answer.body.olf!.id,
      lfrId: first.claims.jti,
      siteKeyThumbprint: auto.signingKey.kid,
      start: '2026-11-23',
      end: '2027-11-22',
      entitlements: [
        { type: 'bot-creator', category: 'seat', quantity: 2 },
        { type: 'bot-runner', category: 'seat', quantity: 10 },
      ],
    });
    // Stored as an upload that came over the link, and issued in the site's name.
    expect(
      await database.db.selectFrom('license_file_requests').select(['via', 'received_by']).where('id', '=', first.claims.jti).executeTakeFirstOrThrow(),
    ).toEqual({ via: 'link', received_by: `site:${auto.guid}` });
    const events = await database.db.selectFrom('audit_events').select(['actor', 'action']).where('actor', '=', `site:${auto.guid}`).orderBy('id').execute();
    expect(events).toEqual([
      { actor: `site:${auto.guid}`, action: 'lfr.upload' },
      { actor: `site:${auto.guid}`, action: 'site.key-learned' },
      { actor: `site:${auto.guid}`, action: 'olf.issue' },
    ]);
    expect(await link(auto)).toEqual({
      site_guid: auto.guid,
      tenant: 'default',
      customer_id: 'acme',
      site_version: '41.2',
      first_exchange_at: clock.now(),
      last_exchange_at: clock.now(),
      last_status: 'answered',
      last_lfr_id: first.claims.jti,
      last_code: null,
    });
  });

  it('answers the same again to a site that sends the LFR again or awaits it, and writes nothing but its link record', async () => {
    const { database, clock } = context();
    const [lfrRow] = await database.db.selectFrom('license_file_requests').select('id').where('site_guid', '=', auto.guid).execute();
    const olf = await database.db.selectFrom('offline_license_files').select('id').where('lfr_id', '=', lfrRow!.id).executeTakeFirstOrThrow();
    const before = await countWrites(database.db);
    clock.advance(60_000);
    const awaited = await awaitAnswer(auto, lfrRow!.id);
    expect(awaited).toMatchObject({ status: 200, body: { status: 'answered', lfrId: lfrRow!.id, olf: { id: olf.id } } });
    expect(await countWrites(database.db)).toEqual(before);
    expect(await link(auto)).toMatchObject({ first_exchange_at: new Date('2026-11-23T10:00:00Z'), last_exchange_at: clock.now(), last_status: 'answered' });
    clock.advance(-60_000);
  });

  it('refuses a request played again with DOCUMENT_REPLAYED', async () => {
    const again = await lfr(auto, { sequence: 2 });
    const payload = { request: await exchangeRequest(auto, { submit: again.text }), lfr: again.text };
    expect((await post(payload)).status).toBe(200);
    await expectRefused(payload, 409, 'DOCUMENT_REPLAYED');
  });

  it('refuses a request signed by another key than the site’s with SITE_KEY_MISMATCH', async () => {
    const forged = await lfr(auto, { sequence: 3, signer: impostor.signingKey });
    const refused = await expectRefused(
      { request: await exchangeRequest(auto, { submit: forged.text }, { signer: impostor.signingKey }), lfr: forged.text },
      422,
      'SITE_KEY_MISMATCH',
    );
    expect(refused.errors).toEqual({ siteGuid: auto.guid, expected: auto.signingKey.kid, found: impostor.signingKey.kid });
    // A site whose key is not known yet may only submit the LFR that teaches it.
    await expectRefused({ request: await exchangeRequest(approved, { awaits: 'lfr-never-sent' }) }, 422, 'SITE_KEY_MISMATCH');
  });

  it('refuses a request naming a customer the site is not registered to with SITE_NOT_REGISTERED', async () => {
    const text = (await lfr(auto, { sequence: 3 })).text;
    const refused = await expectRefused(
      { request: await exchangeRequest(auto, { submit: text }, { customerId: 'careful' }), lfr: text },
      422,
      'SITE_NOT_REGISTERED',
    );
    expect(refused.errors).toEqual({ siteGuid: auto.guid, customerId: 'careful' });
  });

  it('refuses an LFR other than the one the request binds, or made by another key, with REQUEST_INVALID', async () => {
    const bound = await lfr(auto, { sequence: 3 });
    const other = await lfr(auto, { sequence: 4 });
    const swapped = await expectRefused({ request: await exchangeRequest(auto, { submit: bound.text }), lfr: other.text }, 400, 'REQUEST_INVALID');
    expect(swapped.errors).toMatchObject({ field: 'lfr', reason: expect.stringContaining('SHA-256') });
    await expectRefused({ request: await exchangeRequest(auto, { submit: bound.text }) }, 400, 'REQUEST_INVALID');
    // The first LFR of a site whose key is not known yet, signed by another key than its request.
    const stranger = await lfr(approved, { signer: impostor.signingKey });
    const signedApart = await expectRefused(
      { request: await exchangeRequest(approved, { submit: stranger.text }), lfr: stranger.text },
      400,
      'REQUEST_INVALID',
    );
    expect(signedApart.errors).toMatchObject({ reason: 'the LFR is signed by another key than the request' });
  });

  it('keeps the link record of a site refused after it proved itself, and nothing else', async () => {
    const { database, clock } = context();
    const before = await countWrites(database.db);
    const bound = await lfr(auto, { sequence: 3 });
    const other = await lfr(auto, { sequence: 4 });
    expect((await post({ request: await exchangeRequest(auto, { submit: bound.text }), lfr: other.text })).body.code).toBe('REQUEST_INVALID');
    expect(await countWrites(database.db)).toEqual(before);
    expect(await link(auto)).toMatchObject({ last_exchange_at: clock.now(), last_status: 'refused', last_lfr_id: null, last_code: 'REQUEST_INVALID' });
  });

  it('refuses a customer whose policy allows files only with CONNECTED_MODE_NOT_ALLOWED', async () => {
    const text = (await lfr(byHand)).text;
    const notAllowed = await expectRefused({ request: await exchangeRequest(byHand, { submit: text }), lfr: text }, 403, 'CONNECTED_MODE_NOT_ALLOWED');
    expect(notAllowed.errors).toEqual({ customerId: 'offline', siteGuid: byHand.guid });
  });

  it('holds a site below the minimum version of connected mode to it with SITE_VERSION_TOO_OLD, naming the version needed', async () => {
    const { database, clock } = context();
    // Its first LFR by hand, at 41.2, teaches its key: files need 41 only.
    const first = await lfr(strict);
    expect((await context().request({ method: 'POST', url: '/v1/customers/strict/lfrs', payload: { text: first.text } })).statusCode).toBe(201);
    const before = await countWrites(database.db);
    const next = await lfr(strict, { sequence: 2 });
    const refused = await post({ request: await exchangeRequest(strict, { submit: next.text }), lfr: next.text });
    expect(refused).toMatchObject({ status: 422, body: { code: 'SITE_VERSION_TOO_OLD', errors: { required: '42', found: '41.2' } } });
    expect(await countWrites(database.db)).toEqual(before);
    expect(await link(strict)).toMatchObject({
      customer_id: 'strict',
      site_version: '41.2',
      last_exchange_at: clock.now(),
      last_status: 'refused',
      last_code: 'SITE_VERSION_TOO_OLD',
    });
    const upgraded = await lfr(strict, { sequence: 2, siteVersion: '42' });
    expect((await submit(strict, upgraded.text, { siteVersion: '42' })).body).toMatchObject({ status: 'answered', lfrId: upgraded.claims.jti });
    expect(await link(strict)).toMatchObject({ site_version: '42', last_status: 'answered', last_code: null });
  });

  it('waits for a person under a policy of manual approval, and answers with the OLF the vendor issued', async () => {
    const { database, request } = context();
    const first = await lfr(approved, { seats: { 'bot-runner': ['ada'] } });
    const waiting = await submit(approved, first.text);
    expect(waiting.status).toBe(202);
    expect(waiting.headers['retry-after']).toBe(String(APPROVAL_RETRY_AFTER_SECONDS));
    expect(waiting.body).toEqual({
      status: 'pending',
      lfrId: first.claims.jti,
      reason: 'approval',
      detail: expect.any(String),
      retryAfter: APPROVAL_RETRY_AFTER_SECONDS,
    });
    expect(await database.db.selectFrom('offline_license_files').select('id').where('site_guid', '=', approved.guid).execute()).toEqual([]);
    expect(await link(approved)).toMatchObject({ last_status: 'pending', last_lfr_id: first.claims.jti, last_code: 'approval' });
    expect((await awaitAnswer(approved, first.claims.jti)).body).toMatchObject({ status: 'pending', reason: 'approval' });

    const issued = await request({
      method: 'POST',
      url: `/v1/customers/careful/lfrs/${first.claims.jti}/olf`,
      payload: { start: '2026-11-23', end: '2027-06-30', entitlements: [{ type: 'bot-runner', quantity: 3 }] },
    });
    expect(issued.statusCode).toBe(201);
    const answered = await awaitAnswer(approved, first.claims.jti);
    expect(answered).toMatchObject({
      status: 200,
      body: {
        status: 'answered',
        lfrId: first.claims.jti,
        olf: { id: issued.json<{ id: string }>().id, start: '2026-11-23', end: '2027-06-30', text: issued.json<{ text: string }>().text },
      },
    });
    expect(await link(approved)).toMatchObject({ last_status: 'answered', last_lfr_id: first.claims.jti, last_code: null });
  });

  it('refuses to answer an LFR a later one of the tenant supersedes with LFR_SUPERSEDED', async () => {
    const older = await lfr(approved, { cycle: 2 });
    expect((await submit(approved, older.text)).status).toBe(202);
    const newer = await lfr(approved, { cycle: 2, sequence: 2 });
    expect((await submit(approved, newer.text)).status).toBe(202);
    const superseded = await awaitAnswer(approved, older.claims.jti);
    expect(superseded).toMatchObject({ status: 409, body: { code: 'LFR_SUPERSEDED', errors: { lfrId: older.claims.jti, latestCycle: 2, latestSequence: 2 } } });
    expect(await link(approved)).toMatchObject({ last_status: 'refused', last_lfr_id: older.claims.jti, last_code: 'LFR_SUPERSEDED' });
  });

  it('requires the link of a customer whose policy is connected, and waits for a person where a quantity would go below use', async () => {
    const { database } = context();
    const first = await lfr(cloud, { seats: { 'bot-runner': ['ada', 'grace'] } });
    const before = await countWrites(database.db);
    const byHandUpload = await context().request({ method: 'POST', url: '/v1/customers/cloudy/lfrs', payload: { text: first.text } });
    expect(byHandUpload.json()).toMatchObject({ status: 409, code: 'CONNECTED_MODE_REQUIRED' });
    expect(await countWrites(database.db)).toEqual(before);
    const waiting = await submit(cloud, first.text);
    expect(waiting.status).toBe(202);
    expect(waiting.headers['retry-after']).toBe(String(DECISION_RETRY_AFTER_SECONDS));
    expect(waiting.body).toEqual({
      status: 'pending',
      lfrId: first.claims.jti,
      reason: 'BELOW_USE_NOT_ACCEPTED',
      detail: 'Some quantities are below what the site reports in use: confirm to issue the license file anyway.',
      retryAfter: DECISION_RETRY_AFTER_SECONDS,
    });
    expect(await database.db.selectFrom('license_file_requests').select('via').where('id', '=', first.claims.jti).executeTakeFirstOrThrow()).toEqual({
      via: 'link',
    });
    expect(await link(cloud)).toMatchObject({ last_status: 'pending', last_code: 'BELOW_USE_NOT_ACCEPTED' });
  });

  it('answers a tenant leaving its activated license with at least what it grants, and waits while the purchases fall short', async () => {
    const { database, clock } = context();
    const licenseId = await seedActivatedLicense(
      database.db,
      leaving,
      'static',
      [
        { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
        { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2026-11-23' },
        { product: 'automation', licenseType: 'bot-runner', quantity: 4, kind: 'pilot', expiresOn: '2026-11-22' },
      ],
      clock.now(),
    );
    const replaces = { kind: 'activated-license', licenseId, revision: 1, registrationKey: registrationKeyOf(leaving) } as const;
    const first = await lfr(leaving, { replaces, seats: { 'bot-runner': ['ada'] } });
    const waiting = await submit(leaving, first.text);
    expect(waiting.status).toBe(202);
    expect(waiting.body).toEqual({
      status: 'pending',
      lfrId: first.claims.jti,
      reason: 'MIGRATION_NOT_COVERED',
      detail: expect.stringContaining('purchases do not cover'),
      retryAfter: DECISION_RETRY_AFTER_SECONDS,
      shortfall: [
        { type: 'bot-creator', granted: 2, available: 0 },
        { type: 'bot-runner', granted: 5, available: 3 },
      ],
    });
    expect(
      await database.db.selectFrom('license_file_requests').select('replaces_license_id').where('id', '=', first.claims.jti).executeTakeFirstOrThrow(),
    ).toEqual({ replaces_license_id: licenseId });
    expect(await link(leaving)).toMatchObject({ last_status: 'pending', last_code: 'MIGRATION_NOT_COVERED' });
    // The console's OLF form starts from the same quantities: what the static license grants.
    expect(await proposeOlf(database.db, { customerId: 'static', lfrId: first.claims.jti }, clock.now())).toMatchObject({
      start: '2026-11-23',
      end: '2027-11-22',
      entitlements: [
        { type: 'bot-creator', quantity: 2 },
        { type: 'bot-runner', quantity: 5 },
      ],
      replaced: { licenseId, granted: { 'bot-runner': 5, 'bot-creator': 2 } },
    });

    // The vendor adds purchases: the next exchange is answered, with what is available, at least the license's.
    await database.db
      .updateTable('purchased_entitlements')
      .set({ quantity: 6 })
      .where('customer_id', '=', 'static')
      .where('license_type_id', '=', 'bot-runner')
      .execute();
    await database.db.insertInto('purchased_entitlements').values({ customer_id: 'static', license_type_id: 'bot-creator', quantity: 2 }).execute();
    const answered = await awaitAnswer(leaving, first.claims.jti);
    expect(answered.status).toBe(200);
    const olf = await database.db.selectFrom('offline_license_files').select('entitlements').where('id', '=', answered.body.olf!.id).executeTakeFirstOrThrow();
    expect(olf.entitlements).toEqual([
      { type: 'bot-creator', category: 'seat', quantity: 2 },
      { type: 'bot-runner', category: 'seat', quantity: 6 },
    ]);
  });

  it('lists the exchange in the OpenAPI document, open to sites without a token', async () => {
    const document = (await context().request({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>>;
    }>();
    const operation = document.paths['/v1/site-exchange']?.post;
    expect(operation?.security).toEqual([]);
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '202', '409', '422', '429']));
  });

  it('counts the exchanges of one site, and refuses those past the limit with RATE_LIMITED and Retry-After', async () => {
    const { database } = context();
    const lfrId = (
      await database.db.selectFrom('license_file_requests').select('id').where('site_guid', '=', approved.guid).orderBy('received_at').executeTakeFirstOrThrow()
    ).id;
    for (let made = 0; made < SITE_EXCHANGES_PER_SITE_PER_MINUTE; made += 1) {
      if ((await awaitAnswer(approved, lfrId)).status === 429) break;
    }
    const limited = await awaitAnswer(approved, lfrId);
    expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED', errors: { limitedBy: 'site' } } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('forgets the ids of requests once they could no longer be taken anyway', async () => {
    const { clock, database } = context();
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('site_exchange_requests')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBeGreaterThan(1);
    clock.advance(2 * 3_600_000);
    const lfrId = (
      await database.db.selectFrom('license_file_requests').select('id').where('site_guid', '=', auto.guid).orderBy('received_at').executeTakeFirstOrThrow()
    ).id;
    expect((await awaitAnswer(auto, lfrId)).status).toBe(200);
    expect(await count()).toBe(1);
  });

  it('refuses a request past its lifetime with SITE_EXCHANGE_EXPIRED', async () => {
    const { clock } = context();
    const late = await lfr(auto, { sequence: 3 });
    const payload = { request: await exchangeRequest(auto, { submit: late.text }), lfr: late.text };
    clock.advance((SITE_EXCHANGE_LIFETIME_SECONDS + 300 + 1) * 1000);
    try {
      await expectRefused(payload, 422, 'SITE_EXCHANGE_EXPIRED');
    } finally {
      clock.advance(-(SITE_EXCHANGE_LIFETIME_SECONDS + 300 + 1) * 1000);
    }
  });
});
