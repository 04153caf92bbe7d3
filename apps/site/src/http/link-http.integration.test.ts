import type { SiteLicensing } from '@airlock/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asOperator, createTestSiteApp, signedIn } from '../testing/site-callers.ts';
import { createTestSite, seat, type TestSite } from '../testing/site-fixtures.ts';
import { StubAuthority } from '../testing/stub-authority.ts';

type Headers = Readonly<Record<string, string>>;

const CONNECTED: SiteLicensing = { files: true, connected: true, approval: 'automatic', exchangeInterval: 3_600, connectedMinimumSiteVersion: null };

/** docs/connected.md, HTTP contract (site): the licensing mode, the link's status and an exchange now, through the site's real app. */
describe('the connected-mode API', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let stub: StubAuthority;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    app = await createTestSiteApp(test);
    stub = await StubAuthority.start(test.desk);
    stub.behave({ kind: 'answer', entitlements: [seat('bot-runner', 5)] });
  });
  afterEach(async () => {
    await app.close();
    await test.site.close();
    await stub.close();
  });

  const call = async (headers: Headers, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const response = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    const problem = String(response.headers['content-type']).startsWith('application/problem+json');
    return { status: response.statusCode, body: response.json<Record<string, unknown>>(), code: problem ? response.json<{ code: string }>().code : null };
  };

  it('switches a tenant to connected mode with its token, exchanges, and answers the status the site gives', async () => {
    const token = await test.desk.token(test.identity.guid, { siteLicensing: CONNECTED });
    const switched = await call(asOperator, 'PUT', '/v1/tenants/default/licensing-mode', { mode: 'connected', authorityUrl: stub.url, token });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    expect(switched.body).toMatchObject({
      tenant: 'default',
      mode: 'connected',
      authorityUrl: stub.url,
      lfr: null,
      link: { mode: 'connected', state: 'waiting' },
    });

    const exchanged = await call(asOperator, 'POST', '/v1/tenants/default/link/exchange');
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toEqual(test.site.link.status('default'));
    expect(exchanged.body).toMatchObject({ state: 'connected', summary: 'connected, last exchange 2026-11-23 10:00 UTC' });
    expect((await call(asOperator, 'GET', '/v1/tenants/default/link')).body).toEqual(exchanged.body);
    const status = await call(asOperator, 'GET', '/v1/tenants/default/status');
    expect(status.body).toEqual(JSON.parse(JSON.stringify(test.site.status('default'))));
    expect(status.body).toMatchObject({ status: 'active', link: exchanged.body, licensing: { files: true, connected: true, exchangeInterval: 3_600 } });

    stub.behave({ kind: 'down' });
    const lost = await call(asOperator, 'POST', '/v1/tenants/default/link/exchange');
    expect(lost).toMatchObject({ status: 502, code: 'AUTHORITY_UNREACHABLE' });
    expect((await call(asOperator, 'GET', '/v1/tenants/default/link')).body).toMatchObject({
      state: 'link-lost',
      linkLostSince: test.clock.now().toISOString(),
    });
  });

  it('gives the first LFR of a move to files, and refuses with the stable codes', async () => {
    expect(await call(asOperator, 'PUT', '/v1/tenants/blue/licensing-mode', { mode: 'files' })).toMatchObject({ status: 422, code: 'NOT_ENABLED' });
    const moved = await call(asOperator, 'PUT', '/v1/tenants/blue/licensing-mode', { mode: 'files', token: await test.desk.token(test.identity.guid) });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      mode: 'files',
      lfr: { tenant: 'blue', cycle: 1, replaces: null, text: expect.stringMatching(/^-----BEGIN AIRLOCK LICENSE FILE REQUEST/) },
      link: { state: 'files' },
    });
    expect(await call(asOperator, 'PUT', '/v1/tenants/blue/licensing-mode', { mode: 'connected', authorityUrl: stub.url })).toMatchObject({
      status: 403,
      code: 'CONNECTED_MODE_NOT_ALLOWED',
    });
    expect(await call(asOperator, 'POST', '/v1/tenants/blue/link/exchange')).toMatchObject({ status: 409, code: 'NOT_CONNECTED' });
    expect(await call(asOperator, 'PUT', '/v1/tenants/blue/licensing-mode', { mode: 'online' })).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    await test.site.installToken(
      'blue',
      await test.desk.token(test.identity.guid, { siteLicensing: { ...CONNECTED, files: false, connectedMinimumSiteVersion: '99' } }),
    );
    expect(await call(asOperator, 'PUT', '/v1/tenants/blue/licensing-mode', { mode: 'files' })).toMatchObject({ status: 409, code: 'CONNECTED_MODE_REQUIRED' });
    const old = await call(asOperator, 'PUT', '/v1/tenants/blue/licensing-mode', { mode: 'connected', authorityUrl: stub.url });
    expect(old).toMatchObject({ code: 'SITE_VERSION_TOO_OLD' });
  });

  it("lets the tenant's own administrators switch it, and no one else's", async () => {
    const dee = (await signedIn(app, test.site, { account: 'dee', role: 'tenant-admin', tenant: 'default' })).headers;
    const token = await test.desk.token(test.identity.guid, { siteLicensing: CONNECTED });
    expect(await call(dee, 'PUT', '/v1/tenants/blue/licensing-mode', { mode: 'connected', authorityUrl: stub.url, token })).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(await call(dee, 'PUT', '/v1/tenants/default/licensing-mode', { mode: 'connected', authorityUrl: stub.url, token })).toMatchObject({ status: 200 });
    await test.site.link.exchangeNow('default');
  });

  it("lists the connected-mode routes in its OpenAPI document, with the link's status schema", async () => {
    const openapi = (await call(asOperator, 'GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> }>>;
    };
    const methods = (path: string) => Object.keys(openapi.paths[path] ?? {}).sort();
    expect(methods('/v1/tenants/{tenant}/licensing-mode')).toEqual(['put']);
    expect(methods('/v1/tenants/{tenant}/link')).toEqual(['get']);
    expect(methods('/v1/tenants/{tenant}/link/exchange')).toEqual(['post']);
    const status = openapi.paths['/v1/tenants/{tenant}/link']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(Object.keys(status.properties ?? {}).sort()).toEqual([
      'authorityUrl',
      'lastAnswerAt',
      'lastError',
      'lastExchangeAt',
      'linkLostSince',
      'mode',
      'nextExchangeAt',
      'olfDueBy',
      'pending',
      'state',
      'summary',
    ]);
  });
});
