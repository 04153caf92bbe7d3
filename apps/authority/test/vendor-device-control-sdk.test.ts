import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Airlock, isAirlockError, type OnlineCredential } from '@airlock/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PRODUCT, seedDeviceCatalogue } from '../src/features/devices/testing/device-fixtures.ts';
import { describeEachStore } from './harness.ts';

/**
 * The vendor's control over devices, end to end: devices running the SDK against a real
 * authority (listening on a loopback port), the vendor acting through the admin API, and each
 * device learning what the vendor did at its next refresh or check-in.
 */
describeEachStore('the vendor stops, frees and blocks devices that run the SDK', (context) => {
  let directory: string;
  let authorityUrl: string;
  let shipped: { rootKey: string; authorityEncryptionKey: string };
  let devices = 0;

  beforeAll(async () => {
    const { app, request, deps, database, clock } = context();
    directory = await mkdtemp(join(tmpdir(), 'vendor-control-'));
    authorityUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    shipped = { rootKey: (await request({ method: 'GET', url: '/v1/keys/root' })).body, authorityEncryptionKey: await deps.keys.encryptionCertificate() };
    await seedDeviceCatalogue(database.db, clock.now());
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  /** A device running the SDK: its own store and fingerprint, the authority's clock. */
  function device(name: string, fingerprint = `${name}-${++devices}`): Promise<Airlock> {
    return Airlock.open({
      product: PRODUCT,
      ...shipped,
      storePath: join(directory, fingerprint, 'license'),
      fingerprint,
      authorityUrl,
      now: () => context().clock.now(),
    });
  }

  async function vendor(method: 'POST' | 'DELETE', url: string, payload?: object): Promise<Record<string, unknown>> {
    const response = await context().request({ method, url, ...(payload ? { payload } : {}) });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.statusCode === 204 ? {} : response.json();
  }

  async function createLicense(body: object): Promise<{ id: string; licenseKey: string; users: { id: string; username: string }[] }> {
    return (await vendor('POST', '/v1/device-licenses', {
      productId: PRODUCT,
      customerId: 'acme',
      credential: 'license-key',
      expiresAt: '2027-11-23T00:00:00.000Z',
      entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 100 }] },
      ...body,
    })) as never;
  }

  const activationsOf = async (licenseId: string) =>
    (await context().request({ method: 'GET', url: `/v1/device-licenses/${licenseId}` })).json<{ activations: { id: string; status: string }[] }>().activations;

  async function refusedWith(promise: Promise<unknown>, code: string): Promise<void> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isAirlockError(error) ? error.code : error).toBe(code);
  }

  it('suspends and resumes: the device answers LICENSE_SUSPENDED after its refresh, and works again after the resume', async () => {
    const license = await createLicense({});
    const airlock = await device('suspended');
    await airlock.activate({ licenseKey: license.licenseKey });
    expect(airlock.check().ok).toBe(true);

    await vendor('POST', `/v1/device-licenses/${license.id}/suspend`, { reason: 'invoice unpaid' });
    expect(airlock.check().ok).toBe(true);
    expect(await airlock.refresh()).toMatchObject({ status: 'suspended', applied: false, license: { licenseId: license.id } });
    expect(airlock.check()).toMatchObject({ ok: false, code: 'LICENSE_SUSPENDED' });
    expect(airlock.hasFeature('export')).toBe(false);
    await refusedWith(airlock.consume('renders', 1), 'LICENSE_SUSPENDED');
    // Saved: a restarted application still answers it, with no network.
    const reopened = await device('suspended', airlock.fingerprint);
    expect(reopened.check()).toMatchObject({ code: 'LICENSE_SUSPENDED' });
    expect(await reopened.checkIn()).toMatchObject({ status: 'suspended' });

    await vendor('POST', `/v1/device-licenses/${license.id}/resume`);
    expect(await reopened.refresh()).toMatchObject({ status: 'active' });
    expect(reopened.check()).toMatchObject({ ok: true });
    expect((await reopened.consume('renders', 2)).used).toBe(2);
    expect(await reopened.checkIn()).toEqual({ reported: [{ meter: 'renders', amount: 2 }], status: 'active' });
  });

  it("frees a device's slot: the device learns it at its refresh, and a second device takes the slot", async () => {
    const license = await createLicense({});
    const first = await device('freed');
    await first.activate({ licenseKey: license.licenseKey });
    const second = await device('successor');
    await refusedWith(second.activate({ licenseKey: license.licenseKey }), 'ACTIVATIONS_EXHAUSTED');

    const [activation] = await activationsOf(license.id);
    await vendor('POST', `/v1/device-licenses/${license.id}/activations/${activation!.id}/deactivate`);
    await second.activate({ licenseKey: license.licenseKey });
    expect(second.check().ok).toBe(true);
    // The first device runs on until it talks to the authority.
    expect(first.check().ok).toBe(true);
    expect(await first.refresh()).toMatchObject({ status: 'deactivated', license: null });
    expect(first.check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
  });

  it('learns a freed slot at check-in too, its report counted', async () => {
    const license = await createLicense({});
    const airlock = await device('checked-in');
    await airlock.activate({ licenseKey: license.licenseKey });
    await airlock.consume('renders', 4);
    await vendor('POST', `/v1/device-licenses/${license.id}/reset`);
    expect(await airlock.checkIn()).toEqual({ reported: [{ meter: 'renders', amount: 4 }], status: 'deactivated' });
    expect(airlock.check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
    expect((await context().request({ method: 'GET', url: `/v1/device-licenses/${license.id}` })).json()).toMatchObject({
      usage: [{ meter: 'renders', total: 4 }],
    });
  });

  it('counts the deactivation file of an offline device whose slot the vendor freed, and releases what it held', async () => {
    const license = await createLicense({});
    const airlock = await device('offline-freed');
    const upload = await context().request({
      method: 'POST',
      url: '/v1/portal/activations',
      payload: { request: await airlock.createActivationRequest({ licenseKey: license.licenseKey }) },
    });
    expect(upload.statusCode, upload.body).toBe(201);
    await airlock.installLicenseFile(upload.json<{ text: string }>().text);
    await airlock.consume('renders', 3);
    const [activation] = await activationsOf(license.id);
    const freed = await vendor('POST', `/v1/device-licenses/${license.id}/activations/${activation!.id}/deactivate`);
    expect(freed).toMatchObject({ deviceMayStillRun: true });
    const before = (await context().request({ method: 'GET', url: `/v1/device-licenses/${license.id}` })).json<{
      meters: { counted: number; reserved: number }[];
    }>();
    expect(before.meters[0]).toMatchObject({ counted: 0, reserved: 100 });

    // The device never heard; when it gives the license up, its file still brings its consumption back.
    const { text } = await airlock.deactivate();
    const answer = await context().request({ method: 'POST', url: '/v1/portal/deactivations', payload: { file: text } });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ activationId: activation!.id, consumption: [{ meter: 'renders', amount: 3 }] });
    const after = (await context().request({ method: 'GET', url: `/v1/device-licenses/${license.id}` })).json<{
      meters: { counted: number; reserved: number }[];
      activations: { id: string; deactivationSource: string; deviceMayStillRun: boolean }[];
    }>();
    expect(after.meters[0]).toMatchObject({ counted: 3, reserved: 0 });
    expect(after.activations.find((a) => a.id === activation!.id)).toMatchObject({ deactivationSource: 'vendor', deviceMayStillRun: false });
    // Counted once: the same file again, and a second file of the same slot, are refused.
    const again = await context().request({ method: 'POST', url: '/v1/portal/deactivations', payload: { file: text } });
    expect(again.json()).toMatchObject({ code: 'DOCUMENT_REPLAYED' });
  });

  it('blocks a device: DEVICE_BLOCKED at its refresh and at its next activation, until it is unblocked', async () => {
    const license = await createLicense({});
    const airlock = await device('blocked');
    await airlock.activate({ licenseKey: license.licenseKey });
    await vendor('POST', `/v1/device-licenses/${license.id}/blocked-devices`, { fingerprint: airlock.fingerprint, reason: 'stolen' });
    expect(await airlock.refresh()).toMatchObject({ status: 'blocked', license: null });
    expect(airlock.check()).toMatchObject({ code: 'DEVICE_BLOCKED' });
    expect((await device('blocked', airlock.fingerprint)).check()).toMatchObject({ code: 'DEVICE_BLOCKED' });
    await refusedWith(airlock.activate({ licenseKey: license.licenseKey }), 'DEVICE_BLOCKED');
    expect(airlock.check()).toMatchObject({ code: 'DEVICE_BLOCKED' });

    await vendor('DELETE', `/v1/device-licenses/${license.id}/blocked-devices/${airlock.fingerprint}`);
    await airlock.activate({ licenseKey: license.licenseKey });
    expect(airlock.check()).toMatchObject({ ok: true });
  });

  it("removes a user, whose device is freed and whose sign-in is refused, and sets another user's password", async () => {
    const license = await createLicense({
      policyId: 'online-only',
      credential: 'user',
      users: [
        { username: 'ada@acme.test', password: 'correct horse battery' },
        { username: 'bob@acme.test', password: 'staple battery horse' },
      ],
    });
    const ada = license.users.find((user) => user.username === 'ada@acme.test')!;
    const bob = license.users.find((user) => user.username === 'bob@acme.test')!;
    const adas = await device('ada');
    await adas.activate({ username: 'ada@acme.test', password: 'correct horse battery' });
    await vendor('DELETE', `/v1/device-licenses/${license.id}/users/${ada.id}`);
    expect(await adas.refresh()).toMatchObject({ status: 'deactivated' });
    expect(adas.check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
    await refusedWith(adas.activate({ username: 'ada@acme.test', password: 'correct horse battery' }), 'INVALID_CREDENTIALS');

    await vendor('POST', `/v1/device-licenses/${license.id}/users/${bob.id}/password`, { password: 'a brand new password' });
    const bobs = await device('bob');
    const old: OnlineCredential = { username: 'bob@acme.test', password: 'staple battery horse' };
    await refusedWith(bobs.activate(old), 'INVALID_CREDENTIALS');
    await bobs.activate({ username: 'bob@acme.test', password: 'a brand new password' });
    expect(bobs.check()).toMatchObject({ ok: true });
  });

  it('audits every action of the vendor', async () => {
    const actions = await context().database.db.selectFrom('audit_events').select('action').distinct().where('actor', '=', 'admin:test-admin').execute();
    expect(actions.map((event) => event.action).sort()).toEqual(
      expect.arrayContaining([
        'device-license.reset',
        'device-license.resume',
        'device-license.suspend',
        'device-license.user-password',
        'device-license.user-remove',
        'device.block',
        'device.unblock',
        'device.vendor-deactivate',
      ]),
    );
  });
});
