import { AirlockError } from '@airlock/core';
import { accessRuleOf, type AccessModel } from '@airlock/http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { CSRF_HEADER, matchesDigest, readSessionCookie, SAFE_METHODS, SITE_SESSION_COOKIE } from '@airlock/http';
import { APP_KEY_PREFIX } from '../accounts/credentials.ts';
import { OPERATOR_TOKEN_PREFIX } from '../accounts/operator-token.ts';
import type { AccountCaller, SiteAccounts } from '../site/site-accounts.ts';

/**
 * Who may call a route, declared beside its handler in `config.siteAccess`:
 * - `public`: anyone (health, readiness, the API description, signing in and out);
 * - `account`: anyone authenticated, even a session that must still change its password (who am
 *   I, change my password);
 * - `admin`: administrators. A site administrator (or the operator token) always; an auditor for
 *   reads (GET) only; a tenant administrator only on routes under `/v1/tenants/{tenant}/` of its
 *   own tenant. Never an application key;
 * - `site-admin`: site administrators (and the operator token) only: accounts;
 * - `application`: the enforcement API of `/v1/tenants/{tenant}/`: an application key of that
 *   tenant, or an administrator who may change that tenant (who could make itself a key anyway).
 *   Never an auditor, never another tenant's key.
 * A route that declares nothing fails the app's build (the shared model of @airlock/http).
 */
export type SiteAccess = 'public' | 'account' | 'admin' | 'site-admin' | 'application';

/** Who may call a route of each rule, as its OpenAPI operation says. */
const whoMayCall: Record<SiteAccess, string | undefined> = {
  public: undefined,
  account: 'For any authenticated caller, even a session that must still change its password.',
  admin: 'For administrators: site administrators; auditors for reads only; a tenant administrator on its own tenant only. Never an application key.',
  'site-admin': 'For site administrators only.',
  application: 'For licensed applications: an application key of this tenant (or an administrator who may change the tenant).',
};

/**
 * The site's access rules as the shared model (@airlock/http) takes them: a route of the site
 * without one of these in `config.siteAccess` fails the app's build.
 */
export const siteAccessModel: AccessModel<SiteAccess> = {
  server: 'site',
  configKey: 'siteAccess',
  isRule: (value): value is SiteAccess => typeof value === 'string' && Object.hasOwn(whoMayCall, value),
  publicRule: 'public',
  openApi: (access) => {
    const who = whoMayCall[access];
    if (who === undefined) return {};
    return { who, security: access === 'application' ? [{ bearer: [] }] : [{ bearer: [] }, { session: [] }] };
  },
};

/** Who is calling: nobody, the machine's operator (the token in the data directory), an account's session, or an application key. */
export type Caller =
  | { readonly kind: 'anonymous'; /** A credential was presented but is unknown, expired or revoked. */ readonly presented: boolean }
  | { readonly kind: 'operator' }
  | AccountCaller;

declare module 'fastify' {
  interface FastifyContextConfig {
    siteAccess?: SiteAccess;
  }
  interface FastifyRequest {
    caller: Caller;
    /** Who is asking, as recorded in the ledger's events: `operator`, `account:<name>` or `app-key:<id>`. */
    actor: string;
    /** The session cookie's secret, when the caller signed in with one. */
    sessionSecret: string | undefined;
  }
}

export interface CallerSources {
  readonly accounts: SiteAccounts;
  /** SHA-256 of the operator token, or null when the site runs without one (then no one is the operator). */
  readonly operatorTokenDigest: Buffer | null;
}

const ANONYMOUS: Caller = { kind: 'anonymous', presented: false };
const PRESENTED_UNKNOWN: Caller = { kind: 'anonymous', presented: true };
const OPERATOR: Caller = { kind: 'operator' };

/**
 * The `onRequest` hook every request passes through: it says who is asking (see `Caller`) and
 * refuses, before the body is even read, whoever the route's `siteAccess` does not admit.
 * Callback style rather than async: it runs on every licensed check, and a settled promise per
 * request is measurable there. An application key costs one Map lookup, one SHA-256 and one
 * constant-time compare; no argon2 on this path.
 */
