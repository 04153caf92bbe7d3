import { checkEnablementToken, hours, minutes, openEnablementToken } from '@airlock/core';
import { fromNumericDate } from '@airlock/core/internal';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Db } from '../../db/database.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { siteLicensingClaim } from './enablement-tokens.ts';

const acmeUser = { kind: 'customer-user', id: 'u1', customerId: 'acme' } as const;
const globexUser = { kind: 'customer-user', id: 'u2', customerId: 'globex' } as const;
const plant = '5c1b9e2a-7f3d-4e8a-9b6c-0d1e2f3a4b5c';
const globexPlant = '0a1b2c3d-0000-4000-8000-00000000000b';
const tokenUrl = (customer: string, guid: string) => `/v1/customers/${customer}/sites/${guid}/enablement-token`;

interface Downloaded {
  id: string;
  siteGuid: string;
  expiresAt: string;
  text: string;
}

async function state(db: Db): Promise<unknown> {
  const { rows } = await sql`
    select (select count(*)::int from audit_events) as audit,
           (select count(*)::int from enablement_tokens) as tokens`.execute(db);
  return rows[0];
}

describe("the token's siteLicensing, from the policy (docs/connected.md)", () => {
  const policy = { connectedApproval: 'manual', exchangeIntervalMs: 3_600_000, minimumConnectedSiteVersion: '42.1' } as const;
  it('allows files, the link, or both, with the approval, the interval in seconds and the minimum version of connected mode', () => {
    expect(siteLicensingClaim({ ...policy, siteLicensing: 'files' })).toEqual({
      files: true,
      connected: false,
      approval: 'manual',
      exchangeInterval: 3600,
      connectedMinimumSiteVersion: '42.1',
    });
    expect(siteLicensingClaim({ ...policy, siteLicensing: 'files-or-connected' })).toMatchObject({ files: true, connected: true });
    expect(siteLicensingClaim({ ...policy, siteLicensing: 'connected' })).toMatchObject({ files: false, connected: true });
  });
});

