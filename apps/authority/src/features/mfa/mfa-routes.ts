import { Problem } from '@airlock/http';
import { AirlockError, MINUTE } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AUTHORITY_SESSION_COOKIE, createRateLimiter, limitedBy, type SecureCookies, SESSION_LIFETIME, sessionCookie, wantsSecureCookie } from '@airlock/http';
import { actorOf } from '../../http/permissions.ts';
import { Uuid } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { SignedIn } from '../accounts/account-schemas.ts';
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from '../accounts/auth-routes.ts';
import { markDeprecated, SIGN_IN_MFA_PATHS } from '../accounts/deprecated-paths.ts';
import { mustEnrolMfa } from './admin-mfa-store.ts';
import { confirmEnrolment, disableOwnMfa, listAdminMfa, mfaStatus, renewRecoveryCodes, resetAdminMfa, setMfaPolicy, startEnrolment } from './admin-mfa.ts';
import { AdminMfa, CodeBody, DisableBody, EnrolmentStarted, MfaPolicy, MfaSignInBody, MfaStatus, RecoveryCodes } from './mfa-schemas.ts';
import { completeMfaSignIn } from './mfa-sign-in.ts';

/**
 * Two-factor sign-in for administrators (README, "Two-factor sign-in"): the second sign-in step,
 * enrolment and its undoing under `/v1/auth/mfa` (which an administrator may use while the
 * policy still requires them to enrol), a reset by another administrator, and the policy.
 * Every route that tries a code is limited per client address like signing in.
 */
