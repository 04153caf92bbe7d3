import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { accessConfig, declaredRule, type AccessModel } from './access.ts';
import { ProblemSchema } from './problem.ts';

/** What tells one server's OpenAPI document from the other's. */
export interface OpenApiOptions<Rule> {
  readonly title: string;
  readonly version: string;
  /** What the server is; the sentence on errors (problem+json, docs/errors.md) is added. */
  readonly description: string;
  /** How callers authenticate, as the access model's `security` requirements name them. */
  readonly securitySchemes: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly tags?: readonly { readonly name: string; readonly description?: string }[];
  readonly servers?: readonly { readonly url: string; readonly description?: string }[];
  /** Who may call what: each operation says so, from its route's own rule. */
  readonly access: AccessModel<Rule>;
}

const ERRORS = 'Errors are RFC 9457 problem+json with a stable `code` (see docs/errors.md).';

/**
 * The OpenAPI 3.1 document of a server, served at `GET /openapi.json` to anyone. Call it before
 * the routes: @fastify/swagger collects each route's schema (the very one that validates its
 * input) as the route is added. The problem document is registered once, as the component
 * `Problem` every refusal refers to (`Problem` in a route's `response`).
 *
 * @example
 * ```ts
 * await registerOpenApi(app, { title: 'Airlock site', version, description, securitySchemes, access: siteAccessModel });
 * ```
 */
export async function registerOpenApi<Rule>(app: FastifyInstance, options: OpenApiOptions<Rule>): Promise<void> {
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, version: options.version, description: `${options.description} ${ERRORS}` },
      ...(options.servers ? { servers: options.servers.map((server) => ({ ...server })) } : {}),
      ...(options.tags ? { tags: options.tags.map((tag) => ({ ...tag })) } : {}),
      components: { securitySchemes: options.securitySchemes as never },
    },
    // Shared schemas (the Problem) are components named by their $id, not `def-0`.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url, route }) => ({ url, schema: withAccess(schema, declaredRule(options.access, route.config), options.access) }),
  });
  app.get(
    '/openapi.json',
    { config: accessConfig(options.access, options.access.publicRule), schema: { tags: ['operations'], summary: 'This API as an OpenAPI 3.1 document' } },
    async () => app.swagger(),
  );
}

function withAccess<Rule>(schema: FastifySchema | undefined, rule: Rule | undefined, model: AccessModel<Rule>): FastifySchema {
  const base = (schema ?? {}) as FastifySchema & { description?: string };
  if (rule === undefined) return base;
  const { who, security } = model.openApi(rule);
  return {
    ...base,
    ...(who === undefined ? {} : { description: base.description ? `${base.description}\n\n${who}` : who }),
    ...(security === undefined ? {} : { security: security.map((requirement) => ({ ...requirement })) }),
  };
}
