import { createHttpApp, refuseUnsafeText, registerMetrics, registerOpenApi, SMALL_BODY_LIMIT } from '@airlock/http';
import type { FastifyInstance } from 'fastify';
import type { AuthorityDeps } from './deps.ts';
import { features } from './features/index.ts';
import { sendWebhooksAfterChanges } from './features/webhooks/webhook-sending.ts';
import { serveCsvExports } from './http/csv-export.ts';
import { authorityAccess, checkAccess, type Principal } from './http/permissions.ts';
import { webRoutes } from './web/web-routes.ts';

export { BODY_LIMIT, LIST_BODY_LIMIT, SMALL_BODY_LIMIT } from '@airlock/http';

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
  // Routes that take a document or a long list raise the small body limit for themselves.
  const app = createHttpApp({
    ...(options.https ? { https: options.https } : {}),
    logger: deps.logger,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    bodyLimit: SMALL_BODY_LIMIT,
    access: authorityAccess,
  });
  app.decorateRequest('principal', null as never);
  // Callback hooks, here and below: they run on every request, and an async hook's promise each
  // costs (docs/design.md, "A lean read path").
  app.addHook('onRequest', (request, _reply, done) => {
    let principal: Principal | Promise<Principal>;
    try {
      principal = deps.authenticate(request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (principal instanceof Promise) {
      principal.then((found) => {
        request.principal = found;
        done();
      }, done);
      return;
    }
    request.principal = principal;
    done();
  });
  // Access is decided before the body is validated: a caller who may not use a route learns
  // nothing about its schema from the refusal.
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      if (!request.is404) checkAccess(request);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
  // No string anywhere in a request holds NUL or an unpaired surrogate, whatever the route.
  refuseUnsafeText(app);
  // Every list also answers as CSV (`?format=csv` or `Accept: text/csv`).
  serveCsvExports(app);

  // Before the features: the generator collects each route's schema as it is added.
  await registerOpenApi(app, {
    title: 'Airlock authority',
    version: '0.1.0',
    description: "The vendor's license server.",
    securitySchemes: {
      apiToken: { type: 'http', scheme: 'bearer', description: 'A scoped API token (POST /v1/api-tokens).' },
      session: { type: 'apiKey', in: 'cookie', name: 'airlock_session', description: 'A signed-in session (POST /v1/auth/sign-in).' },
    },
    access: authorityAccess,
  });
  registerMetrics(app, { access: 'public' });
  sendWebhooksAfterChanges(app, deps);
  for (const feature of features) await app.register(feature, { deps });
  await app.register(webRoutes, { deps });
  return app;
}
