import { createHash } from 'node:crypto';
import { checkLicenseKey } from '@airlock/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Principal } from '../../http/permissions.ts';
import { countDeviceWrites, createLicense, PRODUCT, seedDeviceCatalogue } from './testing/device-fixtures.ts';

const acmeUser: Principal = { kind: 'customer-user', id: 'u-acme', customerId: 'acme' };
const readOnlyToken: Principal = { kind: 'token', id: 't-read', scopes: ['licenses:read'] };

describeEachStore('device licenses, as the vendor manages them', (context) => {
  const post = (url: string, payload: object, as?: Principal) => context().request({ method: 'POST', url, payload, ...(as ? { as } : {}) });
  const patch = (url: string, payload: object) => context().request({ method: 'PATCH', url, payload });
  const get = (url: string, as?: Principal) => context().request({ method: 'GET', url, ...(as ? { as } : {}) });

  beforeAll(async () => {
    const { database, clock } = context();
    await seedDeviceCatalogue(database.db, clock.now());
  });

  it("creates a key-based license from the customer's policy, shows its key once and keeps only its hash", async () => {
    const { database } = context();
    const response = await post('/v1/device-licenses', {
      productId: PRODUCT,
      customerId: 'acme',
      credential: 'license-key',
      expiresAt: '2027-11-23T00:00:00Z',
      entitlements: {
        features: ['export', 'batch'],
        meters: [
          { meter: 'renders', limit: 1000 },
          { meter: 'exports', limit: null },
        ],
      },
      metadata: [{ name: 'seat-name', value: 'Lab 4' }],
    });
    expect(response.statusCode).toBe(201);
    const created = response.json<Record<string, unknown> & { id: string; licenseKey: string; createdAt: string }>();
    const key = checkLicenseKey(created.licenseKey);
    expect(key).toEqual({ ok: true, value: created.licenseKey });
    expect(created).toEqual({
      id: created.id,
      licenseKey: created.licenseKey,
      productId: PRODUCT,
      customerId: 'acme',
      policyId: 'standard',
      credential: 'license-key',
      licenseKeyHint: created.licenseKey.slice(-5),
      overrides: {},
      settings: {
        kind: 'term',
        allowOffline: true,
        allowOnline: true,
        maxActivations: 1,
        maxOfflineMs: null,
        offlineGraceMs: 0,
        expiryGraceMs: 0,
        meterAllotment: null,
        meterOveragePercent: 0,
        allowVirtualMachines: true,
      },
      expiresAt: '2027-11-23T00:00:00.000Z',
      entitlements: {
        features: ['export', 'batch'],
        meters: [
          { meter: 'renders', limit: 1000 },
          { meter: 'exports', limit: null },
        ],
      },
      metadata: [{ name: 'seat-name', value: 'Lab 4' }],
      revision: 1,
      createdAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-23T10:00:00.000Z',
      suspension: null,
      blockedDevices: [],
      users: [],
      activeActivations: 0,
      activations: [],
      usage: [],
      meters: [
        { meter: 'renders', counted: 0, limit: 1000, overage: 0, reserved: 0 },
        { meter: 'exports', counted: 0, limit: null, overage: 0, reserved: 0 },
      ],
    });
    const stored = await database.db.selectFrom('device_licenses').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.license_key_hash).toBe(createHash('sha256').update(created.licenseKey).digest('hex'));
    const again = await get(`/v1/device-licenses/${created.id}`);
    expect(again.json()).toEqual({ ...created, licenseKey: undefined });
    expect(again.body).not.toContain(created.licenseKey);
    const audit = await database.db.selectFrom('audit_events').selectAll().where('object_id', '=', created.id).execute();
    expect(audit.map((event) => [event.actor, event.action])).toEqual([['admin:test-admin', 'device-license.create']]);
    expect(JSON.stringify(audit)).not.toContain(created.licenseKey);
  });

  it('creates a user-based license with its users, keeping their passwords as argon2id hashes', async () => {
    const { database } = context();
    const created = await createLicense(context().request, {
      credential: 'user',
      users: [
        { username: 'ada@acme.test', password: 'correct horse battery' },
        { username: 'grace', password: 'another long password' },
      ],
      overrides: { maxActivations: 3, allowOffline: false },
    });
    expect(created).toMatchObject({
      credential: 'user',
      licenseKeyHint: null,
      overrides: { maxActivations: 3, allowOffline: false },
      settings: { kind: 'term', allowOffline: false, allowOnline: true, maxActivations: 3 },
      users: [{ username: 'ada@acme.test' }, { username: 'grace' }],
    });
    expect('licenseKey' in created).toBe(false);
    const hashes = await database.db.selectFrom('device_license_users').select('password_hash').where('license_id', '=', created.id).execute();
    expect(hashes.map((row) => row.password_hash.startsWith('$argon2id$'))).toEqual([true, true]);
    const audit = await database.db.selectFrom('audit_events').select('after').where('object_id', '=', created.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).not.toContain('correct horse');
  });

  it('refuses a license that cannot be, saying why, and writes nothing', async () => {
    const { database } = context();
    const before = await countDeviceWrites(database.db);
    const base = { productId: PRODUCT, customerId: 'acme', credential: 'license-key', expiresAt: '2027-11-23T00:00:00Z' };
    const attempts: [object, number, string, object][] = [
      [{ ...base, productId: 'nothing' }, 404, 'NOT_FOUND', { product: 'nothing' }],
      [{ ...base, customerId: 'nobody' }, 404, 'NOT_FOUND', { customer: 'nobody' }],
      [{ ...base, policyId: 'nope' }, 404, 'NOT_FOUND', { policy: 'nope' }],
      [
        { ...base, users: [{ username: 'ada', password: 'correct horse battery' }] },
        400,
        'REQUEST_INVALID',
        { field: 'users', reason: 'a key-based license has no users' },
      ],
      [{ ...base, credential: 'user' }, 400, 'REQUEST_INVALID', { field: 'users', reason: 'a user-based license needs at least one user' }],
      [{ ...base, expiresAt: null }, 400, 'REQUEST_INVALID', { field: 'expiresAt', reason: 'a term license must end: give expiresAt' }],
      [{ ...base, overrides: { kind: 'permanent' } }, 400, 'REQUEST_INVALID', { field: 'expiresAt', reason: 'a permanent license has no end' }],
      [
        { ...base, expiresAt: '2026-11-01T00:00:00Z' },
        400,
        'REQUEST_INVALID',
        { field: 'expiresAt', reason: 'is not after now (2026-11-23T10:00:00.000Z): a license must not end before it is used' },
      ],
      [
        { ...base, expiresAt: '2026-11-23T10:00:00Z' },
        400,
        'REQUEST_INVALID',
        { field: 'expiresAt', reason: 'is not after now (2026-11-23T10:00:00.000Z): a license must not end before it is used' },
      ],
      [
        { ...base, entitlements: { features: ['a', 'a'], meters: [] } },
        400,
        'REQUEST_INVALID',
        { field: 'entitlements.features', reason: 'a is listed twice' },
      ],
      [
        {
          ...base,
          metadata: [
            { name: 'n', value: '1' },
            { name: 'n', value: '2' },
          ],
        },
        400,
        'REQUEST_INVALID',
        { field: 'metadata', reason: 'n is listed twice' },
      ],
    ];
    const answers = await Promise.all(attempts.map(([body]) => post('/v1/device-licenses', body)));
    expect(answers.map((answer) => [answer.statusCode, answer.json<{ code: string }>().code, answer.json<{ errors: object }>().errors])).toEqual(
      attempts.map(([, status, code, errors]) => [status, code, errors]),
    );
    const malformed = await post('/v1/device-licenses', { ...base, overrides: { maxActivations: 0 } });
    expect([malformed.statusCode, malformed.json<{ code: string }>().code]).toEqual([400, 'REQUEST_INVALID']);
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });

  it("shows the device settings in force: the license's overrides over its policy's", async () => {
    const license = await createLicense(context().request, {
      overrides: {
        maxOfflineMs: 2_592_000_000,
        offlineGraceMs: 259_200_000,
        expiryGraceMs: 604_800_000,
        meterAllotment: 25,
        meterOveragePercent: 10,
        allowVirtualMachines: false,
      },
    });
    expect(license).toMatchObject({
      settings: {
        kind: 'term',
        maxOfflineMs: 2_592_000_000,
        offlineGraceMs: 259_200_000,
        expiryGraceMs: 604_800_000,
        meterAllotment: 25,
        meterOveragePercent: 10,
        allowVirtualMachines: false,
      },
    });
    const malformed = await post('/v1/device-licenses', {
      productId: PRODUCT,
      customerId: 'acme',
      credential: 'license-key',
      expiresAt: '2027-11-23T00:00:00Z',
      overrides: { maxOfflineMs: 1000 },
    });
    expect([malformed.statusCode, malformed.json<{ code: string }>().code]).toEqual([400, 'REQUEST_INVALID']);
  });

  it('refuses a user name the product already has, and writes nothing', async () => {
    const { database } = context();
    await createLicense(context().request, { credential: 'user', users: [{ username: 'taken', password: 'correct horse battery' }] });
    const before = await countDeviceWrites(database.db);
    const response = await post('/v1/device-licenses', {
      productId: PRODUCT,
      customerId: 'globex',
      credential: 'user',
      expiresAt: '2027-11-23T00:00:00Z',
      users: [
        { username: 'fresh', password: 'correct horse battery' },
        { username: 'taken', password: 'correct horse battery' },
      ],
    });
    expect([response.statusCode, response.json<{ code: string }>().code]).toEqual([409, 'CONFLICT']);
    expect(await countDeviceWrites(database.db)).toEqual(before);
    const elsewhere = await post('/v1/device-licenses', {
      productId: 'viewer',
      customerId: 'globex',
      credential: 'user',
      expiresAt: '2027-11-23T00:00:00Z',
      users: [{ username: 'taken', password: 'correct horse battery' }],
    });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('edits a license: each setting given replaces the stored one, the revision goes up, the change is audited', async () => {
    const { database } = context();
    const license = await createLicense(context().request, { entitlements: { features: ['export'], meters: [] }, overrides: { allowOffline: false } });
    const response = await patch(`/v1/device-licenses/${license.id}`, {
      entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 50 }] },
      overrides: { maxActivations: 2 },
      allowOnline: false,
      expectedRevision: 1,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      revision: 2,
      overrides: { maxActivations: 2 },
      settings: { kind: 'term', allowOffline: true, allowOnline: false, maxActivations: 2 },
      entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 50 }] },
      expiresAt: '2027-11-23T00:00:00.000Z',
    });
    expect((await patch(`/v1/device-licenses/${license.id}`, { metadata: [] })).json()).toMatchObject({ revision: 3 });
    const event = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('object_id', '=', license.id)
      .where('action', '=', 'device-license.edit')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect([event.before, event.after]).toMatchObject([
      { revision: 1, overrides: { allowOffline: false }, allowOnline: true, entitlements: { features: ['export'] } },
      { revision: 2, overrides: { maxActivations: 2 }, allowOnline: false, entitlements: { features: ['export', 'batch'] } },
    ]);
  });

  it('refuses an edit of a license changed meanwhile, or one that does not fit its kind, and writes nothing', async () => {
    const { database } = context();
    const license = await createLicense(context().request, {});
    await patch(`/v1/device-licenses/${license.id}`, { metadata: [{ name: 'a', value: 'b' }] });
    const before = await countDeviceWrites(database.db);
    const stale = await patch(`/v1/device-licenses/${license.id}`, { metadata: [], expectedRevision: 1 });
    expect([stale.statusCode, stale.json()]).toMatchObject([409, { code: 'CONFLICT', errors: { expectedRevision: 1, revision: 2 } }]);
    const endless = await patch(`/v1/device-licenses/${license.id}`, { expiresAt: null });
    expect([endless.statusCode, endless.json()]).toMatchObject([400, { code: 'REQUEST_INVALID', errors: { field: 'expiresAt' } }]);
    const ended = await patch(`/v1/device-licenses/${license.id}`, { expiresAt: '2026-11-22T00:00:00Z' });
    expect([ended.statusCode, ended.json()]).toMatchObject([
      400,
      { code: 'REQUEST_INVALID', errors: { field: 'expiresAt', reason: expect.stringMatching(/^is not after now/) as string } },
    ]);
    const unknown = await patch('/v1/device-licenses/00000000-0000-4000-8000-000000000000', { metadata: [] });
    expect([unknown.statusCode, unknown.json<{ code: string }>().code]).toEqual([404, 'NOT_FOUND']);
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });

  it('edits a license that has ended in other respects, and renews it with a later end', async () => {
    const { clock } = context();
    const license = await createLicense(context().request, { expiresAt: '2026-11-24T10:00:00Z' });
    clock.advance(2 * 86_400_000);
    try {
      expect((await patch(`/v1/device-licenses/${license.id}`, { metadata: [{ name: 'note', value: 'ended' }] })).statusCode).toBe(200);
      const renewed = await patch(`/v1/device-licenses/${license.id}`, { expiresAt: '2027-11-25T10:00:00Z' });
      expect([renewed.statusCode, renewed.json()]).toMatchObject([200, { revision: 3, expiresAt: '2027-11-25T10:00:00.000Z' }]);
    } finally {
      clock.advance(-2 * 86_400_000);
    }
  });

  it('adds users to a user-based license only', async () => {
    const userBased = await createLicense(context().request, { credential: 'user', users: [{ username: 'first-user', password: 'correct horse battery' }] });
    const keyBased = await createLicense(context().request, {});
    const added = await post(`/v1/device-licenses/${userBased.id}/users`, { username: 'second-user', password: 'correct horse battery' });
    expect([added.statusCode, added.json()]).toMatchObject([201, { username: 'second-user' }]);
    expect((await get(`/v1/device-licenses/${userBased.id}`)).json()).toMatchObject({ users: [{ username: 'first-user' }, { username: 'second-user' }] });
    const refused = await post(`/v1/device-licenses/${keyBased.id}/users`, { username: 'someone', password: 'correct horse battery' });
    expect([refused.statusCode, refused.json<{ code: string }>().code]).toEqual([400, 'REQUEST_INVALID']);
    const taken = await post(`/v1/device-licenses/${userBased.id}/users`, { username: 'second-user', password: 'correct horse battery' });
    expect([taken.statusCode, taken.json<{ code: string }>().code]).toEqual([409, 'CONFLICT']);
  });

  it('lists licenses by customer and product, and lets a customer read its own', async () => {
    const globexLicense = await createLicense(context().request, { customerId: 'globex', productId: 'viewer' });
    const listed = (await get('/v1/device-licenses?customerId=globex&productId=viewer')).json<{ id: string }[]>();
    expect(listed.map((license) => license.id)).toContain(globexLicense.id);
    expect(listed.every((license) => (license as unknown as { customerId: string }).customerId === 'globex')).toBe(true);
    const acmeOwn = await get('/v1/customers/acme/device-licenses', acmeUser);
    expect(acmeOwn.statusCode).toBe(200);
    expect(acmeOwn.json<{ customerId: string }[]>().every((license) => license.customerId === 'acme')).toBe(true);
    expect(acmeOwn.json<{ id: string }[]>().map((license) => license.id)).not.toContain(globexLicense.id);
    expect((await get('/v1/customers/globex/device-licenses', acmeUser)).statusCode).toBe(404);
    expect((await get(`/v1/device-licenses/${globexLicense.id}`, acmeUser)).statusCode).toBe(403);
    expect((await get(`/v1/device-licenses/${globexLicense.id}`, readOnlyToken)).statusCode).toBe(200);
    expect((await post('/v1/device-licenses', { productId: PRODUCT, customerId: 'acme', credential: 'license-key' }, readOnlyToken)).statusCode).toBe(403);
    expect((await get('/v1/customers/nobody/device-licenses')).statusCode).toBe(404);
  });

  it('publishes every device route in the OpenAPI document, the portal and device API as public', async () => {
    const document = (await get('/openapi.json', { kind: 'anonymous' })).json<{ paths: Record<string, Record<string, { security: unknown[] }>> }>();
    const security = (path: string, method: string) => document.paths[path]?.[method]?.security;
    const vendor = [
      ['/v1/device-licenses', 'post'],
      ['/v1/device-licenses', 'get'],
      ['/v1/device-licenses/{licenseId}', 'get'],
      ['/v1/device-licenses/{licenseId}', 'patch'],
      ['/v1/device-licenses/{licenseId}/users', 'post'],
      ['/v1/device-licenses/{licenseId}/activations/{activationId}/refresh-file', 'post'],
      ['/v1/customers/{customerId}/device-licenses', 'get'],
      ['/v1/branding/{hostName}', 'put'],
      ['/v1/branding', 'get'],
      ['/v1/device-licenses/{licenseId}/activations/{activationId}/deactivate', 'post'],
      ['/v1/device-licenses/{licenseId}/reset', 'post'],
      ['/v1/device-licenses/{licenseId}/suspend', 'post'],
      ['/v1/device-licenses/{licenseId}/resume', 'post'],
      ['/v1/device-licenses/{licenseId}/blocked-devices', 'post'],
      ['/v1/device-licenses/{licenseId}/blocked-devices/{fingerprint}', 'delete'],
      ['/v1/device-licenses/{licenseId}/users/{userId}', 'delete'],
      ['/v1/device-licenses/{licenseId}/users/{userId}/password', 'post'],
    ];
    const open = [
      ['/v1/portal/activations', 'post'],
      ['/v1/portal/deactivations', 'post'],
      ['/v1/portal/refreshes', 'post'],
      ['/v1/portal/branding', 'get'],
      ['/v1/devices/activate', 'post'],
      ['/v1/devices/validate', 'post'],
      ['/v1/devices/check-in', 'post'],
      ['/v1/devices/deactivate', 'post'],
    ];
    expect(vendor.map(([path, method]) => security(path!, method!))).toEqual(vendor.map(() => [{ apiToken: [] }, { session: [] }]));
    expect(open.map(([path, method]) => security(path!, method!))).toEqual(open.map(() => []));
  });
});
