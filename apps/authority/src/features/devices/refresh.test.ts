import { isNewerDeviceRefresh, refreshAppliesTo, type DeviceCredential, type DeviceLicenseFile } from '@airlock/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import {
  activationRequest,
  countDeviceWrites,
  createLicense,
  deactivationFile,
  nextAddress,
  openOnDevice,
  openRefreshOnDevice,
  seedDeviceCatalogue,
  testDevice,
  type CreatedLicense,
  type RequestOptions,
  type TestDevice,
} from './testing/device-fixtures.ts';

const keyOf = (license: CreatedLicense): DeviceCredential => ({ method: 'license-key', licenseKey: license.licenseKey! });

describeEachStore('refreshing an activated device after the vendor edits its license', (context) => {
  const post = (url: string, payload?: object) => context().request({ method: 'POST', url, ...(payload ? { payload } : {}), remoteAddress: nextAddress() });
  const edit = (id: string, payload: object) => context().request({ method: 'PATCH', url: `/v1/device-licenses/${id}`, payload });
  const at = () => ({ now: context().clock.now(), random: context().deps.random });
  const requestFor = (device: TestDevice, license: CreatedLicense, options?: RequestOptions) =>
    activationRequest(context().authority, device, keyOf(license), at(), options);
  const vendorRefresh = (licenseId: string, activationId: string) => post(`/v1/device-licenses/${licenseId}/activations/${activationId}/refresh-file`);

  async function activated(license: CreatedLicense, device: TestDevice): Promise<{ activationId: string; file: DeviceLicenseFile }> {
    const response = await post('/v1/portal/activations', { request: await requestFor(device, license) });
    expect(response.statusCode).toBe(201);
    const { activationId, text } = response.json<{ activationId: string; text: string }>();
    return { activationId, file: await openOnDevice(context().authority, device, text, at().now) };
  }

  beforeAll(async () => {
    const { database, clock } = context();
    await seedDeviceCatalogue(database.db, clock.now());
  });

  it('gives the vendor a refresh file of the newer revision, which the device applies over its license file', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, { entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 10 }] } });
    const device = testDevice('refreshed');
    const { activationId, file } = await activated(license, device);
    await edit(license.id, {
      entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 500 }] },
      metadata: [{ name: 'tier', value: 'gold' }],
    });
    const response = await vendorRefresh(license.id, activationId);
    expect(response.statusCode).toBe(201);
    const answer = response.json<{ text: string; revision: number; refreshes: string; activationId: string }>();
    expect(answer).toMatchObject({ revision: 2, refreshes: file.jti, activationId, licenseId: license.id });
    const refresh = await openRefreshOnDevice(authority, device, answer.text, at().now);
    expect(refresh).toMatchObject({
      refreshes: file.jti,
      licenseId: license.id,
      revision: 2,
      entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 500 }] },
      metadata: [{ name: 'tier', value: 'gold' }],
    });
    expect([refreshAppliesTo(file, refresh), isNewerDeviceRefresh(file.revision, refresh)]).toEqual([true, true]);
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'after'])
      .where('object_id', '=', license.id)
      .where('action', '=', 'device.refresh-file')
      .execute();
    expect(audit).toMatchObject([{ actor: 'admin:test-admin', after: { activationId, refreshes: file.jti, revision: 2 } }]);
  });

  it("refuses a refresh when the license was not edited since the device's file, and for a device no longer active", async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('up-to-date');
    const { activationId, file } = await activated(license, device);
    const before = await countDeviceWrites(database.db);
    const current = await vendorRefresh(license.id, activationId);
    expect([current.statusCode, current.json()]).toMatchObject([422, { code: 'LICENSE_UP_TO_DATE', errors: { revision: 1, deviceRevision: 1 } }]);
    expect(await countDeviceWrites(database.db)).toEqual(before);
    await edit(license.id, { metadata: [{ name: 'a', value: 'b' }] });
    expect((await post('/v1/portal/deactivations', { file: await deactivationFile(authority, device, file, {}, at()) })).statusCode).toBe(200);
    const gone = await vendorRefresh(license.id, activationId);
    expect([gone.statusCode, gone.json<{ code: string }>().code]).toEqual([422, 'DEVICE_NOT_ACTIVE']);
    expect((await vendorRefresh(license.id, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('follows the offline rules for refresh files: no subscription, nothing the license forbids offline', async () => {
    const subscription = await createLicense(context().request, { policyId: 'subscription', expiresAt: null });
    const device = testDevice('subscribed');
    const online = await post('/v1/devices/activate', { request: await requestFor(device, subscription) });
    expect(online.statusCode).toBe(201);
    await edit(subscription.id, { metadata: [{ name: 'plan', value: 'pro' }] });
    const refused = await vendorRefresh(subscription.id, online.json<{ activationId: string }>().activationId);
    expect([refused.statusCode, refused.json()]).toMatchObject([422, { code: 'SUBSCRIPTION_NOT_OFFLINE', errors: { exchange: 'refresh' } }]);

    const forbidding = await createLicense(context().request, {});
    const { activationId } = await activated(forbidding, testDevice('soon-forbidden'));
    await edit(forbidding.id, { overrides: { allowOffline: false } });
    const forbidden = await vendorRefresh(forbidding.id, activationId);
    expect([forbidden.statusCode, forbidden.json()]).toMatchObject([422, { code: 'OFFLINE_NOT_ALLOWED', errors: { setBy: 'license' } }]);
  });

  it('lets an activated device fetch its refresh on the portal with a new request, signed by the same key', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('self-service');
    const { activationId, file } = await activated(license, device);
    const early = await post('/v1/portal/refreshes', { request: await requestFor(device, license) });
    expect([early.statusCode, early.json<{ code: string }>().code]).toEqual([422, 'LICENSE_UP_TO_DATE']);
    await edit(license.id, { entitlements: { features: ['batch'], meters: [] } });
    const response = await post('/v1/portal/refreshes', { request: await requestFor(device, license) });
    expect(response.statusCode).toBe(200);
    const answer = response.json<{ text: string; revision: number }>();
    expect(answer).toMatchObject({ revision: 2, activationId, licenseId: license.id, refreshes: file.jti });
    expect(await openRefreshOnDevice(authority, device, answer.text, at().now)).toMatchObject({
      refreshes: file.jti,
      revision: 2,
      entitlements: { features: ['batch'] },
    });

    const before = await countDeviceWrites(database.db);
    const applied = await post('/v1/portal/refreshes', { request: await requestFor(device, license, { currentRevision: 2 }) });
    expect([applied.statusCode, applied.json()]).toMatchObject([422, { code: 'LICENSE_UP_TO_DATE', errors: { revision: 2, deviceRevision: 2 } }]);
    const stranger = { ...testDevice('stranger'), fingerprint: device.fingerprint };
    const notActive = await post('/v1/portal/refreshes', { request: await requestFor(stranger, license) });
    expect([notActive.statusCode, notActive.json<{ code: string }>().code]).toEqual([422, 'DEVICE_NOT_ACTIVE']);
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });

  it('re-activating after an edit gives a license file of the new revision, which later refreshes amend', async () => {
    const { authority } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('reactivated-after-edit');
    const first = await activated(license, device);
    await edit(license.id, { metadata: [{ name: 'n', value: '2' }] });
    const second = await activated(license, device);
    expect([second.activationId, second.file.revision]).toEqual([first.activationId, 2]);
    await edit(license.id, { metadata: [{ name: 'n', value: '3' }] });
    const refresh = await vendorRefresh(license.id, first.activationId);
    expect(await openRefreshOnDevice(authority, device, refresh.json<{ text: string }>().text, at().now)).toMatchObject({
      refreshes: second.file.jti,
      revision: 3,
    });
  });
});
