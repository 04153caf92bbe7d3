import { MINUTE } from '@airlock/core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { seedCustomer } from '../offline-licenses/testing/offline-licensing-fixtures.ts';
import { sessionHeaders, testHeaderOrRealAuthenticator } from '../accounts/testing/account-fixtures.ts';
import { createSecretSealer } from './secret-sealer.ts';
import { startTestIdentityProvider, type TestAccount, type TestIdentityProvider } from './testing/test-identity-provider.ts';
import { cookiesOf, walkSso } from './testing/sso-walk.ts';

const PUBLIC_URL = 'http://airlock.test';
const CALLBACK = `${PUBLIC_URL}/v1/sso/callback`;
const accounts: Record<string, TestAccount> = {
  alice: { email: 'Alice@Vendor.example', groups: ['staff', 'airlock-admins'] },
  bob: { email: 'bob@vendor.example', groups: ['staff'] },
  mallory: { email: 'mallory@elsewhere.example', groups: ['airlock-admins'] },
  carol: { email: 'carol@acme.example', groups: ['buyers'] },
  unverified: { email: 'eve@vendor.example', emailVerified: false, groups: ['airlock-admins'] },
};
let idp: TestIdentityProvider;

beforeAll(async () => {
  idp = await startTestIdentityProvider({ clientId: 'airlock', clientSecret: 'idp client secret', redirectUris: [CALLBACK], accounts: () => accounts });
});
afterAll(async () => {
  await idp.close();
});

