import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, feature, licenseTenant, meter, seat, type TestSite } from '../testing/site-fixtures.ts';
import { asOperator, createTestSiteApp } from '../testing/site-callers.ts';

/** The site's HTTP API, built without listening and called with `app.inject`. */
describe('the site HTTP API', () => {
  let test: TestSite;
  let app: FastifyInstance;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    app = await createTestSiteApp(test);
  });
  afterEach(async () => {
    await app.close();
  });

  // As the operator: who may do everything. Who may do what is tested in access.test.ts.
  const post = (url: string, payload?: unknown) =>
    app.inject({ method: 'POST', url, headers: asOperator, ...(payload === undefined ? {} : { payload: payload as object }) });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: asOperator });

  it('runs the offline cycle: token as JSON, LFR out, OLF as text/plain, then status', async () => {
    const { desk, identity } = test;
    const token = await post('/v1/tenants/default/token', { text: await desk.token(identity.guid) });
    expect(token.statusCode, token.body).toBe(200);
    expect(token.json()).toMatchObject({ tenant: 'default', customerId: 'acme' });

    const lfr = await post('/v1/tenants/default/lfr');
    expect(lfr.statusCode, lfr.body).toBe(200);
    const generated = lfr.json<{ id: string; text: string; cycle: number }>();
    expect(generated).toMatchObject({ cycle: 1, sequence: 1, supersedes: null, text: expect.stringMatching(/^-----BEGIN AIRLOCK LICENSE FILE REQUEST-----/) });

    const olfText = await desk.answer(generated.text, { entitlements: [seat('bot-runner', 2), meter('bot-runs', 10), feature('export')] });
    const olf = await app.inject({
      method: 'POST',
      url: '/v1/tenants/default/olf',
      headers: { ...asOperator, 'content-type': 'text/plain' },
      payload: olfText,
    });
    expect(olf.statusCode, olf.body).toBe(200);
    expect(olf.json()).toMatchObject({
      tenant: 'default',
      lfrId: generated.id,
      cycle: 1,
      replaces: null,
      entitlements: [{ type: 'bot-runner', category: 'seat', quantity: 2 }, expect.anything(), expect.anything()],
    });

    const status = await get('/v1/tenants/default/status');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual(JSON.parse(JSON.stringify(test.site.status('default'))));
    expect(status.json()).toMatchObject({ status: 'active' });
  });

  it('answers every field of every report the use cases produce', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 2), meter('bot-runs', 10), feature('export')]);
    await test.site.checkoutSeat('default', 'bot-runner', 'ana');
    await test.site.consume('default', 'bot-runs', 3);
    await test.site.generateLfr('default');
    const same = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    expect((await get('/v1/tenants/default/status')).json()).toEqual(same(test.site.status('default')));
    expect((await get('/v1/tenants/default/usage?events=5')).json()).toEqual(same(test.site.usage('default', { events: 5 })));
    expect((await get('/v1/site')).json()).toEqual(same(test.site.info()));
    expect((await get('/v1/tenants')).json()).toEqual({ tenants: same(test.site.tenants()) });
  });

  it('serves licensed applications: features, seats, release and meters', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 1), meter('bot-runs', 10), feature('export')]);
    expect((await post('/v1/tenants/default/features/export/check')).json()).toEqual({ tenant: 'default', feature: 'export', granted: true });
    expect((await post('/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana' })).json()).toEqual({
      tenant: 'default',
      type: 'bot-runner',
      user: 'ana',
      assigned: true,
      used: 1,
      limit: 1,
    });
    expect((await post('/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana' })).json()).toMatchObject({ assigned: false });
    const full = await post('/v1/tenants/default/seats/bot-runner/checkout', { user: 'bo' });
    expect({ status: full.statusCode, type: full.headers['content-type'], body: full.json() }).toEqual({
      status: 409,
      type: 'application/problem+json; charset=utf-8',
      body: {
        type: 'https://airlock.dev/errors#seat_limit_reached',
        title: 'SEAT_LIMIT_REACHED',
        status: 409,
        code: 'SEAT_LIMIT_REACHED',
        detail: expect.any(String),
        instance: '/v1/tenants/default/seats/bot-runner/checkout',
        requestId: full.headers['x-request-id'],
        errors: { tenant: 'default', type: 'bot-runner', limit: 1, used: 1 },
      },
    });
    expect((await post('/v1/tenants/default/seats/bot-runner/release', { user: 'ana' })).json()).toMatchObject({ released: true, used: 0 });
    expect((await post('/v1/tenants/default/meters/bot-runs/consume', { amount: 4 })).json()).toEqual({
      tenant: 'default',
      meter: 'bot-runs',
      amount: 4,
      total: 4,
      limit: 10,
    });
    const over = await post('/v1/tenants/default/meters/bot-runs/consume', { amount: 7 });
    expect({ status: over.statusCode, code: over.json<{ code: string }>().code }).toEqual({ status: 409, code: 'METER_LIMIT_REACHED' });
    const unlicensed = await post('/v1/tenants/blue/features/export/check');
    expect({ status: unlicensed.statusCode, code: unlicensed.json<{ code: string }>().code }).toEqual({ status: 422, code: 'SITE_NOT_LICENSED' });
  });

  it('de-provisions users and reassigns seats for the admin', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 2)]);
    await post('/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana b.' });
    await post('/v1/tenants/default/seats/bot-runner/checkout', { user: 'bo' });
    expect((await post('/v1/tenants/default/seats/bot-runner/reassign', { from: 'bo', to: 'cy' })).json()).toEqual({
      tenant: 'default',
      type: 'bot-runner',
      from: 'bo',
      to: 'cy',
    });
    expect((await post(`/v1/tenants/default/users/${encodeURIComponent('ana b.')}/deprovision`)).json()).toEqual({
      tenant: 'default',
      user: 'ana b.',
      freed: ['bot-runner'],
    });
    const notHeld = await post('/v1/tenants/default/seats/bot-runner/reassign', { from: 'bo', to: 'dee' });
    expect({ status: notHeld.statusCode, code: notHeld.json<{ code: string }>().code }).toEqual({ status: 409, code: 'SEAT_NOT_HELD' });
    expect(test.site.status('default').seats).toEqual([{ type: 'bot-runner', used: 1, limit: 2, users: ['cy'] }]);
  });

  it('records who asked: the admin for documents and seats by hand', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 2)]);
    await post('/v1/tenants/default/lfr');
    await post('/v1/tenants', { tenant: 'green' });
    const events = test.site.usage('default').events.map((entry) => entry.event);
    expect(events[0]).toMatchObject({ t: 'lfr-generated', by: 'operator' });
    expect(test.site.usage('green').events[0]!.event).toMatchObject({ t: 'tenant-created', tenant: 'green', by: 'operator' });
  });

  it('refuses malformed requests with REQUEST_INVALID and unknown tenants or routes with their codes', async () => {
    const codeOf = async (response: Promise<{ statusCode: number; json: <T>() => T }>) => {
      const answered = await response;
      return [answered.statusCode, answered.json<{ code: string }>().code];
    };
    expect(await codeOf(post('/v1/tenants/default/seats/bot-runner/checkout', { user: '' }))).toEqual([400, 'REQUEST_INVALID']);
    expect(await codeOf(post('/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana', extra: 1 }))).toEqual([400, 'REQUEST_INVALID']);
    expect(await codeOf(post('/v1/tenants/default/meters/bot-runs/consume', { amount: 0 }))).toEqual([400, 'REQUEST_INVALID']);
    expect(await codeOf(post('/v1/tenants/default/meters/bot-runs/consume', { amount: '5' }))).toEqual([400, 'REQUEST_INVALID']);
    expect(await codeOf(post('/v1/tenants/no%20such/features/x/check'))).toEqual([400, 'REQUEST_INVALID']);
    expect(await codeOf(post('/v1/tenants/nobody/features/x/check'))).toEqual([404, 'TENANT_NOT_FOUND']);
    expect(await codeOf(post('/v1/tenants/default/token', { text: 'x'.repeat(1_048_577) }))).toEqual([400, 'REQUEST_INVALID']);
    expect(
      await codeOf(
        app.inject({
          method: 'POST',
          url: '/v1/tenants/default/token',
          headers: { ...asOperator, 'content-type': 'text/plain' },
          payload: 'y'.repeat(3 * 1024 * 1024),
        }),
      ),
    ).toEqual([413, 'DOCUMENT_TOO_LARGE']);
    expect(await codeOf(post('/v1/tenants/default/lfr'))).toEqual([422, 'NOT_ENABLED']);
    expect(await codeOf(get('/v1/nothing'))).toEqual([404, 'NOT_FOUND']);
    expect(await codeOf(post('/v1/tenants', { tenant: 'default' }))).toEqual([409, 'CONFLICT']);
  });

  it('gives no more seats than there are to many parallel requests', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 7)]);
    const responses = await Promise.all(
      Array.from({ length: 80 }, (_, i) => post('/v1/tenants/default/seats/bot-runner/checkout', { user: `user-${i % 40}` })),
    );
    const granted = responses.filter((response) => response.statusCode === 200).map((response) => response.json<{ user: string }>().user);
    expect(new Set(granted).size).toBe(7);
    expect(
      responses.filter((response) => response.statusCode === 409).every((response) => response.json<{ code: string }>().code === 'SEAT_LIMIT_REACHED'),
    ).toBe(true);
    expect(test.site.status('default').seats[0]).toMatchObject({ used: 7, limit: 7 });
  });

  it('answers liveness, readiness and its OpenAPI document', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((await get('/healthz')).json()).toEqual({
      status: 'ok',
      product: 'airlock',
      component: 'site',
      version,
      formats: { documents: { writes: 1, reads: [1] } },
    });
    expect((await get('/readyz')).json()).toEqual({ status: 'ready' });
    const openapi = (await get('/openapi.json')).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/tenants/{tenant}/token',
        '/v1/tenants/{tenant}/lfr',
        '/v1/tenants/{tenant}/olf',
        '/v1/tenants/{tenant}/status',
        '/v1/tenants/{tenant}/usage',
        '/v1/tenants/{tenant}/users/{user}/deprovision',
        '/v1/tenants/{tenant}/seats/{type}/reassign',
        '/v1/tenants/{tenant}/features/{feature}/check',
        '/v1/tenants/{tenant}/seats/{type}/checkout',
        '/v1/tenants/{tenant}/seats/{type}/release',
        '/v1/tenants/{tenant}/meters/{meter}/consume',
      ]),
    );
  });

  it('is not ready once a ledger write failed', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 2)]);
    test.store.failNextWrite = true;
    const failed = await post('/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana' });
    expect({ status: failed.statusCode, code: failed.json<{ code: string }>().code }).toEqual({ status: 503, code: 'LEDGER_UNAVAILABLE' });
    const ready = await get('/readyz');
    expect({ status: ready.statusCode, code: ready.json<{ code: string }>().code }).toEqual({ status: 503, code: 'LEDGER_UNAVAILABLE' });
  });
});
