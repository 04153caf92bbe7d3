import { readFile, rm } from 'node:fs/promises';
import { keyId } from '@airlock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activatedDevice, defaultTerms, expectCode, storeBytes, testVendor, type TestVendor } from '../test/test-vendor.ts';
import { Airlock, SDK_VERSION, machineFingerprint } from './index.ts';

let vendor: TestVendor;
beforeEach(async () => {
  vendor = await testVendor();
});
afterEach(() => vendor.dispose());

describe('the SDK', () => {
  it('reports the version of its package in activation requests', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(manifest.version);
  });

  it('refuses options it cannot use, before touching the store', async () => {
    const options = await vendor.options();
    await expectCode(Airlock.open({ ...options, product: 'no spaces' }), 'REQUEST_INVALID');
    await expectCode(Airlock.open({ ...options, fingerprint: '' }), 'REQUEST_INVALID');
    await expectCode(Airlock.open({ ...options, rootKey: 'not a key' }), 'KEY_INVALID');
    await expectCode(Airlock.open({ ...options, authorityEncryptionKey: 'not.a.certificate' }), 'KEY_CERTIFICATE_INVALID');
    await expect(readFile(options.storePath)).rejects.toThrow(/ENOENT/);
  });
});

describe('a device before activation', () => {
  it('is NOT_ACTIVATED and has no license, features or meters', async () => {
    const airlock = await Airlock.open(await vendor.options());
    expect(airlock.check()).toEqual({ ok: false, code: 'NOT_ACTIVATED', detail: {} });
    expect(airlock.license).toBeNull();
    expect(airlock.hasFeature('export')).toBe(false);
    expect(airlock.checkFeature('export')).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });
    expect(airlock.usage('renders')).toBeUndefined();
    await expectCode(airlock.consume('renders'), 'NOT_ACTIVATED');
  });

  it('creates its store with device keys once, and signs with the same key after a restart', async () => {
    const options = await vendor.options();
    const first = await Airlock.open(options);
    const firstRequest = await vendor.answer(await first.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
    const stored = await readFile(options.storePath, 'utf8');
    expect(stored).not.toContain('J7AB2');
    const second = await Airlock.open(options);
    const secondRequest = await vendor.answer(await second.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
    expect(secondRequest.request.signerKid).toBe(firstRequest.request.signerKid);
    expect(secondRequest.request.claims.deviceEncryptionKey).toEqual(firstRequest.request.claims.deviceEncryptionKey);
  });

  it('writes an activation request for the authority naming the product, fingerprint and credential', async () => {
    const airlock = await Airlock.open(await vendor.options({ appVersion: '2.1.0', deviceName: 'Lab PC 4' }));
    const text = await airlock.createActivationRequest({ username: 'ada@example.com' });
    expect(text).toMatch(/^-----BEGIN AIRLOCK DEVICE ACTIVATION REQUEST-----\n/);
    const { request } = await vendor.answer(text);
    expect(request.claims).toMatchObject({
      product: 'studio',
      fingerprint: 'device-a',
      credential: { method: 'user', username: 'ada@example.com' },
      deviceName: 'Lab PC 4',
      sdkVersion: '0.1.0',
      appVersion: '2.1.0',
      aud: `authority:${keyId(vendor.authority.root.publicJwk)}`,
    });
  });

  it('leaves out a device name no document may carry (a control character) instead of failing', async () => {
    const airlock = await Airlock.open(await vendor.options({ deviceName: 'Lab\u0000PC\n4' }));
    const { request } = await vendor.answer(await airlock.createActivationRequest({ username: 'ada@example.com' }));
    expect(request.claims).not.toHaveProperty('deviceName');
  });

  it('refuses a malformed credential with REQUEST_INVALID and writes nothing', async () => {
    const options = await vendor.options();
    const airlock = await Airlock.open(options);
    const before = await storeBytes(options);
    await expectCode(airlock.createActivationRequest({ licenseKey: 'has space' }), 'LICENSE_KEY_MALFORMED');
    await expectCode(airlock.createActivationRequest({ username: 'bell\u0007' }), 'REQUEST_INVALID');
    for (const username of ['evil\u202eexe', 'half\ud83d', 'c1\u009b', 'x'.repeat(255)])
      await expectCode(airlock.createActivationRequest({ username }), 'REQUEST_INVALID');
    await expectCode(airlock.createActivationRequest({} as { licenseKey: string }), 'REQUEST_INVALID');
    expect(await storeBytes(options)).toEqual(before);
  });
});

