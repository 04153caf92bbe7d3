import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER, SITE_SESSION_COOKIE } from '@airlock/http';
import type { Role } from '../state/account-events.ts';
import { OPERATOR_TOKEN_PREFIX } from '../accounts/operator-token.ts';
import { createSiteApp } from '../http/app.ts';
import type { Site } from '../site/site.ts';
import type { TestSite } from './site-fixtures.ts';

/**
 * Test support for calling the site's HTTP API as each kind of caller: the operator (a fixed
 * token the test app is built with), a signed-in account of any role (its generated password
 * changed, as the site demands), or an application key of a tenant. Never for production.
 */

/** The operator token of test apps: shaped like a real one, known to the tests. */
export const TEST_OPERATOR_TOKEN = `${OPERATOR_TOKEN_PREFIX}${'t'.repeat(43)}`;
/** Headers that authenticate as the operator. */
export const asOperator: Readonly<Record<string, string>> = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` };

/** The site's app built as `main.ts` builds it, knowing the test operator token. */
export function createTestSiteApp(test: Pick<TestSite, 'site'>): Promise<FastifyInstance> {
  return createSiteApp({ site: test.site, operatorToken: TEST_OPERATOR_TOKEN });
}

export interface SignedInAccount {
  readonly account: string;
  readonly password: string;
  /** Cookie and CSRF header: what a browser sends for this session. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Creates an account, signs it in over HTTP and changes its generated password, as a person
 * does at the first sign-in: the session it returns may use every route its role allows.
 */
export async function signedIn(
  app: FastifyInstance,
  site: Site,
  account: { readonly account: string; readonly role: Role; readonly tenant?: string },
): Promise<SignedInAccount> {
  const created = await site.accounts.createAccount({ account: account.account, role: account.role, tenant: account.tenant ?? null }, 'test');
  const session = await signIn(app, account.account, created.password);
  const password = `${account.account} has a password of its own`;
  const changed = await app.inject({
    method: 'POST',
    url: '/v1/auth/password',
    headers: session,
    payload: { currentPassword: created.password, newPassword: password },
  });
  if (changed.statusCode !== 200) throw new Error(`the password change of ${account.account} answered ${changed.statusCode}: ${changed.body}`);
  return { account: account.account, password, headers: session };
}

/** Signs in over HTTP; the headers of the session opened (throws when the site refuses). */
export async function signIn(app: FastifyInstance, account: string, password: string): Promise<Readonly<Record<string, string>>> {
  const response = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { account, password } });
  if (response.statusCode !== 200) throw new Error(`signing in as ${account} answered ${response.statusCode}: ${response.body}`);
  return { cookie: `${SITE_SESSION_COOKIE}=${sessionSecretOf(response.headers['set-cookie'])}`, [CSRF_HEADER]: '1' };
}

/** The session secret a Set-Cookie header carries. */
export function sessionSecretOf(setCookie: string | string[] | undefined): string {
  const header = [setCookie ?? []].flat().find((value) => value.startsWith(`${SITE_SESSION_COOKIE}=`));
  if (header === undefined) throw new Error('no session cookie was set');
  return header.slice(SITE_SESSION_COOKIE.length + 1).split(';')[0]!;
}

/** Headers that authenticate with a new application key of the tenant. */
export async function asApplication(site: Site, tenant: string, name = 'test-app'): Promise<Readonly<Record<string, string>>> {
  const { key } = await site.accounts.createAppKey(tenant, name, 'test');
  return { authorization: `Bearer ${key}` };
}
