import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DAY } from '@airlock/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Airlock, AirlockError, type AirlockOptions, type EnvironmentSource } from '../../../packages/sdk/src/index.ts';
import { describeEachStore } from './harness.ts';

/**
 * Trials end to end: the vendor offers a trial through the admin API, and devices running the
 * SDK ask the real authority (listening on a loopback port) for it online, or carry a trial
 * request to the portal. The authority's clock and each device's clock are moved by hand.
 */
const PRODUCT = 'sketch';

describeEachStore('trials through the SDK', (context) => {
  let directory: string;
  let authorityUrl: string;
  let shipped: Pick<AirlockOptions, 'rootKey' | 'authorityEncryptionKey'>;
  let stores = 0;
  const start = () => context().clock.now();

  beforeAll(async () => {
    const { app, request, deps } = context();
    directory = await mkdtemp(join(tmpdir(), 'trials-'));
    authorityUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    shipped = { rootKey: (await request({ method: 'GET', url: '/v1/keys/root' })).body, authorityEncryptionKey: await deps.keys.encryptionCertificate() };
    await ok(request({ method: 'POST', url: '/v1/products', payload: { id: PRODUCT, name: 'Sketch' } }));
    await ok(
      request({
        method: 'POST',
        url: '/v1/policies',
        payload: { id: 'sketch-term', name: 'Sketch term', kind: 'term', allowOffline: true, maxActivations: 2 },
      }),
    );
    await ok(
      request({
        method: 'POST',
        url: '/v1/customers',
        payload: { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn: '2028-12-31', policyId: 'sketch-term' },
      }),
    );
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  const offer = (body: object) => context().request({ method: 'PUT', url: `/v1/products/${PRODUCT}/trial`, payload: body });
  const fourteenDays = { enabled: true, days: 14, features: ['export'], meters: [{ meter: 'renders', limit: 10 }], allowOffline: false };
  const trials = async () =>
    (await context().request({ method: 'GET', url: `/v1/trials?productId=${PRODUCT}` })).json<
      { fingerprint: string; licenseId: string; status: string; endsAt: string }[]
    >();
  const license = async (id: string) =>
    (await context().request({ method: 'GET', url: `/v1/device-licenses/${id}` })).json<{
      customerId: string | null;
      credential: string;
      activations: { status: string }[];
    }>();

  /** The SDK on a device with this fingerprint, in a store of its own; its clock starts at the authority's. */
  async function device(fingerprint: string) {
    stores += 1;
    let now = start();
    const airlock = await Airlock.open({
      ...shipped,
      product: PRODUCT,
      fingerprint,
      storePath: join(directory, `${fingerprint}-${stores}`, 'license'),
      authorityUrl,
      deviceName: `${fingerprint} desk`,
      now: () => now,
    });
    return { airlock, setClock: (to: Date) => (now = to) };
  }

  it('refuses a trial while the product offers none, and when its offer is disabled', async () => {
    const { airlock } = await device('no-offer');
    await expectCode(airlock.startTrial(), 'TRIAL_NOT_AVAILABLE');
    await ok(offer({ ...fourteenDays, enabled: false }));
    await expectCode(airlock.startTrial(), 'TRIAL_NOT_AVAILABLE');
    expect(airlock.check()).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });
    expect(await trials()).toEqual([]);
  });

  it("starts a trial online with the offer's features and meters, ending 14 days on, which the device enforces", async () => {
    await ok(offer(fourteenDays));
    const { airlock, setClock } = await device('laptop-1');
    const trial = await airlock.startTrial();
    expect(trial).toMatchObject({ trial: true, kind: 'temporary', product: PRODUCT, features: ['export'], meters: [{ meter: 'renders', limit: 10 }] });
    expect(trial.validUntil).toEqual(new Date(start().getTime() + 14 * DAY));
    expect(airlock.hasFeature('export')).toBe(true);
    expect(await airlock.consume('renders', 2)).toMatchObject({ used: 2 });
    const viewed = await license(trial.licenseId);
    expect(viewed).toMatchObject({ customerId: null, credential: 'trial', activations: [{ status: 'active' }] });
    expect(await airlock.refresh()).toMatchObject({ status: 'active', applied: false, license: { trial: true } });

    setClock(new Date(start().getTime() + 14 * DAY));
    expect(airlock.check()).toMatchObject({ ok: false, code: 'LICENSE_EXPIRED' });
    expect(airlock.hasFeature('export')).toBe(false);
  });

  it('gives the same fingerprint its same trial again, with the same end, to a new store with new keys; and nothing once it ended', async () => {
    const first = await (await device('laptop-2')).airlock.startTrial();
    context().clock.advance(3 * DAY);
    const again = await device('laptop-2');
    const resumed = await again.airlock.startTrial();
    expect(resumed).toMatchObject({ trial: true, licenseId: first.licenseId, validUntil: first.validUntil });
    // One activation at a time: the trial moved to the new keys.
    expect((await license(first.licenseId)).activations.map((activation) => activation.status)).toEqual(['deactivated', 'active']);

    context().clock.set(first.validUntil!);
    const afterEnd = await device('laptop-2');
    await expectCode(afterEnd.airlock.startTrial(), 'TRIAL_ALREADY_USED');
    expect((await trials()).filter((trial) => trial.fingerprint === 'laptop-2')).toEqual([
      expect.objectContaining({ licenseId: first.licenseId, status: 'ended', endsAt: first.validUntil!.toISOString() }),
    ]);
    context().clock.set(start());
  });

  it('starts a trial offline through the portal only when the offer allows it', async () => {
    const { airlock } = await device('air-gapped');
    const portal = async () =>
      context().request({ method: 'POST', url: '/v1/portal/activations', payload: { request: await airlock.createActivationRequest({ trial: true }) } });
    const refused = await portal();
    expect(refused.json()).toMatchObject({ status: 422, code: 'OFFLINE_NOT_ALLOWED' });
    expect((await trials()).some((trial) => trial.fingerprint === 'air-gapped')).toBe(false);

    await ok(offer({ ...fourteenDays, allowOffline: true }));
    const answer = await ok(portal());
    const installed = await airlock.installLicenseFile(answer.json<{ text: string }>().text);
    expect(installed).toMatchObject({ trial: true, allowOffline: true, features: ['export'] });
    expect(installed.validUntil).toEqual(new Date(start().getTime() + 14 * DAY));
    await ok(offer(fourteenDays));
  });

  it('makes one trial of two requests for the same fingerprint at once', async () => {
    const [one, two] = await Promise.all([device('twin'), device('twin')]);
    const [a, b] = await Promise.all([one.airlock.startTrial(), two.airlock.startTrial()]);
    expect(a.licenseId).toBe(b.licenseId);
    expect(a.validUntil).toEqual(b.validUntil);
    expect((await trials()).filter((trial) => trial.fingerprint === 'twin')).toHaveLength(1);
    expect((await license(a.licenseId)).activations.filter((activation) => activation.status === 'active')).toHaveLength(1);
  });

  it('moves a device from its trial to a real license with its key, ended trial or not, and never back', async () => {
    const created = await ok(
      context().request({
        method: 'POST',
        url: '/v1/device-licenses',
        payload: {
          productId: PRODUCT,
          customerId: 'acme',
          credential: 'license-key',
          expiresAt: '2027-11-23T00:00:00Z',
          entitlements: { features: ['export', 'batch'], meters: [] },
        },
      }),
    );
    const { id, licenseKey } = created.json<{ id: string; licenseKey: string }>();
    const { airlock, setClock } = await device('converted');
    const trial = await airlock.startTrial();
    const later = new Date(start().getTime() + 20 * DAY);
    setClock(later);
    context().clock.set(later);
    expect(airlock.check()).toMatchObject({ code: 'LICENSE_EXPIRED' });
    const bought = await airlock.activate({ licenseKey });
    expect(bought).toMatchObject({ licenseId: id, trial: false, kind: 'term', features: ['export', 'batch'] });
    expect(airlock.check()).toMatchObject({ ok: true });
    expect((await license(trial.licenseId)).activations).toEqual([expect.objectContaining({ status: 'deactivated' })]);
    expect((await trials()).find((row) => row.fingerprint === 'converted')).toMatchObject({
      status: 'converted',
      convertedTo: id,
      convertedAt: later.toISOString(),
    });
    // A real license is not replaced by a trial.
    await expectCode(airlock.startTrial(), 'DEVICE_ALREADY_ACTIVATED');
    context().clock.set(new Date(later.getTime() - 20 * DAY));
  });

  it("ends every trial at the offer's end date, and starts none once that date has passed", async () => {
    const endsAt = new Date(start().getTime() + 5 * DAY);
    await ok(offer({ ...fourteenDays, days: undefined, endsAt: endsAt.toISOString() }));
    expect(await (await device('fixed-end')).airlock.startTrial()).toMatchObject({ trial: true, validUntil: endsAt });
    await ok(offer({ ...fourteenDays, days: undefined, endsAt: start().toISOString() }));
    await expectCode((await device('too-late')).airlock.startTrial(), 'TRIAL_NOT_AVAILABLE');
    await ok(offer(fourteenDays));
  });

  it('refuses new trials once the offer is withdrawn, while those started keep theirs', async () => {
    const running = await (await device('before-withdrawal')).airlock.startTrial();
    const withdrawn = await context().request({ method: 'DELETE', url: `/v1/products/${PRODUCT}/trial` });
    expect(withdrawn.statusCode).toBe(204);
    await expectCode((await device('after-withdrawal')).airlock.startTrial(), 'TRIAL_NOT_AVAILABLE');
    expect(await (await device('before-withdrawal')).airlock.startTrial()).toMatchObject({ licenseId: running.licenseId, validUntil: running.validUntil });
    await ok(offer(fourteenDays));
  });

  it("keeps virtual machines out of trials when the offer's policy keeps them out of licenses", async () => {
    await ok(
      context().request({
        method: 'POST',
        url: '/v1/policies',
        payload: { id: 'sketch-no-vms', name: 'Sketch, no VMs', kind: 'temporary', allowVirtualMachines: false },
      }),
    );
    await ok(offer({ ...fourteenDays, policyId: 'sketch-no-vms' }));
    const linux = async (name: string, files: Record<string, string>) => {
      const root = join(directory, `root-${name}`);
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), text);
      }
      return { platform: 'linux', root, env: {} };
    };
    const open = async (fingerprint: string, environment: EnvironmentSource) =>
      Airlock.open({
        ...shipped,
        product: PRODUCT,
        fingerprint,
        storePath: join(directory, `${fingerprint}-vm`, 'license'),
        authorityUrl,
        environment,
        now: () => start(),
      });
    const virtual = await open('trial-in-qemu', await linux('qemu', { 'sys/class/dmi/id/sys_vendor': 'QEMU\n' }));
    await expectCode(virtual.startTrial(), 'VIRTUAL_MACHINE_NOT_ALLOWED');
    expect((await trials()).map((trial) => trial.fingerprint)).not.toContain('trial-in-qemu');
    const desk = await open('trial-on-desk', await linux('desk', { 'sys/class/dmi/id/sys_vendor': 'Dell Inc.\n', 'proc/cpuinfo': 'flags\t\t: fpu sse2\n' }));
    expect(await desk.startTrial()).toMatchObject({ trial: true });
    await ok(offer(fourteenDays));
  });
});

async function ok<T extends { statusCode: number; body: string }>(response: Promise<T>): Promise<T> {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBeLessThan(300);
  return answer;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<AirlockError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AirlockError);
  expect((error as AirlockError).code).toBe(code);
  return error as AirlockError;
}