describeEachStore('enablement tokens (docs/design.md, F1)', (context) => {
  let downloaded: Downloaded;

  it('refuses a customer that never asked for offline licensing, changing nothing', async () => {
    const { request, database } = context();
    await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard', minimumSiteVersion: '39.5' } });
    for (const id of ['acme', 'globex']) {
      await request({
        method: 'POST',
        url: '/v1/customers',
        payload: { id, name: id, contactEmail: `it@${id}.test`, accountEndsOn: '2027-12-31', policyId: 'standard' },
      });
    }
    await request({ method: 'POST', url: '/v1/customers/acme/sites', payload: { guid: plant.toUpperCase(), name: 'Plant 1' }, as: acmeUser });
    await request({ method: 'POST', url: '/v1/customers/globex/sites', payload: { guid: globexPlant, name: 'Globex plant' }, as: globexUser });
    const before = await state(database.db);
    const refused = await request({ method: 'POST', url: tokenUrl('acme', plant), as: acmeUser });
    expect(refused.json()).toMatchObject({ status: 403, code: 'OFFLINE_NOT_APPROVED', errors: { approval: 'none' } });
    expect(await state(database.db)).toEqual(before);
  });

  it('refuses a pending, then a denied customer, changing nothing', async () => {
    const { request, database } = context();
    const asked = await request({
      method: 'POST',
      url: '/v1/customers/acme/offline-requests',
      payload: { reason: 'air-gapped', details: 'No route out.', minimumSiteVersion: '40' },
      as: acmeUser,
    });
    let before = await state(database.db);
    expect((await request({ method: 'POST', url: tokenUrl('acme', plant), as: acmeUser })).json()).toMatchObject({
      status: 403,
      code: 'OFFLINE_NOT_APPROVED',
      errors: { approval: 'pending' },
    });
    expect(await state(database.db)).toEqual(before);

    await request({ method: 'POST', url: '/v1/customers/globex/offline-requests', payload: { reason: 'other', details: 'Why not.' }, as: globexUser });
    const globexRequests = await request({ method: 'GET', url: '/v1/customers/globex/offline-requests' });
    await request({ method: 'POST', url: `/v1/offline-requests/${globexRequests.json<{ id: string }[]>()[0]!.id}/decision`, payload: { decision: 'deny' } });
    before = await state(database.db);
    expect((await request({ method: 'POST', url: tokenUrl('globex', globexPlant), as: globexUser })).json()).toMatchObject({
      status: 403,
      code: 'OFFLINE_NOT_APPROVED',
      errors: { approval: 'denied' },
    });
    expect(await state(database.db)).toEqual(before);

    const approved = await request({
      method: 'POST',
      url: `/v1/offline-requests/${asked.json<{ id: string }>().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(approved.json()).toMatchObject({ status: 'approved' });
  });

  it('issues an approved customer’s user a token for its own site', async () => {
    const { request, clock } = context();
    const response = await request({ method: 'POST', url: tokenUrl('acme', plant.toUpperCase()), as: acmeUser });
    expect(response.statusCode).toBe(201);
    downloaded = response.json<Downloaded>();
    expect(downloaded).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      siteGuid: plant,
      expiresAt: new Date(clock.now().getTime() + hours(24)).toISOString(),
      text: expect.stringContaining('ENABLEMENT TOKEN'),
    });
  });

  it('gives a token the site opens against the pinned root, carrying the policy and the approval', async () => {
    const { clock, authority } = context();
    const { claims } = await openEnablementToken(downloaded.text, { now: clock.now(), siteGuid: plant, trust: authority.trust });
    expect(claims).toMatchObject({
      jti: downloaded.id,
      customerId: 'acme',
      siteGuid: plant,
      exp: Date.parse(downloaded.expiresAt) / 1000,
      // The approved request's 40 is stricter than the policy's 39.5.
      minimumSiteVersion: '40',
      authorityEncryptionKey: authority.encryptionCertificate,
      cycleWindows: { fromFirstLfr: 7 * 86_400, fromLatestLfr: 48 * 3600 },
      // The policy's defaults: either mode, answered at once, daily.
      siteLicensing: { files: true, connected: true, approval: 'automatic', exchangeInterval: 86_400, connectedMinimumSiteVersion: null },
    });
  });

  it('lets the site install it until 24 h after issue, to the minute', async () => {
    const { clock, authority, database } = context();
    const issuedAt = clock.now();
    const { claims } = await openEnablementToken(downloaded.text, { now: issuedAt, siteGuid: plant, trust: authority.trust });
    const policy = { ...(await loadLicensingPolicy(database.db, 'standard')), minimumSiteVersion: claims.minimumSiteVersion };
    const facts = { id: claims.jti, siteGuid: claims.siteGuid, issuedAt: fromNumericDate(claims.iat) };
    const at = (elapsed: number) =>
      checkEnablementToken(facts, { now: new Date(issuedAt.getTime() + elapsed), siteGuid: plant, siteVersion: '40.1.2', policy });

    expect(at(0)).toEqual({ ok: true, value: { expiresAt: new Date(downloaded.expiresAt) } });
    expect(at(hours(24) - minutes(1))).toMatchObject({ ok: true });
    expect(at(hours(24))).toEqual({
      ok: false,
      code: 'TOKEN_EXPIRED',
      detail: { tokenId: downloaded.id, issuedAt: issuedAt.toISOString(), expiredAt: downloaded.expiresAt, now: downloaded.expiresAt },
    });
  });

  it('records the token and its audit event, and shows it on the site', async () => {
    const { request, database, clock } = context();
    const rows = await database.db.selectFrom('enablement_tokens').selectAll().execute();
    expect(rows).toEqual([
      {
        id: downloaded.id,
        customer_id: 'acme',
        site_guid: plant,
        issued_at: clock.now(),
        expires_at: new Date(downloaded.expiresAt),
        issued_by: 'customer-user:u1',
      },
    ]);
    const events = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'object_id', 'after'])
      .where('object_type', '=', 'enablement-token')
      .execute();
    expect(events).toEqual([
      {
        actor: 'customer-user:u1',
        action: 'enablement-token.issue',
        object_id: downloaded.id,
        after: {
          id: downloaded.id,
          siteGuid: plant,
          expiresAt: downloaded.expiresAt,
          customerId: 'acme',
          minimumSiteVersion: '40',
          cycleWindows: { fromFirstLfr: 604_800, fromLatestLfr: 172_800 },
          siteLicensing: { files: true, connected: true, approval: 'automatic', exchangeInterval: 86_400, connectedMinimumSiteVersion: null },
        },
      },
    ]);
    const sites = await request({ method: 'GET', url: '/v1/customers/acme/sites', as: acmeUser });
    expect(sites.json()).toMatchObject([{ guid: plant, latestEnablementTokenAt: clock.now().toISOString() }]);
  });

  it('refuses a site the customer has not registered, or another customer’s, changing nothing', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    const unregistered = await request({ method: 'POST', url: tokenUrl('acme', '0a1b2c3d-0000-4000-8000-0000000000ff'), as: acmeUser });
    expect(unregistered.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { site: '0a1b2c3d-0000-4000-8000-0000000000ff' } });
    const othersSite = await request({ method: 'POST', url: tokenUrl('acme', globexPlant), as: acmeUser });
    expect(othersSite.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { site: globexPlant } });
    const malformed = await request({ method: 'POST', url: tokenUrl('acme', 'not-a-guid'), as: acmeUser });
    expect(malformed.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect(await state(database.db)).toEqual(before);
  });

  it('keeps one customer’s users from another’s tokens, and tokens with the licenses permission', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    const crossing = await request({ method: 'POST', url: tokenUrl('acme', plant), as: globexUser });
    expect(crossing.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const wrongScope = await request({ method: 'POST', url: tokenUrl('acme', plant), as: { kind: 'token', id: 't1', scopes: ['customers:write'] } });
    expect(wrongScope.json()).toMatchObject({ status: 403, code: 'FORBIDDEN', errors: { needs: 'licenses:write' } });
    expect(await state(database.db)).toEqual(before);
    const automation = await request({ method: 'POST', url: tokenUrl('acme', plant), as: { kind: 'token', id: 't2', scopes: ['licenses:write'] } });
    expect(automation.statusCode).toBe(201);
  });
});
