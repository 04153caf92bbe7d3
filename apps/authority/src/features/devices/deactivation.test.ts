import type { DeviceCredential, DeviceLicenseFile } from '@airlock/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import {
  activationRequest,
  countDeviceWrites,
  createLicense,
  deactivationFile,
  nextAddress,
  openOnDevice,
  seedDeviceCatalogue,
  testDevice,
  type CreatedLicense,
  type TestDevice,
} from './testing/device-fixtures.ts';

const keyOf = (license: CreatedLicense): DeviceCredential => ({ method: 'license-key', licenseKey: license.licenseKey! });

describeEachStore('deactivating a device with its deactivation file', (context) => {
  const post = (url: string, payload: object) => context().request({ method: 'POST', url, payload, remoteAddress: nextAddress() });
  const licenseView = async (id: string) =>
    (await context().request({ method: 'GET', url: `/v1/device-licenses/${id}` })).json<CreatedLicense & { activations: { variables: unknown }[] }>();
  const at = () => ({ now: context().clock.now(), random: context().deps.random });

  /** Activates the device on the license over the portal and gives back the file it installed. */
  async function activated(license: CreatedLicense, device: TestDevice): Promise<{ activationId: string; file: DeviceLicenseFile }> {
    const { authority } = context();
    const response = await post('/v1/portal/activations', { request: await activationRequest(authority, device, keyOf(license), at()) });
    expect(response.statusCode).toBe(201);
    const { activationId, text } = response.json<{ activationId: string; text: string }>();
    return { activationId, file: await openOnDevice(authority, device, text, at().now) };
  }

  beforeAll(async () => {
    const { database, clock } = context();
    await seedDeviceCatalogue(database.db, clock.now());
  });

  it('frees the slot of an exhausted license, adds the consumption to its usage and keeps the device variables', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const first = testDevice('deactivating-1');
    const second = testDevice('deactivating-2');
    const { activationId, file } = await activated(license, first);
    const refused = await post('/v1/portal/activations', { request: await activationRequest(authority, second, keyOf(license), at()) });
    expect(refused.json()).toMatchObject({ code: 'ACTIVATIONS_EXHAUSTED' });

    const text = await deactivationFile(
      authority,
      first,
      file,
      {
        consumption: [
          { meter: 'renders', amount: 17 },
          { meter: 'exports', amount: 0 },
        ],
        variables: [{ name: 'last-project', value: 'turbine-7' }],
      },
      at(),
    );
    const response = await post('/v1/portal/deactivations', { file: text });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      licenseId: license.id,
      activationId,
      consumption: [
        { meter: 'renders', amount: 17 },
        { meter: 'exports', amount: 0 },
      ],
    });
    expect(await licenseView(license.id)).toMatchObject({
      activeActivations: 0,
      activations: [
        { id: activationId, status: 'deactivated', deactivatedAt: '2026-11-23T10:00:00.000Z', variables: [{ name: 'last-project', value: 'turbine-7' }] },
      ],
      usage: [{ meter: 'renders', total: 17 }],
    });
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'after'])
      .where('object_id', '=', license.id)
      .where('action', '=', 'device.deactivate')
      .execute();
    expect(audit).toMatchObject([
      {
        actor: `device:${first.signingKey.kid}`,
        after: {
          activationId,
          channel: 'offline',
          consumption: [
            { meter: 'renders', amount: 17 },
            { meter: 'exports', amount: 0 },
          ],
        },
      },
    ]);

    expect((await post('/v1/portal/activations', { request: await activationRequest(authority, second, keyOf(license), at()) })).statusCode).toBe(201);
  });

  it('refuses the same file uploaded again as DOCUMENT_REPLAYED, counting its consumption once', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('replayed');
    const { file } = await activated(license, device);
    const text = await deactivationFile(authority, device, file, { consumption: [{ meter: 'renders', amount: 5 }] }, at());
    expect((await post('/v1/portal/deactivations', { file: text })).statusCode).toBe(200);
    const before = await countDeviceWrites(database.db);
    for (const url of ['/v1/portal/deactivations', '/v1/devices/deactivate']) {
      const replay = await post(url, { file: text });
      expect([replay.statusCode, replay.json()]).toMatchObject([409, { code: 'DOCUMENT_REPLAYED' }]);
    }
    expect(await countDeviceWrites(database.db)).toEqual(before);
    expect((await licenseView(license.id)).usage).toEqual([{ meter: 'renders', total: 5 }]);
  });

  it('counts once when two uploads of one file race', async () => {
    const { authority } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('racing');
    const { file } = await activated(license, device);
    const text = await deactivationFile(authority, device, file, { consumption: [{ meter: 'renders', amount: 9 }] }, at());
    const answers = await Promise.all([
      post('/v1/portal/deactivations', { file: text }),
      post('/v1/portal/deactivations', { file: text }),
      post('/v1/devices/deactivate', { file: text }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409]);
    expect(answers.filter((answer) => answer.statusCode === 409).map((answer) => answer.json<{ code: string }>().code)).toEqual([
      'DOCUMENT_REPLAYED',
      'DOCUMENT_REPLAYED',
    ]);
    expect(await licenseView(license.id)).toMatchObject({ activeActivations: 0, usage: [{ meter: 'renders', total: 9 }] });
  });

  it('refuses a second deactivation file of a device already deactivated as DEVICE_NOT_ACTIVE', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('twice');
    const { file } = await activated(license, device);
    const [one, other] = [
      await deactivationFile(authority, device, file, { consumption: [{ meter: 'renders', amount: 1 }] }, at()),
      await deactivationFile(authority, device, file, { consumption: [{ meter: 'renders', amount: 100 }] }, at()),
    ];
    expect((await post('/v1/portal/deactivations', { file: one })).statusCode).toBe(200);
    const before = await countDeviceWrites(database.db);
    const refused = await post('/v1/portal/deactivations', { file: other });
    expect([refused.statusCode, refused.json<{ code: string }>().code]).toEqual([422, 'DEVICE_NOT_ACTIVE']);
    expect(await countDeviceWrites(database.db)).toEqual(before);
    expect((await licenseView(license.id)).usage).toEqual([{ meter: 'renders', total: 1 }]);
  });

  it('refuses a deactivation signed by another key than the device license is bound to, and writes nothing', async () => {
    const { authority, database } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('victim');
    const { file } = await activated(license, device);
    const impostor = testDevice('impostor');
    const forged = await deactivationFile(
      authority,
      device,
      file,
      { consumption: [{ meter: 'renders', amount: 1_000_000 }], signer: impostor.signingKey },
      at(),
    );
    const before = await countDeviceWrites(database.db);
    const refused = await post('/v1/portal/deactivations', { file: forged });
    expect([refused.statusCode, refused.json()]).toMatchObject([
      422,
      { code: 'SIGNATURE_INVALID', errors: { expected: device.signingKey.kid, found: impostor.signingKey.kid } },
    ]);
    expect(await countDeviceWrites(database.db)).toEqual(before);
    expect(await licenseView(license.id)).toMatchObject({ activeActivations: 1, usage: [] });
  });

  it('refuses a deactivation for a license file the authority never issued, as NOT_FOUND', async () => {
    const { authority } = context();
    const license = await createLicense(context().request, {});
    const device = testDevice('unknown-file');
    const { file } = await activated(license, device);
    const invented = { ...file, jti: '00000000-0000-4000-8000-00000000dead' };
    const refused = await post('/v1/portal/deactivations', { file: await deactivationFile(authority, device, invented, {}, at()) });
    expect([refused.statusCode, refused.json<{ code: string }>().code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses a deactivation file on the portal when the license forbids offline, and takes it online', async () => {
    const { authority } = context();
    const license = await createLicense(context().request, { policyId: 'online-only' });
    const device = testDevice('online-deactivation');
    const activation = await post('/v1/devices/activate', { request: await activationRequest(authority, device, keyOf(license), at()) });
    expect(activation.statusCode).toBe(201);
    const file = await openOnDevice(authority, device, activation.json<{ text: string }>().text, at().now);
    const text = await deactivationFile(authority, device, file, { consumption: [{ meter: 'renders', amount: 2 }] }, at());
    const refused = await post('/v1/portal/deactivations', { file: text });
    expect([refused.statusCode, refused.json()]).toMatchObject([422, { code: 'OFFLINE_NOT_ALLOWED', errors: { exchange: 'deactivation', setBy: 'policy' } }]);
    const online = await post('/v1/devices/deactivate', { file: text });
    expect([online.statusCode, online.json()]).toMatchObject([200, { licenseId: license.id, consumption: [{ meter: 'renders', amount: 2 }] }]);
  });
});
