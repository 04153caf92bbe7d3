import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { item, TestActivationDesk } from '../../testing/activated-license-testing.ts';
import { asOperator, createTestSiteApp, signedIn } from '../../testing/site-callers.ts';
import { createTestSite, type TestSite } from '../../testing/site-fixtures.ts';

/** Installing activated licenses over HTTP: the file as JSON or as text, and who may install where. */
describe('the activated-license routes', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let desk: TestActivationDesk;
  let rk: Record<string, string>;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['blue', 'green'] });
    app = await createTestSiteApp(test);
    desk = new TestActivationDesk(test.desk.authority, test.clock);
    rk = Object.fromEntries(test.site.tenants().map((tenant) => [tenant.tenant, tenant.registrationKey]));
  });
  afterEach(async () => {
    await app.close();
  });

  const same = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  it('installs the file sent as text on the tenant its Registration Key names, and shows it in the status', async () => {
    const first = await desk.activate(rk.blue!, [item('bot-runner', 5), item('bot-creator', 1, 'pilot', '2026-12-31')]);
    const installed = await app.inject({
      method: 'POST',
      url: '/v1/activated-licenses',
      headers: { ...asOperator, 'content-type': 'text/plain' },
      payload: first.text,
    });
    expect(installed.statusCode, installed.body).toBe(200);
    expect(installed.json()).toEqual({
      tenant: 'blue',
      licenseId: first.claims.jti,
      registrationKey: rk.blue,
      customerId: 'acme',
      revision: 1,
      activatedLrn: first.lrn,
      lrns: [first.lrn],
      items: [item('bot-creator', 1, 'pilot', '2026-12-31'), item('bot-runner', 5)],
      entitlements: [
        { licenseType: 'bot-creator', quantity: 1 },
        { licenseType: 'bot-runner', quantity: 5 },
      ],
      endsOn: null,
      replaces: null,
    });
    const status = await app.inject({ method: 'GET', url: '/v1/tenants/blue/status', headers: asOperator });
    expect(status.json()).toEqual(same(test.site.status('blue')));
    expect(status.json()).toMatchObject({
      status: 'active',
      activatedLicense: { revision: 1, items: [{ kind: 'permanent' }, { kind: 'pilot', expiresOn: '2026-12-31', inForce: true }] },
    });

    const second = await desk.activate(rk.blue!, [item('bot-runner', 1)]);
    const onTenant = await app.inject({ method: 'POST', url: '/v1/tenants/blue/activated-license', headers: asOperator, payload: { text: second.text } });
    expect(onTenant.statusCode, onTenant.body).toBe(200);
    expect(onTenant.json()).toMatchObject({
      revision: 2,
      replaces: { document: 'activated-license', id: first.claims.jti },
      entitlements: [{ licenseType: 'bot-runner', quantity: 6 }],
    });
  });

  it('answers refusals as problems with their code', async () => {
    const blue = await desk.activate(rk.blue!, [item('bot-runner', 5)]);
    const wrongTenant = await app.inject({ method: 'POST', url: '/v1/tenants/green/activated-license', headers: asOperator, payload: { text: blue.text } });
    expect({ status: wrongTenant.statusCode, code: wrongTenant.json<{ code: string }>().code }).toEqual({ status: 422, code: 'WRONG_RECIPIENT' });
    await test.site.installActivatedLicense(blue.text);
    const again = await app.inject({ method: 'POST', url: '/v1/activated-licenses', headers: asOperator, payload: { text: blue.text } });
    expect(again.json()).toMatchObject({ status: 422, code: 'ACTIVATED_LICENSE_NOT_NEWER', errors: { tenant: 'blue', installed: 1, found: 1 } });
    const empty = await app.inject({ method: 'POST', url: '/v1/activated-licenses', headers: asOperator, payload: { text: '' } });
    expect(empty.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
  });

  it('refuses any body that is not an activated license with a problem, and changes nothing', async () => {
    const before = { sequence: test.site.info().ledger.sequence, blue: test.site.status('blue') };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 500 }).map((text) => ({ text })),
          fc.jsonValue(),
        ),
        fc.constantFrom('/v1/activated-licenses', '/v1/tenants/blue/activated-license'),
        async (payload, url) => {
          const response = await app.inject({
            method: 'POST',
            url,
            headers: { ...asOperator, 'content-type': 'application/json' },
            payload: JSON.stringify(payload),
          });
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
          expect(response.statusCode).toBeLessThan(500);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        },
      ),
      { numRuns: 80 },
    );
    expect({ sequence: test.site.info().ledger.sequence, blue: test.site.status('blue') }).toEqual(before);
  });

  it('lets a tenant administrator install on its own tenant only, and no one unauthenticated', async () => {
    const greenAdmin = await signedIn(app, test.site, { account: 'green-admin', role: 'tenant-admin', tenant: 'green' });
    const green = await desk.activate(rk.green!, [item('bot-runner', 2)]);
    const blue = await desk.activate(rk.blue!, [item('bot-runner', 2)]);
    const install = (url: string, text: string) => app.inject({ method: 'POST', url, headers: greenAdmin.headers, payload: { text } });

    expect((await install('/v1/tenants/blue/activated-license', blue.text)).statusCode).toBe(403);
    expect((await install('/v1/activated-licenses', green.text)).statusCode).toBe(403);
    const own = await install('/v1/tenants/green/activated-license', green.text);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ tenant: 'green', revision: 1 });
    expect(test.site.status('blue')).toMatchObject({ status: 'unlicensed', activatedLicense: null });
    expect((await app.inject({ method: 'POST', url: '/v1/activated-licenses', payload: { text: blue.text } })).statusCode).toBe(401);
  });
});
