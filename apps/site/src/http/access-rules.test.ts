import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingAccessRuleError } from '@airlock/http';
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../testing/site-fixtures.ts';
import { siteAccessModel } from './access.ts';
import { createSiteApp, declaredRoutes } from './app.ts';

/** Every route of the site says who may call it; one that does not stops the app from being built (@airlock/http, access.ts). */
describe('the access rules of the site’s routes', () => {
  let test: TestSite;
  let dataDir: string;
  beforeAll(async () => {
    test = await createTestSite({ seed: 'access-rules' });
    dataDir = await mkdtemp(join(tmpdir(), 'airlock-access-rules-'));
  });
  afterAll(async () => {
    await test?.site.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('are declared by every route the app registers, the backup and the web pages included', async () => {
    // With a data directory, the app also serves the backup: every route there is.
    const app = await createSiteApp({ site: test.site, dataDir });
    try {
      await app.ready();
      const routes = declaredRoutes(app);
      for (const route of routes) expect(siteAccessModel.isRule(route.access), `${route.method} ${route.url}`).toBe(true);
      const urls = routes.map((route) => `${route.method} ${route.url}`);
      expect(urls).toEqual(expect.arrayContaining(['GET /openapi.json', 'GET /metrics', 'POST /v1/backup', 'GET /admin']));
      const declared = new Set(routes.map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`));
      const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
      const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
      expect(operations.length).toBeGreaterThan(50);
      expect(operations.filter((operation) => !declared.has(operation))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('refuse to build an app with a route that declares none, and name the route — it is no longer taken for site administrators only', async () => {
    // Routes someone adds and forgets to say who may call: the site's app, with them, is never ready.
    const forgotten: FastifyPluginAsync = async (app) => {
      app.post('/v1/tenants/:tenant/forgotten', async () => ({}));
    };
    const app = await createSiteApp({ site: test.site });
    const built = (async () => {
      await app.register(forgotten);
      await app.ready();
      return 'built';
    })();
    await expect(built).rejects.toThrow(MissingAccessRuleError);
    await expect(built).rejects.toThrow('the site route POST /v1/tenants/:tenant/forgotten declares no access rule: give it config.siteAccess');
  });
});
