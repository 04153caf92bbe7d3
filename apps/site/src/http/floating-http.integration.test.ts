import { generateKeyPair, heartbeatMac, leaseHeartbeatKey, openSiteBorrow, openSiteLease } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leaseRequest, newDeviceKey } from '../testing/floating-devices.ts';
import { asApplication, asOperator, createTestSiteApp, signedIn } from '../testing/site-callers.ts';
import { createTestSite, licenseTenant, seat, type TestSite } from '../testing/site-fixtures.ts';

type Headers = Readonly<Record<string, string>>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** docs/floating.md, The API: floating seats through the site's real HTTP app, as applications and administrators call it. */
describe('the floating-seat API', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let application: Headers;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    app = await createTestSiteApp(test);
    await licenseTenant(test, 'default', [seat('designer', 2)]);
    await licenseTenant(test, 'blue', [seat('designer', 2)]);
    application = await asApplication(test.site, 'default');
  });
  afterEach(async () => {
    await app.close();
  });

  const call = async (headers: Headers, method: Method, url: string, payload?: object) => {
    const response = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    const problem = String(response.headers['content-type']).startsWith('application/problem+json');
    return { status: response.statusCode, body: response.json<Record<string, unknown>>(), code: problem ? response.json<{ code: string }>().code : null };
  };
  const trust = () => ({ root: test.desk.authority.root.publicJwk });

  it('lets an application key of the tenant lease, heartbeat, release, borrow and return', async () => {
    const key = newDeviceKey();
    const leased = await call(application, 'POST', '/v1/tenants/default/leases', { type: 'designer', user: 'ana', fingerprint: 'a', deviceKey: key.publicJwk });
    expect(leased.status, JSON.stringify(leased.body)).toBe(200);
    const grant = leased.body as { leaseId: string; lease: string };
    expect(leased.body).toEqual({
      tenant: 'default',
      leaseId: expect.any(String),
      type: 'designer',
      user: 'ana',
      fingerprint: 'a',
      ttlSeconds: 900,
      heartbeatSeconds: 300,
      expiresAt: new Date(test.clock.now().getTime() + 900_000).toISOString(),
      renewed: false,
      used: 1,
      limit: 2,
      lease: expect.stringMatching(/^-----BEGIN AIRLOCK/),
    });
    const lease = await openSiteLease(grant.lease, {
      now: test.clock.now(),
      trust: trust(),
      fingerprint: 'a',
      siteGuid: test.identity.guid,
      tenant: 'default',
    });

    test.clock.advance(60_000);
    const beat = await call(application, 'POST', `/v1/tenants/default/leases/${grant.leaseId}/heartbeat`, { nonce: 'bm9uY2UtMQ' });
    expect(beat.status).toBe(200);
    const exp = Math.floor((test.clock.now().getTime() + 900_000) / 1000);
    expect(beat.body).toEqual({
      leaseId: grant.leaseId,
      nonce: 'bm9uY2UtMQ',
      exp,
      expiresAt: new Date(exp * 1000).toISOString(),
      mac: heartbeatMac(leaseHeartbeatKey(key.privateKey, lease.claims.siteKey, grant.leaseId), { leaseId: grant.leaseId, nonce: 'bm9uY2UtMQ', exp }),
    });

    expect((await call(application, 'DELETE', `/v1/tenants/default/leases/${grant.leaseId}`)).body).toEqual({ leaseId: grant.leaseId, released: true });
    expect((await call(application, 'DELETE', `/v1/tenants/default/leases/${grant.leaseId}`)).body).toEqual({ leaseId: grant.leaseId, released: false });
    expect(await call(application, 'POST', `/v1/tenants/default/leases/${grant.leaseId}/heartbeat`, { nonce: 'n2' })).toMatchObject({
      status: 404,
      code: 'LEASE_NOT_FOUND',
    });

    const borrowed = await call(application, 'POST', '/v1/tenants/default/borrows', { type: 'designer', user: 'ana', fingerprint: 'a', days: 3 });
    expect(borrowed.status).toBe(200);
    const borrow = borrowed.body as { leaseId: string; borrow: string; expiresAt: string };
    expect(borrowed.body).toMatchObject({
      tenant: 'default',
      type: 'designer',
      user: 'ana',
      fingerprint: 'a',
      expiresAt: new Date(test.clock.now().getTime() + 3 * 86_400_000).toISOString(),
    });
    await openSiteBorrow(borrow.borrow, { now: test.clock.now(), trust: trust(), fingerprint: 'a', siteGuid: test.identity.guid, tenant: 'default' });
    expect((await call(application, 'DELETE', `/v1/tenants/default/borrows/${borrow.leaseId}`)).body).toEqual({ leaseId: borrow.leaseId, returned: true });
    expect((await call(application, 'DELETE', `/v1/tenants/default/borrows/${borrow.leaseId}`)).body).toEqual({ leaseId: borrow.leaseId, returned: false });
    expect(test.site.floating.view('default').leases).toEqual([]);
  });

  it('answers the refusals of the use case as problems with their codes', async () => {
    for (const user of ['ana', 'bo']) await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest(user, user));
    expect(await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest('cy', 'c'))).toMatchObject({ status: 409, code: 'SEAT_LIMIT_REACHED' });
    expect(await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest('cy', 'c', 'viewer'))).toMatchObject({
      code: 'LICENSE_TYPE_NOT_LICENSED',
    });
    expect(await call(application, 'POST', '/v1/tenants/default/borrows', { type: 'designer', user: 'cy', fingerprint: 'c', days: 8 })).toMatchObject({
      status: 400,
      code: 'LEASE_TTL_INVALID',
    });
    expect(await call(asOperator, 'PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: 900, borrowMaxDays: 0 })).toMatchObject({
      status: 200,
      body: { leaseTtlSeconds: 900, borrowMaxDays: 0 },
    });
    expect(await call(application, 'POST', '/v1/tenants/default/borrows', { type: 'designer', user: 'cy', fingerprint: 'c', days: 1 })).toMatchObject({
      status: 409,
      code: 'BORROW_NOT_ALLOWED',
    });
  });

  it("refuses another tenant's application key, and application keys on the administrators' routes (FORBIDDEN)", async () => {
    const blue = await asApplication(test.site, 'blue');
    const leased = await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest('ana', 'a'));
    const leaseId = String(leased.body.leaseId);
    const head = test.site.info().ledger;
    const others: [Method, string, object?][] = [
      ['POST', '/v1/tenants/default/leases', leaseRequest('bo', 'b')],
      ['POST', `/v1/tenants/default/leases/${leaseId}/heartbeat`, { nonce: 'n1' }],
      ['DELETE', `/v1/tenants/default/leases/${leaseId}`],
      ['POST', '/v1/tenants/default/borrows', { type: 'designer', user: 'bo', fingerprint: 'b', days: 1 }],
      ['DELETE', `/v1/tenants/default/borrows/${leaseId}`],
    ];
    for (const [method, url, payload] of others)
      expect({ url, ...(await call(blue, method, url, payload)) }).toMatchObject({ url, status: 403, code: 'FORBIDDEN' });
    const admin: [Method, string, object?][] = [
      ['GET', '/v1/tenants/default/leases'],
      ['POST', `/v1/tenants/default/leases/${leaseId}/revoke`],
      ['PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: 60, borrowMaxDays: 1 }],
    ];
    for (const [method, url, payload] of admin)
      expect({ url, ...(await call(application, method, url, payload)) }).toMatchObject({ url, status: 403, code: 'FORBIDDEN' });
    expect(test.site.info().ledger).toEqual(head);
    expect(test.site.floating.view('default')).toMatchObject({ settings: { leaseTtlSeconds: 900, borrowMaxDays: 7 }, leases: [{ leaseId }] });
  });

  it("lets the tenant's administrators see, revoke and configure its floating seats, and no other tenant's", async () => {
    const own = (await signedIn(app, test.site, { account: 'tess', role: 'tenant-admin', tenant: 'default' })).headers;
    const other = (await signedIn(app, test.site, { account: 'bob', role: 'tenant-admin', tenant: 'blue' })).headers;
    const auditor = (await signedIn(app, test.site, { account: 'audrey', role: 'auditor' })).headers;
    const leased = await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest('ana', 'a'));
    const leaseId = String(leased.body.leaseId);

    for (const headers of [other]) {
      expect(await call(headers, 'GET', '/v1/tenants/default/leases')).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(await call(headers, 'POST', `/v1/tenants/default/leases/${leaseId}/revoke`)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(await call(headers, 'PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: 60, borrowMaxDays: 1 })).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    expect(await call(auditor, 'GET', '/v1/tenants/default/leases')).toMatchObject({ status: 200 });
    expect(await call(auditor, 'POST', `/v1/tenants/default/leases/${leaseId}/revoke`)).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const seen = await call(own, 'GET', '/v1/tenants/default/leases');
    expect(seen.body).toEqual(JSON.parse(JSON.stringify(test.site.floating.view('default'))));
    expect(seen.body).toMatchObject({ types: [{ type: 'designer', limit: 2, used: 1 }], leases: [{ leaseId, kind: 'lease', user: 'ana' }] });
    expect(await call(own, 'PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: 120, borrowMaxDays: 3 })).toMatchObject({
      status: 200,
      body: { leaseTtlSeconds: 120, borrowMaxDays: 3 },
    });
    expect((await call(own, 'POST', `/v1/tenants/default/leases/${leaseId}/revoke`)).body).toEqual({ leaseId, revoked: true });
    expect(await call(own, 'POST', `/v1/tenants/default/leases/${leaseId}/revoke`)).toMatchObject({ status: 404, code: 'LEASE_NOT_FOUND' });
    expect(await call(application, 'POST', `/v1/tenants/default/leases/${leaseId}/heartbeat`, { nonce: 'n1' })).toMatchObject({
      status: 404,
      code: 'LEASE_NOT_FOUND',
    });
    expect(
      test.site
        .usage('default')
        .events.slice(0, 2)
        .map((entry) => entry.event),
    ).toEqual([
      { t: 'lease-ended', tenant: 'default', leaseId, reason: 'revoked', by: 'account:tess' },
      { t: 'floating-settings-set', tenant: 'default', leaseTtl: 120_000, borrowMax: 3 * 86_400_000, by: 'account:tess' },
    ]);
  });

  it('refuses malformed bodies with 400 REQUEST_INVALID, and changes nothing', async () => {
    const ed25519 = generateKeyPair('Ed25519', seededRandom('floating-http/ed25519')).publicJwk;
    const leased = await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest('ana', 'a'));
    const leaseId = String(leased.body.leaseId);
    const good = leaseRequest('bo', 'b');
    const noKey = { type: good.type, user: good.user, fingerprint: good.fingerprint };
    const bad: [Method, string, object | undefined, Headers][] = [
      ['POST', '/v1/tenants/default/leases', noKey, application],
      ['POST', '/v1/tenants/default/leases', { ...good, deviceKey: ed25519 }, application],
      ['POST', '/v1/tenants/default/leases', { ...good, deviceKey: { ...good.deviceKey, crv: 'X448' } }, application],
      ['POST', '/v1/tenants/default/leases', { ...good, deviceKey: { ...good.deviceKey, x: 'too-short' } }, application],
      ['POST', '/v1/tenants/default/leases', { ...good, wait: 301 }, application],
      ['POST', '/v1/tenants/default/leases', { ...good, wait: -1 }, application],
      ['POST', '/v1/tenants/default/leases', { ...good, fingerprint: 'with space' }, application],
      ['POST', '/v1/tenants/default/leases', { ...good, fingerprint: '' }, application],
      ['POST', '/v1/tenants/default/leases', { ...good, extra: true }, application],
      ['POST', '/v1/tenants/default/leases', undefined, application],
      ['POST', `/v1/tenants/default/leases/${leaseId}/heartbeat`, { nonce: 'with space' }, application],
      ['POST', `/v1/tenants/default/leases/${leaseId}/heartbeat`, { nonce: '' }, application],
      ['POST', `/v1/tenants/default/leases/${leaseId}/heartbeat`, { nonce: 'n'.repeat(65) }, application],
      ['POST', `/v1/tenants/default/leases/${leaseId}/heartbeat`, { nonce: 'padded==' }, application],
      ['POST', '/v1/tenants/default/borrows', { type: 'designer', user: 'bo', fingerprint: 'b', days: 0 }, application],
      ['POST', '/v1/tenants/default/borrows', { type: 'designer', user: 'bo', fingerprint: 'b', days: 91 }, application],
      ['POST', '/v1/tenants/default/borrows', { type: 'designer', user: 'bo', fingerprint: 'b', days: 1.5 }, application],
      ['POST', '/v1/tenants/default/borrows', { type: 'designer', user: 'bo', fingerprint: 'b' }, application],
      ['PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: 59, borrowMaxDays: 1 }, asOperator],
      ['PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: 86_401, borrowMaxDays: 1 }, asOperator],
      ['PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: 600, borrowMaxDays: 91 }, asOperator],
      ['PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: 600 }, asOperator],
    ];
    const head = test.site.info().ledger;
    const before = test.site.floating.view('default');
    for (const [method, url, payload, headers] of bad) {
      expect({ url, payload, ...(await call(headers, method, url, payload)) }).toMatchObject({ url, payload, status: 400, code: 'REQUEST_INVALID' });
    }
    // Well formed, but a point of low order: refused by the site, not the schema.
    const lowOrder = { kty: 'OKP', crv: 'X25519', x: Buffer.alloc(32).toString('base64url') };
    expect(await call(application, 'POST', '/v1/tenants/default/leases', { ...good, deviceKey: lowOrder })).toMatchObject({ status: 422, code: 'KEY_INVALID' });
    expect(test.site.info().ledger).toEqual(head);
    expect(test.site.floating.view('default')).toEqual(before);
  });

  it('waits in line over HTTP when asked to, and answers SEAT_LIMIT_REACHED when the wait runs out', async () => {
    for (const user of ['ana', 'bo']) await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest(user, user));
    const started = performance.now();
    expect(await call(application, 'POST', '/v1/tenants/default/leases', { ...leaseRequest('cy', 'c'), wait: 1 })).toMatchObject({
      status: 409,
      code: 'SEAT_LIMIT_REACHED',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('answers the requests waiting in line when it shuts down, rather than holding the shutdown for their wait', async () => {
    for (const user of ['ana', 'bo']) await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest(user, user));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const waiting = fetch(`${url}/v1/tenants/default/leases`, {
      // Not kept alive: the server's close waits for the connection, not only for the request.
      method: 'POST',
      headers: { ...application, 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ ...leaseRequest('cy', 'c'), wait: 120 }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Held for its wait, the close would take 120 s: the test's own limit would fail it first.
    await app.close();
    const answer = await waiting;
    expect({ status: answer.status, code: ((await answer.json()) as { code: string }).code }).toEqual({ status: 409, code: 'SEAT_LIMIT_REACHED' });
  });

  it('takes a waiting request out of the line when its caller hangs up, so the seat freed next is not granted to no one', async () => {
    const held = await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest('ana', 'a'));
    await call(application, 'POST', '/v1/tenants/default/leases', leaseRequest('bo', 'b'));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const caller = new AbortController();
    const hungUp = fetch(`${url}/v1/tenants/default/leases`, {
      method: 'POST',
      headers: { ...application, 'content-type': 'application/json' },
      body: JSON.stringify({ ...leaseRequest('cy', 'c'), wait: 120 }),
      signal: caller.signal,
    }).catch((error: unknown) => error);
    await until(() => test.site.floating.inLine('default', 'designer') === 1);
    caller.abort();
    await hungUp;
    await until(() => test.site.floating.inLine('default', 'designer') === 0);
    await test.site.floating.release('default', (held.body as { leaseId: string }).leaseId);
    expect(test.site.floating.view('default').leases.map((lease) => lease.user)).toEqual(['bo']);
  });

  it('lists the floating-seat routes in its OpenAPI document', async () => {
    const openapi = (await call(asOperator, 'GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const methods = (path: string) => Object.keys(openapi.paths[path] ?? {}).sort();
    expect(methods('/v1/tenants/{tenant}/leases')).toEqual(['get', 'post']);
    expect(methods('/v1/tenants/{tenant}/leases/{leaseId}')).toEqual(['delete']);
    expect(methods('/v1/tenants/{tenant}/leases/{leaseId}/heartbeat')).toEqual(['post']);
    expect(methods('/v1/tenants/{tenant}/leases/{leaseId}/revoke')).toEqual(['post']);
    expect(methods('/v1/tenants/{tenant}/borrows')).toEqual(['post']);
    expect(methods('/v1/tenants/{tenant}/borrows/{leaseId}')).toEqual(['delete']);
    expect(methods('/v1/tenants/{tenant}/floating')).toEqual(['put']);
  });
});

/** Waits until the condition holds, looking every 20 ms, for at most ten seconds. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error('the condition did not come to hold within ten seconds');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
