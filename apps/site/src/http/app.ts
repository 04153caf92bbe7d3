import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AirlockError } from '@airlock/core';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Site } from '../site/site.ts';
import { identifyCaller } from './access.ts';
import { registerOpenApi } from './openapi.ts';
import { handleError } from './problem.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { enforcementRoutes } from './routes/enforcement-routes.ts';
import { operationsRoutes } from './routes/operations-routes.ts';

/** Largest request body: any Airlock document (1 MiB of text) in its JSON envelope. */
export const BODY_LIMIT = 2 * 1024 * 1024;

export interface SiteAppOptions {
  readonly site: Site;
  /** Fastify's JSON logs (pino): false in tests, `{ level }` in production. */
  readonly logger?: boolean | { readonly level: string };
  /** The version the OpenAPI document states. */
  readonly version?: string;
}

/**
 * Builds the site's HTTP app without listening: tests call `app.inject`, `main.ts` listens.
 *
 * @example
 * ```ts
 * const app = await createSiteApp({ site });
 * const response = await app.inject({ method: 'GET', url: '/v1/tenants/default/status' });
 * ```
 */
export async function createSiteApp(options: SiteAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: options.logger === true ? 'info' : options.logger.level } : false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: BODY_LIMIT,
    // A user name in a path (de-provisioning) may be 200 characters, more once percent-encoded.
    routerOptions: { maxParamLength: 1024 },
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('actor', '');
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(() => {
    throw new AirlockError('NOT_FOUND', {});
  });
  // The file itself may be sent as text/plain: it becomes the `{ text }` every document route takes.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, { text: body }));
  app.addHook('onRequest', identifyCaller);
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  await registerOpenApi(app, options.version ?? '0.1.0');
  for (const routes of [operationsRoutes, adminRoutes, enforcementRoutes]) await app.register(routes, { site: options.site });
  return app;
}
