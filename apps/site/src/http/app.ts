import { BODY_LIMIT, createHttpApp, declaredRoutes as declaredRoutesOf, registerOpenApi, type DeclaredRoute as Declared } from '@airlock/http';
import type { FastifyInstance } from 'fastify';
import { operatorTokenDigest } from '../accounts/operator-token.ts';
import type { Site } from '../site/site.ts';
import { identifyCaller, siteAccessModel, type SiteAccess } from './access.ts';
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
export type DeclaredRoute = Declared<SiteAccess>;

/** Every route the app declared, with its `siteAccess` (HEAD routes, Fastify's copies of GET, left out). */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declaredRoutesOf<SiteAccess>(app);
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
  const app = createHttpApp({
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    // Routes that take no document lower it for themselves.
    bodyLimit: BODY_LIMIT,
    // A user name in a path (de-provisioning) may be 200 characters, more once percent-encoded.
    maxParamLength: 1024,
    // The site's web pages read documents from QR codes with the camera.
    allowCamera: true,
    access: siteAccessModel,
  });
  app.decorateRequest('actor', '');
  app.decorateRequest('caller', null as never);
  app.decorateRequest('sessionSecret', undefined);
  // The file itself may be sent as text/plain: it becomes the `{ text }` every document route takes.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, { text: body }));
  const operatorToken = options.operatorToken ?? null;
  app.addHook(
    'onRequest',
    identifyCaller({ accounts: options.site.accounts, operatorTokenDigest: operatorToken === null ? null : operatorTokenDigest(operatorToken) }),
  );

  await registerOpenApi(app, {
    title: 'Airlock site',
    version: options.version ?? '0.1.0',
    description:
      "A customer installation's license server: it holds the installed license of each tenant, enforces it for licensed applications, and exchanges files with the authority.",
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An application key (`airlock-site-app_…`) or the operator token (`airlock-site-op_…`).' },
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'airlock_site_session',
        description: 'A session from `POST /v1/auth/sign-in`; changes need the header `x-airlock-csrf: 1`.',
      },
    },
    access: siteAccessModel,
  });
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