describeEachStore(
  'single sign-on through an OpenID Connect provider',
  (context) => {
    const common = (withSecret: boolean) => ({
      issuer: idp.issuer,
      clientId: 'airlock',
      ...(withSecret ? { clientSecret: 'idp client secret' } : {}),
      groupClaim: 'groups',
      provisioning: 'just-in-time',
      passwordSignIn: true,
    });
    const consoleSettings = (withSecret = true) => ({
      ...common(withSecret),
      allowedDomains: ['vendor.example'],
      groupRoles: [{ group: 'airlock-admins', role: 'admin' }],
    });
    const customerSettings = (withSecret = true, allowedDomains = ['acme.example'], allowedGroups = ['buyers']) => ({
      ...common(withSecret),
      allowedDomains,
      allowedGroups,
    });
    const me = (cookie: string) => context().app.inject({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(cookie) });
    const sessionOf = (headers: Record<string, unknown>) =>
      cookiesOf(headers['set-cookie'] as string[])
        .find((pair) => pair.startsWith('airlock_session=') && pair.length > 20)
        ?.slice('airlock_session='.length);
    const auditActions = async () =>
      (await context().database.db.selectFrom('audit_events').select(['action', 'after']).orderBy('id').execute()).map((row) => row.action);

    beforeAll(async () => {
      const { database, clock } = context();
      await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: {} }, clock.now());
    });

    // Sign-ins are limited per address and minute: each test starts in a minute of its own.
    beforeEach(() => {
      context().clock.advance(MINUTE);
    });

    it('refuses a sign-in before any provider is set, back on the sign-in page with SSO_NOT_CONFIGURED', async () => {
      const response = await context().app.inject({ method: 'GET', url: '/v1/sso/console/sign-in' });
      expect([response.statusCode, response.headers.location]).toEqual([303, '/console/sign-in?sso_error=SSO_NOT_CONFIGURED']);
    });

    it('keeps the console provider with its client secret sealed, never shown, and audits the change', async () => {
      const { request, database } = context();
      const response = await request({ method: 'PUT', url: '/v1/sso/console', payload: consoleSettings() });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        id: 'console',
        area: 'console',
        customerId: null,
        issuer: idp.issuer,
        clientId: 'airlock',
        allowedDomains: ['vendor.example'],
        groupClaim: 'groups',
        groupRoles: [{ group: 'airlock-admins', role: 'admin' }],
        provisioning: 'just-in-time',
        passwordSignIn: true,
        updatedAt: context().clock.now().toISOString(),
        redirectUri: CALLBACK,
      });
      const row = await database.db.selectFrom('sso_providers').select('client_secret_sealed').executeTakeFirstOrThrow();
      expect(row.client_secret_sealed).toMatch(/^v1\./);
      expect(row.client_secret_sealed).not.toContain('idp client secret');
      const event = await database.db
        .selectFrom('audit_events')
        .select(['action', 'actor', 'after'])
        .where('action', '=', 'sso.create')
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(event)).not.toContain('idp client secret');
      expect(event).toMatchObject({ actor: 'admin:test-admin', after: { clientSecretChanged: true, issuer: idp.issuer } });
    });

    it('refuses settings that could not work, changing nothing', async () => {
      const { request } = context();
      const without = { ...consoleSettings(), groupRoles: [] };
      expect((await request({ method: 'PUT', url: '/v1/sso/console', payload: without })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
      expect((await request({ method: 'PUT', url: '/v1/sso/customers/acme', payload: customerSettings(false) })).json()).toMatchObject({
        status: 400,
        code: 'REQUEST_INVALID',
        errors: { field: 'clientSecret' },
      });
      expect((await request({ method: 'GET', url: '/v1/sso/customers/acme' })).statusCode).toBe(404);
    });

    it('signs a new administrator in just in time, in the same session as a password sign-in, and audits it', async () => {
      const { callback, callbackUrl } = await walkSso(context().app, '/v1/sso/console/sign-in?next=%2Fconsole%2Fcustomers', 'alice');
      expect(callbackUrl.searchParams.get('code')).toBeTruthy();
      expect(callback.statusCode).toBe(200);
      expect(callback.body).toContain('url=/console/customers');
      const cookie = sessionOf(callback.headers);
      expect(String(callback.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
      const answer = (await me(cookie!)).json();
      expect(answer).toEqual({ principal: { kind: 'admin', id: expect.any(String) }, email: 'alice@vendor.example', mustChangePassword: false });
      expect(await auditActions()).toEqual(expect.arrayContaining(['admin.create', 'auth.sso-login']));
      const login = await context()
        .database.db.selectFrom('audit_events')
        .select(['actor', 'after'])
        .where('action', '=', 'auth.sso-login')
        .executeTakeFirstOrThrow();
      expect(login).toMatchObject({ actor: `admin:${answer.principal.id}`, after: { provider: 'console', role: 'admin', subject: 'alice' } });
    });

    it('refuses an address outside the allowed domains, and one without the mapped group, opening no session', async () => {
      const sessions = async () => (await context().database.db.selectFrom('sessions').select('token_hash').execute()).length;
      const before = await sessions();
      const domain = await walkSso(context().app, '/v1/sso/console/sign-in', 'mallory');
      expect([domain.callback.statusCode, domain.callback.headers.location]).toEqual([303, '/console/sign-in?sso_error=SSO_DOMAIN_NOT_ALLOWED']);
      const group = await walkSso(context().app, '/v1/sso/console/sign-in', 'bob');
      expect(group.callback.headers.location).toBe('/console/sign-in?sso_error=SSO_GROUP_NOT_ALLOWED');
      const unverified = await walkSso(context().app, '/v1/sso/console/sign-in', 'unverified');
      expect(unverified.callback.headers.location).toBe('/console/sign-in?sso_error=SSO_EMAIL_NOT_VERIFIED');
      expect(await sessions()).toBe(before);
      const failures = await context()
        .database.db.selectFrom('audit_events')
        .select(['object_id', 'after'])
        .where('action', '=', 'auth.sso-login-failed')
        .orderBy('id')
        .execute();
      expect(failures.map((row) => [row.object_id, (row.after as { reason: string }).reason])).toEqual([
        ['mallory@elsewhere.example', 'SSO_DOMAIN_NOT_ALLOWED'],
        ['bob@vendor.example', 'SSO_GROUP_NOT_ALLOWED'],
        ['eve@vendor.example', 'SSO_EMAIL_NOT_VERIFIED'],
      ]);
    });

    it('refuses an administrator whose group was revoked at the IdP at their next sign-in', async () => {
      accounts.alice = { ...accounts.alice!, groups: ['staff'] };
      try {
        const walk = await walkSso(context().app, '/v1/sso/console/sign-in', 'alice');
        expect(walk.callback.headers.location).toBe('/console/sign-in?sso_error=SSO_GROUP_NOT_ALLOWED');
      } finally {
        accounts.alice = { ...accounts.alice, groups: ['staff', 'airlock-admins'] };
      }
    });

    it('refuses an answer replayed, another browser’s, with a tampered state or a forged code', async () => {
      const first = await walkSso(context().app, '/v1/sso/console/sign-in', 'alice');
      expect(first.callback.statusCode).toBe(200);
      const replay = await context().app.inject({
        method: 'GET',
        url: `${first.callbackUrl.pathname}${first.callbackUrl.search}`,
        headers: { cookie: first.flowCookie },
      });
      expect(replay.headers.location).toBe('/console/sign-in?sso_error=SSO_STATE_INVALID');
      const noCookie = await walkSso(context().app, '/v1/sso/console/sign-in', 'alice', { flowCookie: () => '' });
      expect(noCookie.callback.headers.location).toBe('/console/sign-in?sso_error=SSO_STATE_INVALID');
      const tampered = await walkSso(context().app, '/v1/sso/console/sign-in', 'alice', {
        tamper: (url) => {
          url.searchParams.set('state', 'not-the-state');
          return url;
        },
      });
      expect(tampered.callback.headers.location).toBe('/console/sign-in?sso_error=SSO_STATE_INVALID');
      const badCode = await walkSso(context().app, '/v1/sso/console/sign-in', 'alice', {
        tamper: (url) => {
          url.searchParams.set('code', 'forged-code');
          return url;
        },
      });
      expect(badCode.callback.headers.location).toBe('/console/sign-in?sso_error=SSO_TOKEN_INVALID');
    });

    it('refuses a disabled administrator, as a password sign-in does', async () => {
      const { request } = context();
      const alice = (await request({ method: 'GET', url: '/v1/admins' }))
        .json<{ id: string; email: string }[]>()
        .find((admin) => admin.email === 'alice@vendor.example')!;
      // Another administrator must remain: the test principal is not a row, so add one.
      await request({ method: 'POST', url: '/v1/admins', payload: { email: 'ops@vendor.example', password: 'vendor ops password' } });
      expect((await request({ method: 'POST', url: `/v1/admins/${alice.id}/disable` })).statusCode).toBe(200);
      const disabled = await walkSso(context().app, '/v1/sso/console/sign-in', 'alice');
      expect(disabled.callback.headers.location).toBe('/console/sign-in?sso_error=ACCOUNT_DISABLED');
      await request({ method: 'POST', url: `/v1/admins/${alice.id}/enable` });
    });

    it('refuses password sign-in to administrators once the console is single sign-on only', async () => {
      const { request, app } = context();
      const kept = consoleSettings(false);
      expect((await request({ method: 'PUT', url: '/v1/sso/console', payload: { ...kept, passwordSignIn: false } })).statusCode).toBe(200);
      const refused = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'ops@vendor.example', password: 'vendor ops password' } });
      expect(refused.json()).toMatchObject({ status: 403, code: 'PASSWORD_SIGN_IN_DISABLED' });
      const wrong = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'ops@vendor.example', password: 'a wrong password' } });
      expect(wrong.json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      // The secret was kept: single sign-on still works.
      expect((await walkSso(app, '/v1/sso/console/sign-in', 'alice')).callback.statusCode).toBe(200);
      await request({ method: 'PUT', url: '/v1/sso/console', payload: { ...kept, passwordSignIn: true } });
    });

    it("signs a customer's portal user in through that customer's provider, found by the address's domain", async () => {
      const { request, app } = context();
      expect((await request({ method: 'PUT', url: '/v1/sso/customers/acme', payload: customerSettings() })).statusCode).toBe(200);
      // The console's IdP is not the customer's: an acme address is refused there.
      expect((await walkSso(app, '/v1/sso/console/sign-in', 'carol')).callback.headers.location).toBe('/console/sign-in?sso_error=SSO_DOMAIN_NOT_ALLOWED');
      const walk = await walkSso(app, '/v1/sso/portal/sign-in?email=carol%40acme.example', 'carol');
      expect(walk.callback.statusCode).toBe(200);
      expect(walk.callback.body).toContain('url=/portal/sites');
      expect((await me(sessionOf(walk.callback.headers)!)).json()).toEqual({
        principal: { kind: 'customer-user', id: expect.any(String), customerId: 'acme' },
        email: 'carol@acme.example',
        mustChangePassword: false,
      });
      // An administrator's address is not a portal user's.
      const other = await walkSso(app, '/v1/sso/portal/sign-in?email=carol%40acme.example', 'alice');
      expect(other.callback.headers.location).toBe('/portal/sign-in?sso_error=SSO_DOMAIN_NOT_ALLOWED');
      const unknown = await app.inject({ method: 'GET', url: '/v1/sso/portal/sign-in?email=someone%40globex.example' });
      expect(unknown.headers.location).toBe('/portal/sign-in?sso_error=SSO_NOT_CONFIGURED');
    });

    it("refuses a second customer's provider for a domain another customer's provider accepts", async () => {
      const { request, database, clock } = context();
      await seedCustomer(database.db, { id: 'globex', accountEndsOn: '2027-12-31', purchased: {} }, clock.now());
      const customer = customerSettings(true, ['ACME.example'], []);
      expect((await request({ method: 'PUT', url: '/v1/sso/customers/globex', payload: customer })).json()).toMatchObject({
        status: 409,
        code: 'CONFLICT',
        errors: { domain: 'acme.example' },
      });
      expect((await request({ method: 'PUT', url: '/v1/sso/customers/initech', payload: customer })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });

    it('refuses a portal user of another customer, and a person without an account where provisioning is off', async () => {
      const { request, app } = context();
      await request({
        method: 'PUT',
        url: '/v1/sso/customers/acme',
        payload: { ...customerSettings(false, ['acme.example'], []), provisioning: 'existing-accounts' },
      });
      accounts.dave = { email: 'dave@acme.example', groups: [] };
      const walk = await walkSso(app, '/v1/sso/portal/sign-in?email=dave%40acme.example', 'dave');
      expect(walk.callback.headers.location).toBe('/portal/sign-in?sso_error=SSO_ACCOUNT_NOT_FOUND');
      // carol exists (provisioned before), so she still signs in.
      expect((await walkSso(app, '/v1/sso/portal/sign-in?email=carol%40acme.example', 'carol')).callback.statusCode).toBe(200);
    });

    it('lists, shows to the API and removes providers; customer users cannot read them', async () => {
      const { request } = context();
      const list = (await request({ method: 'GET', url: '/v1/sso/customers' })).json<{ items: { id: string }[] }>();
      expect(list.items.map((item) => item.id)).toEqual(['customer:acme']);
      expect(JSON.stringify(list)).not.toContain('secret');
      expect((await request({ method: 'GET', url: '/v1/sso/customers/acme', as: { kind: 'customer-user', id: 'x', customerId: 'acme' } })).statusCode).toBe(
        403,
      );
      expect((await request({ method: 'DELETE', url: '/v1/sso/customers/acme' })).statusCode).toBe(204);
      expect((await request({ method: 'GET', url: '/v1/sso/customers/acme' })).statusCode).toBe(404);
      expect(await auditActions()).toContain('sso.delete');
    });
  },
  ({ db, clock, random }) => ({
    authenticate: testHeaderOrRealAuthenticator(db, clock),
    sso: { sealer: createSecretSealer('sso test passphrase', random), publicUrl: PUBLIC_URL },
  }),
);
