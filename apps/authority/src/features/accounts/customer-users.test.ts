import type { InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { seedCustomer } from '../offline-licenses/testing/offline-licensing-fixtures.ts';
import { countRows, sessionHeaders, sessionSecretOf, testHeaderOrRealAuthenticator } from './testing/account-fixtures.ts';

describeEachStore("customers' portal users", (context) => {
  const call = (options: InjectOptions) => context().app.inject(options);
  const addUser = (customerId: string, email: string) =>
    context().request({ method: 'POST', url: `/v1/customers/${customerId}/users`, payload: { email, password: 'acme portal password' } });
  let user: { id: string };
  let session = '';

  beforeAll(async () => {
    const { database, clock } = context();
    for (const id of ['acme', 'globex']) await seedCustomer(database.db, { id, accountEndsOn: '2027-12-31', purchased: {} }, clock.now());
  });

  it("lets the vendor give a customer a portal user, and audits it", async () => {
    const { database, clock } = context();
    const response = await addUser('acme', 'Buyer@Acme.example');
    expect(response.statusCode).toBe(201);
    user = response.json();
    expect(user).toEqual({ id: expect.any(String), customerId: 'acme', email: 'buyer@acme.example', createdAt: clock.now().toISOString() });
    const events = await database.db.selectFrom('audit_events').select(['actor', 'action', 'object_id', 'after']).execute();
    expect(events).toEqual([{ actor: 'admin:test-admin', action: 'customer-user.create', object_id: user.id, after: { customerId: 'acme', email: 'buyer@acme.example' } }]);
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
    const response = await call({ method: 'POST', url: '/v1/auth/login', payload: { email: 'buyer@acme.example', password: 'acme portal password' } });
    expect(response.json()).toMatchObject({ principal: { kind: 'customer-user', id: user.id, customerId: 'acme' }, email: 'buyer@acme.example', mustChangePassword: false });
    session = sessionSecretOf(response);
    expect((await call({ method: 'GET', url: '/v1/auth/me', headers: sessionHeaders(session) })).json()).toEqual({
      principal: { kind: 'customer-user', id: user.id, customerId: 'acme' },
      email: 'buyer@acme.example',
      mustChangePassword: false,
    });
  });

  it('shows a customer user its own customer and nothing of another', async () => {
    const get = (url: string) => call({ method: 'GET', url, headers: sessionHeaders(session) });
    expect((await get('/v1/customers/acme/users')).json()).toEqual([{ id: user.id, customerId: 'acme', email: 'buyer@acme.example', createdAt: expect.any(String) }]);
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
      call({ method: 'POST', url: '/v1/customers/acme/users', headers: sessionHeaders(session), payload: { email: 'friend@acme.example', password: 'another long password' } }),
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
      payload: { currentPassword: 'acme portal password', newPassword: 'a new acme password' },
    });
    expect(response.statusCode).toBe(204);
    const events = await database.db.selectFrom('audit_events').select(['actor', 'object_type', 'object_id']).where('action', '=', 'customer-user.password-change').execute();
    expect(events).toEqual([{ actor: `customer-user:${user.id}`, object_type: 'customer-user', object_id: user.id }]);
    expect((await call({ method: 'POST', url: '/v1/auth/login', payload: { email: 'buyer@acme.example', password: 'a new acme password' } })).statusCode).toBe(200);
  });
}, ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }));
