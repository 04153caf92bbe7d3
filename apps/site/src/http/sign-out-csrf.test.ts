import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestSiteApp, signedIn } from '../testing/site-callers.ts';
import { createTestSite, type TestSite } from '../testing/site-fixtures.ts';

/** Signing out is a change made with the session cookie: like every other, it needs `x-airlock-csrf: 1`. */
describe('signing out of the site', () => {
  let test: TestSite;
  let app: FastifyInstance;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default'] });
    app = await createTestSiteApp(test);
  });

  it('is refused with the session cookie but without the CSRF header, and the session lives on', async () => {
    const ana = await signedIn(app, test.site, { account: 'ana', role: 'auditor' });
    const { cookie } = ana.headers as { cookie: string };
    for (const headers of [{ cookie }, { cookie, 'x-airlock-csrf': '0' }]) {
      const out = await app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers });
      expect({ status: out.statusCode, code: out.json<{ code: string }>().code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(out.headers['set-cookie']).toBeUndefined();
      expect((await app.inject({ method: 'GET', url: '/v1/audit', headers: { cookie } })).statusCode).toBe(200);
    }
    const out = await app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: { cookie, 'x-airlock-csrf': '1' } });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/v1/audit', headers: { cookie } })).statusCode).toBe(401);
  });

  it('still clears a cookie whose session is gone, and needs nothing of a caller without one', async () => {
    const stale = await app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: { cookie: `airlock_site_session=${'x'.repeat(43)}` } });
    expect(stale.statusCode).toBe(204);
    expect(stale.headers['set-cookie']).toBe('airlock_site_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    expect((await app.inject({ method: 'POST', url: '/v1/auth/sign-out' })).statusCode).toBe(204);
  });
});
