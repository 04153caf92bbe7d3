import { MINUTE } from '@airlock/core';
import { compileRouteSchemas } from '@airlock/http';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeclaredRoute } from './app.ts';
import { asApplication, asOperator, createTestSiteApp, signedIn, signIn } from '../testing/site-callers.ts';
import { createTestSite, feature, licenseTenant, meter, seat, type TestSite } from '../testing/site-fixtures.ts';
import { fillPath, sampleOf, walkRoutes } from '../testing/route-table.ts';

/**
 * Who may call what: every route of the site's route table, called by every kind of caller.
 * The rules, as the site's administrators read them:
 * - nobody unauthenticated gets past a route that is not public;
 * - a session that still has its generated password may only change it (and ask who it is);
 *   only a session has a password to change;
 * - site administrators and the operator may do everything;
 * - auditors read (GET) what administrators read, and change nothing;
 * - a tenant administrator acts under /v1/tenants/{its tenant}/ only;
 * - application keys call the enforcement API of their own tenant, and nothing else.
 */
type CallerName = 'anonymous' | 'operator' | 'siteAdmin' | 'auditor' | 'defaultAdmin' | 'blueAdmin' | 'defaultApp' | 'blueApp' | 'mustChange';
type Verdict = 'admitted' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'PASSWORD_CHANGE_REQUIRED';

/** A route of one tenant: its path names the tenant (`/v1/tenants/:tenant/…`, and the admin pages' actions). */
const underTenant = (route: DeclaredRoute) => /\/:tenant(\/|$)/.test(route.url);
const reads = (route: DeclaredRoute) => route.method === 'GET';

/** What each caller gets on a route of the `default` tenant (or a site-wide route). */
function expected(caller: CallerName, route: DeclaredRoute): Verdict {
  const access = route.access;
  if (access === 'public') return 'admitted';
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  // Only a person signed in with a password has one to change, or a second factor to enrol.
  if (route.url === '/v1/auth/password' || route.url.startsWith('/v1/auth/mfa'))
    return ['operator', 'defaultApp', 'blueApp'].includes(caller) ? 'FORBIDDEN' : 'admitted';
  if (access === 'account') return 'admitted';
  if (caller === 'mustChange') return 'PASSWORD_CHANGE_REQUIRED';
  switch (caller) {
    case 'operator':
    case 'siteAdmin':
      return 'admitted';
    case 'auditor':
      return access === 'admin' && reads(route) ? 'admitted' : 'FORBIDDEN';
    case 'defaultAdmin':
      return (access === 'admin' || access === 'application') && underTenant(route) ? 'admitted' : 'FORBIDDEN';
    case 'blueAdmin':
      return 'FORBIDDEN';
    case 'defaultApp':
      return access === 'application' ? 'admitted' : 'FORBIDDEN';
    case 'blueApp':
      return 'FORBIDDEN';
  }
}

