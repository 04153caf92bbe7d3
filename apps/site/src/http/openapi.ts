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
        description:
          "A customer installation's license server: it holds the installed license of each tenant, enforces it for licensed applications, and exchanges files with the authority. Errors are RFC 9457 problem+json with a stable `code` (see docs/errors.md).",
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An application key (`airlock-site-app_…`) or the operator token (`airlock-site-op_…`).' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'airlock_site_session',
            description: 'A session from `POST /v1/auth/sign-in`; changes need the header `x-airlock-csrf: 1`.',
          },
        },
      },
    },
    transform: ({ schema, url, route }) => ({ url, schema: withAccess(schema, route.config?.siteAccess) }),
  });
}

const whoMayCall: Record<Exclude<SiteAccess, 'public'>, string> = {
  account: 'For any authenticated caller, even a session that must still change its password.',
  admin: 'For administrators: site administrators; auditors for reads only; a tenant administrator on its own tenant only. Never an application key.',
  'site-admin': 'For site administrators only.',
  application: 'For licensed applications: an application key of this tenant (or an administrator who may change the tenant).',
};

function withAccess(schema: FastifySchema | undefined, access: SiteAccess | undefined): FastifySchema {
  const base = (schema ?? {}) as FastifySchema & { description?: string };
  if (access === 'public') return base;
  const who = whoMayCall[access ?? 'site-admin'];
  const security = access === 'application' ? [{ bearer: [] }] : [{ bearer: [] }, { session: [] }];
  return { ...base, description: base.description ? `${base.description}\n\n${who}` : who, security };
}