export function identifyCaller(sources: CallerSources) {
  return function identify(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const caller = callerOf(request, sources);
    request.caller = caller;
    request.actor = actorOf(caller);
    if (request.is404) return done();
    const refusal = refusalFor(accessRuleOf(siteAccessModel, request), caller, request);
    done(refusal ?? undefined);
  };
}

function callerOf(request: FastifyRequest, sources: CallerSources): Caller {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    if (!authorization.startsWith('Bearer ')) return PRESENTED_UNKNOWN;
    const presented = authorization.slice(7).trim();
    if (presented.startsWith(APP_KEY_PREFIX)) return sources.accounts.appKeyCaller(presented) ?? PRESENTED_UNKNOWN;
    if (presented.startsWith(OPERATOR_TOKEN_PREFIX) && sources.operatorTokenDigest !== null && matchesDigest(presented, sources.operatorTokenDigest))
      return OPERATOR;
    return PRESENTED_UNKNOWN;
  }
  const secret = readSessionCookie(request, SITE_SESSION_COOKIE);
  if (secret === undefined || secret === '') return ANONYMOUS;
  const caller = sources.accounts.sessionCaller(secret);
  if (caller === null) return PRESENTED_UNKNOWN;
  request.sessionSecret = secret;
  return caller;
}

function actorOf(caller: Caller): string {
  switch (caller.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'operator':
      return 'operator';
    case 'account':
      return `account:${caller.account}`;
    case 'application':
      return `app-key:${caller.keyId}`;
  }
}

/**
 * Cookies ride along on any request a browser sends, even one a hostile page provokes; a page of
 * another origin cannot add a custom header without a CORS preflight, which the site never
 * grants. So every change made with the session cookie — signing out included — needs the header.
 */
export function csrfRefusal(request: Pick<FastifyRequest, 'method' | 'headers'>): AirlockError | null {
  if (SAFE_METHODS.has(request.method) || request.headers[CSRF_HEADER] === '1') return null;
  return new AirlockError('FORBIDDEN', { reason: `a change made with the session cookie needs the header ${CSRF_HEADER}: 1` });
}

/** Why the caller may not use the route, or null when it may. The order: who, then password, then two-factor enrolment, then CSRF, then role. */
function refusalFor(access: SiteAccess, caller: Caller, request: FastifyRequest): AirlockError | null {
  if (access === 'public') return null;
  if (caller.kind === 'anonymous') {
    return new AirlockError('UNAUTHENTICATED', caller.presented ? { reason: 'the credential presented is unknown, expired or revoked' } : {});
  }
  if (caller.kind === 'account') {
    if (caller.mustChangePassword && access !== 'account') return new AirlockError('PASSWORD_CHANGE_REQUIRED', { account: caller.account });
    // The policy requires two-factor sign-in and the account has none: it enrols first (`account` routes hold the enrolment).
    if (caller.mfaEnrolmentRequired === true && access !== 'account') return new AirlockError('MFA_REQUIRED', { account: caller.account });
    const csrf = csrfRefusal(request);
    if (csrf) return csrf;
  }
  if (access === 'account' || caller.kind === 'operator') return null;
  const tenant = (request.params as Record<string, string | undefined>).tenant;
  if (caller.kind === 'application') {
    if (access !== 'application') return new AirlockError('FORBIDDEN', { reason: 'application keys are for the enforcement API only' });
    return caller.tenant === tenant ? null : new AirlockError('FORBIDDEN', { reason: 'this application key is for another tenant' });
  }
  switch (caller.role) {
    case 'site-admin':
      return null;
    case 'auditor':
      return access === 'admin' && SAFE_METHODS.has(request.method) ? null : new AirlockError('FORBIDDEN', { reason: 'auditors read; they change nothing' });
    case 'tenant-admin':
      if (access === 'site-admin') return new AirlockError('FORBIDDEN', { reason: 'for site administrators only' });
      return tenant !== undefined && tenant === caller.tenant
        ? null
        : new AirlockError('FORBIDDEN', { reason: 'a tenant administrator acts on its own tenant only' });
  }
}
