import { randomBytes } from 'node:crypto';
import type { TrustAnchor } from '@airlock/core';
import { launchBrowser, type TestBrowser } from '@airlock/web/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.ts';
import { openDatabase, type OpenedDatabase } from '../../src/db/database.ts';
import type { AuthorityDeps } from '../../src/deps.ts';
import { ensureFirstAdmin } from '../../src/features/accounts/admins.ts';
import { firstSignIn, testHeaderOrRealAuthenticator } from '../../src/features/accounts/testing/account-fixtures.ts';
import { openPersistentAuthorityKeys } from '../../src/keys/persistent-authority-keys.ts';
import { admin, TestClock } from '../harness.ts';

/**
 * The authority as a browser meets it: listening on a real port of 127.0.0.1, with the real
 * session sign-in, its keys in its database (so the keys page has keys to manage), a first
 * administrator holding a one-time password, webhooks on, and a clock the test moves. Set-up steps that are
 * not under test may still call the API as an administrator by the test header.
 */
export interface WebAuthority {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly database: OpenedDatabase;
  readonly clock: TestClock;
  readonly deps: AuthorityDeps;
  readonly firstAdmin: { readonly email: string; readonly password: string };
  /** What a site pins: the authority's root key. */
  readonly trust: TrustAnchor;
  /** `app.inject` as an administrator, for set-up. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** POSTs `payload` to the API as an administrator, expecting `status`; gives the answer's body. */
  readonly post: (url: string, payload: object, status?: number) => Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** `overrides` replaces dependencies the suite needs set, e.g. `reminders` with a known unsubscribe key. */
export async function startWebAuthority(now = new Date('2026-11-23T10:00:00Z'), overrides: Partial<AuthorityDeps> = {}): Promise<WebAuthority> {
  const database = await openDatabase({ kind: 'embedded', dataDir: null });
  const clock = new TestClock(now);
  const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };
  const keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase: 'browser test passphrase' });
  const deps: AuthorityDeps = {
    db: database.db,
    clock,
    random,
    keys,
    authenticate: testHeaderOrRealAuthenticator(database.db, clock),
    webhooks: { sealing: keys.sealing },
    ...overrides,
  };
  const app = await createApp(deps);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const firstAdmin = await ensureFirstAdmin(database.db, { clock, random });
  if (!firstAdmin) throw new Error('a fresh database has no administrator yet');
  const request = ({ headers, ...options }: InjectOptions) => app.inject({ ...options, headers: { ...headers, 'x-test-principal': JSON.stringify(admin) } });
  return {
    app,
    url,
    database,
    clock,
    deps,
    firstAdmin,
    trust: { root: await keys.root() },
    request,
    post: async (url, payload, status = 201) => (await expectStatus(status, request({ method: 'POST', url, payload }))).json<Record<string, unknown>>(),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Expects an API answer's status, showing its body when it differs. */
export async function expectStatus(status: number, answer: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const response = await answer;
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  return response;
}

/** The portal user of the customer `acme` (`addAcme`). */
const BUYER = { email: 'buyer@acme.example', password: 'acme portal password' };

/**
 * The customer the browser tests sign in as: `acme` (Acme Plant Systems) on the policy `standard`,
 * its account ending on `accountEndsOn`, with one portal user. Gives that user's id.
 */
export async function addAcme(authority: WebAuthority, accountEndsOn: string): Promise<string> {
  await authority.post('/v1/policies', { id: 'standard', name: 'Standard' });
  await authority.post('/v1/customers', {
    id: 'acme',
    name: 'Acme Plant Systems',
    contactEmail: 'licensing@acme.example',
    accountEndsOn,
    policyId: 'standard',
  });
  return String((await authority.post('/v1/customers/acme/users', BUYER)).id);
}

/**
 * The first administrator and acme's portal user signed in, each choosing a password of their
 * own at the first sign-in, and a browser launched to use their sessions.
 */
export async function signInAndLaunch(authority: WebAuthority): Promise<{ adminSession: string; customerSession: string; browser: TestBrowser }> {
  const adminSession = await firstSignIn(authority.app, authority.firstAdmin.email, authority.firstAdmin.password, 'a long and private passphrase');
  const customerSession = await firstSignIn(authority.app, BUYER.email, BUYER.password, 'chosen by the buyer');
  return { adminSession, customerSession, browser: await launchBrowser() };
}

/** The console's pages an administrator signs in for, with the customer `acme` and its site `siteGuid` in place. */
export const acmeConsolePages = (siteGuid: string) => [
  '/console/customers',
  '/console/customers/acme',
  '/console/customers/acme/sites',
  '/console/customers/acme/device-licenses',
  '/console/customers/acme/users',
  `/console/customers/acme/sites/${siteGuid.toLowerCase()}`,
  '/console/customers/acme/lfrs/new',
  '/console/customers/acme/usage',
  '/console/customers/acme/orders',
  '/console/approvals',
  '/console/connected-sites',
  '/console/static-licenses',
  '/console/catalogue',
  '/console/policies',
  '/console/device-licenses',
  '/console/audit',
  '/console/keys',
  '/console/branding',
  '/console/sso',
  '/console/customers/acme/sso',
];

/** The portal's pages behind its sign-in, for a customer with the site `siteGuid`. */
export const customerPortalPages = (siteGuid: string) => [
  '/portal/password',
  '/portal/sites',
  `/portal/sites/${siteGuid.toLowerCase()}`,
  '/portal/lfrs/new',
  '/portal/usage',
  '/portal/orders',
  '/portal/device-licenses',
  '/portal/offline-licensing',
];
