import { AirlockError } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { createAuthenticator } from '../../http/authenticate.ts';
import { disableAdmin, ensureFirstAdmin } from './admins.ts';
import { countRows, sessionHeaders, sessionSecretOf } from './testing/account-fixtures.ts';

/**
 * Administrators' lifecycle through the API, signed in for real: disabling (sessions, sign-in
 * and the tokens they made end), the refusals for oneself and the last administrator, enabling
 * again, and another administrator's password reset.
 */
describeEachStore(
  'administrators: disable, enable, reset',
  (context) => {
    // Each call from an address of its own: sign-in attempts are limited per address and minute.
    let addresses = 0;
    const call = (options: InjectOptions) => context().app.inject({ remoteAddress: `192.0.2.${++addresses}`, ...options });
    const login = (email: string, password: string) => call({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
    const me = (headers: Record<string, string>) => call({ method: 'GET', url: '/v1/auth/me', headers });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    /** Signs in with a one-time password and changes it, returning the session. */
    async function signInChanging(email: string, oneTime: string, chosen: string): Promise<string> {
      const session = sessionSecretOf(await login(email, oneTime));
      const changed = await call({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(session),
        payload: { currentPassword: oneTime, newPassword: chosen },
      });
      expect(changed.statusCode, changed.body).toBe(204);
      return session;
    }

    const FIRST = 'first administrator passphrase';
    const OPS = 'the ops passphrase of choice';
    let first = { id: '', session: '' };
    let ops = { id: '', session: '' };
    let opsToken = { id: '', token: '' };
    let mintedByOpsToken = { id: '', token: '' };
    let firstToken = { id: '', token: '' };

    it('sets up two administrators, each with a token of their own', async () => {
      const { database, clock } = context();
      const created = await ensureFirstAdmin(database.db, { clock, random: seededRandom('first admin') });
      first = {
        id: (await database.db.selectFrom('admins').select('id').executeTakeFirstOrThrow()).id,
        session: await signInChanging('admin@localhost', created!.password, FIRST),
      };
      const added = await call({
        method: 'POST',
        url: '/v1/admins',
        headers: sessionHeaders(first.session),
        payload: { email: 'ops@vendor.example', password: 'a one-time ops password' },
      });
      ops = { id: added.json<{ id: string }>().id, session: await signInChanging('ops@vendor.example', 'a one-time ops password', OPS) };
      const token = (session: string, name: string) =>
        call({ method: 'POST', url: '/v1/api-tokens', headers: sessionHeaders(session), payload: { name, scopes: ['tokens:write', 'catalogue:read'] } }).then(
          (response) => response.json<{ id: string; token: string }>(),
        );
      opsToken = await token(ops.session, 'ops laptop');
      firstToken = await token(first.session, 'ERP sync');
      mintedByOpsToken = (
        await call({
          method: 'POST',
          url: '/v1/api-tokens',
          headers: bearer(opsToken.token),
          payload: { name: 'minted by a token', scopes: ['catalogue:read'] },
        })
      ).json();
      // The token is now in this replica's principal cache.
      expect((await call({ method: 'GET', url: '/v1/products', headers: bearer(opsToken.token) })).statusCode).toBe(200);
    });

    it('refuses a token, however scoped, and disabling oneself (CANNOT_DISABLE_SELF), changing nothing', async () => {
      const { database } = context();
      const events = await countRows(database.db, 'audit_events');
      const byToken = await call({ method: 'POST', url: `/v1/admins/${ops.id}/disable`, headers: bearer(firstToken.token) });
      expect(byToken.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      const self = await call({ method: 'POST', url: `/v1/admins/${first.id}/disable`, headers: sessionHeaders(first.session) });
      expect(self.json()).toMatchObject({ status: 409, code: 'CANNOT_DISABLE_SELF' });
      const unknown = await call({ method: 'POST', url: '/v1/admins/00000000-0000-4000-8000-000000000000/disable', headers: sessionHeaders(first.session) });
      expect(unknown.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(await countRows(database.db, 'audit_events')).toBe(events);
      expect((await me(sessionHeaders(first.session))).statusCode).toBe(200);
    });

    it("disables an administrator: their session, sign-in and the tokens they and their tokens made end at once; others' do not", async () => {
      const { database, clock } = context();
      const response = await call({ method: 'POST', url: `/v1/admins/${ops.id}/disable`, headers: sessionHeaders(first.session) });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        id: ops.id,
        email: 'ops@vendor.example',
        mustChangePassword: false,
        createdAt: expect.any(String),
        disabledAt: clock.now().toISOString(),
        revokedTokens: [opsToken.id, mintedByOpsToken.id].sort(),
      });
      expect((await me(sessionHeaders(ops.session))).json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect((await call({ method: 'GET', url: '/v1/products', headers: bearer(opsToken.token) })).statusCode).toBe(401);
      expect((await call({ method: 'GET', url: '/v1/products', headers: bearer(mintedByOpsToken.token) })).statusCode).toBe(401);
      expect((await call({ method: 'GET', url: '/v1/products', headers: bearer(firstToken.token) })).statusCode).toBe(200);
      expect(await database.db.selectFrom('sessions').select('principal_id').where('principal_id', '=', ops.id).execute()).toEqual([]);

      const right = await login('ops@vendor.example', OPS);
      expect(right.json()).toMatchObject({ status: 403, code: 'ACCOUNT_DISABLED' });
      expect(right.headers['set-cookie']).toBeUndefined();
      expect((await login('ops@vendor.example', 'a wrong guess at it')).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });

      const audit = await database.db.selectFrom('audit_events').select(['actor', 'before', 'after']).where('action', '=', 'admin.disable').execute();
      expect(audit).toEqual([
        {
          actor: `admin:${first.id}`,
          before: { email: 'ops@vendor.example', disabledAt: null },
          after: {
            email: 'ops@vendor.example',
            disabledAt: clock.now().toISOString(),
            sessionsEnded: 1,
            revokedTokens: [opsToken.id, mintedByOpsToken.id].sort(),
          },
        },
      ]);
      const admins = (await call({ method: 'GET', url: '/v1/admins', headers: sessionHeaders(first.session) })).json<
        { email: string; disabledAt: string | null }[]
      >();
      // Both were added at the same instant of the test clock: compare by address.
      expect(admins.map(({ email, disabledAt }) => ({ email, disabledAt })).sort((a, b) => a.email.localeCompare(b.email))).toEqual([
        { email: 'admin@localhost', disabledAt: null },
        { email: 'ops@vendor.example', disabledAt: clock.now().toISOString() },
      ]);
      // Again: nothing more happens.
      const again = await call({ method: 'POST', url: `/v1/admins/${ops.id}/disable`, headers: sessionHeaders(first.session) });
      expect(again.json()).toMatchObject({ disabledAt: clock.now().toISOString(), revokedTokens: [] });
      expect(await database.db.selectFrom('audit_events').select('id').where('action', '=', 'admin.disable').execute()).toHaveLength(1);
    });

    it('refuses to disable the last enabled administrator (LAST_ADMINISTRATOR), also when two disable each other at once', async () => {
      const { database, clock } = context();
      // A request of the administrator just disabled, authenticated before the disable committed.
      const late = disableAdmin(database.db, first.id, { actor: `admin:${ops.id}`, now: clock.now(), self: ops.id });
      await expect(late).rejects.toMatchObject({ code: 'LAST_ADMINISTRATOR' });
      expect((await me(sessionHeaders(first.session))).statusCode).toBe(200);

      const spare = await call({
        method: 'POST',
        url: '/v1/admins',
        headers: sessionHeaders(first.session),
        payload: { email: 'spare@vendor.example', password: 'a spare one-time password' },
      });
      const spareId = spare.json<{ id: string }>().id;
      const outcomes = await Promise.allSettled([
        disableAdmin(database.db, spareId, { actor: `admin:${first.id}`, now: clock.now(), self: first.id }),
        disableAdmin(database.db, first.id, { actor: `admin:${spareId}`, now: clock.now(), self: spareId }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refusal = outcomes.find((outcome) => outcome.status === 'rejected');
      expect(refusal?.reason).toBeInstanceOf(AirlockError);
      expect(refusal?.reason).toMatchObject({ code: 'LAST_ADMINISTRATOR' });
      const enabled = await database.db.selectFrom('admins').select('id').where('disabled_at', 'is', null).execute();
      expect(enabled).toHaveLength(1);
      // Leave the first administrator enabled and signed in for what follows.
      if (enabled[0]!.id !== first.id) {
        await database.db.updateTable('admins').set({ disabled_at: null }).where('id', '=', first.id).execute();
        first.session = sessionSecretOf(await login('admin@localhost', FIRST));
      }
    });

    it('enables an administrator again: they sign in with their password, their revoked tokens stay revoked', async () => {
      const { database } = context();
      const response = await call({ method: 'POST', url: `/v1/admins/${ops.id}/enable`, headers: sessionHeaders(first.session) });
      expect(response.json()).toMatchObject({ id: ops.id, disabledAt: null });
      const signedIn = await login('ops@vendor.example', OPS);
      expect(signedIn.statusCode).toBe(200);
      ops.session = sessionSecretOf(signedIn);
      expect((await me(sessionHeaders(ops.session))).json()).toMatchObject({ principal: { kind: 'admin', id: ops.id } });
      expect((await call({ method: 'GET', url: '/v1/products', headers: bearer(opsToken.token) })).statusCode).toBe(401);
      const audit = await database.db.selectFrom('audit_events').select(['actor', 'after']).where('action', '=', 'admin.enable').execute();
      expect(audit).toEqual([{ actor: `admin:${first.id}`, after: { email: 'ops@vendor.example', disabledAt: null } }]);
    });

    it("resets another administrator's password: shown once, their sessions end, the old one is refused and the new one must be changed", async () => {
      const { database } = context();
      const self = await call({ method: 'POST', url: `/v1/admins/${first.id}/password`, headers: sessionHeaders(first.session) });
      expect(self.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });

      const response = await call({ method: 'POST', url: `/v1/admins/${ops.id}/password`, headers: sessionHeaders(first.session) });
      expect(response.statusCode, response.body).toBe(200);
      const { password, ...admin } = response.json<{ password: string; mustChangePassword: boolean }>();
      expect(password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){4}$/);
      expect(admin).toMatchObject({ id: ops.id, mustChangePassword: true, disabledAt: null });
      const hash = (await database.db.selectFrom('admins').select('password_hash').where('id', '=', ops.id).executeTakeFirstOrThrow()).password_hash;
      expect((await me(sessionHeaders(ops.session))).statusCode).toBe(401);
      expect((await login('ops@vendor.example', OPS)).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });

      const session = sessionSecretOf(await login('ops@vendor.example', password));
      expect((await me(sessionHeaders(session))).json()).toMatchObject({ mustChangePassword: true });
      expect((await call({ method: 'GET', url: '/v1/products', headers: sessionHeaders(session) })).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      const changed = await call({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(session),
        payload: { currentPassword: password, newPassword: 'ops chose another one' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await call({ method: 'GET', url: '/v1/products', headers: sessionHeaders(session) })).statusCode).toBe(200);

      const audit = await database.db.selectFrom('audit_events').selectAll().where('action', '=', 'admin.password-reset').execute();
      expect(audit).toMatchObject([
        { actor: `admin:${first.id}`, object_id: ops.id, after: { email: 'ops@vendor.example', mustChangePassword: true, sessionsEnded: 1 } },
      ]);
      const recorded = JSON.stringify(await database.db.selectFrom('audit_events').selectAll().execute());
      expect(recorded).not.toContain(password);
      expect(recorded).not.toContain(hash);
      expect(recorded).not.toContain('$argon2');
    });
  },
  ({ db, clock }) => ({ authenticate: createAuthenticator(db, clock) }),
);
