import { randomUUID } from 'node:crypto';
import { AirlockError } from '@airlock/core';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import { requireAccessRules, type AccessModel } from './access.ts';
import { lazySchemaController } from './lazy-schemas.ts';
import { handleError } from './problem.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { trustProxyOption } from './trusted-proxies.ts';

/** What tells one server's Fastify app from the other's. */
export interface HttpAppOptions<Rule> {
  /** Serve HTTPS with this certificate and key (PEM); `main.ts` reloads them when their files change. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /** JSON logs (pino): false or absent in tests, `true` or `{ level }` in production. */
  readonly logger?: boolean | { readonly level: string } | undefined;
  /** Reverse proxies whose `X-Forwarded-For` names the client; none by default. */
  readonly trustProxy?: readonly string[];
  /** The body limit of a route that states none (body-limits.ts). */
  readonly bodyLimit: number;
  /** The longest path parameter the router takes (Fastify's default: 100). */
  readonly maxParamLength?: number;
  /** The pages may use the camera (the site reads documents from QR codes). */
  readonly allowCamera?: boolean;
  /** Who may call what: a route without a rule of this model fails the build. */
  readonly access: AccessModel<Rule>;
}

/**
 * Structured JSON logs (pino) with the request id on every line of a request. Credentials
 * never reach a log: the headers that carry them are redacted, should a serializer or a
 * handler ever log them.
 */
export function loggerOptions(logger: HttpAppOptions<unknown>['logger']): NonNullable<FastifyServerOptions['logger']> {
  if (!logger) return false;
  return {
    level: logger === true ? 'info' : logger.level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
  };
}

/**
 * A Fastify app as both servers build it, without routes: request ids (a UUID, answered in
 * `x-request-id` and logged as `requestId`), the body limit, the proxies believed, strict
 * validation (nothing coerced, nothing removed), every refusal and every unknown route as
 * problem+json, the security headers, and the access rule every route must declare. The server
 * then adds who is calling, its OpenAPI document (openapi.ts) and its routes.
 *
 * @example
 * ```ts
 * const app = createHttpApp({ bodyLimit: SMALL_BODY_LIMIT, logger: { level: 'info' }, access: authorityAccess });
 * ```
 */
export function createHttpApp<Rule>(options: HttpAppOptions<Rule>) {
  const schemas = lazySchemaController();
  const app = Fastify({
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}),
    logger: loggerOptions(options.logger),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Routes that take a document or a long list raise it for themselves (body-limits.ts).
    bodyLimit: options.bodyLimit,
    // Only the proxies named are believed about the client's address.
    trustProxy: trustProxyOption(options.trustProxy),
    ...(options.maxParamLength === undefined ? {} : { routerOptions: { maxParamLength: options.maxParamLength } }),
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // Each route's schemas compile at its first request, not at start (lazy-schemas.ts).
    schemaController: schemas.option,
    // A URL Fastify cannot read (bad percent-encoding, no UTF-8 form) is REQUEST_INVALID like any other.
    frameworkErrors: (error, request, reply) => {
      handleError(
        error.code === 'FST_ERR_BAD_URL' ? new AirlockError('REQUEST_INVALID', { reason: 'the URL is not valid percent-encoded UTF-8' }) : error,
        request,
        reply,
      );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  requireAccessRules(app, options.access);
  app.setErrorHandler(handleError);
  // No route: a problem+json NOT_FOUND like every other refusal, with no access rule to check.
  app.setNotFoundHandler(() => {
    throw new AirlockError('NOT_FOUND', {});
  });
  // Callback hooks, not async ones, here and in security-headers.ts: they run on every request,
  // and a promise each costs (docs/design.md, "A lean read path").
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  addSecurityHeaders(app, { https: options.https !== undefined, ...(options.allowCamera ? { allowCamera: true } : {}) });
  schemaCompilers.set(app, () => schemas.compileAll());
  return app;
}

const schemaCompilers = new WeakMap<object, () => number>();

/**
 * Compiles now every route schema of an app made by `createHttpApp` that no request has needed
 * yet, and says how many there were; it throws the first schema that does not compile. The
 * servers compile a schema at its route's first request (lazy-schemas.ts): their tests call
 * this after `ready()` to prove every schema compiles.
 *
 * @example
 * ```ts
 * await app.ready();
 * expect(compileRouteSchemas(app)).toBeGreaterThan(0);
 * ```
 */
export function compileRouteSchemas(app: object): number {
  const compileAll = schemaCompilers.get(app);
  if (!compileAll) throw new Error('compileRouteSchemas takes an app made by createHttpApp');
  return compileAll();
}
