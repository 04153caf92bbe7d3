import type { DeviceCredential, DeviceLicenseFile } from '@airlock/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import {
  activationRequest,
  countDeviceWrites,
  createLicense,
  nextAddress,
  openOnDevice,
  seedDeviceCatalogue,
  testDevice,
  usageReport,
  type CreatedLicense,
  type TestDevice,
} from './testing/device-fixtures.ts';

const keyOf = (license: CreatedLicense): DeviceCredential => ({ method: 'license-key', licenseKey: license.licenseKey! });
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

interface LicenseView extends CreatedLicense {
  readonly suspension: { at: string; by: string; reason: string | null } | null;
  readonly blockedDevices: { fingerprint: string; reason: string | null; blockedBy: string }[];
  readonly users: { id: string; username: string }[];
  readonly activations: ({ id: string; status: string; revision: number } & Record<string, unknown>)[];
}

describeEachStore("the vendor's control over a license's devices", (context) => {
  const post = (url: string, payload: object) => context().request({ method: 'POST', url, payload, remoteAddress: nextAddress() });
  const vendor = (method: 'POST' | 'DELETE', url: string, payload?: object) => context().request({ method, url, ...(payload ? { payload } : {}) });
  const at = () => ({ now: context().clock.now(), random: context().deps.random });
  const requestFor = (device: TestDevice, credential: DeviceCredential) => activationRequest(context().authority, device, credential, at());
  const view = async (id: string) => (await context().request({ method: 'GET', url: `/v1/device-licenses/${id}` })).json<LicenseView>();
  const validate = async (device: TestDevice, credential: DeviceCredential) => post('/v1/devices/validate', { request: await requestFor(device, credential) });
  const auditOf = (licenseId: string, action: string) =>
    context()
      .database.db.selectFrom('audit_events')
      .select(['actor', 'after', 'before'])
      .where('object_id', '=', licenseId)
      .where('action', '=', action)
      .execute();

  async function activated(
    license: CreatedLicense,
    device: TestDevice,
    channel: 'online' | 'offline' = 'online',
    user?: { username: string; password: string },
  ): Promise<{ activationId: string; file: DeviceLicenseFile }> {
    const credential: DeviceCredential = user === undefined ? keyOf(license) : { method: 'user', username: user.username };
    const url = channel === 'online' ? '/v1/devices/activate' : '/v1/portal/activations';
    const response = await post(url, { request: await requestFor(device, credential), ...(user === undefined ? {} : { password: user.password }) });
    expect(response.statusCode, response.body).toBe(201);
    const { activationId, text } = response.json<{ activationId: string; text: string }>();
    return { activationId, file: await openOnDevice(context().authority, device, text, at().now) };
  }

  /** Runs the calls and expects each refused with its status and code, and nothing written. */
  async function refusedWritingNothing(
    calls: readonly (() => Promise<{ statusCode: number; json<T>(): T }>)[],
    expected: readonly [number, string][],
  ): Promise<void> {
    const before = await countDeviceWrites(context().database.db);
    const answers = [];
    for (const call of calls) {
      const answer = await call();
      answers.push([answer.statusCode, answer.json<{ code: string }>().code]);
    }
    expect(answers).toEqual(expected);
    expect(await countDeviceWrites(context().database.db)).toEqual(before);
  }

  beforeAll(async () => {
    await seedDeviceCatalogue(context().database.db, context().clock.now());
  });

  it("frees an online activation's slot: the device learns it at validation and check-in, and another device takes the slot", async () => {
    const license = await createLicense(context().request, {});
    const device = testDevice('freed-online');
    const { activationId, file } = await activated(license, device);
    const freed = await vendor('POST', `/v1/device-licenses/${license.id}/activations/${activationId}/deactivate`);
    expect([freed.statusCode, freed.json()]).toMatchObject([
      200,
      {
        id: activationId,
        status: 'deactivated',
        channel: 'online',
        deactivatedBy: 'admin:test-admin',
        deactivationSource: 'vendor',
        deactivationReason: 'deactivated',
        deviceMayStillRun: false,
      },
    ]);
    expect((await validate(device, keyOf(license))).json()).toMatchObject({ activationId, status: 'deactivated' });
    const report = await usageReport(context().authority, device, file, { sequence: 1, activationId, consumption: [{ meter: 'renders', amount: 2 }] }, at());
    expect((await post('/v1/devices/check-in', { report })).json()).toMatchObject({
      licenseId: license.id,
      activationId,
      sequence: 1,
      counted: true,
      status: 'deactivated',
    });
    expect((await view(license.id)).usage).toEqual([{ meter: 'renders', total: 2 }]);
    await activated(license, testDevice('takes-the-slot'));
    expect(await auditOf(license.id, 'device.vendor-deactivate')).toEqual([
      {
        actor: 'admin:test-admin',
        before: null,
        after: { activationId, fingerprint: device.fingerprint, channel: 'online', lastOnlineAt: '2026-11-23T10:00:00.000Z', deviceMayStillRun: false },
      },
    ]);

    const other = await createLicense(context().request, {});
    await refusedWritingNothing(
      [
        () => vendor('POST', `/v1/device-licenses/${license.id}/activations/${activationId}/deactivate`),
        () => vendor('POST', `/v1/device-licenses/${other.id}/activations/${activationId}/deactivate`),
        () => vendor('POST', `/v1/device-licenses/${UNKNOWN}/activations/${activationId}/deactivate`),
        () => vendor('POST', `/v1/device-licenses/${license.id}/activations/not-an-id/deactivate`),
      ],
      [
        [409, 'ACTIVATION_ALREADY_FREED'],
        [404, 'NOT_FOUND'],
        [404, 'NOT_FOUND'],
        [400, 'REQUEST_INVALID'],
      ],
    );
  });

  it('records a freed slot of a device activated offline as one whose device may still run, unless it talked online since', async () => {
    const license = await createLicense(context().request, { policyId: 'perpetual', expiresAt: null });
    const { activationId } = await activated(license, testDevice('freed-offline'), 'offline');
    const seen = testDevice('offline-then-online');
    const { activationId: seenId } = await activated(license, seen, 'offline');
    expect((await validate(seen, keyOf(license))).json()).toMatchObject({ status: 'active' });
    await vendor('POST', `/v1/device-licenses/${license.id}/activations/${activationId}/deactivate`);
    await vendor('POST', `/v1/device-licenses/${license.id}/activations/${seenId}/deactivate`);
    const { activations } = await view(license.id);
    expect(activations.find((activation) => activation.id === activationId)).toMatchObject({
      channel: 'offline',
      deactivationSource: 'vendor',
      lastOnlineAt: null,
      deviceMayStillRun: true,
    });
    expect(activations.find((activation) => activation.id === seenId)).toMatchObject({
      channel: 'offline',
      deactivationSource: 'vendor',
      lastOnlineAt: expect.any(String) as string,
      deviceMayStillRun: false,
    });
  });

  it('resets a license: every active slot is freed and counted, and a second reset is refused', async () => {
    const license = await createLicense(context().request, { policyId: 'online-only' });
    await activated(license, testDevice('reset-1'));
    await activated(license, testDevice('reset-2'));
    const reset = await vendor('POST', `/v1/device-licenses/${license.id}/reset`);
    expect([reset.statusCode, reset.json()]).toEqual([200, { licenseId: license.id, freed: 2 }]);
    const after = await view(license.id);
    expect([after.activeActivations, after.activations.map((activation) => [activation.status, activation.deactivationReason])]).toEqual([
      0,
      [
        ['deactivated', 'reset'],
        ['deactivated', 'reset'],
      ],
    ]);
    expect(await auditOf(license.id, 'device-license.reset')).toMatchObject([
      { actor: 'admin:test-admin', after: { freed: [{ channel: 'online' }, { channel: 'online' }] } },
    ]);
    await refusedWritingNothing(
      [() => vendor('POST', `/v1/device-licenses/${license.id}/reset`), () => vendor('POST', `/v1/device-licenses/${UNKNOWN}/reset`)],
      [
        [409, 'ACTIVATION_ALREADY_FREED'],
        [404, 'NOT_FOUND'],
      ],
    );
  });

  it('suspends a license: activations and refreshes are refused, validation and check-in say suspended; resume restores', async () => {
    const license = await createLicense(context().request, { policyId: 'online-only' });
    const device = testDevice('suspended');
    const { activationId, file } = await activated(license, device);
    const suspended = await vendor('POST', `/v1/device-licenses/${license.id}/suspend`, { reason: 'invoice 42 unpaid' });
    expect([suspended.statusCode, suspended.json()]).toMatchObject([
      200,
      { suspension: { by: 'admin:test-admin', reason: 'invoice 42 unpaid' }, activeActivations: 1 },
    ]);
    // The customer sees that the vendor suspended it, not which of the vendor's staff did.
    const asCustomer = await context().request({ method: 'GET', url: '/v1/customers/acme/device-licenses' });
    expect(asCustomer.json<{ id: string; suspension: unknown }[]>().find((view) => view.id === license.id)?.suspension).toMatchObject({
      by: 'vendor',
      reason: 'invoice 42 unpaid',
    });
    expect((await validate(device, keyOf(license))).json()).toMatchObject({ activationId, licenseId: license.id, status: 'suspended', revision: 1 });
    const report = await usageReport(context().authority, device, file, { sequence: 1, activationId, consumption: [{ meter: 'renders', amount: 3 }] }, at());
    expect((await post('/v1/devices/check-in', { report })).json()).toMatchObject({ counted: true, status: 'suspended' });

    const newcomer = testDevice('suspended-newcomer');
    await refusedWritingNothing(
      [
        async () => post('/v1/devices/activate', { request: await requestFor(newcomer, keyOf(license)) }),
        async () => post('/v1/portal/activations', { request: await requestFor(newcomer, keyOf(license)) }),
        async () => post('/v1/devices/activate', { request: await requestFor(device, keyOf(license)) }),
        async () => post('/v1/portal/refreshes', { request: await requestFor(device, keyOf(license)) }),
        () => vendor('POST', `/v1/device-licenses/${license.id}/activations/${activationId}/refresh-file`),
        () => vendor('POST', `/v1/device-licenses/${license.id}/suspend`, {}),
        () => vendor('POST', `/v1/device-licenses/${UNKNOWN}/suspend`, {}),
      ],
      [
        [422, 'LICENSE_SUSPENDED'],
        [422, 'LICENSE_SUSPENDED'],
        [422, 'LICENSE_SUSPENDED'],
        [422, 'LICENSE_SUSPENDED'],
        [422, 'LICENSE_SUSPENDED'],
        [409, 'LICENSE_ALREADY_SUSPENDED'],
        [404, 'NOT_FOUND'],
      ],
    );

    const resumed = await vendor('POST', `/v1/device-licenses/${license.id}/resume`);
    expect([resumed.statusCode, resumed.json()]).toMatchObject([200, { suspension: null }]);
    expect((await validate(device, keyOf(license))).json()).toMatchObject({ status: 'active' });
    await activated(license, newcomer);
    expect((await auditOf(license.id, 'device-license.suspend')).map((event) => event.after)).toEqual([{ reason: 'invoice 42 unpaid' }]);
    expect(await auditOf(license.id, 'device-license.resume')).toMatchObject([
      { actor: 'admin:test-admin', before: { suspendedBy: 'admin:test-admin', reason: 'invoice 42 unpaid' } },
    ]);
    await refusedWritingNothing([() => vendor('POST', `/v1/device-licenses/${license.id}/resume`)], [[409, 'LICENSE_NOT_SUSPENDED']]);
  });

  it('blocks a device: its slot is freed, validation says blocked, its activation is refused until it is unblocked', async () => {
    const license = await createLicense(context().request, {});
    const device = testDevice('blocked');
    const { activationId } = await activated(license, device);
    const blocked = await vendor('POST', `/v1/device-licenses/${license.id}/blocked-devices`, { fingerprint: device.fingerprint, reason: 'stolen laptop' });
    expect([blocked.statusCode, blocked.json()]).toMatchObject([
      201,
      { fingerprint: device.fingerprint, reason: 'stolen laptop', blockedBy: 'admin:test-admin', freed: 1 },
    ]);
    expect((await validate(device, keyOf(license))).json()).toMatchObject({ activationId, status: 'blocked' });
    expect(await view(license.id)).toMatchObject({
      activeActivations: 0,
      activations: [{ id: activationId, deactivationReason: 'blocked', deactivationSource: 'vendor' }],
      blockedDevices: [{ fingerprint: device.fingerprint, reason: 'stolen laptop', blockedBy: 'admin:test-admin' }],
    });
    await refusedWritingNothing(
      [
        async () => post('/v1/devices/activate', { request: await requestFor(device, keyOf(license)) }),
        async () =>
          post('/v1/portal/activations', { request: await requestFor({ ...testDevice('new-key'), fingerprint: device.fingerprint }, keyOf(license)) }),
        () => vendor('POST', `/v1/device-licenses/${license.id}/blocked-devices`, { fingerprint: device.fingerprint }),
        () => vendor('POST', `/v1/device-licenses/${UNKNOWN}/blocked-devices`, { fingerprint: device.fingerprint }),
        () => vendor('DELETE', `/v1/device-licenses/${license.id}/blocked-devices/never-blocked`),
      ],
      [
        [422, 'DEVICE_BLOCKED'],
        [422, 'DEVICE_BLOCKED'],
        [409, 'DEVICE_ALREADY_BLOCKED'],
        [404, 'NOT_FOUND'],
        [404, 'NOT_FOUND'],
      ],
    );

    expect((await vendor('DELETE', `/v1/device-licenses/${license.id}/blocked-devices/${device.fingerprint}`)).statusCode).toBe(204);
    expect((await view(license.id)).blockedDevices).toEqual([]);
    expect((await validate(device, keyOf(license))).json()).toMatchObject({ status: 'deactivated' });
    await activated(license, device);
    expect(await auditOf(license.id, 'device.block')).toMatchObject([
      { after: { fingerprint: device.fingerprint, reason: 'stolen laptop', freed: [{ activationId }] } },
    ]);
    expect(await auditOf(license.id, 'device.unblock')).toMatchObject([{ before: { fingerprint: device.fingerprint, reason: 'stolen laptop' } }]);
    await refusedWritingNothing([() => vendor('DELETE', `/v1/device-licenses/${license.id}/blocked-devices/${device.fingerprint}`)], [[404, 'NOT_FOUND']]);
  });

  it("removes a license user, freeing the slots the user took, and sets a user's password", async () => {
    const users = [
      { username: 'ada', password: 'correct horse battery' },
      { username: 'bob', password: 'staple battery horse' },
    ];
    const license = await createLicense(context().request, { policyId: 'online-only', credential: 'user', users });
    const { users: listed } = await view(license.id);
    const ada = listed.find((user) => user.username === 'ada')!;
    const bob = listed.find((user) => user.username === 'bob')!;
    const { activationId } = await activated(license, testDevice('ada-pc'), 'online', users[0]);
    await activated(license, testDevice('bob-pc'), 'online', users[1]);

    const removed = await vendor('DELETE', `/v1/device-licenses/${license.id}/users/${ada.id}`);
    expect([removed.statusCode, removed.json()]).toEqual([200, { userId: ada.id, username: 'ada', freed: 1 }]);
    expect(await view(license.id)).toMatchObject({ users: [{ username: 'bob' }], activeActivations: 1 });
    expect((await view(license.id)).activations.find((activation) => activation.id === activationId)).toMatchObject({
      status: 'deactivated',
      deactivationReason: 'user-removed',
      activatedBy: `license-user:${ada.id}`,
    });
    const login = await post('/v1/devices/activate', {
      request: await requestFor(testDevice('ada-new'), { method: 'user', username: 'ada' }),
      password: 'correct horse battery',
    });
    expect([login.statusCode, login.json<{ code: string }>().code]).toEqual([401, 'INVALID_CREDENTIALS']);

    expect((await vendor('POST', `/v1/device-licenses/${license.id}/users/${bob.id}/password`, { password: 'a brand new password' })).statusCode).toBe(204);
    const bobCredential = { method: 'user' as const, username: 'bob' };
    const old = await post('/v1/devices/activate', { request: await requestFor(testDevice('bob-2'), bobCredential), password: 'staple battery horse' });
    expect([old.statusCode, old.json<{ code: string }>().code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const fresh = await post('/v1/devices/activate', { request: await requestFor(testDevice('bob-2'), bobCredential), password: 'a brand new password' });
    expect(fresh.statusCode).toBe(201);
    expect((await auditOf(license.id, 'device-license.user-remove')).map((event) => event.before)).toEqual([{ userId: ada.id, username: 'ada' }]);
    const passwordAudit = await auditOf(license.id, 'device-license.user-password');
    expect(passwordAudit).toEqual([{ actor: 'admin:test-admin', before: null, after: { userId: bob.id, username: 'bob' } }]);

    const keyBased = await createLicense(context().request, {});
    await refusedWritingNothing(
      [
        () => vendor('DELETE', `/v1/device-licenses/${license.id}/users/${ada.id}`),
        () => vendor('DELETE', `/v1/device-licenses/${keyBased.id}/users/${bob.id}`),
        () => vendor('POST', `/v1/device-licenses/${license.id}/users/${ada.id}/password`, { password: 'a brand new password' }),
        () => vendor('POST', `/v1/device-licenses/${license.id}/users/${bob.id}/password`, { password: 'short' }),
      ],
      [
        [404, 'NOT_FOUND'],
        [404, 'NOT_FOUND'],
        [404, 'NOT_FOUND'],
        [400, 'REQUEST_INVALID'],
      ],
    );
  });
});
