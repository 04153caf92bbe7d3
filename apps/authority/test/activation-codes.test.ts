import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Airlock, type AirlockOptions } from '@airlock/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEVICE_REQUESTS_PER_LICENSE_PER_MINUTE } from '../src/features/devices/device-api-routes.ts';
import { createLicense, nextAddress, PRODUCT, seedDeviceCatalogue, type CreatedLicense } from '../src/features/devices/testing/device-fixtures.ts';
import { describeEachStore } from './harness.ts';

/**
 * Activation by typed codes end to end: the SDK shows an initialization code, the person types
 * it with the license key on the real authority's offline portal, and types the activation code
 * it answers into the device. Nothing in between is stood in for.
 */
describeEachStore('activation by typed codes, device to portal and back', (context) => {
  let directory: string;
  let rootKey: string;
  let devices = 0;

  beforeAll(async () => {
    const { database, clock, request } = context();
    directory = await mkdtemp(join(tmpdir(), 'activation-codes-'));
    await seedDeviceCatalogue(database.db, clock.now());
    // The product's code features, in the order they are added: batch, then export.
    for (const id of ['batch', 'export', 'render-seat']) {
      const category = id === 'render-seat' ? 'seat' : 'feature';
      const added = await request({ method: 'POST', url: `/v1/products/${PRODUCT}/license-types`, payload: { id, name: id, category } });
      expect(added.statusCode, added.body).toBe(201);
      clock.advance(1);
    }
    rootKey = (await request({ method: 'GET', url: '/v1/keys/root' })).body;
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  async function device(overrides: Partial<AirlockOptions> = {}): Promise<Airlock> {
    devices += 1;
    return Airlock.open({
      product: PRODUCT,
      rootKey,
      storePath: join(directory, `device-${devices}`, 'license'),
      fingerprint: `typing-device-${devices}`,
      now: () => context().clock.now(),
      codeFeatures: ['batch', 'export'],
      ...overrides,
    });
  }
  const portal = (payload: Record<string, string>, url = '/v1/portal/code-activations') =>
    context().request({ method: 'POST', url, payload, remoteAddress: nextAddress() });
  const licenseView = async (id: string) =>
    (await context().request({ method: 'GET', url: `/v1/device-licenses/${id}` })).json<
      CreatedLicense & { activeActivations: number; activations: unknown[] }
    >();
  const refusal = (response: { statusCode: number; json: <T>() => T }) => [response.statusCode, response.json<{ code: string }>().code];
  const keyOf = (license: CreatedLicense) => license.licenseKey!;

  it('activates: the initialization code in, an activation code out that the device installs with its features and end', async () => {
    const license = await createLicense(context().request, {
      expiresAt: '2027-11-23T12:00:00.000Z',
      entitlements: { features: ['export', 'not-a-code-feature'], meters: [] },
    });
    const airlock = await device();
    const initializationCode = await airlock.createInitializationCode({ licenseKey: keyOf(license) });
    const response = await portal({ licenseKey: keyOf(license).toLowerCase(), initializationCode: initializationCode.toLowerCase().replaceAll('-', ' ') });
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json<{ activationId: string; activationCode: string }>();
    expect(answer).toEqual({
      activationId: expect.any(String) as string,
      licenseId: license.id,
      activationCode: expect.stringMatching(/^2[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{6}){2}$/) as string,
      validUntil: '2027-11-24T00:00:00.000Z',
      features: ['export'],
      revision: 1,
    });
    const installed = await airlock.installActivationCode(answer.activationCode.replaceAll('-', '').toLowerCase());
    expect(installed).toMatchObject({ features: ['export'], validUntil: new Date('2027-11-24T00:00:00Z'), meters: [] });
    expect(airlock.check()).toMatchObject({ ok: true });
    expect([airlock.hasFeature('export'), airlock.hasFeature('batch')]).toEqual([true, false]);

    const deviceId = initializationCode.replaceAll('-', '').slice(1, 9);
    expect(await licenseView(license.id)).toMatchObject({
      activeActivations: 1,
      activations: [{ id: answer.activationId, status: 'active', channel: 'code', fingerprint: `code:${deviceId}`, sdkVersion: null, revision: 1 }],
    });
    const audit = await context()
      .database.db.selectFrom('audit_events')
      .selectAll()
      .where('object_id', '=', license.id)
      .where('action', '=', 'device.activate')
      .execute();
    expect(audit.map((event) => [event.actor, event.after])).toMatchObject([
      [`device:code:${deviceId}`, { activationId: answer.activationId, channel: 'code', deviceId, initializationCode, features: ['export'] }],
    ]);
  });

  it('refuses a wrong or altered activation code on the device, and one made for another device, installing nothing', async () => {
    const license = await createLicense(context().request, {
      policyId: 'perpetual',
      expiresAt: null,
      entitlements: { features: ['batch', 'export'], meters: [] },
    });
    const [mine, theirs] = [await device(), await device()];
    const myCode = await mine.createInitializationCode({ licenseKey: keyOf(license) });
    const theirCode = await theirs.createInitializationCode({ licenseKey: keyOf(license) });
    const forTheirs = (await portal({ licenseKey: keyOf(license), initializationCode: theirCode })).json<{ activationCode: string }>().activationCode;
    const error = await mine.installActivationCode(forTheirs).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ACTIVATION_CODE_MISMATCH', detail: { initializationCode: myCode, attemptsLeft: 9 } });
    expect(mine.check()).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });
    // Two features, no end: the code says so, and the device that asked for it installs it.
    expect(await theirs.installActivationCode(forTheirs)).toMatchObject({ features: ['batch', 'export'], validUntil: null, kind: 'permanent' });

    const mineAnswer = (await portal({ licenseKey: keyOf(license), initializationCode: myCode })).json<{ activationCode: string }>().activationCode;
    const symbols = mineAnswer.replaceAll('-', '');
    const mistyped = symbols.slice(0, 12) + (symbols[12] === 'Z' ? 'Y' : 'Z') + symbols.slice(13);
    await expect(mine.installActivationCode(mistyped)).rejects.toMatchObject({ code: 'ACTIVATION_CODE_INVALID' });
    expect(mine.check()).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });
    await mine.installActivationCode(mineAnswer);
    expect(mine.check()).toMatchObject({ ok: true });
  });

  it('counts the code activation in the limit, and answers the same initialization code again with the same activation', async () => {
    const license = await createLicense(context().request, {});
    const first = await device();
    const initializationCode = await first.createInitializationCode({ licenseKey: keyOf(license) });
    const once = await portal({ licenseKey: keyOf(license), initializationCode });
    const twice = await portal({ licenseKey: keyOf(license), initializationCode });
    expect([once.statusCode, twice.statusCode]).toEqual([201, 201]);
    expect(twice.json()).toEqual(once.json());
    expect(await licenseView(license.id)).toMatchObject({ activeActivations: 1, activations: [{ channel: 'code' }] });

    const second = await device();
    const refused = await portal({ licenseKey: keyOf(license), initializationCode: await second.createInitializationCode({ licenseKey: keyOf(license) }) });
    expect(refusal(refused)).toEqual([422, 'ACTIVATIONS_EXHAUSTED']);
    // The same device with a new initialization code keeps its slot.
    const again = await portal({ licenseKey: keyOf(license), initializationCode: await first.createInitializationCode({ licenseKey: keyOf(license) }) });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<{ activationId: string }>().activationId).toBe(once.json<{ activationId: string }>().activationId);
    await first.installActivationCode(again.json<{ activationCode: string }>().activationCode);
    expect(await licenseView(license.id)).toMatchObject({ activeActivations: 1 });
  });

  it('refuses a device the vendor blocked, by the fingerprint its code activation is listed under', async () => {
    const license = await createLicense(context().request, {});
    const airlock = await device();
    const activated = await portal({ licenseKey: keyOf(license), initializationCode: await airlock.createInitializationCode({ licenseKey: keyOf(license) }) });
    expect(activated.statusCode, activated.body).toBe(201);
    const { activations } = (await licenseView(license.id)) as unknown as { activations: { fingerprint: string }[] };
    const blocked = await context().request({
      method: 'POST',
      url: `/v1/device-licenses/${license.id}/blocked-devices`,
      payload: { fingerprint: activations[0]!.fingerprint },
    });
    expect(blocked.statusCode, blocked.body).toBeLessThan(300);
    const again = await portal({ licenseKey: keyOf(license), initializationCode: await airlock.createInitializationCode({ licenseKey: keyOf(license) }) });
    expect(refusal(again)).toEqual([422, 'DEVICE_BLOCKED']);
  });

  it('frees the slot with the deactivation code the device shows, once', async () => {
    const license = await createLicense(context().request, {});
    const first = await device();
    const answer = await portal({ licenseKey: keyOf(license), initializationCode: await first.createInitializationCode({ licenseKey: keyOf(license) }) });
    await first.installActivationCode(answer.json<{ activationCode: string }>().activationCode);
    const deactivationCode = await first.createDeactivationCode();
    expect(first.check()).toMatchObject({ ok: false, code: 'DEVICE_DEACTIVATED' });

    const wrongKey = await createLicense(context().request, {});
    expect(refusal(await portal({ licenseKey: keyOf(wrongKey), deactivationCode }, '/v1/portal/code-deactivations'))).toEqual([
      422,
      'ACTIVATION_CODE_MISMATCH',
    ]);
    const freed = await portal({ licenseKey: keyOf(license), deactivationCode: deactivationCode.toLowerCase() }, '/v1/portal/code-deactivations');
    expect(freed.statusCode, freed.body).toBe(200);
    expect(freed.json()).toEqual({ licenseId: license.id, activationId: answer.json<{ activationId: string }>().activationId });
    expect(refusal(await portal({ licenseKey: keyOf(license), deactivationCode }, '/v1/portal/code-deactivations'))).toEqual([422, 'DEVICE_NOT_ACTIVE']);
    expect(await licenseView(license.id)).toMatchObject({ activeActivations: 0, activations: [{ status: 'deactivated', channel: 'code' }] });

    const second = await device();
    const next = await portal({ licenseKey: keyOf(license), initializationCode: await second.createInitializationCode({ licenseKey: keyOf(license) }) });
    expect(next.statusCode, next.body).toBe(201);
  });

  it('counts every code activation against its license: past the limit RATE_LIMITED, from any address', async () => {
    const license = await createLicense(context().request, { policyId: 'perpetual', expiresAt: null });
    const airlock = await device();
    const initializationCode = await airlock.createInitializationCode({ licenseKey: keyOf(license) });
    context().clock.advance(61_000);
    for (let i = 0; i < DEVICE_REQUESTS_PER_LICENSE_PER_MINUTE; i++)
      expect((await portal({ licenseKey: keyOf(license), initializationCode })).statusCode).toBe(201);
    const limited = await portal({ licenseKey: keyOf(license), initializationCode });
    expect([limited.statusCode, limited.json()]).toMatchObject([429, { code: 'RATE_LIMITED', errors: { limitedBy: 'license' } }]);
    expect(await licenseView(license.id)).toMatchObject({ activeActivations: 1 });
  });

  it('refuses at the portal, changing nothing: an expired license, a license that may not go offline, mistyped codes and unknown keys', async () => {
    const { clock, database } = context();
    const airlock = await device();
    const expired = await createLicense(context().request, { expiresAt: '2026-11-23T11:00:00.000Z' });
    const offlineForbidden = await createLicense(context().request, { policyId: 'online-only' });
    const initializationCode = await airlock.createInitializationCode({ licenseKey: keyOf(expired) });
    const before = await database.db
      .selectFrom('device_activations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    clock.advance(2 * 3_600_000);
    try {
      expect(refusal(await portal({ licenseKey: keyOf(expired), initializationCode }))).toEqual([422, 'LICENSE_EXPIRED']);
    } finally {
      clock.advance(-2 * 3_600_000);
    }
    expect(refusal(await portal({ licenseKey: keyOf(offlineForbidden), initializationCode }))).toEqual([422, 'OFFLINE_NOT_ALLOWED']);
    const symbols = initializationCode.replaceAll('-', '');
    const swapped = symbols.slice(0, 5) + symbols[6] + symbols[5] + symbols.slice(7);
    if (symbols[5] !== symbols[6])
      expect(refusal(await portal({ licenseKey: keyOf(expired), initializationCode: swapped }))).toEqual([400, 'ACTIVATION_CODE_INVALID']);
    expect(refusal(await portal({ licenseKey: keyOf(expired), initializationCode: 'not a code' }))).toEqual([400, 'ACTIVATION_CODE_INVALID']);
    expect(refusal(await portal({ licenseKey: keyOf(expired).slice(0, -1), initializationCode }))).toEqual([400, 'LICENSE_KEY_MALFORMED']);
    const after = await database.db
      .selectFrom('device_activations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});