describe('offline activation', () => {
  it('installs the license file that answers its request, and checks license and features from then on', async () => {
    const { airlock, issued } = await activatedDevice(vendor);
    const license = {
      licenseId: 'lic-1',
      product: 'studio',
      kind: 'term',
      revision: 1,
      validUntil: new Date('2027-11-23T00:00:00Z'),
      features: ['export'],
      meters: [
        { meter: 'renders', limit: 10 },
        { meter: 'previews', limit: null },
      ],
      metadata: [{ name: 'edition', value: 'pro' }],
      allowOffline: true,
      clockSkewTolerance: 300_000,
      licenseFileId: issued.claims.jti,
      trial: false,
    };
    expect(airlock.check()).toEqual({ ok: true, license });
    expect(airlock.license).toEqual(license);
    expect(airlock.hasFeature('export')).toBe(true);
    expect(airlock.hasFeature('batch')).toBe(false);
    expect(airlock.checkFeature('export')).toEqual({ ok: true, license });
    expect(airlock.checkFeature('batch')).toEqual({ ok: false, code: 'FEATURE_NOT_LICENSED', detail: { feature: 'batch' } });
  });

  it('keeps the license across restarts, verified again from the store', async () => {
    const { options } = await activatedDevice(vendor);
    vendor.clock.advance(60_000);
    const reopened = await Airlock.open(options);
    expect(reopened.check()).toMatchObject({ ok: true, license: { licenseId: 'lic-1', features: ['export'] } });
  });

  it('answers check() from memory: the store file is not read again', async () => {
    const { airlock, options } = await activatedDevice(vendor);
    await rm(options.storePath);
    expect(airlock.check().ok).toBe(true);
    expect(airlock.hasFeature('export')).toBe(true);
  });

  it('refuses a license file made for another device (WRONG_RECIPIENT) and changes nothing', async () => {
    const deviceA = await Airlock.open(await vendor.options({ fingerprint: 'device-a' }));
    const forA = await vendor.answer(await deviceA.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
    const optionsB = await vendor.options({ fingerprint: 'device-b' });
    const deviceB = await Airlock.open(optionsB);
    await deviceB.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
    const before = await storeBytes(optionsB);
    await expectCode(deviceB.installLicenseFile(forA.text), 'WRONG_RECIPIENT');
    expect(deviceB.check()).toMatchObject({ code: 'NOT_ACTIVATED' });
    expect(await storeBytes(optionsB)).toEqual(before);
  });

  it('refuses a license file bound to the keys of a store since deleted (WRONG_RECIPIENT)', async () => {
    const options = await vendor.options();
    const first = await Airlock.open(options);
    const request = await first.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
    // The same device, its store deleted: same fingerprint, new keys, no outstanding request.
    await rm(options.storePath);
    const reinstalled = await Airlock.open(options);
    await reinstalled.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
    const forOldKeys = await vendor.answer(request);
    await expectCode(reinstalled.installLicenseFile(forOldKeys.text), 'WRONG_RECIPIENT');
    expect(reinstalled.check()).toMatchObject({ code: 'NOT_ACTIVATED' });
  });

  it('accepts the answer to any of its outstanding requests, and forgets them once installed', async () => {
    const airlock = await Airlock.open(await vendor.options());
    const older = await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
    await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
    const answer = await vendor.answer(older);
    await airlock.installLicenseFile(answer.text);
    expect(airlock.check().ok).toBe(true);
    await expectCode(airlock.installLicenseFile(answer.text), 'DEVICE_ALREADY_ACTIVATED');
    await expectCode(airlock.createActivationRequest({ licenseKey: '1CR5A-YMZRK-MGWCT-RFPHC-FV0HX' }), 'DEVICE_ALREADY_ACTIVATED');
  });

  it('asks for a trial with no key, and installs a license over the trial, even an ended one', async () => {
    const airlock = await Airlock.open(await vendor.options());
    const trialRequest = await airlock.createActivationRequest({ trial: true });
    const trial = await vendor.answer(trialRequest, { licenseKind: 'temporary', trial: true, validUntil: new Date(vendor.clock.now().getTime() + 1000) });
    expect(trial.request.claims.credential).toEqual({ method: 'trial' });
    expect(await airlock.installLicenseFile(trial.text)).toMatchObject({ kind: 'temporary', trial: true });
    vendor.clock.set(new Date(vendor.clock.now().getTime() + 1000));
    expect(airlock.check()).toMatchObject({ code: 'LICENSE_EXPIRED' });
    const bought = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }), { trial: false });
    expect(await airlock.installLicenseFile(bought.text)).toMatchObject({ kind: 'term', trial: false });
    expect(airlock.check().ok).toBe(true);
    await expectCode(airlock.createActivationRequest({ trial: true }), 'DEVICE_ALREADY_ACTIVATED');
  });

  it('refuses a license file that has already expired', async () => {
    const airlock = await Airlock.open(await vendor.options());
    const answer = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }), {
      validUntil: new Date(vendor.clock.now().getTime() - 1000),
    });
    await expectCode(airlock.installLicenseFile(answer.text), 'LICENSE_EXPIRED');
    expect(airlock.check()).toMatchObject({ code: 'NOT_ACTIVATED' });
  });
});