export function mfaRoutes(options: { secureCookies: SecureCookies }): Feature {
  return async (app, { deps }) => {
    const codeLimiter = limitedBy(createRateLimiter({ limit: SIGN_IN_ATTEMPTS_PER_MINUTE, windowMs: MINUTE, clock: deps.clock }));
    const sealing = deps.keys.sealing;
    const by = (request: FastifyRequest) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now(), random: deps.random, sealing });

    for (const [url, deprecated] of SIGN_IN_MFA_PATHS) {
      app.post(
        url,
        {
          config: { access: 'public' },
          onRequest: codeLimiter,
          schema: {
            tags: ['accounts'],
            summary: deprecated
              ? 'Deprecated name of POST /v1/auth/sign-in/mfa: the second sign-in step'
              : 'Second sign-in step of an administrator with two-factor sign-in: the challenge and a code open the session',
            ...(deprecated ? { deprecated: true } : {}),
            description:
              'After `POST /v1/auth/sign-in` answered `{"mfaRequired": true, "challenge"}`: the challenge and the 6-digit code of the ' +
              'authenticator app (or an unused recovery code) open the session, as the login would have. The challenge lasts 5 ' +
              'minutes (then 401 MFA_CHALLENGE_EXPIRED: sign in again). A wrong code is 401 MFA_CODE_INVALID, a code already used ' +
              'in its 30-second step 401 MFA_CODE_REUSED; both count towards the lock of the e-mail address like a wrong password ' +
              '(429 ACCOUNT_LOCKED), and the challenge stays usable until it expires.',
            body: MfaSignInBody,
            response: { 200: SignedIn, 401: Problem, 429: Problem },
          },
        },
        async (request, reply) => {
          if (deprecated) markDeprecated(reply, '/v1/auth/sign-in/mfa');
          const signedIn = await completeMfaSignIn(deps.db, sealing, request.body, {
            random: deps.random,
            now: deps.clock.now(),
            requestId: request.id,
            address: request.ip,
          });
          void reply.header(
            'set-cookie',
            sessionCookie(AUTHORITY_SESSION_COOKIE, signedIn.secret, SESSION_LIFETIME / 1000, wantsSecureCookie(request, options.secureCookies)),
          );
          const { principal, email, expiresAt, mustChangePassword } = signedIn;
          const mfaEnrolmentRequired = principal.kind === 'admin' && (await mustEnrolMfa(deps.db, principal.id));
          return { principal, email, expiresAt: expiresAt.toISOString(), mustChangePassword, ...(mfaEnrolmentRequired ? { mfaEnrolmentRequired } : {}) };
        },
      );
    }

    app.get(
      '/v1/auth/mfa',
      {
        config: { access: 'public' },
        schema: {
          tags: ['accounts'],
          summary: "The signed-in administrator's two-factor sign-in: enrolled or not, recovery codes left",
          response: { 200: MfaStatus, 401: Problem, 403: Problem },
        },
      },
      async (request) => mfaStatus(deps.db, sealing, adminOf(request)),
    );

    app.post(
      '/v1/auth/mfa/enrolment',
      {
        config: { access: 'public' },
        schema: {
          tags: ['accounts'],
          summary: 'Start enrolling in two-factor sign-in: a new TOTP secret, its otpauth URI and QR code',
          description:
            'Scan the QR code (or type the secret) into an authenticator app, then confirm with a code. Starting again replaces an unconfirmed secret; 409 MFA_ALREADY_ENROLLED once confirmed. Audited as `admin.mfa-enrolment-start`.',
          response: { 200: EnrolmentStarted, 401: Problem, 403: Problem, 409: Problem },
        },
      },
      async (request) => startEnrolment(deps.db, adminOf(request), by(request)),
    );

    app.post(
      '/v1/auth/mfa/enrolment/confirm',
      {
        config: { access: 'public' },
        onRequest: codeLimiter,
        schema: {
          tags: ['accounts'],
          summary: 'Confirm the enrolment with a code from the app; answers the 10 recovery codes, shown this once',
          description:
            'From now on signing in takes a second step. 401 MFA_CODE_INVALID for a wrong code; 409 MFA_NOT_ENROLLED without a started enrolment. Audited as `admin.mfa-enable`.',
          body: CodeBody,
          response: { 200: RecoveryCodes, 401: Problem, 403: Problem, 409: Problem, 429: Problem },
        },
      },
      async (request) => confirmEnrolment(deps.db, adminOf(request), request.body.code, by(request)),
    );

    app.post(
      '/v1/auth/mfa/recovery-codes',
      {
        config: { access: 'public' },
        onRequest: codeLimiter,
        schema: {
          tags: ['accounts'],
          summary: 'Replace the recovery codes (a current code proves the app): the old ones stop working',
          description: 'Audited as `admin.mfa-recovery-codes`.',
          body: CodeBody,
          response: { 200: RecoveryCodes, 401: Problem, 403: Problem, 409: Problem, 429: Problem },
        },
      },
      async (request) => renewRecoveryCodes(deps.db, adminOf(request), request.body.code, by(request)),
    );

    app.post(
      '/v1/auth/mfa/disable',
      {
        config: { access: 'public' },
        onRequest: codeLimiter,
        schema: {
          tags: ['accounts'],
          summary: 'Turn your two-factor sign-in off: the password and a current code (or a recovery code)',
          description:
            '401 INVALID_CREDENTIALS for a wrong password, 401 MFA_CODE_INVALID for a wrong code, 409 MFA_NOT_ENROLLED when not enrolled. Audited as `admin.mfa-disable`.',
          body: DisableBody,
          response: { 204: Type.Null(), 401: Problem, 403: Problem, 409: Problem, 429: Problem },
        },
      },
      async (request, reply) => {
        await disableOwnMfa(deps.db, adminOf(request), request.body, by(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/v1/admins/mfa',
      {
        config: { access: { permission: 'tokens:write' } },
        schema: {
          tags: ['accounts'],
          summary: 'Which administrators have two-factor sign-in (administrators only)',
          response: { 200: Type.Array(AdminMfa), 403: Problem },
        },
      },
      async (request) => {
        adminOf(request);
        return listAdminMfa(deps.db);
      },
    );

    app.post(
      '/v1/admins/:adminId/mfa/reset',
      {
        config: { access: { permission: 'tokens:write' } },
        schema: {
          tags: ['accounts'],
          summary: "Remove another administrator's two-factor sign-in (administrators only), e.g. after a lost phone",
          description:
            'They sign in with the password alone, and enrol again (at once if the policy requires it). Not for your own account (403: use `POST /v1/auth/mfa/disable`); 409 MFA_NOT_ENROLLED if they have none. Audited as `admin.mfa-reset`.',
          params: Type.Object({ adminId: Uuid }),
          response: { 204: Type.Null(), 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (request, reply) => {
        await resetAdminMfa(deps.db, request.params.adminId, { ...by(request), self: adminOf(request) });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/v1/settings/mfa',
      {
        config: { access: { permission: 'tokens:write' } },
        schema: {
          tags: ['accounts'],
          summary: 'The two-factor policy: whether every administrator must enrol (administrators only)',
          response: { 200: MfaPolicy, 403: Problem },
        },
      },
      async (request) => {
        adminOf(request);
        return { requireForAdmins: (await mfaStatus(deps.db, sealing, adminOf(request))).requiredForAdmins };
      },
    );

    app.put(
      '/v1/settings/mfa',
      {
        config: { access: { permission: 'tokens:write' } },
        schema: {
          tags: ['accounts'],
          summary: 'Require two-factor sign-in of every administrator, or stop requiring it (administrators only)',
          description:
            'While required, an administrator without it who signs in gets 403 MFA_REQUIRED on everything but `/v1/auth/` until they enrol (`mfaEnrolmentRequired` in the sign-in answer and in `/v1/auth/me`). API tokens are not affected. Audited as `settings.mfa-policy`.',
          body: MfaPolicy,
          response: { 200: MfaPolicy, 403: Problem },
        },
      },
      async (request) => {
        adminOf(request);
        return setMfaPolicy(deps.db, request.body.requireForAdmins, by(request));
      },
    );
  };
}

/** Two-factor sign-in is for vendor administrators signed in with a session. */
function adminOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal.kind === 'anonymous') throw new AirlockError('UNAUTHENTICATED', {});
  if (principal.kind !== 'admin') throw new AirlockError('FORBIDDEN', { reason: 'two-factor sign-in is for administrators' });
  return principal.id;
}
