import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AuthorityDeps } from './deps.ts';
import { features } from './features/index.ts';
import { checkAccess } from './http/permissions.ts';
import { handleError } from './http/problem.ts';

/** Largest request body: an LFR with its usage fits well inside; anything bigger is refused. */
export const BODY_LIMIT = 2 * 1024 * 1024;

/**
 * Builds the authority's HTTP app without listening: tests call `app.inject`, `main.ts` listens.
 *
 * @example
 * ```ts
 * const app = await createApp(deps);
 * const response = await app.inject({ method: 'GET', url: '/v1/products' });
 * ```
 */
export async function createApp(deps: AuthorityDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', null as never);
  app.setErrorHandler(handleError);
  app.addHook('onRequest', async (request) => {
    request.principal = await deps.authenticate(request);
  });
  app.addHook('preHandler', async (request) => {
    checkAccess(request);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  for (const feature of features) await app.register(feature, { deps });
  return app;
}
