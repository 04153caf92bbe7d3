import { AirlockError } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import type { FastifyRequest } from 'fastify';
import { AUTHORITY_SESSION_COOKIE, CSRF_HEADER, hashSecret, isSessionSecretShaped, readSessionCookie, SAFE_METHODS } from '@airlock/http';
import type { Db } from '../db/database.ts';
import { findTokenPrincipalByHash, isApiTokenShaped } from '../features/accounts/api-tokens.ts';
import { findSession } from '../features/accounts/sign-in.ts';
import { mustEnrolMfa } from '../features/mfa/admin-mfa-store.ts';
import { tokenPrincipalCacheOf } from '../features/accounts/token-principal-cache.ts';
import type { Principal } from './permissions.ts';

const anonymous: Principal = { kind: 'anonymous' };

/** Routes an administrator still holding a one-time password may use: signing in and out, changing it. */
const ACCOUNT_ROUTES = '/v1/auth/';

/**
 * Says who makes a request, for `AuthorityDeps.authenticate`:
 * - `Authorization: Bearer alk_…` — an API token that exists and is not revoked; a token found
 *   valid is trusted for TOKEN_PRINCIPAL_TTL_MS (5 s on `clock`) without asking the database
 *   again. Revoking it forgets it at once on this replica; another replica, which shares only the
 *   database, stops accepting it within that time (see token-principal-cache.ts);
 * - otherwise the `airlock_session` cookie — a session that has not expired;
 * - otherwise (or when the credential is unknown, revoked or expired) anonymous, and the
 *   route's access rule decides.
 * A presented Authorization header is never topped up by the cookie: the explicit credential wins.
 *
 * It also refuses, with FORBIDDEN, what a valid session must not do: a state-changing request
 * without the `x-airlock-csrf` header (see session-cookie.ts), and, while an administrator's
 * password is the one-time one, anything but the `/v1/auth/` routes and public ones; likewise
 * (MFA_REQUIRED) while the policy requires two-factor sign-in of an administrator who has none.
 *
 * @example
 * ```ts
 * const app = await createApp({ db, clock, random, keys, authenticate: createAuthenticator(db, clock) });
 * ```
 */
export function createAuthenticator(db: Db, clock: Clock): (request: FastifyRequest) => Principal | Promise<Principal> {
  const tokens = tokenPrincipalCacheOf(db);
  const lookUpToken = async (hash: string, now: Date): Promise<Principal> => {
    const generation = tokens.generation;
    const found = await findTokenPrincipalByHash(db, hash);
    if (found) tokens.remember(hash, found, now, generation);
    return found ?? anonymous;
  };
  return (request) => {
    const authorization = request.headers.authorization;
    if (authorization === undefined) return sessionPrincipal(db, clock, request);
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || token === undefined || !isApiTokenShaped(token)) return anonymous;
    const hash = hashSecret(token);
    const now = clock.now();
    // A token trusted a moment ago answers without a promise: the read path's requests come this way.
    return tokens.get(hash, now) ?? lookUpToken(hash, now);
  };
}

/** The principal of the request's session cookie, or anonymous; refusing what a session must not do. */
async function sessionPrincipal(db: Db, clock: Clock, request: FastifyRequest): Promise<Principal> {
  const secret = readSessionCookie(request, AUTHORITY_SESSION_COOKIE);
  if (secret === undefined || !isSessionSecretShaped(secret)) return anonymous;
  const session = await findSession(db, secret, clock.now());
  if (!session) return anonymous;
  if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== '1') {
    throw new AirlockError('FORBIDDEN', { reason: `a request signed in by cookie that changes something must carry the header ${CSRF_HEADER}: 1` });
  }
  if (session.mustChangePassword && !mayUseWithOneTimePassword(request)) {
    throw new AirlockError('FORBIDDEN', { reason: 'the password this account was given must be changed first: POST /v1/auth/password' });
  }
  if (session.principal.kind === 'admin' && !mayUseWithOneTimePassword(request) && (await mustEnrolMfa(db, session.principal.id))) {
    throw new AirlockError('MFA_REQUIRED', { reason: 'two-factor sign-in is required: enrol first with POST /v1/auth/mfa/enrolment' });
  }
  return session.principal;
}

function mayUseWithOneTimePassword(request: FastifyRequest): boolean {
  const route = request.routeOptions;
  return route.config.access === undefined || route.config.access === 'public' || (route.url ?? '').startsWith(ACCOUNT_ROUTES);
}
