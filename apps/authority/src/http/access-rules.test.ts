import { randomBytes } from 'node:crypto';
import { createTestAuthority } from '@airlock/core/testing';
import { declaredRoutes, MissingAccessRuleError } from '@airlock/http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { openDatabase, type OpenedDatabase } from '../db/database.ts';
import type { AuthorityDeps } from '../deps.ts';
import type { Feature } from '../features/feature.ts';
import { inMemoryAuthorityKeys } from '../keys/authority-keys.ts';
import { authorityAccess, type Access } from './permissions.ts';

/** Every route of the authority says who may call it; one that does not stops the app from being built (@airlock/http, access.ts). */
describe('the access rules of the authority’s routes', () => {
  let database: OpenedDatabase;
  let deps: AuthorityDeps;
  beforeAll(async () => {
    database = await openDatabase({ kind: 'embedded', dataDir: null });
    const authority = await createTestAuthority('access-rules', new Date('2026-01-01T00:00:00Z'));
    deps = {
      db: database.db,
      clock: { now: () => new Date('2026-11-23T10:00:00Z') },
      random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
      keys: inMemoryAuthorityKeys(authority),
      authenticate: () => Promise.resolve({ kind: 'anonymous' }),
    };
  });
  afterAll(async () => {
    await database?.close();
  });

  it('are declared by every route the app registers, the OpenAPI document’s operations among them', async () => {
    const app: FastifyInstance = await createApp(deps);
    try {
      await app.ready();
      const routes = declaredRoutes<Access>(app);
      expect(routes.length).toBeGreaterThan(100);
      for (const route of routes) expect(authorityAccess.isRule(route.access), `${route.method} ${route.url}`).toBe(true);
      const declared = new Set(routes.map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`));
      const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
      const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
      expect(operations.length).toBeGreaterThan(100);
      expect(operations.filter((operation) => !declared.has(operation))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('refuse to build an app with a route that declares none, and name the route', async () => {
    // A feature someone adds and forgets to say who may call: the authority's app, with it, is never ready.
    const forgotten: Feature = async (app) => {
      app.get('/v1/forgotten', async () => ({}));
    };
    const app = await createApp(deps);
    const built = (async () => {
      await app.register(forgotten, { deps });
      await app.ready();
      return 'built';
    })();
    await expect(built).rejects.toThrow(MissingAccessRuleError);
    await expect(built).rejects.toThrow('the authority route GET /v1/forgotten declares no access rule: give it config.access');
  });
});