describe('expiry', () => {
  it('answers LICENSE_EXPIRED from validUntil on, and ok the millisecond before', async () => {
    const { airlock } = await activatedDevice(vendor);
    const end = defaultTerms.validUntil!;
    vendor.clock.set(new Date(end.getTime() - 1));
    expect(airlock.check().ok).toBe(true);
    vendor.clock.set(end);
    expect(airlock.check()).toEqual({ ok: false, code: 'LICENSE_EXPIRED', detail: { expiredAt: end.toISOString() } });
    expect(airlock.hasFeature('export')).toBe(false);
    await expectCode(airlock.consume('renders'), 'LICENSE_EXPIRED');
  });

  it('never expires a permanent license', async () => {
    const { airlock } = await activatedDevice(vendor, { licenseKind: 'permanent', validUntil: null });
    vendor.clock.set(new Date('2126-01-01T00:00:00Z'));
    expect(airlock.check()).toMatchObject({ ok: true, license: { kind: 'permanent', validUntil: null } });
  });
});

describe('a fingerprint strategy of the application', () => {
  it('is a function asked once at open, sync or async, whose answer binds the device', async () => {
    let asked = 0;
    const strategy = async () => {
      asked += 1;
      return `${machineFingerprint('studio')}.dongle-7731`;
    };
    const options = await vendor.options({ fingerprint: strategy });
    const airlock = await Airlock.open(options);
    expect([airlock.fingerprint, asked]).toEqual([`${machineFingerprint('studio')}.dongle-7731`, 1]);
    const { request } = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
    expect(request.claims.fingerprint).toBe(airlock.fingerprint);
    const reopened = await Airlock.open({ ...options, fingerprint: () => 'another-machine' });
    expect(reopened.check()).toMatchObject({ ok: false, code: 'STORE_WRONG_DEVICE' });
  });

  it('is checked as a string is: REQUEST_INVALID for an answer that is not 1–128 visible ASCII characters', async () => {
    for (const answer of ['', 'has space', 'x'.repeat(129), 42]) {
      await expectCode(Airlock.open(await vendor.options({ fingerprint: () => answer as string })), 'REQUEST_INVALID');
    }
  });
});

describe('a mistyped license key', () => {
  it('is refused on the device with LICENSE_KEY_MALFORMED before any request is written, offline and online', async () => {
    const calls: string[] = [];
    const fetch = ((url: string) => {
      calls.push(url);
      return Promise.reject(new TypeError('not to be called'));
    }) as unknown as typeof globalThis.fetch;
    const options = await vendor.options({ authorityUrl: 'http://authority.test', fetch });
    const airlock = await Airlock.open(options);
    const before = await storeBytes(options);
    const swapped = 'J7AB2-2XN31-7QVKK-CSC4J-SZZ4S';
    const error = await expectCode(airlock.createActivationRequest({ licenseKey: swapped }), 'LICENSE_KEY_MALFORMED');
    expect(error.detail).toMatchObject({ reason: 'check character does not match: a character is mistyped' });
    await expectCode(airlock.activate({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS' }), 'LICENSE_KEY_MALFORMED');
    expect([calls, await storeBytes(options)]).toEqual([[], before]);
  });

  it('is forgiven its case, spaces and O for 0, and sent in its canonical spelling', async () => {
    const airlock = await Airlock.open(await vendor.options());
    const { request } = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'j7ab2 2xn31 7qvkk csc4j szzs4' }));
    expect(request.claims.credential).toEqual({ method: 'license-key', licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
  });
});
