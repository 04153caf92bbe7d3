import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { asApplication, asOperator, createTestSiteApp, signedIn } from '../testing/site-callers.ts';
import { createTestSite, licenseTenant, seat, type TestSite } from '../testing/site-fixtures.ts';

/** Tenant ids follow one pattern from now on; a tenant with nothing on it can be removed. */
describe('tenant ids and removing a tenant', () => {
  let test: TestSite;
  let app: FastifyInstance;
  beforeEach(async () => {
    // `Acme.EU` stands for a tenant a site took before the pattern: it still loads and is still reached.
    test = await createTestSite({ tenants: ['default', 'Acme.EU'] });
    app = await createTestSiteApp(test);
  });
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers = asOperator) => {
    const response = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };
  const tenantIds = () => test.site.tenants().map((tenant) => tenant.tenant);

  it('adds only tenants whose id follows the pattern, and changes nothing otherwise', async () => {
    for (const id of ['.', '..', 'Green', '-green', '_green', 'gre.en', 'gre:en', 'gr een', 'a'.repeat(64), '', 'gr\u0000een', 'gr\u001b[2Jeen']) {
      const refused = await call('POST', '/v1/tenants', { tenant: id });
      expect({ id, status: refused.status, code: refused.body.code }).toEqual({ id, status: 400, code: 'REQUEST_INVALID' });
    }
    await expect(test.site.addTenant('..')).rejects.toMatchObject({ code: 'REQUEST_INVALID' });
    expect(tenantIds()).toEqual(['default', 'Acme.EU']);
    for (const id of ['green', '0', 'a'.repeat(63), 'team_2-eu']) expect((await call('POST', '/v1/tenants', { tenant: id })).status).toBe(201);
    expect((await call('GET', '/v1/tenants/Acme.EU/status')).body).toMatchObject({ tenant: 'Acme.EU', status: 'unlicensed' });
    for (const path of ['/v1/tenants/%2E%2E/status', '/v1/tenants/./status']) {
      const response = await app.inject({ method: 'GET', url: path, headers: asOperator });
      expect(response.statusCode === 400 || response.statusCode === 404).toBe(true);
    }
  });

  it('removes a tenant with nothing on it: one ledger event in the audit, its keys revoked, its administrators disabled', async () => {
    expect((await call('POST', '/v1/tenants', { tenant: 'green' })).status).toBe(201);
    const key = await asApplication(test.site, 'green');
    const greenAdmin = await signedIn(app, test.site, { account: 'gus', role: 'tenant-admin', tenant: 'green' });
    const removed = await call('DELETE', '/v1/tenants/green');
    expect(removed).toEqual({ status: 200, body: { tenant: 'green', removed: true } });
    expect(tenantIds()).toEqual(['default', 'Acme.EU']);
    const audit = await call('GET', '/v1/audit?events=1');
    expect(audit.body.events).toEqual([
      { sequence: expect.any(Number), at: expect.any(String), event: { t: 'tenant-removed', tenant: 'green', by: 'operator' } },
    ]);
    expect((await call('GET', '/v1/tenants/green/status')).body.code).toBe('TENANT_NOT_FOUND');

    // Added again under the same id, it inherits no one's access.
    expect((await call('POST', '/v1/tenants', { tenant: 'green' })).status).toBe(201);
    expect((await call('POST', '/v1/tenants/green/features/export/check', undefined, key)).status).toBe(401);
    expect((await call('GET', '/v1/tenants/green/status', undefined, greenAdmin.headers)).status).toBe(401);

    await test.restart();
    app = await createTestSiteApp(test);
    expect(tenantIds()).toEqual(['default', 'Acme.EU', 'green']);
    expect(test.site.accounts.list().find((account) => account.account === 'gus')).toMatchObject({ disabled: true });
    expect((await call('DELETE', '/v1/tenants/Acme.EU')).status).toBe(200);
  });

  it('refuses to remove a tenant that holds a token, a license or seats, an unknown one, and anyone but a site administrator', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 2)]);
    await test.site.checkoutSeat('default', 'bot-runner', 'ana');
    const refused = await call('DELETE', '/v1/tenants/default');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'TENANT_IN_USE' });
    await test.site.installToken('Acme.EU', await test.desk.token(test.identity.guid));
    expect((await call('DELETE', '/v1/tenants/Acme.EU')).body.code).toBe('TENANT_IN_USE');
    expect((await call('DELETE', '/v1/tenants/nobody')).body.code).toBe('TENANT_NOT_FOUND');
    expect((await call('POST', '/v1/tenants', { tenant: 'green' })).status).toBe(201);
    const tenantAdmin = await signedIn(app, test.site, { account: 'gus', role: 'tenant-admin', tenant: 'green' });
    const auditor = await signedIn(app, test.site, { account: 'ann', role: 'auditor' });
    for (const headers of [tenantAdmin.headers, auditor.headers, await asApplication(test.site, 'green')]) {
      expect((await call('DELETE', '/v1/tenants/green', undefined, headers)).status).toBe(403);
    }
    expect(tenantIds()).toEqual(['default', 'Acme.EU', 'green']);
  });
});
