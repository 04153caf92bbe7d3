import { Problem } from '@airlock/http';
import { AirlockError, MINUTE } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  AUTHORITY_SESSION_COOKIE,
  createRateLimiter,
  limitedBy,
  readSessionCookie,
  type SecureCookies,
  SESSION_LIFETIME,
  sessionCookie,
  wantsSecureCookie,
} from '@airlock/http';
import { actorOf } from '../../http/permissions.ts';
import type { Feature } from '../feature.ts';
import { passwordSignInAllowed } from '../sso/sso-providers.ts';
import { mustEnrolMfa } from '../mfa/admin-mfa-store.ts';
import { MfaChallenge } from '../mfa/mfa-schemas.ts';
import { mfaSecondStep } from '../mfa/mfa-sign-in.ts';
import { findAccountById } from './accounts.ts';
import { AnyPassword, Credentials, Me, NewPassword, SignedIn } from './account-schemas.ts';
import { markDeprecated, SIGN_IN_PATHS } from './deprecated-paths.ts';
import { changePassword, signIn, signOut, type SessionPrincipal } from './sign-in.ts';

/** Sign-in attempts (and password changes, which also test a password) allowed per address and minute. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

/**
 * Signing in and out. These routes are public at the gate: signing in needs no principal, and
 * the others check for a session themselves, because customer users use them too.
 */
export function authRoutes(options: { secureCookies: SecureCookies }): Feature {
  return async (app, { deps }) => {
    const signInLimiter = limitedBy(createRateLimiter({ limit: SIGN_IN_ATTEMPTS_PER_MINUTE, windowMs: MINUTE, clock: deps.clock }));
    const setSessionCookie = (request: FastifyRequest, secret: string, maxAgeSeconds: number) =>
      sessionCookie(AUTHORITY_SESSION_COOKIE, secret, maxAgeSeconds, wantsSecureCookie(request, options.secureCookies));

    for (const [url, deprecated] of SIGN_IN_PATHS) {
      app.post(
        url,
        {
          config: { access: 'public' },
          onRequest: signInLimiter,
          schema: {
            tags: ['accounts'],
            summary: deprecated
              ? 'Deprecated name of POST /v1/auth/sign-in: sign in and receive the airlock_session cookie'
              : 'Sign in (administrators and customer users) and receive the airlock_session cookie',
            ...(deprecated ? { deprecated: true } : {}),
            description:
              'Opens a 12-hour session in an http-only, SameSite=Strict cookie (Secure over HTTPS). Every later request that ' +
              'changes something and is signed in by this cookie must carry the header `x-airlock-csrf: 1`; API tokens ' +
              '(`Authorization: Bearer alk_…`) need no such header. Attempts are limited per client address, and 5 wrong ' +
              'passwords in a row for one e-mail address lock it for 15 minutes on every replica (429 ACCOUNT_LOCKED with ' +
              'Retry-After, even for the right password; addresses without an account lock alike). An administrator with two-factor ' +
              'sign-in gets no session here but `{"mfaRequired": true, "challenge"}`: complete with `POST /v1/auth/sign-in/mfa`.',
            body: Credentials,
            response: { 200: Type.Union([SignedIn, MfaChallenge]), 401: Problem, 403: Problem, 429: Problem },
          },
        },
        async (request, reply) => {
          if (deprecated) markDeprecated(reply, '/v1/auth/sign-in');
          const context = {
            random: deps.random,
            now: deps.clock.now(),
            requestId: request.id,
            address: request.ip,
            passwordAllowed: (account: Parameters<typeof passwordSignInAllowed>[1]) => passwordSignInAllowed(deps.db, account),
          };
          const signedIn = await signIn(deps.db, request.body, context, mfaSecondStep(deps.db));
          // An administrator with two-factor sign-in gets no session yet (features/mfa).
          if ('mfaRequired' in signedIn) return { mfaRequired: true as const, challenge: signedIn.challenge, expiresAt: signedIn.expiresAt.toISOString() };
          void reply.header('set-cookie', setSessionCookie(request, signedIn.secret, SESSION_LIFETIME / 1000));
          const { principal, email, expiresAt, mustChangePassword } = signedIn;
          const mfaEnrolmentRequired = principal.kind === 'admin' && (await mustEnrolMfa(deps.db, principal.id));
          return { principal, email, expiresAt: expiresAt.toISOString(), mustChangePassword, ...(mfaEnrolmentRequired ? { mfaEnrolmentRequired } : {}) };
        },
      );
    }

    app.post(
      '/v1/auth/logout',
      {
        config: { access: 'public' },
        schema: { tags: ['accounts'], summary: 'End the session and clear its cookie', response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        const secret = readSessionCookie(request, AUTHORITY_SESSION_COOKIE);
        if (secret !== undefined) await signOut(deps.db, secret);
        return reply
          .status(204)
          .header('set-cookie', setSessionCookie(request, '', 0))
          .send(null);
      },
    );

    app.get(
      '/v1/auth/me',
      {
        config: { access: 'public' },
        schema: { tags: ['accounts'], summary: 'Who the caller is', response: { 200: Me, 401: Problem } },
      },
      async (request) => {
        const principal = request.principal;
        if (principal.kind === 'anonymous') throw new AirlockError('UNAUTHENTICATED', {});
        if (principal.kind === 'token') return { principal: { ...principal, scopes: [...principal.scopes] } };
        const account = await findAccountById(deps.db, principal.kind, principal.id);
        if (!account) throw new AirlockError('UNAUTHENTICATED', {});
        const mfaEnrolmentRequired = principal.kind === 'admin' && (await mustEnrolMfa(deps.db, principal.id));
        return { principal, email: account.email, mustChangePassword: account.mustChangePassword, ...(mfaEnrolmentRequired ? { mfaEnrolmentRequired } : {}) };
      },
    );

    app.post(
      '/v1/auth/password',
      {
        config: { access: 'public' },
        onRequest: signInLimiter,
        schema: {
          tags: ['accounts'],
          summary: "Change the signed-in person's password (ends their other sessions)",
          body: Type.Object({ currentPassword: AnyPassword, newPassword: NewPassword }, { additionalProperties: false }),
          response: { 204: Type.Null(), 400: Problem, 401: Problem, 403: Problem, 429: Problem },
        },
      },
      async (request, reply) => {
        const principal = sessionPrincipalOf(request);
        await changePassword(
          deps.db,
          principal,
          { ...request.body, currentSessionSecret: readSessionCookie(request, AUTHORITY_SESSION_COOKIE) },
          { actor: actorOf(principal), requestId: request.id, now: deps.clock.now(), random: deps.random },
        );
        return reply.status(204).send(null);
      },
    );
  };
}

/** Only a person signed in with a password has a password to change. */
function sessionPrincipalOf(request: FastifyRequest): SessionPrincipal {
  const principal = request.principal;
  if (principal.kind === 'anonymous') throw new AirlockError('UNAUTHENTICATED', {});
  if (principal.kind === 'token') throw new AirlockError('FORBIDDEN', { reason: 'API tokens have no password' });
  return principal;
}
