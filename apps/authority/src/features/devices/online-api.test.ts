import { minutes, type DeviceCredential, type DeviceLicenseFile } from '@airlock/core';
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
  usageReport,
  type CreatedLicense,
  type RequestOptions,
  type TestDevice,
} from './testing/device-fixtures.ts';

/** Any check-in receipt: what it says and how the SDK takes it is tested end to end in apps/authority/test/device-check-in.test.ts. */
const aReceipt = expect.stringMatching(/^-----BEGIN AIRLOCK DEVICE CHECKIN RECEIPT-----\n/) as unknown;
const keyOf = (license: CreatedLicense): DeviceCredential => ({ method: 'license-key', licenseKey: license.licenseKey! });

describeEachStore('the device API the SDK calls online', (context) => {
  const post = (url: string, payload: object) => context().request({ method: 'POST', url, payload, remoteAddress: nextAddress() });
  const at = () => ({ now: context().clock.now(), random: context().deps.random });
  const requestFor = (device: TestDevice, credential: DeviceCredential, options?: RequestOptions) =>
    activationRequest(context().authority, device, credential, at(), options);
  const licenseView = async (id: string) => (await context().request({ method: 'GET', url: `/v1/device-licenses/${id}` })).json<CreatedLicense>();
  const edit = (id: string, payload: object) => context().request({ method: 'PATCH', url: `/v1/device-licenses/${id}`, payload });

  async function activatedOnline(license: CreatedLicense, device: TestDevice): Promise<{ activationId: string; file: DeviceLicenseFile }> {
    const response = await post('/v1/devices/activate', { request: await requestFor(device, keyOf(license)) });
    expect(response.statusCode).toBe(201);
    const { activationId, text } = response.json<{ activationId: string; text: string }>();
    return { activationId, file: await openOnDevice(context().authority, device, text, at().now) };
  }

  beforeAll(async () => {
    const { database, clock } = context();
    await seedDeviceCatalogue(database.db, clock.now());
  });

  it('activates online with the same device license file as the portal, whatever allowOffline says', async () => {
    const { authority } = context();
    const license = await createLicense(context().request, { policyId: 'online-only', entitlements: { features: ['export'], meters: [] } });
    const device = testDevice('online-1');
    const response = await post('/v1/devices/activate', { request: await requestFor(device, keyOf(license)) });
    expect(response.statusCode).toBe(201);
    const answer = response.json<{ activationId: string; licenseId: string; text: string }>();
    expect(await openOnDevice(authority, device, answer.text, at().now)).toMatchObject({
      licenseId: license.id,
      revision: 1,
      entitlements: { features: ['export'] },
      checks: { allowOffline: false },
    });
    expect(await licenseView(license.id)).toMatchObject({ activations: [{ id: answer.activationId, channel: 'online' }] });
  });

  it('activates a subscription online, which the portal refuses', async () => {
    const { authority } = context();
    const license = await createLicense(context().request, { policyId: 'subscription', expiresAt: '2026-12-23T10:00:00Z' });
    const device = testDevice('subscriber');
    expect((await post('/v1/portal/activations', { request: await requestFor(device, keyOf(license)) })).json()).toMatchObject({
      code: 'SUBSCRIPTION_NOT_OFFLINE',
    });
    const response = await post('/v1/devices/activate', { request: await requestFor(device, keyOf(license)) });
    expect(response.statusCode).toBe(201);
    expect(await openOnDevice(authority, device, response.json<{ text: string }>().text, at().now)).toMatchObject({
      licenseKind: 'subscription',
      validUntil: Date.parse('2026-12-23T10:00:00Z') / 1000,
    });
  });

  it("activates a user-based license online with the user's password only", async () => {
    await createLicense(context().request, { credential: 'user', users: [{ username: 'online-user', password: 'correct horse battery' }] });
    const request = await requestFor(testDevice('online-user-pc'), { method: 'user', username: 'online-user' });
    expect((await post('/v1/devices/activate', { request, password: 'not the password' })).json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect((await post('/v1/devices/activate', { request, password: 'correct horse battery' })).statusCode).toBe(201);
  });

  it('refuses every device route when the license forbids online use, and writes nothing', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('offline-only');
    const portal = await post('/v1/portal/activations', { request: await requestFor(device, keyOf(license)) });
    const file = await openOnDevice(authority, device, portal.json<{ text: string }>().text, at().now);
    await edit(license.id, { allowOnline: false });
    const before = await countDeviceWrites(database.db);
    const answers = await Promise.all([
      post('/v1/devices/activate', { request: await requestFor(testDevice('offline-only-2'), keyOf(license)) }),
      post('/v1/devices/validate', { request: await requestFor(device, keyOf(license)) }),
      post('/v1/devices/check-in', {
        report: await usageReport(authority, device, file, { sequence: 1, consumption: [{ meter: 'renders', amount: 1 }] }, at()),
      }),
      post('/v1/devices/deactivate', { file: await deactivationFile(authority, device, file, {}, at()) }),
    ]);
    expect(answers.map((answer) => [answer.statusCode, answer.json<{ code: string }>().code])).toEqual(Array(4).fill([422, 'ONLINE_NOT_ALLOWED']));
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });

  it('validates an active device, and gives a refresh file only when the license is newer than what the device holds', async () => {
    const { authority } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('validating');
    const { activationId, file } = await activatedOnline(license, device);
    const current = await post('/v1/devices/validate', { request: await requestFor(device, keyOf(license)) });
    expect([current.statusCode, current.json()]).toEqual([200, { activationId, licenseId: license.id, status: 'active', revision: 1, receipt: aReceipt }]);
    await edit(license.id, { entitlements: { features: ['batch'], meters: [] } });
    const newer = (await post('/v1/devices/validate', { request: await requestFor(device, keyOf(license)) })).json<{
      status: string;
      revision: number;
      text: string;
    }>();
    expect(newer).toMatchObject({ status: 'active', revision: 2 });
    expect(await openRefreshOnDevice(authority, device, newer.text, at().now)).toMatchObject({
      refreshes: file.jti,
      revision: 2,
      entitlements: { features: ['batch'] },
    });
    const applied = await post('/v1/devices/validate', { request: await requestFor(device, keyOf(license), { currentRevision: 2 }) });
    expect(applied.json()).toEqual({ activationId, licenseId: license.id, status: 'active', revision: 2, receipt: aReceipt });
  });

  it('says expired and deactivated, and refuses a device never activated', async () => {
    const { authority, clock } = context();
    const expiring = await createLicense(context().request, { expiresAt: new Date(clock.now().getTime() + minutes(2)).toISOString() });
    const device = testDevice('expiring');
    const { file } = await activatedOnline(expiring, device);
    clock.advance(minutes(2));
    try {
      const expired = await post('/v1/devices/validate', { request: await requestFor(device, keyOf(expiring)) });
      expect(expired.json()).toMatchObject({ status: 'expired', revision: 1 });
      expect('text' in expired.json<object>()).toBe(false);
      expect((await post('/v1/devices/deactivate', { file: await deactivationFile(authority, device, file, {}, at()) })).statusCode).toBe(200);
    } finally {
      clock.advance(-minutes(2));
    }
    const gone = await post('/v1/devices/validate', { request: await requestFor(device, keyOf(expiring)) });
    expect(gone.json()).toMatchObject({ status: 'deactivated', revision: 1 });
    const never = await post('/v1/devices/validate', { request: await requestFor(testDevice('never'), keyOf(expiring)) });
    expect([never.statusCode, never.json<{ code: string }>().code]).toEqual([422, 'DEVICE_NOT_ACTIVE']);
  });

  it('counts each usage report once, answers a report sent again as already counted, and refuses an older one', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('reporting');
    const { activationId, file } = await activatedOnline(license, device);
    const report = (sequence: number, amount: number) =>
      usageReport(authority, device, file, { sequence, activationId, consumption: [{ meter: 'renders', amount }] }, at());
    const first = await report(1, 4);
    expect((await post('/v1/devices/check-in', { report: first })).json()).toEqual({
      licenseId: license.id,
      activationId,
      sequence: 1,
      counted: true,
      status: 'active',
      receipt: aReceipt,
    });
    const before = await countDeviceWrites(database.db);
    expect((await post('/v1/devices/check-in', { report: first })).json()).toEqual({
      licenseId: license.id,
      activationId,
      sequence: 1,
      counted: false,
      status: 'active',
      receipt: aReceipt,
    });
    expect(await countDeviceWrites(database.db)).toEqual(before);
    expect((await post('/v1/devices/check-in', { report: await report(2, 6) })).json()).toMatchObject({ sequence: 2, counted: true });
    const stale = await post('/v1/devices/check-in', { report: await report(2, 100) });
    expect([stale.statusCode, stale.json()]).toMatchObject([409, { code: 'DOCUMENT_REPLAYED', errors: { sequence: 2, lastSequence: 2 } }]);
    expect((await licenseView(license.id)).usage).toEqual([{ meter: 'renders', total: 10 }]);

    const deactivated = await post('/v1/devices/deactivate', {
      file: await deactivationFile(authority, device, file, { consumption: [{ meter: 'renders', amount: 1 }] }, at()),
    });
    expect(deactivated.statusCode).toBe(200);
    expect((await licenseView(license.id)).usage).toEqual([{ meter: 'renders', total: 11 }]);
    const late = await post('/v1/devices/check-in', { report: await report(3, 5) });
    expect([late.statusCode, late.json<{ code: string }>().code]).toEqual([422, 'DEVICE_NOT_ACTIVE']);
  });

  it('counts the consumption of a report whose answer the device lost once, when its deactivation file carries it again', async () => {
    const { authority } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('lost-answer');
    const { activationId, file } = await activatedOnline(license, device);
    const report = (sequence: number, amount: number) =>
      usageReport(authority, device, file, { sequence, activationId, consumption: [{ meter: 'renders', amount }] }, at());
    expect((await post('/v1/devices/check-in', { report: await report(1, 3) })).json()).toMatchObject({ counted: true });
    // Report 2 is counted, but its answer never reaches the device: it still holds those 5 as unreported.
    expect((await post('/v1/devices/check-in', { report: await report(2, 5) })).json()).toMatchObject({ counted: true });
    expect((await licenseView(license.id)).usage).toEqual([{ meter: 'renders', total: 8 }]);
    // The device then records 2 more and gives up its license: 7 carried, of which report 2 counted 5.
    const deactivation = await deactivationFile(authority, device, file, { consumption: [{ meter: 'renders', amount: 7 }], reportedThrough: 1 }, at());
    const deactivated = await post('/v1/devices/deactivate', { file: deactivation });
    expect([deactivated.statusCode, deactivated.json()]).toMatchObject([200, { consumption: [{ meter: 'renders', amount: 2 }] }]);
    expect((await licenseView(license.id)).usage).toEqual([{ meter: 'renders', total: 10 }]);
  });

  it('refuses a usage report signed by another key, or naming another activation, and writes nothing', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('reported-on');
    const { file } = await activatedOnline(license, device);
    const before = await countDeviceWrites(database.db);
    const forged = await usageReport(
      authority,
      device,
      file,
      { sequence: 1, consumption: [{ meter: 'renders', amount: 9 }], signer: testDevice('forger').signingKey },
      at(),
    );
    expect((await post('/v1/devices/check-in', { report: forged })).json()).toMatchObject({ status: 422, code: 'SIGNATURE_INVALID' });
    const misnamed = await usageReport(authority, device, file, { sequence: 1, activationId: '00000000-0000-4000-8000-000000000000', consumption: [] }, at());
    expect((await post('/v1/devices/check-in', { report: misnamed })).json()).toMatchObject({
      status: 422,
      code: 'PAYLOAD_INVALID',
      errors: { path: '/activationId' },
    });
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });
});
