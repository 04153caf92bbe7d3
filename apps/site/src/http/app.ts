import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AirlockError } from '@airlock/core';
import { addSecurityHeaders, handleError, trustProxyOption } from '@airlock/http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { operatorTokenDigest } from '../accounts/operator-token.ts';
import type { Site } from '../site/site.ts';
import { identifyCaller, type SiteAccess } from './access.ts';
import { BODY_LIMIT } from './body-limits.ts';
import { registerOpenApi } from './openapi.ts';
import { registerSiteMetrics } from './site-metrics.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { activatedLicenseRoutes } from './routes/activated-license-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { linkRoutes } from './routes/link-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { mfaRoutes } from './routes/mfa-routes.ts';
import { enforcementRoutes } from './routes/enforcement-routes.ts';
import { floatingRoutes } from './routes/floating-routes.ts';
import { keyRoutes } from './routes/key-routes.ts';
import { operationsRoutes } from './routes/operations-routes.ts';

export { BODY_LIMIT, SMALL_BODY_LIMIT } from './body-limits.ts';

export interface SiteAppOptions {
  readonly site: Site;
  /**
   * The operator token (`<data dir>/operator.token`): a Bearer credential with a site
   * administrator's rights, for the CLI on the site's machine. Null or absent: no operator.
   */
  readonly operatorToken?: string | null;
  /** Serve HTTPS with this certificate and key (PEM); `main.ts` reloads them when their files change. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /** Fastify's JSON logs (pino): false in tests, `{ level }` in production. */
  readonly logger?: boolean | { readonly level: string };
  /** The version the OpenAPI document states. */
  readonly version?: string;
  /** Reverse proxies whose `X-Forwarded-For` names the client (`AIRLOCK_SITE_TRUST_PROXY`); none by default. */
  readonly trustProxy?: readonly string[];
  /** The site's data directory: serves `POST /v1/backup` when given. */
  readonly dataDir?: string;
}

/** A route as declared, for tests that walk every route: its method, pattern, access and schema. */
export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: SiteAccess | undefined;
  readonly schema: { readonly params?: unknown; readonly body?: unknown; readonly querystring?: unknown } | undefined;
}

const declarations = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every route the app declared, with its `siteAccess` (HEAD routes, Fastify's copies of GET, left out). */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declarations.get(app) ?? [];
}

/**
 * Builds the site's HTTP app without listening: tests call `app.inject`, `main.ts` listens.
 * Every request passes `identifyCaller`, which refuses whoever the route's `siteAccess` does not
 * admit before the body is read; every answer carries the security headers.
 *
 * @example
 * ```ts
 * const app = await createSiteApp({ site, operatorToken });
 * const response = await app.inject({ method: 'GET', url: '/v1/tenants/default/status', headers: { authorization: `Bearer ${operatorToken}` } });
 * ```
 */
export async function createSiteApp(options: SiteAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}),
    logger: options.logger ? { level: options.logger === true ? 'info' : options.logger.level } : false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxyOption(options.trustProxy),
    // A user name in a path (de-provisioning) may be 200 characters, more once percent-encoded.
    routerOptions: { maxParamLength: 1024 },
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // A path the router cannot even decode (a lone surrogate percent-encoded) is a bad request like any other: a problem document with its code.
    frameworkErrors: (error, request, reply) => {
      handleError(
        error.code === 'FST_ERR_BAD_URL' ? new AirlockError('REQUEST_INVALID', { reason: 'the URL is not valid percent-encoded UTF-8' }) : error,
        request,
        reply,
      );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const declared: DeclaredRoute[] = [];
  declarations.set(app, declared);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') declared.push({ method, url: route.url, access: route.config?.siteAccess, schema: route.schema });
    }
  });

  app.decorateRequest('actor', '');
  app.decorateRequest('caller', null as never);
  app.decorateRequest('sessionSecret', undefined);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(() => {
    throw new AirlockError('NOT_FOUND', {});
  });
  // The file itself may be sent as text/plain: it becomes the `{ text }` every document route takes.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, { text: body }));
  const operatorToken = options.operatorToken ?? null;
  app.addHook(
    'onRequest',
    identifyCaller({ accounts: options.site.accounts, operatorTokenDigest: operatorToken === null ? null : operatorTokenDigest(operatorToken) }),
  );
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  // The site's web pages read documents from QR codes with the camera.
  addSecurityHeaders(app, { https: options.https !== undefined, allowCamera: true });

  await registerOpenApi(app, options.version ?? '0.1.0');
  registerSiteMetrics(app, options.site);
  for (const routes of [
    operationsRoutes,
    authRoutes,
    mfaRoutes,
    accountRoutes,
    adminRoutes,
    activatedLicenseRoutes,
    keyRoutes,
    auditRoutes,
    enforcementRoutes,
    floatingRoutes,
    linkRoutes,
  ]) {
    await app.register(routes, { site: options.site });
  }
  if (options.dataDir !== undefined)
    await app.register((await import('./routes/backup-routes.ts')).backupRoutes, { site: options.site, dataDir: options.dataDir });
  await app.register((await import('../web/site-web.ts')).siteWebRoutes, { site: options.site }); // the web admin (apps/site/src/web)
  return app;
}
