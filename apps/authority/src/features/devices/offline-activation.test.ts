import { minutes, type DeviceCredential } from '@airlock/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import {
  activationRequest,
  countDeviceWrites,
  createLicense,
  nextAddress,
  openOnDevice,
  PRODUCT,
  seedDeviceCatalogue,
  testDevice,
  type CreatedLicense,
  type RequestOptions,
  type TestDevice,
} from './testing/device-fixtures.ts';

const keyOf = (license: CreatedLicense): DeviceCredential => ({ method: 'license-key', licenseKey: license.licenseKey! });

describeEachStore('activating a device on the offline portal', (context) => {
  const requestFor = (device: TestDevice, credential: DeviceCredential, options?: RequestOptions) => {
    const { authority, clock, deps } = context();
    return activationRequest(authority, device, credential, { now: clock.now(), random: deps.random }, options);
  };
  const activate = (request: string, password?: string) =>
    context().request({
      method: 'POST',
      url: '/v1/portal/activations',
      payload: { request, ...(password === undefined ? {} : { password }) },
      remoteAddress: nextAddress(),
    });
  const licenseView = async (id: string) => (await context().request({ method: 'GET', url: `/v1/device-licenses/${id}` })).json<CreatedLicense>();
  const refusal = (response: { statusCode: number; json: <T>() => T }) => [response.statusCode, response.json<{ code: string }>().code];

  beforeAll(async () => {
    const { database, clock } = context();
    await seedDeviceCatalogue(database.db, clock.now());
  });

  it('answers a key-based activation request with a device license file bound to that device', async () => {
    const { authority, clock, database } = context();
    const license = await createLicense(context().request, {
      entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] },
      metadata: [{ name: 'seat-name', value: 'Lab 4' }],
    });
    const device = testDevice('lab-pc-4');
    const request = await requestFor(device, { method: 'license-key', licenseKey: license.licenseKey!.toLowerCase().replaceAll('-', '') });
    const response = await activate(request);
    expect(response.statusCode).toBe(201);
    const answer = response.json<{ activationId: string; licenseId: string; text: string; revision: number }>();
    expect(answer).toMatchObject({ licenseId: license.id, revision: 1 });
    const file = await openOnDevice(authority, device, answer.text, clock.now());
    expect(file).toMatchObject({
      licenseId: license.id,
      product: PRODUCT,
      fingerprint: device.fingerprint,
      deviceKeyThumbprint: device.signingKey.kid,
      licenseKind: 'term',
      revision: 1,
      validUntil: Date.parse('2027-11-23T00:00:00Z') / 1000,
      entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] },
      metadata: [{ name: 'seat-name', value: 'Lab 4' }],
      checks: { allowOffline: true, clockSkewTolerance: minutes(5) / 1000 },
    });
    expect(await licenseView(license.id)).toMatchObject({
      activeActivations: 1,
      activations: [
        {
          id: answer.activationId,
          status: 'active',
          fingerprint: device.fingerprint,
          channel: 'offline',
          revision: 1,
          licenseFileId: file.jti,
          deviceName: `host of ${device.fingerprint}`,
        },
      ],
    });
    const audit = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('object_id', '=', license.id)
      .where('action', '=', 'device.activate')
      .execute();
    expect(audit.map((event) => [event.actor, event.after])).toMatchObject([
      [`device:${device.signingKey.kid}`, { activationId: answer.activationId, channel: 'offline', licenseFileId: file.jti }],
    ]);
  });

  it('gives the same device a fresh file on the same slot, and refuses a second device once the slots are taken', async () => {
    const { authority, clock, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('one-slot');
    const first = (await activate(await requestFor(device, keyOf(license)))).json<{ activationId: string; text: string }>();
    const again = await activate(await requestFor(device, keyOf(license)));
    expect(again.statusCode).toBe(201);
    const renewed = again.json<{ activationId: string; text: string }>();
    expect(renewed.activationId).toBe(first.activationId);
    const [firstFile, renewedFile] = await Promise.all([
      openOnDevice(authority, device, first.text, clock.now()),
      openOnDevice(authority, device, renewed.text, clock.now()),
    ]);
    expect(renewedFile.jti).not.toBe(firstFile.jti);
    expect(await licenseView(license.id)).toMatchObject({ activeActivations: 1, activations: [{ licenseFileId: renewedFile.jti }] });

    const before = await countDeviceWrites(database.db);
    const other = await activate(await requestFor(testDevice('second-device'), keyOf(license)));
    expect([other.statusCode, other.json()]).toMatchObject([422, { code: 'ACTIVATIONS_EXHAUSTED', errors: { activeActivations: 1, maxActivations: 1 } }]);
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });

  it('gives the last slot to one of two devices activating at once, and one slot to a device racing itself', async () => {
    const license = await createLicense(context().request, {});
    const [left, right] = await Promise.all([
      activate(await requestFor(testDevice('race-left'), keyOf(license))),
      activate(await requestFor(testDevice('race-right'), keyOf(license))),
    ]);
    expect([left.statusCode, right.statusCode].sort()).toEqual([201, 422]);
    expect([left, right].find((answer) => answer.statusCode === 422)!.json<{ code: string }>().code).toBe('ACTIVATIONS_EXHAUSTED');

    const roomy = await createLicense(context().request, { overrides: { maxActivations: 5 } });
    const device = testDevice('race-itself');
    const answers = await Promise.all([1, 2, 3].map(async () => activate(await requestFor(device, keyOf(roomy)))));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.json<{ activationId: string }>().activationId)).size).toBe(1);
    expect(await licenseView(roomy.id)).toMatchObject({ activeActivations: 1 });
  });

  it('counts the same device with a new key as another device', async () => {
    const license = await createLicense(context().request, {});
    const device = testDevice('rekeyed');
    expect((await activate(await requestFor(device, keyOf(license)))).statusCode).toBe(201);
    const rekeyed = { ...testDevice('rekeyed-new-keys'), fingerprint: device.fingerprint };
    expect(refusal(await activate(await requestFor(rekeyed, keyOf(license))))).toEqual([422, 'ACTIVATIONS_EXHAUSTED']);
  });

  it("activates a user-based license with the user's password, and refuses a wrong or missing one", async () => {
    const { authority, clock, database } = context();
    const license = await createLicense(context().request, { credential: 'user', users: [{ username: 'ada@acme.test', password: 'correct horse battery' }] });
    const device = testDevice('ada-laptop');
    const request = await requestFor(device, { method: 'user', username: 'ada@acme.test' });
    const before = await countDeviceWrites(database.db);
    expect(refusal(await activate(request, 'wrong password'))).toEqual([401, 'INVALID_CREDENTIALS']);
    expect(refusal(await activate(await requestFor(device, { method: 'user', username: 'nobody@acme.test' }), 'correct horse battery'))).toEqual([
      401,
      'INVALID_CREDENTIALS',
    ]);
    const missing = await activate(request);
    expect([missing.statusCode, missing.json()]).toMatchObject([400, { code: 'REQUEST_INVALID', errors: { field: 'password' } }]);
    expect(await countDeviceWrites(database.db)).toEqual(before);

    const response = await activate(request, 'correct horse battery');
    expect(response.statusCode).toBe(201);
    expect(await openOnDevice(authority, device, response.json<{ text: string }>().text, clock.now())).toMatchObject({ licenseId: license.id });
    const user = ((await licenseView(license.id)) as unknown as { users: { id: string }[] }).users[0]!;
    const audit = await database.db
      .selectFrom('audit_events')
      .select('actor')
      .where('object_id', '=', license.id)
      .where('action', '=', 'device.activate')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`license-user:${user.id}`);
  });

  it('refuses a mistyped key, and a key of another product or of no license', async () => {
    const license = await createLicense(context().request, {});
    const device = testDevice('typo');
    const key = license.licenseKey!;
    const swapped = key.slice(0, 1) + key.slice(2, 3) + key.slice(1, 2) + key.slice(3);
    const mistyped = await activate(await requestFor(device, { method: 'license-key', licenseKey: key[1] === key[2] ? `${key}X` : swapped }));
    expect(refusal(mistyped)).toEqual([400, 'LICENSE_KEY_MALFORMED']);
    expect(refusal(await activate(await requestFor(device, keyOf(license), { product: 'viewer' })))).toEqual([422, 'LICENSE_KEY_UNKNOWN']);
    const unknownKey = '00000-00000-00000-00000-00000';
    expect(refusal(await activate(await requestFor(device, { method: 'license-key', licenseKey: unknownKey })))).toEqual([422, 'LICENSE_KEY_UNKNOWN']);
  });

  it('follows allowOffline: the policy decides unless the license overrides it, either way', async () => {
    const device = testDevice('offline-setting');
    const policyForbids = await createLicense(context().request, { policyId: 'online-only' });
    const licenseAllows = await createLicense(context().request, { policyId: 'online-only', overrides: { allowOffline: true } });
    const licenseForbids = await createLicense(context().request, { policyId: 'standard', overrides: { allowOffline: false } });
    const byPolicy = await activate(await requestFor(device, keyOf(policyForbids)));
    expect([byPolicy.statusCode, byPolicy.json()]).toMatchObject([422, { code: 'OFFLINE_NOT_ALLOWED', errors: { exchange: 'activation', setBy: 'policy' } }]);
    expect((await activate(await requestFor(device, keyOf(licenseAllows)))).statusCode).toBe(201);
    const byLicense = await activate(await requestFor(device, keyOf(licenseForbids)));
    expect([byLicense.statusCode, byLicense.json()]).toMatchObject([422, { code: 'OFFLINE_NOT_ALLOWED', errors: { setBy: 'license' } }]);
  });

  it('refuses a subscription offline, and an expired license', async () => {
    const { clock, database } = context();
    const device = testDevice('terms');
    const subscription = await createLicense(context().request, { policyId: 'subscription', expiresAt: null });
    const before = await countDeviceWrites(database.db);
    const refused = await activate(await requestFor(device, keyOf(subscription)));
    expect([refused.statusCode, refused.json()]).toMatchObject([
      422,
      { code: 'SUBSCRIPTION_NOT_OFFLINE', errors: { exchange: 'activation', kind: 'subscription' } },
    ]);
    const expiring = await createLicense(context().request, { expiresAt: new Date(clock.now().getTime() + minutes(1)).toISOString() });
    const request = await requestFor(device, keyOf(expiring));
    clock.advance(minutes(1));
    try {
      const expired = await activate(request);
      expect([expired.statusCode, expired.json()]).toMatchObject([422, { code: 'LICENSE_EXPIRED', errors: { exchange: 'activation' } }]);
    } finally {
      clock.advance(-minutes(1));
    }
    expect((await countDeviceWrites(database.db)).device_activations).toBe(before.device_activations);
  });

  it('activates a permanent license with no end and no activation limit', async () => {
    const { authority, clock } = context();
    const license = await createLicense(context().request, { policyId: 'perpetual', expiresAt: null });
    const devices = ['perm-1', 'perm-2', 'perm-3'].map(testDevice);
    const answers = [];
    for (const device of devices) answers.push(await activate(await requestFor(device, keyOf(license))));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);
    const file = await openOnDevice(authority, devices[0]!, answers[0]!.json<{ text: string }>().text, clock.now());
    expect([file.licenseKind, file.validUntil]).toEqual(['permanent', null]);
    expect(await licenseView(license.id)).toMatchObject({ activeActivations: 3 });
  });
});
