import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Airlock, isAirlockError } from '@airlock/sdk';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from './harness.ts';

/**
 * Meter limits shared by the devices of a license (docs/devices.md, "Meter limits shared by
 * devices"), end to end: the vendor sets licenses up through the admin API, devices run the
 * SDK against the real authority (listening on a loopback port), offline through the portal
 * API and online through the device API.
 */
const PRODUCT = 'render-studio';

interface MeterSetup {
  readonly maxActivations: number;
  readonly limit: number;
  readonly overage?: number;
  readonly overrides?: Record<string, unknown>;
  readonly policyId?: string;
}

describeEachStore('meter limits shared by the devices of a license', (context) => {
  let directory: string;
  let authorityUrl: string;
  let shipped: { rootKey: string; authorityEncryptionKey: string };
  let devices = 0;

  beforeAll(async () => {
    const { app, request, deps } = context();
    directory = await mkdtemp(join(tmpdir(), 'meter-allotments-'));
    authorityUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    shipped = { rootKey: (await request({ method: 'GET', url: '/v1/keys/root' })).body, authorityEncryptionKey: await deps.keys.encryptionCertificate() };
    await ok(request({ method: 'POST', url: '/v1/products', payload: { id: PRODUCT, name: 'Render Studio' } }));
    await ok(
      request({
        method: 'POST',
        url: '/v1/policies',
        payload: { id: 'render-term', name: 'Render term', kind: 'term', allowOffline: true, maxActivations: 1 },
      }),
    );
    await ok(
      request({
        method: 'POST',
        url: '/v1/policies',
        payload: { id: 'render-overage', name: 'Render with overage', kind: 'term', allowOffline: true, maxActivations: 1, meterOveragePercent: 20 },
      }),
    );
    await ok(
      request({
        method: 'POST',
        url: '/v1/customers',
        payload: { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn: '2028-12-31', policyId: 'render-term' },
      }),
    );
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  async function ok(response: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
    const answered = await response;
    if (answered.statusCode >= 300) throw new Error(`${answered.statusCode} ${answered.body}`);
    return answered;
  }

  async function createLicense(setup: MeterSetup): Promise<{ id: string; key: string }> {
    const response = await ok(
      context().request({
        method: 'POST',
        url: '/v1/device-licenses',
        payload: {
          productId: PRODUCT,
          customerId: 'acme',
          policyId: setup.policyId ?? 'render-term',
          credential: 'license-key',
          overrides: { maxActivations: setup.maxActivations, ...setup.overrides },
          expiresAt: '2027-11-23T00:00:00.000Z',
          entitlements: {
            features: ['export'],
            meters: [{ meter: 'renders', limit: setup.limit, ...(setup.overage === undefined ? {} : { overage: setup.overage }) }],
          },
        },
      }),
    );
    const created = response.json<{ id: string; licenseKey: string }>();
    return { id: created.id, key: created.licenseKey };
  }

  /** A device running the SDK, with its own store and fingerprint, on the test's clock. */
  async function device(name: string): Promise<Airlock> {
    devices += 1;
    return Airlock.open({
      product: PRODUCT,
      ...shipped,
      storePath: join(directory, `${name}-${devices}`, 'license'),
      fingerprint: `${name}-${devices}`,
      authorityUrl,
      now: () => context().clock.now(),
    });
  }

  /** Activates through the offline portal, as the end user carrying files does. */
  async function activateOffline(airlock: Airlock, key: string): Promise<void> {
    const request = await airlock.createActivationRequest({ licenseKey: key });
    const answer = await ok(context().request({ method: 'POST', url: '/v1/portal/activations', payload: { request } }));
    await airlock.installLicenseFile(answer.json<{ text: string }>().text);
  }

  /** Consumes one render at a time, as many times as asked; the readings each call answered. */
  async function render(airlock: Airlock, times: number) {
    const readings = [];
    for (let i = 0; i < times; i++) readings.push(await airlock.consume('renders', 1));
    return readings;
  }

  async function refused(attempt: Promise<unknown>): Promise<string> {
    try {
      await attempt;
    } catch (error) {
      if (isAirlockError(error)) return error.code;
      throw error;
    }
    return 'accepted';
  }

  const meters = async (id: string) => (await context().request({ method: 'GET', url: `/v1/device-licenses/${id}` })).json<{ meters: unknown[] }>().meters;
  /** Files of one revision are told apart by when they were issued: a second at least. */
  const later = () => context().clock.advance(1000);

  it('does not give the limit again to a device that consumed it, deactivated and activated again', async () => {
    const license = await createLicense({ maxActivations: 1, limit: 10 });
    const airlock = await device('bypass');
    await activateOffline(airlock, license.key);
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 0, limit: 10, remaining: 10, overage: 0, overageAllowance: 0 });
    await render(airlock, 10);
    const { text } = await airlock.deactivate();
    await ok(context().request({ method: 'POST', url: '/v1/portal/deactivations', payload: { file: text } }));
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 10, limit: 10, overage: 0, reserved: 0 }]);

    later();
    await activateOffline(airlock, license.key);
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 10, limit: 10, remaining: 0, overage: 0, overageAllowance: 0 });
    expect(await refused(airlock.consume('renders', 1))).toBe('METER_LIMIT_REACHED');
  });

  it('shares the limit evenly between two devices, and gives what one leaves to the other', async () => {
    const license = await createLicense({ maxActivations: 2, limit: 10 });
    const [a, b] = [await device('share-a'), await device('share-b')];
    await a.activate({ licenseKey: license.key });
    await b.activate({ licenseKey: license.key });
    expect([a.usage('renders'), b.usage('renders')]).toMatchObject([
      { used: 0, remaining: 5 },
      { used: 0, remaining: 5 },
    ]);
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 0, limit: 10, overage: 0, reserved: 10 }]);

    await render(a, 5);
    expect(await refused(a.consume('renders', 1))).toBe('METER_LIMIT_REACHED');
    await a.checkIn();
    later();
    // B still holds its 5: A's refresh counts A's report and grants nothing more.
    expect(await a.refresh()).toMatchObject({ status: 'active', applied: true });
    expect(a.usage('renders')).toEqual({ meter: 'renders', used: 5, limit: 10, remaining: 0, overage: 0, overageAllowance: 0 });
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 5, limit: 10, overage: 0, reserved: 5 }]);

    await render(b, 2);
    await b.deactivate({ online: true });
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 7, limit: 10, overage: 0, reserved: 0 }]);
    later();
    // 3 are free; a slot is free too, so A gets the even share of them over the two slots.
    expect(await a.refresh()).toMatchObject({ applied: true });
    expect(a.usage('renders')).toMatchObject({ used: 7, remaining: 2 });
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 7, limit: 10, overage: 0, reserved: 2 }]);
    await render(a, 2);
    await a.checkIn();
    later();
    expect(await a.refresh()).toMatchObject({ applied: true });
    expect(a.usage('renders')).toMatchObject({ used: 9, remaining: 1 });
    await render(a, 1);
    expect(await refused(a.consume('renders', 1))).toBe('METER_LIMIT_REACHED');
    await a.checkIn();
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 10, limit: 10, overage: 0, reserved: 0 }]);
  });

  it('keeps the reservation of a device deactivated without its own deactivation file', async () => {
    const license = await createLicense({ maxActivations: 2, limit: 10 });
    const [a, b] = [await device('held-a'), await device('held-b')];
    await a.activate({ licenseKey: license.key });
    await b.activate({ licenseKey: license.key });
    await render(a, 5);
    await a.checkIn();
    // Ended at the authority (as the vendor does): B may still render its 5 offline.
    const { database, clock } = context();
    await database.db
      .updateTable('device_activations')
      .set({ deactivated_at: clock.now() })
      .where('license_id', '=', license.id)
      .where('fingerprint', 'like', 'held-b-%')
      .execute();
    later();
    expect(await a.refresh()).toMatchObject({ applied: true });
    expect(a.usage('renders')).toMatchObject({ used: 5, remaining: 0 });
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 5, limit: 10, overage: 0, reserved: 5 }]);
  });

  it('never allots the same units twice to devices activating at once', async () => {
    const license = await createLicense({ maxActivations: 4, limit: 10, overrides: { maxActivations: null } });
    const fleet = await Promise.all(['race-a', 'race-b', 'race-c', 'race-d'].map((name) => device(name)));
    await Promise.all(fleet.map((airlock) => airlock.activate({ licenseKey: license.key })));
    const remaining = fleet.map((airlock) => airlock.usage('renders')!.remaining!);
    expect(remaining.reduce((sum, units) => sum + units, 0)).toBe(10);
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 0, limit: 10, overage: 0, reserved: 10 }]);
  });

  it('renews a grant a second after the last file at the earliest, as the device applies only a later file', async () => {
    const license = await createLicense({ maxActivations: 1, limit: 10 });
    const airlock = await device('same-second');
    await airlock.activate({ licenseKey: license.key });
    await render(airlock, 3);
    await airlock.checkIn();
    expect(await airlock.refresh()).toMatchObject({ status: 'active', applied: false });
    later();
    expect(await airlock.refresh()).toMatchObject({ status: 'active', applied: true });
    expect(airlock.usage('renders')).toMatchObject({ used: 3, remaining: 7 });
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 3, limit: 10, overage: 0, reserved: 7 }]);
  });

  it('allots at most meterAllotment per file', async () => {
    const license = await createLicense({ maxActivations: 2, limit: 10, overrides: { meterAllotment: 4 } });
    const [a, b] = [await device('capped-a'), await device('capped-b')];
    await a.activate({ licenseKey: license.key });
    await b.activate({ licenseKey: license.key });
    expect([a.usage('renders'), b.usage('renders')]).toMatchObject([{ remaining: 4 }, { remaining: 4 }]);
    await render(a, 4);
    await a.checkIn();
    later();
    expect(await a.refresh()).toMatchObject({ applied: true });
    // 10 less A's 4 counted less B's 4 held.
    expect(a.usage('renders')).toMatchObject({ used: 4, remaining: 2 });
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 4, limit: 10, overage: 0, reserved: 6 }]);
    await render(b, 1);
    await b.deactivate({ online: true });
    later();
    expect(await a.refresh()).toMatchObject({ applied: true });
    expect(a.usage('renders')).toMatchObject({ used: 5, remaining: 4 });
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 5, limit: 10, overage: 0, reserved: 4 }]);
  });

  it("lets the devices go past the limit within the policy's overage, saying by how much", async () => {
    const license = await createLicense({ maxActivations: 1, limit: 10, policyId: 'render-overage' });
    const airlock = await device('overage');
    await activateOffline(airlock, license.key);
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 0, limit: 10, remaining: 12, overage: 0, overageAllowance: 2 });
    const readings = await render(airlock, 12);
    expect(readings.map((reading) => reading.overage)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    expect(readings.at(-1)).toEqual({ meter: 'renders', used: 12, limit: 10, remaining: 0, overage: 2, overageAllowance: 2 });
    expect(await refused(airlock.consume('renders', 1))).toBe('METER_LIMIT_REACHED');
    expect(await meters(license.id)).toEqual([{ meter: 'renders', counted: 0, limit: 10, overage: 2, reserved: 12 }]);
  });

  it("takes the license's own overage of a meter over the policy's", async () => {
    const license = await createLicense({ maxActivations: 1, limit: 10, overage: 5, policyId: 'render-overage' });
    const airlock = await device('own-overage');
    await activateOffline(airlock, license.key);
    expect(airlock.usage('renders')).toMatchObject({ limit: 10, remaining: 15, overageAllowance: 5 });
    expect((await render(airlock, 15)).at(-1)).toMatchObject({ used: 15, overage: 5, remaining: 0 });
    expect(await refused(airlock.consume('renders', 1))).toBe('METER_LIMIT_REACHED');
  });
});
