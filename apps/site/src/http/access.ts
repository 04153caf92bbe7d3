import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * Who may call a route, declared beside its handler in `config.siteAccess`:
 * - `public`: anyone (health, readiness, the API description);
 * - `admin`: the site's administrators (installing documents, status, seats by hand);
 * - `application`: licensed applications (checks, check-outs, consumption).
 *
 * The site authenticates no one yet: it listens on 127.0.0.1 by default, so only the machine
 * itself reaches it. Site accounts and application keys will be checked in `identifyCaller`,
 * the one hook every request passes through; routes need not change.
 */
export type SiteAccess = 'public' | 'admin' | 'application';

declare module 'fastify' {
  interface FastifyContextConfig {
    siteAccess?: SiteAccess;
  }
  interface FastifyRequest {
    /** Who is asking, as recorded in the ledger's events: `site-admin` or `application` for now. */
    actor: string;
  }
}

/**
 * The `onRequest` hook that says who is asking (see `SiteAccess`). Callback style rather than
 * async: it runs on every licensed check, and a settled promise per request is measurable there.
 */
export function identifyCaller(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  request.actor = request.routeOptions.config.siteAccess === 'admin' ? 'site-admin' : 'application';
  done();
}
