import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { SiteAccess } from './access.ts';

/**
 * Registers the OpenAPI 3.1 generator. It must come before the routes: @fastify/swagger
 * collects each route's schema (the very one that validates its input) as the route is added.
 * Each operation says who calls it, from the route's own `config.siteAccess`.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Airlock site',
        version,
        description: 'A customer installation\'s license server: it holds the installed license of each tenant, enforces it for licensed applications, and exchanges files with the authority. Errors are RFC 9457 problem+json with a stable `code` (see docs/errors.md).',
      },
    },
    transform: ({ schema, url, route }) => ({ url, schema: withAccess(schema, route.config?.siteAccess) }),
  });
}

function withAccess(schema: FastifySchema | undefined, access: SiteAccess | undefined): FastifySchema {
  const base = (schema ?? {}) as FastifySchema & { description?: string };
  if (access === undefined || access === 'public') return base;
  const who = access === 'admin' ? 'For the site\'s administrators.' : 'For licensed applications.';
  return { ...base, description: base.description ? `${base.description}\n\n${who}` : who };
}
