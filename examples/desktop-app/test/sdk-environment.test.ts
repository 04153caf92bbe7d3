import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Airlock, type AirlockOptions, type EnvironmentSource } from '@airlock/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../apps/authority/test/harness.ts';

/**
 * @airlock/sdk against a real authority (in-process, on a loopback port) whose policy forbids
 * virtual machines: the device reads where it runs from a fixture tree, and the authority
 * refuses or activates it on both channels, recording what it said.
 */
describeEachStore('the SDK’s environment at a real authority', (context) => {
  let directory: string;
  let shipped: Pick<AirlockOptions, 'rootKey' | 'authorityEncryptionKey' | 'authorityUrl'>;
  let devices = 0;

  /** A Linux root holding only the given files. */
  async function machine(files: Record<string, string>): Promise<EnvironmentSource> {
    const root = join(directory, `root-${devices}`);
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    await mkdir(root, { recursive: true });
    return { platform: 'linux', root, env: {} };
  }
  const qemu = () => machine({ 'sys/class/dmi/id/sys_vendor': 'QEMU\n', 'proc/cpuinfo': 'flags\t\t: fpu sse2 hypervisor\n' });
  const workstation = () =>
    machine({ 'sys/class/dmi/id/sys_vendor': 'Dell Inc.\n', 'proc/cpuinfo': 'flags\t\t: fpu sse2\n', 'proc/1/cgroup': '0::/init.scope\n' });

  async function device(environment: EnvironmentSource): Promise<Airlock> {
    devices += 1;
    return Airlock.open({
      product: 'studio',
      ...shipped,
      storePath: join(directory, `device-${devices}`, 'license'),
      fingerprint: `device-${devices}`,
      environment,
      now: () => context().clock.now(),
    });
  }

  async function createLicense(): Promise<{ id: string; licenseKey: string }> {
    const response = await context().request({
      method: 'POST',
      url: '/v1/device-licenses',
      payload: { productId: 'studio', customerId: 'acme', credential: 'license-key', overrides: { maxActivations: 5 }, expiresAt: '2027-11-23T00:00:00.000Z' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }
  const portal = (request: string) => context().request({ method: 'POST', url: '/v1/portal/activations', payload: { request } });

  beforeAll(async () => {
    const { app, request, deps } = context();
    directory = await mkdtemp(join(tmpdir(), 'sdk-environment-'));
    shipped = {
      rootKey: (await request({ method: 'GET', url: '/v1/keys/root' })).body,
      authorityEncryptionKey: await deps.keys.encryptionCertificate(),
      authorityUrl: await app.listen({ host: '127.0.0.1', port: 0 }),
    };
    for (const [url, payload] of [
      ['/v1/products', { id: 'studio', name: 'Studio' }],
      [
        '/v1/policies',
        { id: 'physical-only', name: 'Physical machines only', kind: 'term', allowOffline: true, maxActivations: 5, allowVirtualMachines: false },
      ],
      ['/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn: '2028-12-31', policyId: 'physical-only' }],
    ] as const) {
      const response = await request({ method: 'POST', url, payload });
      expect(response.statusCode, response.body).toBe(201);
    }
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('refuses a device in a virtual machine online and on the portal, and activates a workstation, recording where each runs', async () => {
    const license = await createLicense();
    const virtual = await device(await qemu());
    expect(virtual.environment).toEqual({ virtualMachine: true, container: false, signals: ['dmi:sys_vendor=QEMU', 'cpuinfo:hypervisor'] });
    await expect(virtual.activate({ licenseKey: license.licenseKey })).rejects.toMatchObject({
      code: 'VIRTUAL_MACHINE_NOT_ALLOWED',
      detail: { virtualMachine: true, container: false },
    });
    const offline = await portal(await virtual.createActivationRequest({ licenseKey: license.licenseKey }));
    expect([offline.statusCode, offline.json<{ code: string }>().code]).toEqual([422, 'VIRTUAL_MACHINE_NOT_ALLOWED']);
    expect(virtual.check()).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });

    const online = await device(await workstation());
    expect((await online.activate({ licenseKey: license.licenseKey.toLowerCase() })).licenseId).toBe(license.id);
    const byFile = await device(await workstation());
    const answer = await portal(await byFile.createActivationRequest({ licenseKey: license.licenseKey }));
    expect(answer.statusCode, answer.body).toBe(201);
    await byFile.installLicenseFile(answer.json<{ text: string }>().text);
    expect([online.check().ok, byFile.check().ok]).toEqual([true, true]);

    const view = (await context().request({ method: 'GET', url: `/v1/device-licenses/${license.id}` })).json<{
      activations: { channel: string; environment: unknown }[];
    }>();
    expect(view.activations.map((activation) => [activation.channel, activation.environment]).sort()).toEqual([
      ['offline', { virtualMachine: false, container: false }],
      ['online', { virtualMachine: false, container: false }],
    ]);
  });

  it('refuses a mistyped key on the device, before anything reaches the authority', async () => {
    const license = await createLicense();
    // One character mistyped: the check character catches every such slip.
    const typo = `${license.licenseKey.startsWith('0') ? '1' : '0'}${license.licenseKey.slice(1)}`;
    const before = (await context().request({ method: 'GET', url: '/v1/audit' })).json<unknown[]>().length;
    const airlock = await device(await workstation());
    await expect(airlock.activate({ licenseKey: typo })).rejects.toMatchObject({ code: 'LICENSE_KEY_MALFORMED' });
    await expect(airlock.createActivationRequest({ licenseKey: typo })).rejects.toMatchObject({ code: 'LICENSE_KEY_MALFORMED' });
    expect((await context().request({ method: 'GET', url: '/v1/audit' })).json<unknown[]>().length).toBe(before);
  });
});
