import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AirlockError } from '@airlock/core';
import { addSecurityHeaders, handleError, refuseUnsafeText, registerMetrics, trustProxyOption } from '@airlock/http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { AuthorityDeps } from './deps.ts';
import { features } from './features/index.ts';
import { loggerOptions } from './features/operations/logging.ts';
import { registerOpenApi } from './features/operations/openapi.ts';
import { serveCsvExports } from './http/csv-export.ts';
import { SMALL_BODY_LIMIT } from './http/body-limits.ts';
import { checkAccess } from './http/permissions.ts';
import { webRoutes } from './web/web-routes.ts';

export { BODY_LIMIT, LIST_BODY_LIMIT, SMALL_BODY_LIMIT } from './http/body-limits.ts';

/**
 * Builds the authority's HTTP app without listening: tests call `app.inject`, `main.ts` listens.
 *
 * @example
 * ```ts
 * const app = await createApp(deps);
 * const response = await app.inject({ method: 'GET', url: '/v1/products' });
 * ```
 */
export async function createApp(
  deps: AuthorityDeps,
  options: { readonly https?: { readonly cert: Buffer; readonly key: Buffer }; readonly trustProxy?: readonly string[] } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}),
    logger: loggerOptions(deps.logger),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Routes that take a document or a long list raise it for themselves (http/body-limits.ts).
    bodyLimit: SMALL_BODY_LIMIT,
    // Only the proxies named are believed about the client's address (AIRLOCK_TRUST_PROXY).
    trustProxy: trustProxyOption(options.trustProxy),
    genReqId: () => crypto.randomUUID(),
    // A URL Fastify cannot read (bad percent-encoding, no UTF-8 form) is REQUEST_INVALID like any other.
    frameworkErrors: (error, request, reply) => {
      handleError(error, request, reply);
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', null as never);
  app.setErrorHandler(handleError);
  // No route: a problem+json NOT_FOUND like every other refusal, with no access rule to check.
  app.setNotFoundHandler(() => {
    throw new AirlockError('NOT_FOUND', {});
  });
  app.addHook('onRequest', async (request) => {
    request.principal = await deps.authenticate(request);
  });
  // Access is decided before the body is validated: a caller who may not use a route learns
  // nothing about its schema from the refusal.
  app.addHook('preValidation', async (request) => {
    if (!request.is404) checkAccess(request);
  });
  // No string anywhere in a request holds NUL or an unpaired surrogate, whatever the route.
  refuseUnsafeText(app);
  // Every list also answers as CSV (`?format=csv` or `Accept: text/csv`).
  serveCsvExports(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  addSecurityHeaders(app, { https: options.https !== undefined });

  // Before the features: the generator collects each route's schema as it is added.
  await registerOpenApi(app);
  registerMetrics(app, { access: 'public' });
  for (const feature of features) await app.register(feature, { deps });
  await app.register(webRoutes, { deps });
  return app;
}
