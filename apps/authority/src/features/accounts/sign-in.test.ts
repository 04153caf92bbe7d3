import { createHash } from 'node:crypto';
import { HOUR, MINUTE } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { createAuthenticator } from '../../http/authenticate.ts';
import { ensureFirstAdmin } from './admins.ts';
import { countRows, sessionHeaders, sessionSecretOf } from './testing/account-fixtures.ts';

describeEachStore(
  'signing in',
  (context) => {
    const call = (options: InjectOptions) => context().app.inject(options);
    const login = (email: string, password: string, remoteAddress = '192.0.2.1') =>
      call({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password }, remoteAddress });
    let firstPassword = '';
    let adminId = '';
    let session = '';
    const newPassword = 'a much longer passphrase';

    it('creates the first administrator once, with a one-time password returned only then, even when replicas start together', async () => {
      const { database, clock } = context();
      const starts = await Promise.all([
        ensureFirstAdmin(database.db, { clock, random: seededRandom('replica 1') }),
        ensureFirstAdmin(database.db, { clock, random: seededRandom('replica 2') }),
      ]);
      expect(starts.filter((start) => start === null)).toHaveLength(1);
      const first = starts.find((start) => start !== null) ?? null;
      expect(first).toEqual({ email: 'admin@localhost', password: expect.stringMatching(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){4}$/) });
      firstPassword = first!.password;
      expect(await ensureFirstAdmin(database.db, { clock, random: seededRandom('second start') })).toBeNull();
      const admins = await database.db.selectFrom('admins').select(['id', 'email', 'password_hash', 'must_change_password']).execute();
      expect(admins).toEqual([
        { id: expect.any(String), email: 'admin@localhost', password_hash: expect.stringMatching(/^\$argon2id\$/), must_change_password: true },
      ]);
      adminId = admins[0]!.id;
      const events = await database.db.selectFrom('audit_events').select(['actor', 'action', 'object_type', 'object_id', 'after']).execute();
      expect(events).toEqual([
        { actor: 'system', action: 'admin.create', object_type: 'admin', object_id: adminId, after: { email: 'admin@localhost', mustChangePassword: true } },
      ]);
    });

    it('signs the administrator in with an http-only, SameSite=Strict cookie whose secret is stored only hashed', async () => {
      const { database, clock } = context();
      const response = await login('Admin@LOCALHOST', firstPassword);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        principal: { kind: 'admin', id: adminId },
        email: 'admin@localhost',
        expiresAt: new Date(clock.now().getTime() + 12 * HOUR).toISOString(),
        mustChangePassword: true,
      });
      session = sessionSecretOf(response);
      expect(response.headers['set-cookie']).toBe(`airlock_session=${session}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict`);
      const stored = await database.db.selectFrom('sessions').select(['token_hash', 'principal_kind', 'principal_id']).execute();
      expect(stored).toEqual([{ token_hash: createHash('sha256').update(session).digest('hex'), principal_kind: 'admin', principal_id: adminId }]);
    });

    it('marks the cookie Secure when the request came over HTTPS', async () => {
      const response = await call({
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { email: 'admin@localhost', password: firstPassword },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(response.headers['set-cookie']).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    });

    it('lets an administrator with a one-time password use only the /v1/auth routes', async () => {
      const products = await call({ method: 'GET', url: '/v1/products', headers: sessionHeaders(session) });
      expect(products.statusCode).toBe(403);
      expect(products.json()).toMatchObject({
        code: 'FORBIDDEN',
        errors: { reason: 'the password this account was given must be changed first: POST /v1/auth/password' },
      });
      const me = await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(session) });
      expect(me.json()).toEqual({ principal: { kind: 'admin', id: adminId }, email: 'admin@localhost', mustChangePassword: true });
    });

    it('refuses a change signed in by cookie without the CSRF header, and changes nothing', async () => {
      const { database } = context();
      const before = await database.db.selectFrom('admins').select(['password_hash', 'must_change_password']).execute();
      const response = await call({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(session, { csrf: false }),
        payload: { currentPassword: firstPassword, newPassword },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({
        code: 'FORBIDDEN',
        errors: { reason: 'a request signed in by cookie that changes something must carry the header x-airlock-csrf: 1' },
      });
      expect(await database.db.selectFrom('admins').select(['password_hash', 'must_change_password']).execute()).toEqual(before);
    });

    it('refuses a wrong current password, and the one-time password kept as the new one', async () => {
      const change = (payload: object) => call({ method: 'POST', url: '/v1/auth/password', headers: sessionHeaders(session), payload });
      expect((await change({ currentPassword: 'not the password', newPassword })).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect((await change({ currentPassword: firstPassword, newPassword: firstPassword })).json()).toMatchObject({
        status: 400,
        code: 'ONE_TIME_PASSWORD_REUSED',
        errors: { field: 'newPassword' },
      });
      expect((await change({ currentPassword: firstPassword, newPassword: 'short' })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    });

    it('changes the password, lifts the restriction and ends the other sessions', async () => {
      const { database } = context();
      const other = sessionSecretOf(await login('admin@localhost', firstPassword));
      const response = await call({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(session),
        payload: { currentPassword: firstPassword, newPassword },
      });
      expect(response.statusCode).toBe(204);
      expect((await call({ method: 'GET', url: '/v1/products', headers: sessionHeaders(session) })).statusCode).toBe(200);
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(other) })).json()).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(await countRows(database.db, 'sessions')).toBe(1);
      expect((await login('admin@localhost', firstPassword)).statusCode).toBe(401);
      const change = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'object_id', 'before', 'after'])
        .where('action', '=', 'admin.password-change')
        .execute();
      expect(change).toEqual([{ actor: `admin:${adminId}`, object_id: adminId, before: { mustChangePassword: true }, after: { mustChangePassword: false } }]);
    });

    it('answers a wrong password and an unknown address alike, opens no session and audits both', async () => {
      const { database } = context();
      const sessions = await countRows(database.db, 'sessions');
      const wrong = await login('admin@localhost', 'guess', '198.51.100.4');
      const unknown = await login('nobody@example.com', 'guess', '198.51.100.4');
      for (const response of [wrong, unknown]) {
        expect(response.statusCode).toBe(401);
        expect(response.headers['set-cookie']).toBeUndefined();
        expect(response.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: 'The e-mail address or the password is wrong.' });
        expect(response.json()).not.toHaveProperty('errors');
      }
      expect(await countRows(database.db, 'sessions')).toBe(sessions);
      const failures = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'object_type', 'object_id', 'after'])
        .where('action', '=', 'auth.login-failed')
        .where('object_id', 'in', ['admin@localhost', 'nobody@example.com'])
        .orderBy('id')
        .execute();
      expect(failures.filter((event) => (event.after as { address?: string }).address === '198.51.100.4')).toEqual([
        { actor: 'anonymous', object_type: 'account', object_id: 'admin@localhost', after: { reason: 'wrong-password', address: '198.51.100.4' } },
        { actor: 'anonymous', object_type: 'account', object_id: 'nobody@example.com', after: { reason: 'unknown-email', address: '198.51.100.4' } },
      ]);
    });

    it('audits each successful sign-in with the address it came from', async () => {
      const { database } = context();
      const logins = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'object_id', 'after'])
        .where('action', '=', 'auth.login')
        .orderBy('id')
        .execute();
      expect(logins).toHaveLength(3);
      expect(logins[0]).toEqual({ actor: `admin:${adminId}`, object_id: 'admin@localhost', after: { address: '192.0.2.1', expiresAt: expect.any(String) } });
    });

    it('signs out: the session ends at once and the cookie is cleared', async () => {
      const { database } = context();
      const response = await call({ method: 'POST', url: '/v1/auth/logout', headers: sessionHeaders(session) });
      expect(response.statusCode).toBe(204);
      expect(response.headers['set-cookie']).toBe('airlock_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(session) })).statusCode).toBe(401);
      expect(await countRows(database.db, 'sessions')).toBe(0);
    });

    it('ends a session twelve hours after sign-in', async () => {
      const { clock } = context();
      session = sessionSecretOf(await login('admin@localhost', newPassword));
      clock.advance(12 * HOUR - 1);
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(session) })).statusCode).toBe(200);
      clock.advance(1);
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(session) })).json()).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      session = sessionSecretOf(await login('admin@localhost', newPassword));
    });

    it('lets an administrator add another, who must change the given password, and refuses a taken address', async () => {
      const { database } = context();
      const add = (email: string) =>
        call({ method: 'POST', url: '/v1/admins', headers: sessionHeaders(session), payload: { email, password: 'initial password 1' } });
      const response = await add('ops@vendor.example');
      expect(response.statusCode).toBe(201);
      const created = response.json<{ id: string }>();
      expect(created).toEqual({
        id: expect.any(String),
        email: 'ops@vendor.example',
        mustChangePassword: true,
        createdAt: context().clock.now().toISOString(),
        disabledAt: null,
      });
      const event = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'after'])
        .where('action', '=', 'admin.create')
        .where('object_id', '=', created.id)
        .execute();
      expect(event).toEqual([{ actor: `admin:${adminId}`, after: { email: 'ops@vendor.example', mustChangePassword: true } }]);
      const admins = await countRows(database.db, 'admins');
      expect((await add('OPS@vendor.example')).json()).toMatchObject({ status: 409, code: 'CONFLICT', errors: { email: 'ops@vendor.example' } });
      expect(await countRows(database.db, 'admins')).toBe(admins);
      const list = await call({ method: 'GET', url: '/v1/admins', headers: sessionHeaders(session) });
      expect(list.json<{ email: string }[]>().map((admin) => admin.email)).toEqual(['admin@localhost', 'ops@vendor.example']);
    });

    it('limits sign-in attempts per address, with Retry-After, and lets them through once the minute has passed', async () => {
      const { clock } = context();
      const address = '203.0.113.9';
      // Each guess at another address: five in a row at one would lock it (sign-in-lockout.test.ts).
      for (let attempt = 1; attempt <= 10; attempt++) expect((await login(`guess-${attempt}@localhost`, 'guess', address)).statusCode).toBe(401);
      clock.advance(20_000);
      const refused = await login('admin@localhost', newPassword, address);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('40');
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', errors: { retryAfterSeconds: 40 } });
      expect((await login('admin@localhost', newPassword, '203.0.113.10')).statusCode).toBe(200);
      clock.advance(MINUTE - 20_000);
      expect((await login('admin@localhost', newPassword, address)).statusCode).toBe(200);
    });

    it('keeps /v1/auth/login and /v1/auth/login/mfa as deprecated names of the sign-in, with the same handler', async () => {
      const signIn = await call({
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { email: 'admin@localhost', password: newPassword },
        remoteAddress: '198.51.100.7',
      });
      expect(signIn.statusCode).toBe(200);
      expect(signIn.headers.deprecation).toBeUndefined();
      const old = await call({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: 'admin@localhost', password: newPassword },
        remoteAddress: '198.51.100.7',
      });
      expect(old.statusCode).toBe(200);
      expect(old.json()).toEqual(signIn.json());
      expect(old.headers.deprecation).toBe('@1796515200');
      expect(old.headers.link).toBe('</v1/auth/sign-in>; rel="successor-version"');
      expect(sessionSecretOf(old)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const wrong = await call({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: 'admin@localhost', password: 'not it' },
        remoteAddress: '198.51.100.7',
      });
      expect(wrong.json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      const secondStep = await call({
        method: 'POST',
        url: '/v1/auth/login/mfa',
        payload: { challenge: 'x'.repeat(43), code: '123456' },
        remoteAddress: '198.51.100.7',
      });
      expect(secondStep.json()).toMatchObject({ status: 401, code: 'MFA_CHALLENGE_EXPIRED' });
      expect(secondStep.headers.deprecation).toBe('@1796515200');
      expect(secondStep.headers.link).toBe('</v1/auth/sign-in/mfa>; rel="successor-version"');
      const paths = (await call({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, { post?: { deprecated?: boolean } }> }>().paths;
      expect(paths['/v1/auth/login']?.post?.deprecated).toBe(true);
      expect(paths['/v1/auth/login/mfa']?.post?.deprecated).toBe(true);
      expect(paths['/v1/auth/sign-in']?.post?.deprecated).toBeUndefined();
      expect(paths['/v1/auth/sign-in/mfa']?.post?.deprecated).toBeUndefined();
    });

    it('treats an unknown, malformed or missing credential as anonymous', async () => {
      const me = (headers: Record<string, string>) => call({ method: 'GET', url: '/v1/auth/me', headers });
      expect((await me(sessionHeaders('x'.repeat(43)))).statusCode).toBe(401);
      expect((await me({ cookie: 'airlock_session=not a secret' })).statusCode).toBe(401);
      expect((await me({ authorization: 'Basic YWRtaW46YWRtaW4=' })).statusCode).toBe(401);
      expect((await me({})).json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });
  },
  ({ db, clock }) => ({ authenticate: createAuthenticator(db, clock) }),
);
