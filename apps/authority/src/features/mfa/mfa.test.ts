import { MINUTE } from '@airlock/core';
import { base32Decode, hotp, totpCode, totpStep } from '@airlock/http';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { admin as testAdmin, describeEachStore } from '../../../test/harness.ts';
import { ensureFirstAdmin } from '../accounts/admins.ts';
import { firstSignIn, sessionHeaders, sessionSecretOf, testHeaderOrRealAuthenticator } from '../accounts/testing/account-fixtures.ts';

/**
 * Two-factor sign-in of administrators over the authority's API, as a person and their
 * authenticator app go through it: enrolment, the two-step sign-in, wrong and reused codes
 * counted towards the lock, recovery codes used once, the policy, a reset by another
 * administrator and turning it off. Time moves on the test clock only.
 */
describeEachStore(
  'two-factor sign-in of administrators',
  (context) => {
    const call = (options: InjectOptions) => context().app.inject(options);
    const login = (email: string, password: string) => call({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
    const second = (challenge: string, code: string) => call({ method: 'POST', url: '/v1/auth/sign-in/mfa', payload: { challenge, code } });
    const asSession = (session: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      call({ method, url, headers: sessionHeaders(session), ...(payload ? { payload } : {}) });
    const password = 'the first administrator passphrase';
    const otherPassword = 'the second administrator passphrase';
    let session = '';
    let adminId = '';
    let otherId = '';
    let secret: Uint8Array = new Uint8Array();
    let recoveryCodes: string[] = [];
    const codeNow = () => totpCode(secret, context().clock.now());
    const failuresOf = async (email: string) =>
      (await context().database.db.selectFrom('sign_in_failures').select('failures').where('email', '=', email).executeTakeFirst())?.failures ?? 0;

    it('enrols: a secret with its otpauth URI and QR code, confirmed by a code, answered by ten recovery codes', async () => {
      const { database, clock, app } = context();
      const first = await ensureFirstAdmin(database.db, { clock, random: context().deps.random });
      session = await firstSignIn(app, 'admin@localhost', first!.password, password);
      adminId = (await database.db.selectFrom('admins').select('id').executeTakeFirstOrThrow()).id;
      expect((await asSession(session, 'GET', '/v1/auth/mfa')).json()).toEqual({
        enrolled: false,
        enrolledAt: null,
        recoveryCodesLeft: 0,
        requiredForAdmins: false,
      });

      const started = await asSession(session, 'POST', '/v1/auth/mfa/enrolment');
      expect(started.statusCode).toBe(200);
      const body = started.json<{ secret: string; otpauthUri: string; qrSvg: string }>();
      expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(body.otpauthUri).toBe(
        `otpauth://totp/Airlock%20authority:admin%40localhost?secret=${body.secret}&issuer=Airlock%20authority&algorithm=SHA1&digits=6&period=30`,
      );
      expect(body.qrSvg).toMatch(/^<svg [^>]*>.*<path/s);
      secret = base32Decode(body.secret)!;
      const stored = await database.db.selectFrom('admin_mfa').select(['sealed_secret', 'confirmed_at']).executeTakeFirstOrThrow();
      expect(stored.confirmed_at).toBeNull();
      expect(stored.sealed_secret).toMatch(/^v1\./);
      expect(stored.sealed_secret).not.toContain(body.secret);

      const wrong = await asSession(session, 'POST', '/v1/auth/mfa/enrolment/confirm', { code: hotp(secret, totpStep(clock.now()) + 5) });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'MFA_CODE_INVALID' });

      const confirmed = await asSession(session, 'POST', '/v1/auth/mfa/enrolment/confirm', { code: codeNow() });
      expect(confirmed.statusCode).toBe(200);
      recoveryCodes = confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes;
      expect(recoveryCodes).toHaveLength(10);
      const hashes = await database.db.selectFrom('admin_recovery_codes').select('code_hash').execute();
      expect(hashes).toHaveLength(10);
      expect(hashes.map((row) => row.code_hash).join()).not.toContain(recoveryCodes[0]!.replace('-', ''));
      expect((await asSession(session, 'GET', '/v1/auth/mfa')).json()).toEqual({
        enrolled: true,
        enrolledAt: clock.now().toISOString(),
        recoveryCodesLeft: 10,
        requiredForAdmins: false,
      });
      const again = await asSession(session, 'POST', '/v1/auth/mfa/enrolment');
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'MFA_ALREADY_ENROLLED' });
      const audit = await database.db.selectFrom('audit_events').select(['action', 'object_id']).where('action', 'like', 'admin.mfa%').orderBy('id').execute();
      expect(audit).toEqual([
        { action: 'admin.mfa-enrolment-start', object_id: adminId },
        { action: 'admin.mfa-enable', object_id: adminId },
      ]);
    });

    it('signs in in two steps: the password answers a challenge and no session, the code opens the session', async () => {
      const { database } = context();
      const sessionsBefore = await database.db.selectFrom('sessions').select('token_hash').execute();
      const first = await login('admin@localhost', password);
      expect(first.statusCode).toBe(200);
      expect(first.headers['set-cookie']).toBeUndefined();
      const { mfaRequired, challenge, expiresAt } = first.json<{ mfaRequired: boolean; challenge: string; expiresAt: string }>();
      expect({ mfaRequired, expiresAt }).toEqual({ mfaRequired: true, expiresAt: new Date(context().clock.now().getTime() + 5 * MINUTE).toISOString() });
      expect(await database.db.selectFrom('sessions').select('token_hash').execute()).toEqual(sessionsBefore);

      // The code of this step confirmed the enrolment: it is spent.
      const reused = await second(challenge, codeNow());
      expect(reused.statusCode).toBe(401);
      expect(reused.json()).toMatchObject({ code: 'MFA_CODE_REUSED' });
      expect(await failuresOf('admin@localhost')).toBe(1);

      context().clock.advance(30_000);
      const signedIn = await second(challenge, codeNow());
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json()).toMatchObject({ principal: { kind: 'admin', id: adminId }, email: 'admin@localhost', mustChangePassword: false });
      const secondSession = sessionSecretOf(signedIn);
      expect((await asSession(secondSession, 'GET', '/v1/products')).statusCode).toBe(200);
      expect(await failuresOf('admin@localhost')).toBe(0);
      const loginEvent = await database.db
        .selectFrom('audit_events')
        .select('after')
        .where('action', '=', 'auth.login')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(loginEvent.after).toMatchObject({ secondStep: 'totp' });

      // The challenge opened one session: it is gone.
      context().clock.advance(30_000);
      const replayed = await second(challenge, codeNow());
      expect(replayed.json()).toMatchObject({ code: 'MFA_CHALLENGE_EXPIRED' });
    });

    it('refuses a challenge presented after five minutes, whatever the code', async () => {
      const { challenge } = (await login('admin@localhost', password)).json<{ challenge: string }>();
      context().clock.advance(5 * MINUTE + 1);
      const late = await second(challenge, codeNow());
      expect(late.statusCode).toBe(401);
      expect(late.json()).toMatchObject({ code: 'MFA_CHALLENGE_EXPIRED' });
    });

    it('opens one sign-in with each recovery code, never a second', async () => {
      const { challenge } = (await login('admin@localhost', password)).json<{ challenge: string }>();
      const recovered = await second(challenge, recoveryCodes[0]!.toLowerCase());
      expect(recovered.statusCode).toBe(200);
      expect((await asSession(sessionSecretOf(recovered), 'GET', '/v1/auth/mfa')).json()).toMatchObject({ recoveryCodesLeft: 9 });
      const next = (await login('admin@localhost', password)).json<{ challenge: string }>();
      const twice = await second(next.challenge, recoveryCodes[0]!);
      expect(twice.statusCode).toBe(401);
      expect(twice.json()).toMatchObject({ code: 'MFA_CODE_INVALID' });
      const fresh = await second(next.challenge, recoveryCodes[1]!);
      expect(fresh.statusCode).toBe(200);
    });

    it('counts wrong codes towards the lock of the address: the fifth locks it, even for the right code', async () => {
      const { challenge } = (await login('admin@localhost', password)).json<{ challenge: string }>();
      const wrongCode = hotp(secret, totpStep(context().clock.now()) + 7);
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect((await second(challenge, wrongCode)).json()).toMatchObject({ code: 'MFA_CODE_INVALID' });
        expect(await failuresOf('admin@localhost')).toBe(attempt);
      }
      // Giving the password again does not wipe the count.
      const again = (await login('admin@localhost', password)).json<{ challenge: string }>();
      expect(await failuresOf('admin@localhost')).toBe(4);
      expect((await second(again.challenge, wrongCode)).json()).toMatchObject({ code: 'MFA_CODE_INVALID' });
      context().clock.advance(30_000);
      const locked = await second(again.challenge, codeNow());
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
      expect((await login('admin@localhost', password)).json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
      context().clock.advance(15 * MINUTE);
    });

    it('requires enrolment of every administrator once the policy says so: nothing but /v1/auth/ until they enrol', async () => {
      const { app } = context();
      const created = await call({
        method: 'POST',
        url: '/v1/admins',
        headers: { 'x-test-principal': JSON.stringify(testAdmin) },
        payload: { email: 'second@example.com', password: 'a one-time password here' },
      });
      otherId = created.json<{ id: string }>().id;
      await firstSignIn(app, 'second@example.com', 'a one-time password here', otherPassword);
      const policy = await asSession(session, 'PUT', '/v1/settings/mfa', { requireForAdmins: true });
      expect(policy.json()).toEqual({ requireForAdmins: true });

      const signedIn = await login('second@example.com', otherPassword);
      expect(signedIn.json()).toMatchObject({ email: 'second@example.com', mfaEnrolmentRequired: true });
      const other = sessionSecretOf(signedIn);
      const refused = await asSession(other, 'GET', '/v1/products');
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'MFA_REQUIRED' });
      expect((await asSession(other, 'GET', '/v1/auth/me')).json()).toMatchObject({ mfaEnrolmentRequired: true });

      const started = (await asSession(other, 'POST', '/v1/auth/mfa/enrolment')).json<{ secret: string }>();
      const otherSecret = base32Decode(started.secret)!;
      expect((await asSession(other, 'POST', '/v1/auth/mfa/enrolment/confirm', { code: totpCode(otherSecret, context().clock.now()) })).statusCode).toBe(200);
      expect((await asSession(other, 'GET', '/v1/products')).statusCode).toBe(200);
      expect((await asSession(other, 'GET', '/v1/auth/me')).json()).not.toHaveProperty('mfaEnrolmentRequired');
    });

    it("lets an administrator reset another's two-factor sign-in (audited), not their own", async () => {
      const { database } = context();
      const own = await asSession(session, 'POST', `/v1/admins/${adminId}/mfa/reset`);
      expect(own.statusCode).toBe(403);
      expect((await asSession(session, 'GET', '/v1/admins/mfa')).json()).toEqual(
        [
          { adminId, enrolledAt: expect.any(String) },
          { adminId: otherId, enrolledAt: expect.any(String) },
        ].sort((a, b) => a.adminId.localeCompare(b.adminId)),
      );

      const reset = await asSession(session, 'POST', `/v1/admins/${otherId}/mfa/reset`);
      expect(reset.statusCode).toBe(204);
      const event = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'object_id', 'before', 'after'])
        .where('action', '=', 'admin.mfa-reset')
        .executeTakeFirstOrThrow();
      expect(event).toEqual({
        actor: `admin:${adminId}`,
        object_id: otherId,
        before: { email: 'second@example.com', enrolled: true },
        after: { email: 'second@example.com', enrolled: false },
      });
      expect((await asSession(session, 'POST', `/v1/admins/${otherId}/mfa/reset`)).json()).toMatchObject({ code: 'MFA_NOT_ENROLLED' });
      // The password alone signs them in again, and the policy has them enrol.
      expect((await login('second@example.com', otherPassword)).json()).toMatchObject({ mfaEnrolmentRequired: true });
    });

    it('turns two-factor sign-in off with the password and a code, and then signs in in one step', async () => {
      await asSession(session, 'PUT', '/v1/settings/mfa', { requireForAdmins: false });
      context().clock.advance(30_000);
      const wrongPassword = await asSession(session, 'POST', '/v1/auth/mfa/disable', { password: 'not the password', code: codeNow() });
      expect(wrongPassword.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      const wrongCode = await asSession(session, 'POST', '/v1/auth/mfa/disable', { password, code: hotp(secret, totpStep(context().clock.now()) + 9) });
      expect(wrongCode.json()).toMatchObject({ code: 'MFA_CODE_INVALID' });
      const disabled = await asSession(session, 'POST', '/v1/auth/mfa/disable', { password, code: codeNow() });
      expect(disabled.statusCode).toBe(204);
      const plain = await login('admin@localhost', password);
      expect(plain.json()).toMatchObject({ principal: { kind: 'admin', id: adminId } });
      expect(sessionSecretOf(plain)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await asSession(session, 'POST', '/v1/auth/mfa/disable', { password, code: codeNow() })).json()).toMatchObject({ code: 'MFA_NOT_ENROLLED' });
    });

    it('is for administrators only: customer users and API tokens cannot enrol', async () => {
      const token = await call({
        method: 'POST',
        url: '/v1/auth/mfa/enrolment',
        headers: { 'x-test-principal': JSON.stringify({ kind: 'token', id: 't', scopes: ['tokens:write'] }) },
      });
      expect(token.statusCode).toBe(403);
      const anonymous = await call({ method: 'GET', url: '/v1/auth/mfa' });
      expect(anonymous.statusCode).toBe(401);
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
