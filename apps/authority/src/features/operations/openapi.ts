import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { Access } from '../../http/permissions.ts';

/**
 * Registers the OpenAPI 3.1 generator. It must come before the features: @fastify/swagger
 * collects each route's schema (the very one that validates its input) as the route is added.
 * Every operation states who may call it, from the route's own `config.access`.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Airlock authority',
        version: '0.1.0',
        description: "The vendor's license server. Errors are RFC 9457 problem+json with a stable `code` (see docs/errors.md).",
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'A scoped API token (POST /v1/api-tokens).' },
          session: { type: 'apiKey', in: 'cookie', name: 'airlock_session', description: 'A signed-in session (POST /v1/auth/sign-in).' },
        },
      },
    },
    transform: ({ schema, url, route }) => ({ url, schema: withAccess(schema, route.config?.access) }),
  });
}

function withAccess(schema: FastifySchema | undefined, access: Access | undefined): FastifySchema {
  const base = (schema ?? {}) as FastifySchema & { description?: string };
  if (access === undefined || access === 'public') return { ...base, security: [] };
  const who = `Needs the \`${access.permission}\` permission${access.customer ? ', or a user of this customer' : ''}.`;
  return {
    ...base,
    description: base.description ? `${base.description}\n\n${who}` : who,
    security: [{ apiToken: [] }, { session: [] }],
  };
}
