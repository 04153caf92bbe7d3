import { AirlockError } from '@airlock/core';
import { SMALL_BODY_LIMIT } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { isHttps, limitedBy, SESSION_LIFETIME, sessionCookie, SITE_SESSION_COOKIE } from '@airlock/http';
import { AnyPassword, Caller, MfaChallenge, NewPassword, SignedIn, SignInBody, Account } from '../account-schemas.ts';
import { refusals } from '../schemas.ts';
import { csrfRefusal } from '../access.ts';
import type { SiteRoutes } from './routes.ts';

/**
 * Signing in and out, who am I, and changing one's password. Sign-in and password changes (both
 * try a password) are limited per client address before the body is read; an account is locked
 * after repeated wrong passwords (see `SiteAccounts`).
 */
export const authRoutes: SiteRoutes = async (app, { site }) => {
  const limited = limitedBy(site.accounts.attempts);

  app.post(
    '/v1/auth/sign-in',
    {
      config: { siteAccess: 'public' },
      bodyLimit: SMALL_BODY_LIMIT,
      onRequest: limited,
      schema: {
        tags: ['accounts'],
        summary: 'Sign in and receive the airlock_site_session cookie',
        description:
          'Opens a 12-hour session in an http-only, SameSite=Strict cookie (Secure over HTTPS). Every later request that changes ' +
          'something with this cookie must carry the header `x-airlock-csrf: 1`. A generated password must be changed first ' +
          '(`POST /v1/auth/password`): until then every other route answers PASSWORD_CHANGE_REQUIRED. Attempts are limited per ' +
          'client address; 5 wrong passwords in a row lock the account for 15 minutes. Every attempt is in the audit. An account with ' +
          'two-factor sign-in gets no session here but `{"mfaRequired": true, "challenge"}`: complete with `POST /v1/auth/sign-in/mfa`.',
        body: SignInBody,
        response: { 200: Type.Union([SignedIn, MfaChallenge]), ...refusals },
      },
    },
    async (request, reply) => {
      const signedIn = await site.accounts.signIn(request.body, { address: request.ip, warn: (message) => request.log.warn(message) });
      // An account with two-factor sign-in gets no session yet (mfa-routes.ts).
      if ('mfaRequired' in signedIn) return signedIn;
      void reply.header('set-cookie', sessionCookie(SITE_SESSION_COOKIE, signedIn.secret, SESSION_LIFETIME / 1000, isHttps(request)));
      return { account: signedIn.account, expiresAt: signedIn.expiresAt };
    },
  );

  app.post(
    '/v1/auth/sign-out',
    {
      config: { siteAccess: 'public' },
      bodyLimit: SMALL_BODY_LIMIT,
      schema: { tags: ['accounts'], summary: 'End the session and clear its cookie', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      if (request.sessionSecret !== undefined) {
        // Public (an expired session may sign out too), but ending a live session is a change made with its cookie.
        const csrf = csrfRefusal(request);
        if (csrf) throw csrf;
        site.accounts.signOut(request.sessionSecret);
      }
      return reply
        .status(204)
        .header('set-cookie', sessionCookie(SITE_SESSION_COOKIE, '', 0, isHttps(request)))
        .send(null);
    },
  );

  app.get(
    '/v1/auth/me',
    {
      config: { siteAccess: 'account' },
      schema: {
        tags: ['accounts'],
        summary: 'Who the caller is: the operator, an account (with its role and tenant) or an application key',
        response: { 200: Caller, ...refusals },
      },
    },
    async (request) => {
      const caller = request.caller;
      if (caller.kind === 'anonymous') throw new AirlockError('UNAUTHENTICATED', {});
      return caller;
    },
  );

  app.post(
    '/v1/auth/password',
    {
      config: { siteAccess: 'account' },
      bodyLimit: SMALL_BODY_LIMIT,
      onRequest: limited,
      schema: {
        tags: ['accounts'],
        summary: "Change the signed-in person's password (ends their other sessions)",
        body: Type.Object({ currentPassword: AnyPassword, newPassword: NewPassword }, { additionalProperties: false }),
        response: { 200: Account, ...refusals },
      },
    },
    async (request) => {
      if (request.sessionSecret === undefined) throw new AirlockError('FORBIDDEN', { reason: 'only a person signed in with a password has one to change' });
      return site.accounts.changePassword(request.sessionSecret, request.body, request.actor);
    },
  );
};