describe('who may call each route of the site', () => {
  let test: TestSite;
  let app: FastifyInstance;
  const callers = {} as Record<CallerName, Readonly<Record<string, string>>>;

  beforeAll(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    app = await createTestSiteApp(test);
    for (const tenant of ['default', 'blue']) await licenseTenant(test, tenant, [seat('bot-runner', 50), meter('bot-runs', 1000), feature('export')]);
    const site = test.site;
    callers.anonymous = {};
    callers.operator = asOperator;
    callers.siteAdmin = (await signedIn(app, site, { account: 'root', role: 'site-admin' })).headers;
    callers.auditor = (await signedIn(app, site, { account: 'audrey', role: 'auditor' })).headers;
    callers.defaultAdmin = (await signedIn(app, site, { account: 'dee', role: 'tenant-admin', tenant: 'default' })).headers;
    callers.blueAdmin = (await signedIn(app, site, { account: 'bea', role: 'tenant-admin', tenant: 'blue' })).headers;
    callers.defaultApp = await asApplication(site, 'default');
    callers.blueApp = await asApplication(site, 'blue');
    const fresh = await site.accounts.createAccount({ account: 'newbie', role: 'site-admin', tenant: null }, 'test');
    callers.mustChange = await signIn(app, 'newbie', fresh.password);
  });

  it('finds every route in the route table, each declaring who may call it', () => {
    const routes = walkRoutes(app);
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes.filter((route) => route.access === undefined).map((route) => `${route.method} ${route.url}`)).toEqual([]);
    expect(
      routes
        .filter((route) => route.access === 'application')
        .map((route) => route.url)
        .sort(),
    ).toEqual([
      '/v1/tenants/:tenant/borrows',
      '/v1/tenants/:tenant/borrows/:leaseId',
      '/v1/tenants/:tenant/features/:feature/check',
      '/v1/tenants/:tenant/leases',
      '/v1/tenants/:tenant/leases/:leaseId',
      '/v1/tenants/:tenant/leases/:leaseId/heartbeat',
      '/v1/tenants/:tenant/meters/:meter/consume',
      '/v1/tenants/:tenant/seats/:type/checkout',
      '/v1/tenants/:tenant/seats/:type/release',
    ]);
  });

  it("compiles every route's request and response schemas (the app compiles each at its route's first request)", () => {
    expect(compileRouteSchemas(app)).toBeGreaterThan(20);
  });

  it('admits and refuses every caller on every route as the rules say, with security headers on every answer', async () => {
    const seen: string[] = [];
    const wrong: string[] = [];
    for (const route of walkRoutes(app)) {
      // Sign-in attempts and password changes are limited per address and minute: each route gets a minute of its own.
      test.clock.advance(MINUTE);
      for (const caller of Object.keys(callers) as CallerName[]) {
        // Signing out would end the session the next routes need; anyone may call it, which the anonymous caller shows.
        if (route.url === '/v1/auth/sign-out' && caller !== 'anonymous') continue;
        const response = await app.inject({
          method: route.method as 'GET' | 'POST',
          url: fillPath(route, { tenant: 'default' }),
          headers: callers[caller],
          ...(route.method === 'GET' ? {} : { payload: sampleOf(route.schema?.body) ?? {} }),
        });
        // The gate answers problem+json; a public page that refuses in HTML of its own was let through the gate.
        const problem = String(response.headers['content-type']).startsWith('application/problem+json');
        const code = problem && (response.statusCode === 401 || response.statusCode === 403) ? response.json<{ code: string }>().code : null;
        const verdict = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'PASSWORD_CHANGE_REQUIRED' ? code : 'admitted';
        if (verdict !== expected(caller, route)) wrong.push(`${caller} ${route.method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        if (!(
          response.headers['content-security-policy'] &&
          response.headers['x-content-type-options'] === 'nosniff' &&
          String(response.headers['permissions-policy']).includes('camera=(self)')
        )) {
          wrong.push(`${caller} ${route.method} ${route.url}: no security headers`);
        }
        seen.push(`${caller} ${route.method} ${route.url}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(seen.length).toBeGreaterThan(200);
  });

  it('refuses a tenant administrator and an application key of another tenant, naming why', async () => {
    const refused = async (method: 'GET' | 'POST', url: string, headers: Readonly<Record<string, string>>, payload?: object) => {
      const response = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      return [response.statusCode, response.json<{ code: string; errors?: { reason?: string } }>()];
    };
    expect(await refused('GET', '/v1/tenants/default/status', callers.blueAdmin)).toEqual([
      403,
      expect.objectContaining({ code: 'FORBIDDEN', errors: { reason: 'a tenant administrator acts on its own tenant only' } }),
    ]);
    expect(await refused('POST', '/v1/tenants/default/seats/bot-runner/checkout', callers.blueApp, { user: 'ana' })).toEqual([
      403,
      expect.objectContaining({ code: 'FORBIDDEN', errors: { reason: 'this application key is for another tenant' } }),
    ]);
    expect(await refused('GET', '/v1/tenants/default/status', callers.defaultApp)).toEqual([
      403,
      expect.objectContaining({ code: 'FORBIDDEN', errors: { reason: 'application keys are for the enforcement API only' } }),
    ]);
    expect(await refused('POST', '/v1/tenants/default/lfr', callers.auditor)).toEqual([
      403,
      expect.objectContaining({ code: 'FORBIDDEN', errors: { reason: 'auditors read; they change nothing' } }),
    ]);
  });

  it('needs the CSRF header on every change made with the session cookie, and never on Bearer credentials', async () => {
    const cookieOnly = { cookie: callers.siteAdmin.cookie! };
    for (const route of walkRoutes(app).filter((candidate) => candidate.method !== 'GET' && candidate.access !== 'public')) {
      const response = await app.inject({
        method: route.method as 'POST' | 'DELETE',
        url: fillPath(route, { tenant: 'default' }),
        headers: cookieOnly,
        payload: sampleOf(route.schema?.body) ?? {},
      });
      expect([route.url, response.statusCode, response.json<{ code: string; errors?: unknown }>()]).toEqual([
        route.url,
        403,
        expect.objectContaining({ code: 'FORBIDDEN', errors: { reason: 'a change made with the session cookie needs the header x-airlock-csrf: 1' } }),
      ]);
    }
    const read = await app.inject({ method: 'GET', url: '/v1/tenants/default/status', headers: cookieOnly });
    expect(read.statusCode).toBe(200);
    const withKey = await app.inject({ method: 'POST', url: '/v1/tenants/default/features/export/check', headers: callers.defaultApp });
    expect(withKey.json()).toEqual({ tenant: 'default', feature: 'export', granted: true });
  });

  it("refuses a body past its route's limit on every route that takes one, before reading it", async () => {
    for (const route of walkRoutes(app).filter((candidate) => candidate.method === 'POST')) {
      const response = await app.inject({
        method: 'POST',
        url: fillPath(route, { tenant: 'default' }),
        headers: { ...asOperator, 'content-type': 'application/json' },
        payload: `"${'x'.repeat(2 * 1024 * 1024)}"`,
      });
      expect([route.url, response.statusCode, response.json<{ code: string }>().code]).toEqual([route.url, 413, 'DOCUMENT_TOO_LARGE']);
    }
    const signIn = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ account: 'root', password: 'p'.repeat(17 * 1024) }),
    });
    expect([signIn.statusCode, signIn.json<{ code: string }>().code]).toEqual([413, 'DOCUMENT_TOO_LARGE']);
  });
});
