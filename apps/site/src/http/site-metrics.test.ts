import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leaseRequest } from '../testing/floating-devices.ts';
import { asApplication, asOperator, createTestSiteApp } from '../testing/site-callers.ts';
import { createTestSite, feature, licenseTenant, meter, seat, type TestSite } from '../testing/site-fixtures.ts';
import { item, TestActivationDesk } from '../testing/activated-license-testing.ts';

/** One sample of the exposition text: the value of `name{labels}` (labels in the order written), or undefined. */
function sample(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter((part) => part !== '');
    if (wanted.every((label) => have.includes(label))) return Number(match[3]);
  }
  return undefined;
}

/** README, "Monitoring a site": the site's /metrics counts what applications were told and reads each tenant's state when scraped. */
describe("the site's Prometheus metrics", () => {
  let test: TestSite;
  let app: FastifyInstance;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default', 'spare'] });
    app = await createTestSiteApp(test);
    await licenseTenant(test, 'default', [seat('designer', 3), meter('renders', 100), feature('export')]);
  });
  afterEach(async () => {
    await app.close();
  });

  const scrape = async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.body;
  };

  it('counts every answer to applications by route and code, and times the records they made', async () => {
    const application = await asApplication(test.site, 'default');
    const post = (url: string, payload?: object) => app.inject({ method: 'POST', url, headers: application, ...(payload ? { payload } : {}) });
    expect((await post('/v1/tenants/default/features/export/check')).statusCode).toBe(200);
    expect((await post('/v1/tenants/default/features/export/check')).statusCode).toBe(200);
    expect((await post('/v1/tenants/default/features/import/check')).statusCode).toBe(422);
    expect((await post('/v1/tenants/default/meters/renders/consume', { amount: 30 })).statusCode).toBe(200);
    expect((await post('/v1/tenants/default/meters/renders/consume', { amount: 80 })).statusCode).toBe(409);
    expect((await post('/v1/tenants/default/seats/designer/checkout', { user: 'ana' })).statusCode).toBe(200);
    // An operator's call on an administrators' route is not an application's decision.
    expect((await app.inject({ method: 'GET', url: '/v1/tenants/default/status', headers: asOperator })).statusCode).toBe(200);

    const text = await scrape();
    const decided = (route: string, code: string) => sample(text, 'airlock_site_enforcement_decisions_total', { route, code });
    expect(decided('/v1/tenants/:tenant/features/:feature/check', 'OK')).toBe(2);
    expect(decided('/v1/tenants/:tenant/features/:feature/check', 'FEATURE_NOT_LICENSED')).toBe(1);
    expect(decided('/v1/tenants/:tenant/meters/:meter/consume', 'OK')).toBe(1);
    expect(decided('/v1/tenants/:tenant/meters/:meter/consume', 'METER_LIMIT_REACHED')).toBe(1);
    expect(decided('/v1/tenants/:tenant/seats/:type/checkout', 'OK')).toBe(1);
    expect(text).not.toMatch(/airlock_site_enforcement_decisions_total\{[^}]*status/);
    // The consumption and the checkout each recorded an event, acknowledged and timed.
    expect(sample(text, 'airlock_site_ledger_record_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'airlock_site_ledger_writable')).toBe(1);
  });

  it("reads each tenant's status, deadlines, seats, meters and lent seats when scraped", async () => {
    const application = await asApplication(test.site, 'default');
    await app.inject({ method: 'POST', url: '/v1/tenants/default/seats/designer/checkout', headers: application, payload: { user: 'ana' } });
    await app.inject({ method: 'POST', url: '/v1/tenants/default/meters/renders/consume', headers: application, payload: { amount: 7 } });
    expect((await app.inject({ method: 'POST', url: '/v1/tenants/default/leases', headers: application, payload: leaseRequest('bo', 'b') })).statusCode).toBe(
      200,
    );
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/tenants/default/borrows',
          headers: application,
          payload: { type: 'designer', user: 'cy', fingerprint: 'c', days: 2 },
        })
      ).statusCode,
    ).toBe(200);

    const text = await scrape();
    const status = test.site.status('default');
    expect(sample(text, 'airlock_site_tenants')).toBe(2);
    expect(sample(text, 'airlock_site_tenant_status', { tenant: 'default', status: status.status })).toBe(1);
    expect(sample(text, 'airlock_site_tenant_status', { tenant: 'spare', status: test.site.status('spare').status })).toBe(1);
    expect(status.license).not.toBeNull();
    expect(sample(text, 'airlock_site_deadline_timestamp_seconds', { tenant: 'default', deadline: 'license-ends' })).toBe(
      Date.parse(status.license!.expires.at) / 1000,
    );
    expect(sample(text, 'airlock_site_deadline_timestamp_seconds', { tenant: 'spare', deadline: 'license-ends' })).toBeUndefined();
    expect(sample(text, 'airlock_site_seats_limit', { tenant: 'default', type: 'designer' })).toBe(3);
    expect(sample(text, 'airlock_site_meter_used', { tenant: 'default', meter: 'renders' })).toBe(7);
    expect(sample(text, 'airlock_site_meter_limit', { tenant: 'default', meter: 'renders' })).toBe(100);
    expect(sample(text, 'airlock_site_floating_seats_lent', { tenant: 'default', type: 'designer', kind: 'lease' })).toBe(1);
    expect(sample(text, 'airlock_site_floating_seats_lent', { tenant: 'default', type: 'designer', kind: 'borrow' })).toBe(1);

    // A cycle opened by an LFR: its deadlines are gauges, at the instants the status gives.
    expect(sample(text, 'airlock_site_deadline_timestamp_seconds', { tenant: 'default', deadline: 'cycle-locks' })).toBeUndefined();
    await test.site.generateLfr('default');
    const cycle = test.site.status('default').cycle.deadlines;
    expect(cycle).not.toBeNull();
    const opened = await scrape();
    expect(sample(opened, 'airlock_site_deadline_timestamp_seconds', { tenant: 'default', deadline: 'cycle-locks' })).toBe(Date.parse(cycle!.locks.at) / 1000);
    expect(sample(opened, 'airlock_site_deadline_timestamp_seconds', { tenant: 'default', deadline: 'lfr-expires' })).toBe(
      Date.parse(cycle!.lfrExpires.at) / 1000,
    );
    expect(Date.parse(cycle!.locks.at)).toBeGreaterThan(test.clock.now().getTime());

    // A tenant removed since the last scrape leaves no series behind.
    expect((await app.inject({ method: 'DELETE', url: '/v1/tenants/spare', headers: asOperator })).statusCode).toBeLessThan(300);
    const after = await scrape();
    expect(sample(after, 'airlock_site_tenants')).toBe(1);
    expect(after).not.toContain('tenant="spare"');
  });

  it('gives a tenant licensed by orders the end of its activated license, and none while a permanent item keeps it in force', async () => {
    const orders = new TestActivationDesk(test.desk.authority, test.clock);
    const rk = test.site.tenants().find((tenant) => tenant.tenant === 'spare')!.registrationKey;
    await test.site.installActivatedLicense(
      (await orders.activate(rk, [item('designer', 2, 'term', '2027-03-31'), item('viewer', 1, 'pilot', '2027-01-15')])).text,
    );
    const status = test.site.status('spare');
    expect(status.license).toBeNull();
    expect(status.activatedLicense?.endsOn).toBe('2027-03-31');
    // The midnight UTC closing the last day the license counts: where the status turns expired.
    expect(sample(await scrape(), 'airlock_site_deadline_timestamp_seconds', { tenant: 'spare', deadline: 'license-ends' })).toBe(
      Date.parse('2027-04-01T00:00:00Z') / 1000,
    );

    await test.site.installActivatedLicense((await orders.activate(rk, [item('viewer', 1)])).text);
    expect(test.site.status('spare').activatedLicense?.endsOn).toBeNull();
    expect(sample(await scrape(), 'airlock_site_deadline_timestamp_seconds', { tenant: 'spare', deadline: 'license-ends' })).toBeUndefined();
  });

  it('answers without credentials, and names no tenant or meter an application made up', async () => {
    const application = await asApplication(test.site, 'default');
    await app.inject({ method: 'POST', url: '/v1/tenants/default/meters/made-up-meter/consume', headers: application, payload: { amount: 1 } });
    await app.inject({ method: 'POST', url: '/v1/tenants/made-up-tenant/features/x/check', headers: application });
    const text = await scrape();
    expect(text).not.toContain('made-up');
    expect(
      sample(text, 'airlock_site_enforcement_decisions_total', { route: '/v1/tenants/:tenant/meters/:meter/consume', code: 'LICENSE_TYPE_NOT_LICENSED' }),
    ).toBe(1);
    expect(sample(text, 'airlock_site_enforcement_decisions_total', { route: '/v1/tenants/:tenant/features/:feature/check', code: 'FORBIDDEN' })).toBe(1);
  });

  it('serves every metric the sample Grafana dashboard (docs/grafana/airlock-site.json) queries', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../../../docs/grafana/airlock-site.json', import.meta.url), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const types = new Set([...(await scrape()).matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => match[1]));
    const queried = new Set(
      dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => [...target.expr.matchAll(/\bairlock_[a-z_]+/g)].map((match) => match[0]))),
    );
    expect(queried.size).toBeGreaterThanOrEqual(10);
    for (const name of queried) expect(types.has(name) || types.has(name.replace(/_(bucket|sum|count)$/, '')), name).toBe(true);
  });
});
