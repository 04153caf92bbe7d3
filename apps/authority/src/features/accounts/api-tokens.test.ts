import { createHash } from 'node:crypto';
import { MINUTE } from '@airlock/core';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Permission } from '../../http/permissions.ts';
import { countRows, testHeaderOrRealAuthenticator } from './testing/account-fixtures.ts';

describeEachStore(
  'API tokens',
  (context) => {
    const call = (options: InjectOptions) => context().app.inject(options);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const create = (name: string, scopes: Permission[], remoteAddress = '192.0.2.1') =>
      context().request({ method: 'POST', url: '/v1/api-tokens', payload: { name, scopes }, remoteAddress });
    let reader: { id: string; token: string };

    it('creates a token whose secret is in the answer only, and stores its SHA-256', async () => {
      const { database, clock } = context();
      const response = await create('ci reader', ['catalogue:read', 'audit:read']);
      expect(response.statusCode).toBe(201);
      reader = response.json();
      expect(reader).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'ci reader',
        scopes: ['catalogue:read', 'audit:read'],
        createdBy: 'admin:test-admin',
        createdAt: clock.now().toISOString(),
        revokedAt: null,
        token: expect.stringMatching(/^alk_[A-Za-z0-9_-]{43}$/),
      });
      const stored = await database.db.selectFrom('api_tokens').select(['id', 'token_hash', 'scopes']).execute();
      expect(stored).toEqual([
        { id: reader.id, token_hash: createHash('sha256').update(reader.token).digest('hex'), scopes: ['catalogue:read', 'audit:read'] },
      ]);
      const events = await database.db.selectFrom('audit_events').select(['actor', 'action', 'object_id', 'after']).execute();
      expect(events).toEqual([
        { actor: 'admin:test-admin', action: 'api-token.create', object_id: reader.id, after: { name: 'ci reader', scopes: ['catalogue:read', 'audit:read'] } },
      ]);
    });

    it('authenticates a bearer token as its scopes, and refuses what they do not name', async () => {
      const { database } = context();
      expect((await call({ method: 'GET', url: '/v1/auth/me', headers: bearer(reader.token) })).json()).toEqual({
        principal: { kind: 'token', id: reader.id, scopes: ['catalogue:read', 'audit:read'] },
      });
      expect((await call({ method: 'GET', url: '/v1/products', headers: bearer(reader.token) })).statusCode).toBe(200);
      const write = await call({ method: 'POST', url: '/v1/products', headers: bearer(reader.token), payload: { id: 'automation', name: 'Automation' } });
      expect(write.statusCode).toBe(403);
      expect(write.json()).toMatchObject({ code: 'FORBIDDEN', errors: { needs: 'catalogue:write' } });
      expect(await database.db.selectFrom('products').select('id').execute()).toEqual([]);
    });

    it('needs no CSRF header with a bearer token, which a browser never sends by itself', async () => {
      const writer = (await create('catalogue writer', ['catalogue:write'])).json<{ token: string }>();
      const response = await call({ method: 'POST', url: '/v1/products', headers: bearer(writer.token), payload: { id: 'automation', name: 'Automation' } });
      expect(response.statusCode).toBe(201);
    });

    it('lists tokens without their secrets', async () => {
      const list = await context().request({ method: 'GET', url: '/v1/api-tokens' });
      // Both were made at the same instant of the test clock: compare them by name.
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(list.json<{ name: string }[]>().sort(byName)).toEqual([
        {
          id: expect.any(String),
          name: 'catalogue writer',
          scopes: ['catalogue:write'],
          createdBy: 'admin:test-admin',
          createdAt: expect.any(String),
          revokedAt: null,
        },
        {
          id: reader.id,
          name: 'ci reader',
          scopes: ['catalogue:read', 'audit:read'],
          createdBy: 'admin:test-admin',
          createdAt: expect.any(String),
          revokedAt: null,
        },
      ]);
      expect(list.body).not.toContain('alk_');
    });

    it('lets a token hand out only scopes it holds itself', async () => {
      const { database } = context();
      const minter = (await create('minter', ['tokens:write', 'catalogue:read'])).json<{ id: string; token: string }>();
      const tokens = await countRows(database.db, 'api_tokens');
      const wider = await call({
        method: 'POST',
        url: '/v1/api-tokens',
        headers: bearer(minter.token),
        payload: { name: 'wider', scopes: ['catalogue:read', 'keys:write'] },
      });
      expect(wider.statusCode).toBe(403);
      expect(wider.json()).toMatchObject({ code: 'FORBIDDEN', errors: { scopesNotHeld: ['keys:write'] } });
      expect(await countRows(database.db, 'api_tokens')).toBe(tokens);
      const narrower = await call({
        method: 'POST',
        url: '/v1/api-tokens',
        headers: bearer(minter.token),
        payload: { name: 'narrower', scopes: ['catalogue:read'] },
      });
      expect(narrower.json()).toMatchObject({ scopes: ['catalogue:read'], createdBy: `token:${minter.id}` });
      const admins = await call({
        method: 'POST',
        url: '/v1/admins',
        headers: bearer(minter.token),
        payload: { email: 'x@vendor.example', password: 'long enough password' },
      });
      expect(admins.json()).toMatchObject({ status: 403, code: 'FORBIDDEN', errors: { reason: 'only an administrator manages administrators' } });
    });

    it('revokes a token with effect on the very next request, once', async () => {
      const { database, request } = context();
      expect((await request({ method: 'DELETE', url: `/v1/api-tokens/${reader.id}` })).statusCode).toBe(204);
      expect((await call({ method: 'GET', url: '/v1/products', headers: bearer(reader.token) })).json()).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      const listed = (await request({ method: 'GET', url: '/v1/api-tokens' })).json<{ id: string; revokedAt: string | null }[]>();
      expect(listed.find((token) => token.id === reader.id)?.revokedAt).toBe(context().clock.now().toISOString());
      const audit = await countRows(database.db, 'audit_events');
      expect((await request({ method: 'DELETE', url: `/v1/api-tokens/${reader.id}` })).statusCode).toBe(204);
      expect(await countRows(database.db, 'audit_events')).toBe(audit);
      const events = await database.db
        .selectFrom('audit_events')
        .select(['action', 'before', 'after'])
        .where('object_id', '=', reader.id)
        .orderBy('id')
        .execute();
      expect(events.map((event) => event.action)).toEqual(['api-token.create', 'api-token.revoke']);
      expect(events[1]).toMatchObject({ before: { revokedAt: null }, after: { revokedAt: context().clock.now().toISOString() } });
    });

    it('answers NOT_FOUND for an unknown token id and REQUEST_INVALID for a malformed one', async () => {
      const { request } = context();
      expect((await request({ method: 'DELETE', url: '/v1/api-tokens/00000000-0000-4000-8000-000000000000' })).json()).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect((await request({ method: 'DELETE', url: '/v1/api-tokens/nope' })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    });

    it('treats an unknown or ill-formed bearer token as anonymous', async () => {
      for (const authorization of [`Bearer alk_${'A'.repeat(43)}`, 'Bearer not-a-token', 'Bearer', 'Token abc']) {
        expect((await call({ method: 'GET', url: '/v1/products', headers: { authorization } })).json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      }
    });

    it('refuses scopes that are not permissions, an empty list, and repeated scopes', async () => {
      for (const scopes of [['catalogue:everything'], [], ['catalogue:read', 'catalogue:read']]) {
        expect((await create('bad', scopes as Permission[])).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
      }
    });

    it('refuses customer users and anonymous callers', async () => {
      const { request } = context();
      const customerUser = { kind: 'customer-user', id: 'u1', customerId: 'acme' } as const;
      expect(
        (await request({ method: 'POST', url: '/v1/api-tokens', payload: { name: 'x', scopes: ['catalogue:read'] }, as: customerUser })).json(),
      ).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await request({ method: 'GET', url: '/v1/api-tokens', as: { kind: 'anonymous' } })).json()).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    });

    it('limits token creation per address and lets it through once the minute has passed', async () => {
      const { clock, database } = context();
      const address = '203.0.113.50';
      for (let i = 1; i <= 10; i++) expect((await create(`bulk ${i}`, ['catalogue:read'], address)).statusCode).toBe(201);
      const tokens = await countRows(database.db, 'api_tokens');
      const refused = await create('one too many', ['catalogue:read'], address);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(await countRows(database.db, 'api_tokens')).toBe(tokens);
      clock.advance(MINUTE);
      expect((await create('after the minute', ['catalogue:read'], address)).statusCode).toBe(201);
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
