import { AirlockError } from '@airlock/core';
import { SMALL_BODY_LIMIT } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { isHttps, limitedBy, SESSION_LIFETIME, sessionCookie, SITE_SESSION_COOKIE } from '@airlock/http';
import { AccountName, AnyPassword, MfaCode, MfaEnrolment, MfaPolicy, MfaSignInBody, MfaStatus, RecoveryCodes, SignedIn } from '../account-schemas.ts';
import { refusals } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

/**
 * Two-factor sign-in of the site's accounts (README, "Two-factor sign-in"): the second sign-in
 * step; enrolment and turning it off under `/v1/auth/mfa` (open to an account the policy makes
 * enrol first); the reset and the policy, for site administrators. Every route that tries a
 * code is limited per client address like signing in.
 */
export const mfaRoutes: SiteRoutes = async (app, { site }) => {
  const limited = limitedBy(site.accounts.attempts);
  const own = { config: { siteAccess: 'account' }, bodyLimit: SMALL_BODY_LIMIT } as const;
  const siteAdmin = { config: { siteAccess: 'site-admin' }, bodyLimit: SMALL_BODY_LIMIT } as const;

  app.post(
    '/v1/auth/sign-in/mfa',
    {
      config: { siteAccess: 'public' },
      bodyLimit: SMALL_BODY_LIMIT,
      onRequest: limited,
      schema: {
        tags: ['accounts'],
        summary: 'Second sign-in step of an account with two-factor sign-in: the challenge and a code open the session',
        description:
          'After `POST /v1/auth/sign-in` answered `{"mfaRequired": true, "challenge"}`: the challenge and the 6-digit code of the authenticator ' +
          'app (or an unused recovery code) open the session. The challenge lasts 5 minutes (then MFA_CHALLENGE_EXPIRED). A wrong code is ' +
          "MFA_CODE_INVALID, a code already used MFA_CODE_REUSED; both count towards the account's lock like a wrong password. Every " +
          'attempt is in the audit.',
        body: MfaSignInBody,
        response: { 200: SignedIn, ...refusals },
      },
    },
    async (request, reply) => {
      const signedIn = await site.mfa.completeSignIn(request.body, { address: request.ip, warn: (message) => request.log.warn(message) });
      void reply.header('set-cookie', sessionCookie(SITE_SESSION_COOKIE, signedIn.secret, SESSION_LIFETIME / 1000, isHttps(request)));
      return { account: signedIn.account, expiresAt: signedIn.expiresAt };
    },
  );

  app.get(
    '/v1/auth/mfa',
    {
      ...own,
      schema: {
        tags: ['accounts'],
        summary: "The signed-in account's two-factor sign-in: enrolled or not, recovery codes left",
        response: { 200: MfaStatus, ...refusals },
      },
    },
    async (request) => site.mfa.status(accountOf(request)),
  );

  app.post(
    '/v1/auth/mfa/enrolment',
    {
      ...own,
      schema: {
        tags: ['accounts'],
        summary: 'Start enrolling in two-factor sign-in: a new TOTP secret, its otpauth URI and QR code',
        description:
          'Scan the QR code (or type the secret) into an authenticator app, then confirm with a code within 15 minutes. MFA_ALREADY_ENROLLED once confirmed.',
        response: { 200: MfaEnrolment, ...refusals },
      },
    },
    async (request) => site.mfa.startEnrolment(accountOf(request)),
  );

  app.post(
    '/v1/auth/mfa/enrolment/confirm',
    {
      ...own,
      onRequest: limited,
      schema: {
        tags: ['accounts'],
        summary: 'Confirm the enrolment with a code from the app; answers the 10 recovery codes, shown this once',
        description: 'From now on signing in takes a second step. The enrolment is a ledger event (`mfa-enrolled`) in the audit.',
        body: Type.Object({ code: MfaCode }, { additionalProperties: false }),
        response: { 200: RecoveryCodes, ...refusals },
      },
    },
    async (request) => site.mfa.confirmEnrolment(accountOf(request), request.body.code, request.actor),
  );

  app.post(
    '/v1/auth/mfa/disable',
    {
      ...own,
      onRequest: limited,
      schema: {
        tags: ['accounts'],
        summary: 'Turn your two-factor sign-in off: the password and a current code (or a recovery code)',
        body: Type.Object({ password: AnyPassword, code: MfaCode }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await site.mfa.disable(accountOf(request), request.body, request.actor);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/accounts/mfa',
    {
      ...siteAdmin,
      schema: {
        tags: ['accounts'],
        summary: 'Which accounts have two-factor sign-in, and whether the site requires it (site administrators only)',
        response: {
          200: Type.Object({
            required: Type.Boolean(),
            accounts: Type.Array(Type.Object({ account: Type.String(), enrolledAt: Type.String({ format: 'date-time' }) })),
          }),
          ...refusals,
        },
      },
    },
    async () => ({ required: site.mfa.required(), accounts: site.mfa.enrolledAccounts() }),
  );

  app.post(
    '/v1/accounts/:account/mfa/reset',
    {
      ...siteAdmin,
      schema: {
        tags: ['accounts'],
        summary: "Remove another account's two-factor sign-in (site administrators only), e.g. after a lost phone",
        description:
          'They sign in with the password alone, and enrol again (at once if the site requires it). Not for your own account (FORBIDDEN); MFA_NOT_ENROLLED if it has none. A ledger event (`mfa-removed`) in the audit.',
        params: Type.Object({ account: AccountName }),
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await site.mfa.reset(request.params.account, request.actor);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/v1/settings/mfa',
    {
      ...siteAdmin,
      schema: {
        tags: ['accounts'],
        summary: 'Require two-factor sign-in of every account, or stop requiring it (site administrators only)',
        description:
          'While required, an account without it gets MFA_REQUIRED on everything but `/v1/auth/` until it enrols (`mfaEnrolmentRequired` in `/v1/auth/me`). Application keys and the operator token are not affected. A ledger event (`mfa-policy-set`).',
        body: MfaPolicy,
        response: { 200: MfaPolicy, ...refusals },
      },
    },
    async (request) => site.mfa.setPolicy(request.body.required, request.actor),
  );
};

/** Two-factor sign-in is for the site's accounts, signed in with a session (not the operator token or an application key). */
function accountOf(request: FastifyRequest): string {
  const caller = request.caller;
  if (caller.kind !== 'account') throw new AirlockError('FORBIDDEN', { reason: "two-factor sign-in is for the site's accounts" });
  return caller.account;
}
