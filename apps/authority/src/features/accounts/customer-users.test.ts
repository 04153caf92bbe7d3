import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { seedCustomer } from '../offline-licenses/testing/offline-licensing-fixtures.ts';
import { countRows, sessionHeaders, sessionSecretOf, testHeaderOrRealAuthenticator } from './testing/account-fixtures.ts';

describeEachStore(
  "customers' portal users",
  (context) => {
    const call = (options: InjectOptions) => context().app.inject(options);
    const addUser = (customerId: string, email: string) =>
      context().request({ method: 'POST', url: `/v1/customers/${customerId}/users`, payload: { email, password: 'acme portal password' } });
    let user: { id: string };
    let session = '';

    beforeAll(async () => {
      const { database, clock } = context();
      for (const id of ['acme', 'globex']) await seedCustomer(database.db, { id, accountEndsOn: '2027-12-31', purchased: {} }, clock.now());
    });

    it('lets the vendor give a customer a portal user, and audits it', async () => {
      const { database, clock } = context();
      const response = await addUser('acme', 'Buyer@Acme.example');
      expect(response.statusCode).toBe(201);
      user = response.json();
      expect(user).toEqual({
        id: expect.any(String),
        customerId: 'acme',
        email: 'buyer@acme.example',
        mustChangePassword: true,
        createdAt: clock.now().toISOString(),
      });
      const events = await database.db.selectFrom('audit_events').select(['actor', 'action', 'object_id', 'after']).execute();
      expect(events).toEqual([
        {
          actor: 'admin:test-admin',
          action: 'customer-user.create',
          object_id: user.id,
          after: { customerId: 'acme', email: 'buyer@acme.example', mustChangePassword: true },
        },
      ]);
    });

    it('refuses an unknown customer and an address already in use, writing nothing', async () => {
      const { database, request } = context();
      await request({ method: 'POST', url: '/v1/admins', payload: { email: 'ops@vendor.example', password: 'vendor ops password' } });
      const [users, audit] = [await countRows(database.db, 'customer_users'), await countRows(database.db, 'audit_events')];
      expect((await addUser('initech', 'someone@initech.example')).json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { customer: 'initech' } });
      expect((await addUser('globex', 'buyer@acme.example')).json()).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect((await addUser('globex', 'ops@vendor.example')).json()).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect([await countRows(database.db, 'customer_users'), await countRows(database.db, 'audit_events')]).toEqual([users, audit]);
    });

    it('signs a customer user in through the same endpoint as administrators', async () => {
      const response = await call({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'buyer@acme.example', password: 'acme portal password' } });
      expect(response.json()).toMatchObject({
        principal: { kind: 'customer-user', id: user.id, customerId: 'acme' },
        email: 'buyer@acme.example',
        mustChangePassword: true,
      });
      session = sessionSecretOf(response);
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(session) })).json()).toEqual({
        principal: { kind: 'customer-user', id: user.id, customerId: 'acme' },
        email: 'buyer@acme.example',
        mustChangePassword: true,
      });
    });

    it("refuses a new customer user's session everything but the password change until they replace the vendor's password", async () => {
      const { database } = context();
      const refusal = {
        status: 403,
        code: 'FORBIDDEN',
        errors: { reason: 'the password this account was given must be changed first: POST /v1/auth/password' },
      };
      expect((await call({ method: 'GET', url: '/v1/customers/acme', headers: sessionHeaders(session) })).json()).toMatchObject(refusal);
      expect((await call({ method: 'GET', url: '/v1/customers/acme/users', headers: sessionHeaders(session) })).json()).toMatchObject(refusal);
      const changed = await call({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(session),
        payload: { currentPassword: 'acme portal password', newPassword: 'chosen at first sign-in' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(session) })).json()).toMatchObject({ mustChangePassword: false });
      expect((await call({ method: 'GET', url: '/v1/customers/acme', headers: sessionHeaders(session) })).statusCode).toBe(200);
      const events = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'object_id', 'before', 'after'])
        .where('action', '=', 'customer-user.password-change')
        .execute();
      expect(events).toEqual([
        { actor: `customer-user:${user.id}`, object_id: user.id, before: { mustChangePassword: true }, after: { mustChangePassword: false } },
      ]);
      expect(
        (await call({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'buyer@acme.example', password: 'acme portal password' } })).json(),
      ).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    });

    it('shows a customer user its own customer and nothing of another', async () => {
      const get = (url: string) => call({ method: 'GET', url, headers: sessionHeaders(session) });
      expect((await get('/v1/customers/acme/users')).json()).toEqual([
        { id: user.id, customerId: 'acme', email: 'buyer@acme.example', mustChangePassword: false, createdAt: expect.any(String) },
      ]);
      expect((await get('/v1/customers/acme')).statusCode).toBe(200);
      for (const url of ['/v1/customers/globex/users', '/v1/customers/globex', '/v1/customers/initech/users']) {
        expect((await get(url)).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      }
    });

    it("keeps a customer user off the vendor's routes", async () => {
      const { database } = context();
      const users = await countRows(database.db, 'customer_users');
      const refusals = await Promise.all([
        call({ method: 'GET', url: '/v1/products', headers: sessionHeaders(session) }),
        call({ method: 'GET', url: '/v1/customers', headers: sessionHeaders(session) }),
        call({
          method: 'POST',
          url: '/v1/customers/acme/users',
          headers: sessionHeaders(session),
          payload: { email: 'friend@acme.example', password: 'another long password' },
        }),
        call({ method: 'POST', url: '/v1/api-tokens', headers: sessionHeaders(session), payload: { name: 'mine', scopes: ['licenses:read'] } }),
      ]);
      expect(refusals.map((response) => [response.statusCode, response.json<{ code: string }>().code])).toEqual(Array(4).fill([403, 'FORBIDDEN']));
      expect(await countRows(database.db, 'customer_users')).toBe(users);
    });

    it('lets a customer user change its own password', async () => {
      const { database } = context();
      const response = await call({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(session),
        payload: { currentPassword: 'chosen at first sign-in', newPassword: 'a new acme password' },
      });
      expect(response.statusCode).toBe(204);
      const events = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'object_type', 'object_id'])
        .where('action', '=', 'customer-user.password-change')
        .orderBy('id')
        .execute();
      expect(events).toEqual(Array(2).fill({ actor: `customer-user:${user.id}`, object_type: 'customer-user', object_id: user.id }));
      expect(
        (await call({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'buyer@acme.example', password: 'a new acme password' } })).statusCode,
      ).toBe(200);
    });

    it("lets the vendor reset a portal user's password: sessions end, and the user must choose a new one before anything else", async () => {
      const { database, request } = context();
      const login = (password: string) => call({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'buyer@acme.example', password } });
      const before = sessionSecretOf(await login('a new acme password'));
      const reset = await request({ method: 'POST', url: `/v1/customers/acme/users/${user.id}/password`, payload: { password: 'given by the vendor' } });
      expect([reset.statusCode, reset.json()]).toEqual([
        200,
        { id: user.id, customerId: 'acme', email: 'buyer@acme.example', mustChangePassword: true, createdAt: expect.any(String) },
      ]);
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(before) })).json()).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      expect((await login('a new acme password')).json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });

      const signedIn = await login('given by the vendor');
      expect(signedIn.json()).toMatchObject({ mustChangePassword: true });
      const given = sessionSecretOf(signedIn);
      expect((await call({ method: 'GET', url: '/v1/customers/acme', headers: sessionHeaders(given) })).json()).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
        errors: { reason: 'the password this account was given must be changed first: POST /v1/auth/password' },
      });
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(given) })).json()).toMatchObject({ mustChangePassword: true });
      const changed = await call({
        method: 'POST',
        url: '/v1/auth/password',
        headers: sessionHeaders(given),
        payload: { currentPassword: 'given by the vendor', newPassword: 'chosen by the buyer' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await call({ method: 'GET', url: '/v1/customers/acme', headers: sessionHeaders(given) })).statusCode).toBe(200);
      const events = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'action', 'object_id', 'after'])
        .where('action', 'in', ['customer-user.password-reset', 'customer-user.password-change'])
        .orderBy('id')
        .execute();
      expect(events.slice(-2)).toEqual([
        {
          actor: 'admin:test-admin',
          action: 'customer-user.password-reset',
          object_id: user.id,
          after: { customerId: 'acme', email: 'buyer@acme.example', mustChangePassword: true },
        },
        { actor: `customer-user:${user.id}`, action: 'customer-user.password-change', object_id: user.id, after: { mustChangePassword: false } },
      ]);
      session = given;
    });

    it("refuses a reset or removal of another customer's user, an unknown one, a short password, and a customer user doing either, writing nothing", async () => {
      const { database, request } = context();
      const globexUser = (await addUser('globex', 'it@globex.example')).json<{ id: string }>();
      const counts = async () => [
        await countRows(database.db, 'customer_users'),
        await countRows(database.db, 'sessions'),
        await countRows(database.db, 'audit_events'),
      ];
      const before = await counts();
      const refusals = [
        await request({ method: 'POST', url: `/v1/customers/acme/users/${globexUser.id}/password`, payload: { password: 'long enough password' } }),
        await request({ method: 'DELETE', url: `/v1/customers/acme/users/${globexUser.id}` }),
        await request({ method: 'DELETE', url: '/v1/customers/acme/users/00000000-0000-4000-8000-000000000000' }),
        await request({ method: 'POST', url: `/v1/customers/acme/users/${user.id}/password`, payload: { password: 'short' } }),
        await call({ method: 'DELETE', url: `/v1/customers/acme/users/${user.id}`, headers: sessionHeaders(session) }),
        await call({
          method: 'POST',
          url: `/v1/customers/acme/users/${user.id}/password`,
          headers: sessionHeaders(session),
          payload: { password: 'my own choice, longer' },
        }),
      ];
      expect(refusals.map((response) => [response.statusCode, response.json<{ code: string }>().code])).toEqual([
        [404, 'NOT_FOUND'],
        [404, 'NOT_FOUND'],
        [404, 'NOT_FOUND'],
        [400, 'REQUEST_INVALID'],
        [403, 'FORBIDDEN'],
        [403, 'FORBIDDEN'],
      ]);
      expect(await counts()).toEqual(before);
    });

    it('removes a portal user: signed out at once, unable to sign in, its address free for a new user', async () => {
      const { database, request } = context();
      expect((await call({ method: 'GET', url: '/v1/customers/acme', headers: sessionHeaders(session) })).statusCode).toBe(200);
      const removed = await request({ method: 'DELETE', url: `/v1/customers/acme/users/${user.id}` });
      expect(removed.statusCode).toBe(204);
      expect((await call({ method: 'GET', url: '/v1/customers/acme', headers: sessionHeaders(session) })).json()).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(
        (await call({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'buyer@acme.example', password: 'chosen by the buyer' } })).json(),
      ).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      expect((await request({ method: 'GET', url: '/v1/customers/acme/users' })).json()).toEqual([]);
      const [event] = await database.db
        .selectFrom('audit_events')
        .select(['action', 'object_id', 'before'])
        .where('action', '=', 'customer-user.remove')
        .execute();
      expect(event).toEqual({ action: 'customer-user.remove', object_id: user.id, before: { customerId: 'acme', email: 'buyer@acme.example' } });
      expect((await addUser('acme', 'buyer@acme.example')).statusCode).toBe(201);
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
