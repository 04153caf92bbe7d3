import { MINUTE } from '@airlock/core';
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { asApplication, asOperator, createTestSiteApp, sessionSecretOf, signedIn, signIn } from '../testing/site-callers.ts';
import { createTestSite, feature, licenseTenant, seat, type TestSite } from '../testing/site-fixtures.ts';

/** The site's accounts, sessions, application keys and audit, over HTTP. */
describe('site accounts and application keys', () => {
  let test: TestSite;
  let app: FastifyInstance;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    app = await createTestSiteApp(test);
  });

  const call = async (method: 'GET' | 'POST', url: string, headers: Readonly<Record<string, string>>, payload?: object) => {
    const response = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    const body = response.body === '' ? {} : response.json<Record<string, unknown> & { code?: string }>();
    return { status: response.statusCode, body, headers: response.headers };
  };
  const signInAttempt = (account: string, password: string) => call('POST', '/v1/auth/sign-in', {}, { account, password });

  it('creates accounts with a password shown once, which must be changed before anything else', async () => {
    const created = await call('POST', '/v1/accounts', asOperator, { account: 'ana', role: 'tenant-admin', tenant: 'blue' });
    expect(created).toMatchObject({
      status: 201,
      body: {
        account: { account: 'ana', role: 'tenant-admin', tenant: 'blue', disabled: false, mustChangePassword: true },
        password: expect.stringMatching(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){4}$/),
      },
    });
    const password = (created.body as { password: string }).password;
    const list = await call('GET', '/v1/accounts', asOperator);
    expect(list.body).toEqual({ accounts: [expect.objectContaining({ account: 'ana', role: 'tenant-admin', tenant: 'blue' })] });
    expect(JSON.stringify(list.body)).not.toContain(password);
    // The ledger keeps the argon2id hash, never the password.
    expect(JSON.stringify(test.store.records)).not.toContain(password);
    expect(JSON.stringify(test.store.records)).toContain('$argon2id$');

    const signedInAnswer = await signInAttempt('ANA ', password);
    expect(signedInAnswer).toMatchObject({
      status: 200,
      body: { account: { account: 'ana', mustChangePassword: true }, expiresAt: '2026-11-23T22:00:00.000Z' },
    });
    expect(signedInAnswer.headers['set-cookie']).toMatch(/^airlock_site_session=[\w-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    const session = { cookie: `airlock_site_session=${sessionSecretOf(signedInAnswer.headers['set-cookie'])}`, 'x-airlock-csrf': '1' };
    expect(await call('GET', '/v1/tenants/blue/status', session)).toMatchObject({
      status: 403,
      body: { code: 'PASSWORD_CHANGE_REQUIRED', errors: { account: 'ana' } },
    });
    expect(await call('GET', '/v1/auth/me', session)).toMatchObject({
      status: 200,
      body: { kind: 'account', account: 'ana', role: 'tenant-admin', tenant: 'blue', mustChangePassword: true },
    });
    expect(await call('POST', '/v1/auth/password', session, { currentPassword: password, newPassword: 'short' })).toMatchObject({
      status: 400,
      body: { code: 'REQUEST_INVALID' },
    });
    // The one-time password may not be kept as the account's own.
    expect(await call('POST', '/v1/auth/password', session, { currentPassword: password, newPassword: password })).toMatchObject({
      status: 400,
      body: { code: 'ONE_TIME_PASSWORD_REUSED', errors: { field: 'newPassword' } },
    });
    expect(await call('GET', '/v1/tenants/blue/status', session)).toMatchObject({ status: 403, body: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    expect(await call('POST', '/v1/auth/password', session, { currentPassword: 'not it at all', newPassword: 'a new long password' })).toMatchObject({
      status: 401,
      body: { code: 'INVALID_CREDENTIALS' },
    });
    expect(await call('POST', '/v1/auth/password', session, { currentPassword: password, newPassword: 'a new long password' })).toMatchObject({
      status: 200,
      body: { account: 'ana', mustChangePassword: false },
    });
    expect(await call('GET', '/v1/tenants/blue/status', session)).toMatchObject({ status: 200, body: { tenant: 'blue' } });
    expect(await signInAttempt('ana', password)).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
  });

  it('refuses accounts that name a tenant wrongly, or exist', async () => {
    expect(await call('POST', '/v1/accounts', asOperator, { account: 'ana', role: 'tenant-admin' })).toMatchObject({
      status: 400,
      body: { code: 'REQUEST_INVALID', errors: { field: 'tenant' } },
    });
    expect(await call('POST', '/v1/accounts', asOperator, { account: 'ana', role: 'auditor', tenant: 'blue' })).toMatchObject({
      status: 400,
      body: { code: 'REQUEST_INVALID' },
    });
    expect(await call('POST', '/v1/accounts', asOperator, { account: 'ana', role: 'tenant-admin', tenant: 'green' })).toMatchObject({
      status: 404,
      body: { code: 'TENANT_NOT_FOUND' },
    });
    expect(await call('POST', '/v1/accounts', asOperator, { account: 'Ana', role: 'auditor' })).toMatchObject({
      status: 400,
      body: { code: 'REQUEST_INVALID' },
    });
    expect((await call('POST', '/v1/accounts', asOperator, { account: 'ana', role: 'auditor' })).status).toBe(201);
    expect(await call('POST', '/v1/accounts', asOperator, { account: 'ana', role: 'auditor' })).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(await call('POST', '/v1/accounts/nobody/disable', asOperator)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('locks an account for 15 minutes after 5 wrong passwords in a row, records every attempt, and lets it in after', async () => {
    const ana = await signedIn(app, test.site, { account: 'ana', role: 'auditor' });
    for (let attempt = 1; attempt <= 4; attempt++) expect((await signInAttempt('ana', `wrong ${attempt}`)).body.code).toBe('INVALID_CREDENTIALS');
    test.clock.advance(10 * MINUTE);
    expect((await signInAttempt('ana', 'wrong 5')).body.code).toBe('INVALID_CREDENTIALS');
    const locked = await signInAttempt('ana', ana.password);
    expect(locked).toMatchObject({ status: 429, body: { code: 'ACCOUNT_LOCKED', errors: { retryAfterSeconds: 900 } } });
    expect(locked.headers['retry-after']).toBe('900');
    test.clock.advance(15 * MINUTE - 1000);
    expect((await signInAttempt('ana', ana.password)).body).toMatchObject({ code: 'ACCOUNT_LOCKED', errors: { retryAfterSeconds: 1 } });
    test.clock.advance(1000);
    expect((await signInAttempt('ana', ana.password)).status).toBe(200);

    const attempts = (await call('GET', '/v1/audit?events=20', asOperator)).body.events as { event: { t: string; outcome?: string } }[];
    expect(attempts.filter((entry) => entry.event.t === 'sign-in-attempted').map((entry) => entry.event.outcome)).toEqual([
      'signed-in',
      'locked',
      'locked',
      'wrong-password',
      'wrong-password',
      'wrong-password',
      'wrong-password',
      'wrong-password',
      'signed-in',
    ]);
    expect(attempts[0]!.event).toEqual({ t: 'sign-in-attempted', account: 'ana', outcome: 'signed-in', address: '127.0.0.1' });
  });

  it('forgets failures older than 15 minutes, and locks unknown names alike', async () => {
    const ana = await signedIn(app, test.site, { account: 'ana', role: 'auditor' });
    for (let attempt = 1; attempt <= 4; attempt++) await signInAttempt('ana', 'wrong');
    test.clock.advance(16 * MINUTE);
    await signInAttempt('ana', 'wrong');
    expect((await signInAttempt('ana', ana.password)).status).toBe(200);
    for (let attempt = 1; attempt <= 5; attempt++) expect((await signInAttempt('ghost', 'guess')).body.code).toBe('INVALID_CREDENTIALS');
    expect((await signInAttempt('ghost', 'guess')).body.code).toBe('ACCOUNT_LOCKED');
  });

  it('limits sign-in attempts per client address to 10 a minute', async () => {
    for (let attempt = 1; attempt <= 10; attempt++) await signInAttempt(`name-${attempt}`, 'guess');
    const limited = await signInAttempt('another', 'guess');
    expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED', errors: { retryAfterSeconds: 60 } } });
    expect(limited.headers['retry-after']).toBe('60');
    test.clock.advance(MINUTE);
    expect((await signInAttempt('another', 'guess')).body.code).toBe('INVALID_CREDENTIALS');
  });

  it('disables an account at once, and resets a password (lifting a lock, ending sessions)', async () => {
    const ana = await signedIn(app, test.site, { account: 'ana', role: 'site-admin' });
    const bo = await signedIn(app, test.site, { account: 'bo', role: 'auditor' });
    expect((await call('POST', '/v1/accounts/bo/disable', ana.headers)).body).toMatchObject({ account: 'bo', disabled: true });
    expect(await call('GET', '/v1/audit', bo.headers)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await signInAttempt('bo', bo.password)).toMatchObject({ status: 403, body: { code: 'ACCOUNT_DISABLED' } });
    expect(await signInAttempt('bo', 'not the password')).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });

    const cy = await signedIn(app, test.site, { account: 'cy', role: 'auditor' });
    test.clock.advance(MINUTE); // past the per-address limit on sign-in attempts
    for (let attempt = 1; attempt <= 5; attempt++) await signInAttempt('cy', 'wrong');
    const reset = await call('POST', '/v1/accounts/cy/reset-password', ana.headers);
    expect(reset.body).toMatchObject({ account: { account: 'cy', mustChangePassword: true }, password: expect.any(String) });
    expect(await call('GET', '/v1/audit', cy.headers)).toMatchObject({ status: 401 });
    expect(await signInAttempt('cy', cy.password)).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect(await signInAttempt('cy', (reset.body as { password: string }).password)).toMatchObject({
      status: 200,
      body: { account: { mustChangePassword: true } },
    });
  });

  it('ends the other sessions when a password changes, and a session at sign-out', async () => {
    const ana = await signedIn(app, test.site, { account: 'ana', role: 'auditor' });
    const other = await signIn(app, 'ana', ana.password);
    expect((await call('POST', '/v1/auth/password', ana.headers, { currentPassword: ana.password, newPassword: 'yet another password' })).status).toBe(200);
    // A password of one's own, no longer a one-time one, kept as the new one: the general refusal.
    expect(
      await call('POST', '/v1/auth/password', ana.headers, { currentPassword: 'yet another password', newPassword: 'yet another password' }),
    ).toMatchObject({
      status: 400,
      body: { code: 'REQUEST_INVALID', errors: { field: 'newPassword' } },
    });
    expect((await call('GET', '/v1/audit', ana.headers)).status).toBe(200);
    expect((await call('GET', '/v1/audit', other)).status).toBe(401);
    const out = await call('POST', '/v1/auth/sign-out', ana.headers);
    expect(out.headers['set-cookie']).toBe('airlock_site_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    expect((await call('GET', '/v1/audit', ana.headers)).status).toBe(401);
  });

  it('keeps accounts and keys across a restart, which signs everyone out', async () => {
    const ana = await signedIn(app, test.site, { account: 'ana', role: 'site-admin' });
    const key = await asApplication(test.site, 'default');
    await test.restart();
    app = await createTestSiteApp(test);
    expect((await call('GET', '/v1/accounts', ana.headers)).status).toBe(401);
    expect((await signInAttempt('ana', ana.password)).status).toBe(200);
    expect((await call('POST', '/v1/tenants/default/features/x/check', key)).body.code).toBe('SITE_NOT_LICENSED');
  });

  it('keeps application keys hashed, shows them once, and refuses a revoked one from the next request on', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 5), feature('export')]);
    const created = await call('POST', '/v1/tenants/default/keys', asOperator, { name: 'robots' });
    expect(created).toMatchObject({
      status: 201,
      body: {
        id: expect.stringMatching(/^[0-9a-f]{16}$/),
        tenant: 'default',
        name: 'robots',
        createdBy: 'operator',
        revokedAt: null,
        key: expect.stringMatching(/^airlock-site-app_[0-9a-f]{16}_[\w-]{43}$/),
      },
    });
    const { id, key } = created.body as { id: string; key: string };
    expect(JSON.stringify(test.store.records)).not.toContain(key);
    expect(JSON.stringify((await call('GET', '/v1/tenants/default/keys', asOperator)).body)).not.toContain(key);
    const asKey = { authorization: `Bearer ${key}` };
    expect((await call('POST', '/v1/tenants/default/seats/bot-runner/checkout', asKey, { user: 'ana' })).body).toMatchObject({ assigned: true });
    expect(
      (
        await call(
          'POST',
          '/v1/tenants/default/seats/bot-runner/checkout',
          { authorization: `Bearer ${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}` },
          { user: 'bo' },
        )
      ).body.code,
    ).toBe('UNAUTHENTICATED');

    expect((await call('POST', `/v1/tenants/blue/keys/${id}/revoke`, asOperator)).body.code).toBe('NOT_FOUND');
    expect((await call('POST', `/v1/tenants/default/keys/${id}/revoke`, asOperator)).body).toMatchObject({ id, revokedAt: '2026-11-23T10:00:00.000Z' });
    expect(await call('POST', '/v1/tenants/default/seats/bot-runner/release', asKey, { user: 'ana' })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED', errors: { reason: 'the credential presented is unknown, expired or revoked' } },
    });
    const audit = (await call('GET', '/v1/tenants/default/audit', asOperator)).body.events as { event: Record<string, unknown> }[];
    expect(audit.slice(0, 2).map((entry) => entry.event)).toEqual([
      { t: 'app-key-revoked', keyId: id, tenant: 'default', by: 'operator' },
      { t: 'seat-assigned', tenant: 'default', type: 'bot-runner', user: 'ana' },
    ]);
    expect(audit.find((entry) => entry.event.t === 'app-key-created')!.event).toEqual({
      t: 'app-key-created',
      keyId: id,
      tenant: 'default',
      name: 'robots',
      by: 'operator',
    });
  });

  it('keeps each tenant administrator to its own tenant: status, usage, users, keys and audit (docs/design.md, F6)', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 5)]);
    await licenseTenant(test, 'blue', [seat('bot-runner', 5)]);
    await test.site.checkoutSeat('default', 'bot-runner', 'secret-user-of-default');
    const dee = await signedIn(app, test.site, { account: 'dee', role: 'tenant-admin', tenant: 'default' });
    const bea = await signedIn(app, test.site, { account: 'bea', role: 'tenant-admin', tenant: 'blue' });
    await call('POST', '/v1/tenants/default/keys', dee.headers, { name: 'default-robots' });

    for (const path of ['status', 'usage', 'keys', 'audit']) {
      expect([path, (await call('GET', `/v1/tenants/default/${path}`, bea.headers)).status]).toEqual([path, 403]);
      expect([path, (await call('GET', `/v1/tenants/blue/${path}`, bea.headers)).status]).toEqual([path, 200]);
    }
    for (const path of ['/v1/site', '/v1/tenants', '/v1/audit', '/v1/accounts'])
      expect([path, (await call('GET', path, bea.headers)).status]).toEqual([path, 403]);
    expect((await call('POST', '/v1/tenants/default/users/secret-user-of-default/deprovision', bea.headers)).status).toBe(403);
    const blueAudit = JSON.stringify((await call('GET', '/v1/tenants/blue/audit?events=500', bea.headers)).body);
    expect(blueAudit).not.toContain('secret-user-of-default');
    expect(blueAudit).not.toContain('default-robots');
    expect(blueAudit).not.toContain('"dee"');
    expect(blueAudit).toContain('"bea"');
    const defaultAudit = JSON.stringify((await call('GET', '/v1/tenants/default/audit?events=500', dee.headers)).body);
    expect(defaultAudit).toContain('default-robots');
    expect(defaultAudit).not.toContain('$argon2id$');
  });

  it('answers failures without stack traces or internal paths', async () => {
    const local = await createTestSiteApp(test);
    local.get('/v1/boom', { config: { siteAccess: 'public' } }, () => {
      throw new Error(`ENOENT: no such file or directory, open '/var/lib/airlock/site/secret.json'`);
    });
    const boom = await local.inject({ method: 'GET', url: '/v1/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({
      type: 'https://airlock.dev/errors#internal_error',
      title: 'INTERNAL_ERROR',
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: 'Something went wrong on the server; it has been logged.',
      instance: '/v1/boom',
      requestId: boom.headers['x-request-id'],
    });
    const malformed = await local.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"account": "a", "password": ',
    });
    expect(malformed.statusCode).toBe(400);
    for (const response of [boom, malformed]) {
      expect(response.body).not.toMatch(/\/var\/lib|\/work\/|node_modules|\bat .+:\d+:\d+|stack/);
    }
  });
});
