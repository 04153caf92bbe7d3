import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { days, minutes } from '@airlock/core';
import { Airlock, type AirlockOptions } from '@airlock/sdk';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createLicense, nextAddress, seedDeviceCatalogue, PRODUCT, type CreatedLicense } from '../src/features/devices/testing/device-fixtures.ts';
import { describeEachStore } from './harness.ts';

/**
 * Offline periods and grace after expiry, end to end: the SDK as an application embeds it,
 * talking to a real authority (its HTTP routes through `inject`, no port), each with a clock
 * of its own that the test moves. The device's deadline runs from the authority's time on the
 * receipts it answers with, never from the device's own clock.
 */
describeEachStore('offline periods and grace after expiry, SDK to authority', (context) => {
  const T0 = new Date('2026-11-23T10:00:00Z');
  const at = (offset: number) => new Date(T0.getTime() + offset);
  let directory: string;
  let shipped: Pick<AirlockOptions, 'rootKey' | 'authorityEncryptionKey'>;
  /** The device's clock, apart from the authority's. */
  let deviceNow = T0;
  let devices = 0;

  /** The SDK's fetch, answered by the authority's routes. */
  const viaAuthority = (async (url: string, init?: RequestInit) => {
    const response = await context().app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: new URL(url).pathname,
      headers: { 'content-type': 'application/json' },
      payload: init?.body as string,
      remoteAddress: nextAddress(),
    });
    return new Response(response.body, { status: response.statusCode, headers: { 'content-type': String(response.headers['content-type']) } });
  }) as unknown as typeof fetch;

  beforeAll(async () => {
    const { database, clock, request, deps } = context();
    await seedDeviceCatalogue(database.db, clock.now());
    directory = await mkdtemp(join(tmpdir(), 'airlock-check-in-'));
    shipped = { rootKey: (await request({ method: 'GET', url: '/v1/keys/root' })).body, authorityEncryptionKey: await deps.keys.encryptionCertificate() };
  });
  afterEach(() => {
    context().clock.set(T0);
    deviceNow = T0;
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  async function openDevice(): Promise<{ airlock: Airlock; options: AirlockOptions }> {
    devices += 1;
    const options: AirlockOptions = {
      product: PRODUCT,
      ...shipped,
      storePath: join(directory, `device-${devices}.license`),
      fingerprint: `fp-check-in-${devices}`,
      authorityUrl: 'http://authority.test',
      fetch: viaAuthority,
      now: () => deviceNow,
    };
    return { airlock: await Airlock.open(options), options };
  }

  const license = (body: Record<string, unknown>) => createLicense(context().request, body);
  const keyOf = (created: CreatedLicense) => ({ licenseKey: created.licenseKey! });
  const lastSeen = async (created: CreatedLicense) =>
    (await context().request({ method: 'GET', url: `/v1/device-licenses/${created.id}` })).json<{ activations: { lastSeenAt: string }[] }>().activations[0]!
      .lastSeenAt;

  it('asks a subscription activated online to come back after its offline period and grace, and lets it work again once it validates', async () => {
    const subscription = await license({
      policyId: 'subscription',
      expiresAt: at(days(365)).toISOString(),
      overrides: { maxOfflineMs: days(30), offlineGraceMs: days(3) },
    });
    const { airlock, options } = await openDevice();
    await airlock.activate(keyOf(subscription));
    expect(airlock.checkInDue).toEqual(at(days(30)));

    deviceNow = at(days(10));
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
    deviceNow = at(days(31));
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license, notice: { code: 'CHECK_IN_OVERDUE', until: at(days(33)) } });
    deviceNow = at(days(34));
    expect(airlock.check()).toMatchObject({ ok: false, code: 'CHECK_IN_REQUIRED' });
    expect(airlock.hasFeature('export')).toBe(false);
    expect((await Airlock.open(options)).check()).toMatchObject({ ok: false, code: 'CHECK_IN_REQUIRED' });

    // The authority's clock is four minutes behind the device's (within the clock skew each
    // tolerates of the other's documents): the deadline runs from the authority's.
    const validatedAt = at(days(34) - minutes(4));
    context().clock.set(validatedAt);
    expect(await airlock.refresh()).toMatchObject({ status: 'active', applied: false });
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
    expect(airlock.checkInDue).toEqual(new Date(validatedAt.getTime() + days(30)));
    expect(await lastSeen(subscription)).toBe(validatedAt.toISOString());
    expect((await Airlock.open(options)).checkInDue).toEqual(new Date(validatedAt.getTime() + days(30)));

    deviceNow = at(days(67));
    expect(airlock.check()).toMatchObject({ ok: false, code: 'CHECK_IN_REQUIRED' });
    const checkedInAt = at(days(67) - minutes(3));
    context().clock.set(checkedInAt);
    expect(await airlock.checkIn()).toEqual({ reported: [], status: 'active' });
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
    expect(airlock.checkInDue).toEqual(new Date(checkedInAt.getTime() + days(30)));
    expect(await lastSeen(subscription)).toBe(checkedInAt.toISOString());
  });

  it('never asks a device licensed with files from the offline portal to come online', async () => {
    const carried = await license({ overrides: { maxOfflineMs: days(30), offlineGraceMs: days(3) } });
    const { airlock } = await openDevice();
    const request = await airlock.createActivationRequest(keyOf(carried));
    const answer = await context().request({ method: 'POST', url: '/v1/portal/activations', payload: { request }, remoteAddress: nextAddress() });
    expect(answer.statusCode).toBe(201);
    await airlock.installLicenseFile(answer.json<{ text: string }>().text);
    expect(airlock.checkInDue).toBeNull();
    deviceNow = at(days(180));
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
  });

  it('lets a term license work through its grace after expiry, validates it as active then, and refuses a new device', async () => {
    const term = await license({ expiresAt: at(days(60)).toISOString(), overrides: { expiryGraceMs: days(7), maxActivations: 2 } });
    const { airlock } = await openDevice();
    await airlock.activate(keyOf(term));
    expect(airlock.checkInDue).toBeNull();

    deviceNow = at(days(61));
    context().clock.set(at(days(61)));
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license, notice: { code: 'LICENSE_IN_GRACE', until: at(days(67)) } });
    expect(await airlock.refresh()).toMatchObject({ status: 'active', applied: false });
    const newcomer = await openDevice();
    await expect(newcomer.airlock.activate(keyOf(term))).rejects.toMatchObject({ code: 'LICENSE_EXPIRED' });

    deviceNow = at(days(67));
    context().clock.set(at(days(67)));
    expect(airlock.check()).toEqual({ ok: false, code: 'LICENSE_EXPIRED', detail: { expiredAt: at(days(60)).toISOString() } });
    expect(await airlock.refresh()).toMatchObject({ status: 'expired' });
    expect(airlock.check()).toMatchObject({ ok: false, code: 'LICENSE_EXPIRED' });
  });

  it('brings a renewal to a device in its grace after expiry', async () => {
    const term = await license({ expiresAt: at(days(60)).toISOString(), overrides: { expiryGraceMs: days(7) } });
    const { airlock } = await openDevice();
    await airlock.activate(keyOf(term));
    deviceNow = at(days(62));
    context().clock.set(at(days(62)));
    const renewed = await context().request({ method: 'PATCH', url: `/v1/device-licenses/${term.id}`, payload: { expiresAt: at(days(425)).toISOString() } });
    expect(renewed.statusCode).toBe(200);
    expect(await airlock.refresh()).toMatchObject({ status: 'active', applied: true, license: { revision: 2, validUntil: at(days(425)) } });
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
  });

  it('behaves as before for a license with none of these settings', async () => {
    const plain = await license({ expiresAt: at(days(300)).toISOString() });
    const { airlock } = await openDevice();
    await airlock.activate(keyOf(plain));
    expect(airlock.checkInDue).toBeNull();
    deviceNow = at(days(300) - 1);
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
    deviceNow = at(days(300));
    expect(airlock.check()).toEqual({ ok: false, code: 'LICENSE_EXPIRED', detail: { expiredAt: at(days(300)).toISOString() } });
    context().clock.set(at(days(300)));
    expect(await airlock.refresh()).toMatchObject({ status: 'expired' });
  });
});
