import type { Clock } from '@airlock/core/internal';
import type { FastifyRequest, LightMyRequestResponse } from 'fastify';
import { AUTHORITY_SESSION_COOKIE, CSRF_HEADER } from '@airlock/http';
import type { Db } from '../../../db/database.ts';
import { createAuthenticator } from '../../../http/authenticate.ts';
import type { Principal } from '../../../http/permissions.ts';

/**
 * Test support for suites that sign in for real: sessions and tokens go through the production
 * authenticator, while set-up steps may still name an administrator by the harness's test
 * header. Never for production.
 */
export function testHeaderOrRealAuthenticator(db: Db, clock: Clock): (request: FastifyRequest) => Promise<Principal> {
  const real = createAuthenticator(db, clock);
  return async (request) => {
    const header = request.headers['x-test-principal'];
    return typeof header === 'string' ? (JSON.parse(header) as Principal) : real(request);
  };
}

/** What the account fixtures read of an answer: Fastify's `inject` gives one, and so does `overHttp`. */
export type AccountAnswer = Pick<LightMyRequestResponse, 'statusCode' | 'body' | 'headers'>;

/** The session secret a sign-in answer set in its cookie. */
export function sessionSecretOf(response: AccountAnswer): string {
  const header = response.headers['set-cookie'];
  const cookie = (Array.isArray(header) ? header : [header ?? '']).find((value) => value.startsWith(`${AUTHORITY_SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`no session cookie in the answer (${response.statusCode}: ${response.body})`);
  return cookie.slice(AUTHORITY_SESSION_COOKIE.length + 1).split(';')[0]!;
}

/** Headers of a browser signed in with this session, sending the CSRF header unless told not to. */
export function sessionHeaders(secret: string, options: { csrf?: boolean } = {}): Record<string, string> {
  return { cookie: `${AUTHORITY_SESSION_COOKIE}=${secret}`, ...(options.csrf === false ? {} : { [CSRF_HEADER]: '1' }) };
}

/**
 * What `firstSignIn` needs of the authority: the app itself (Fastify's `inject`), or `overHttp`
 * for an authority running in another process.
 */
export interface AccountClient {
  inject(options: { method: 'POST'; url: string; headers?: Record<string, string>; payload: object }): Promise<AccountAnswer>;
}

/** An `AccountClient` that calls the authority listening at `baseUrl` over HTTP. */
export function overHttp(baseUrl: string): AccountClient {
  return {
    async inject({ method, url, headers, payload }) {
      const response = await fetch(`${baseUrl}${url}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      return { statusCode: response.status, body: await response.text(), headers: { 'set-cookie': response.headers.getSetCookie() } };
    },
  };
}

/**
 * A person's first sign-in with the one-time password the vendor gave them (a new portal user or
 * administrator), done as they do it: sign in, then choose their own password at
 * `POST /v1/auth/password` before anything else (see the README's "People"). Returns the session
 * secret, which the change keeps open; later sign-ins use `newPassword`. Throws, showing the
 * answer, when either step is refused, so a test's own assertions are never about this set-up.
 */
export async function firstSignIn(app: AccountClient, email: string, oneTimePassword: string, newPassword: string): Promise<string> {
  const signedIn = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password: oneTimePassword } });
  if (signedIn.statusCode !== 200) throw new Error(`first sign-in of ${email} refused (${signedIn.statusCode}: ${signedIn.body})`);
  const secret = sessionSecretOf(signedIn);
  const changed = await app.inject({
    method: 'POST',
    url: '/v1/auth/password',
    headers: sessionHeaders(secret),
    payload: { currentPassword: oneTimePassword, newPassword },
  });
  if (changed.statusCode !== 204) throw new Error(`password change of ${email} refused (${changed.statusCode}: ${changed.body})`);
  return secret;
}

/** Rows in a table, to show that a refusal changed nothing. */
export async function countRows(db: Db, table: 'admins' | 'customer_users' | 'sessions' | 'api_tokens' | 'audit_events'): Promise<number> {
  return Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}
