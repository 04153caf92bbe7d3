import { listRoutes, schemaSampler } from '@airlock/http/testing';
import type { FastifyInstance } from 'fastify';
import { declaredRoutes, type DeclaredRoute } from '../http/app.ts';

/**
 * Test support for walking every route of the site's app: which routes exist, read from
 * Fastify's own route table (`printRoutes`), so a route added anywhere is found without being
 * named; what each declared (its `siteAccess` and schema); and request parts that pass its
 * schema, so that a refusal seen is the access rule's and not the validator's. Never for production.
 */

/** Every route of the table with what it declared; throws when one was not declared through the app (it could not be checked). */
export function walkRoutes(app: FastifyInstance): DeclaredRoute[] {
  const declared = declaredRoutes(app);
  return listRoutes(app).map(({ method, url }) => {
    const route = declared.find((candidate) => candidate.method === method && candidate.url === url);
    if (!route) throw new Error(`${method} ${url} is in the route table but was not declared through createSiteApp`);
    return route;
  });
}

const candidates = ['a', '1', 'sample', 'text', '0123456789abcdef'];

/** A value the schema accepts: required properties only, the first choice of every union. */
export const sampleOf = schemaSampler({ candidates, listedIn: 'route-table.ts' });

/** The route's URL with each `:param` filled from `values`, else from a sample of its schema. */
export function fillPath(route: DeclaredRoute, values: Readonly<Record<string, string>>): string {
  const samples = (sampleOf(route.schema?.params) ?? {}) as Record<string, unknown>;
  return route.url.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) =>
    encodeURIComponent(values[name] ?? (typeof samples[name] === 'string' ? samples[name] : 'a')),
  );
}
