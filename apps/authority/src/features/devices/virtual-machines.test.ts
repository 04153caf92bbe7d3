import type { DeviceCredential } from '@airlock/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import {
  activationRequest,
  countDeviceWrites,
  createLicense,
  nextAddress,
  seedDeviceCatalogue,
  testDevice,
  type CreatedLicense,
  type RequestOptions,
} from './testing/device-fixtures.ts';

const keyOf = (license: CreatedLicense): DeviceCredential => ({ method: 'license-key', licenseKey: license.licenseKey! });
const VM = { virtualMachine: true, container: false };
const CONTAINER = { virtualMachine: false, container: true };
const PLAIN = { virtualMachine: false, container: false };
const CHANNELS = { offline: '/v1/portal/activations', online: '/v1/devices/activate' } as const;

describeEachStore('activating a device where virtual machines are not allowed', (context) => {
  let seed = 0;
  const post = (url: string, payload: object) => context().request({ method: 'POST', url, payload, remoteAddress: nextAddress() });
  const activate = async (channel: keyof typeof CHANNELS, license: CreatedLicense, options: RequestOptions) => {
    seed += 1;
    const { authority, clock, deps } = context();
    const request = await activationRequest(authority, testDevice(`vm-${seed}`), keyOf(license), { now: clock.now(), random: deps.random }, options);
    return post(CHANNELS[channel], { request });
  };
  const answer = (response: { statusCode: number; json: <T>() => T }) => [response.statusCode, response.json<{ code?: string; errors?: unknown }>()];
  /** The license's activations, by channel (those of one instant come in no set order). */
  const activations = async (id: string) =>
    (await context().request({ method: 'GET', url: `/v1/device-licenses/${id}` }))
      .json<{ activations: { channel: string; environment: unknown }[] }>()
      .activations.sort((a, b) => a.channel.localeCompare(b.channel));

  beforeAll(async () => {
    const { database, clock, request } = context();
    await seedDeviceCatalogue(database.db, clock.now());
    const policy = await request({
      method: 'POST',
      url: '/v1/policies',
      payload: { id: 'no-vms', name: 'No virtual machines', kind: 'term', allowOffline: true, maxActivations: 5, allowVirtualMachines: false },
    });
    expect(policy.statusCode, policy.body).toBe(201);
  });

  it.each(['offline', 'online'] as const)('refuses a device in a virtual machine or a container, %s, writing nothing', async (channel) => {
    const license = await createLicense(context().request, { policyId: 'no-vms' });
    const before = await countDeviceWrites(context().database.db);
    expect(answer(await activate(channel, license, { environment: VM }))).toEqual([
      422,
      expect.objectContaining({ code: 'VIRTUAL_MACHINE_NOT_ALLOWED', errors: VM }),
    ]);
    expect(answer(await activate(channel, license, { environment: CONTAINER }))).toEqual([
      422,
      expect.objectContaining({ code: 'VIRTUAL_MACHINE_NOT_ALLOWED', errors: CONTAINER }),
    ]);
    expect(await countDeviceWrites(context().database.db)).toEqual(before);
    expect(await activations(license.id)).toEqual([]);
  });

  it.each(['offline', 'online'] as const)('refuses a request that does not say (an older SDK), %s', async (channel) => {
    const license = await createLicense(context().request, { policyId: 'no-vms' });
    const [status, body] = answer(await activate(channel, license, {}));
    expect([status, body]).toEqual([
      422,
      expect.objectContaining({ code: 'VIRTUAL_MACHINE_NOT_ALLOWED', errors: { reason: expect.stringMatching(/does not say/) as string } }),
    ]);
  });

  it('activates a plain machine on both channels and records where each device said it runs', async () => {
    const license = await createLicense(context().request, { policyId: 'no-vms' });
    expect((await activate('offline', license, { environment: PLAIN })).statusCode).toBe(201);
    expect((await activate('online', license, { environment: PLAIN })).statusCode).toBe(201);
    expect(await activations(license.id)).toEqual([
      expect.objectContaining({ channel: 'offline', environment: PLAIN }),
      expect.objectContaining({ channel: 'online', environment: PLAIN }),
    ]);
    const audit = await context()
      .database.db.selectFrom('audit_events')
      .select('after')
      .where('object_id', '=', license.id)
      .where('action', '=', 'device.activate')
      .execute();
    expect(audit.map((event) => (event.after as { environment: unknown }).environment)).toEqual([PLAIN, PLAIN]);
    expect(audit).toHaveLength(2);
  });

  it('lets virtual machines in where the settings allow them, recording what each device said', async () => {
    const license = await createLicense(context().request, { overrides: { maxActivations: 3 } });
    expect((await activate('online', license, { environment: VM })).statusCode).toBe(201);
    expect((await activate('offline', license, {})).statusCode).toBe(201);
    expect((await activations(license.id)).map((activation) => [activation.channel, activation.environment])).toEqual([
      ['offline', null],
      ['online', VM],
    ]);
  });

  it('follows the license’s own setting over its policy’s, both ways', async () => {
    const strict = await createLicense(context().request, { overrides: { allowVirtualMachines: false } });
    expect(answer(await activate('online', strict, { environment: VM }))[1]).toMatchObject({ code: 'VIRTUAL_MACHINE_NOT_ALLOWED' });
    const lenient = await createLicense(context().request, { policyId: 'no-vms', overrides: { allowVirtualMachines: true } });
    expect((await activate('online', lenient, { environment: VM })).statusCode).toBe(201);
  });

  it('answers the license’s terms first and the activation limit last', async () => {
    const offlineOnly = await createLicense(context().request, { policyId: 'no-vms', allowOnline: false });
    expect(answer(await activate('online', offlineOnly, { environment: VM }))[1]).toMatchObject({ code: 'ONLINE_NOT_ALLOWED' });
    const oneSlot = await createLicense(context().request, { policyId: 'no-vms', overrides: { maxActivations: 1 } });
    expect((await activate('online', oneSlot, { environment: PLAIN })).statusCode).toBe(201);
    expect(answer(await activate('online', oneSlot, { environment: VM }))[1]).toMatchObject({ code: 'VIRTUAL_MACHINE_NOT_ALLOWED' });
    expect(answer(await activate('online', oneSlot, { environment: PLAIN }))[1]).toMatchObject({ code: 'ACTIVATIONS_EXHAUSTED' });
  });
});
