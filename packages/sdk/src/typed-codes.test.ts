import { writeFile } from 'node:fs/promises';
import {
  activationCodeSecret,
  checkDeactivationCode,
  generateLicenseKey,
  checkInitializationCode,
  issueActivationCode,
  licenseKeyDigest,
  parseLicenseKey,
  verifyDeactivationCode,
} from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectCode, storeBytes, testVendor, type TestVendor } from '../test/test-vendor.ts';
import { Airlock, type AirlockOptions } from './index.ts';
import { readStore, sealStore } from './local-store.ts';

/**
 * Activation by typed codes on the device. The portal's part is played by the core (the
 * authority's own answer is tested end to end in apps/authority/test/activation-codes.test.ts):
 * what the device does with each code a person types.
 */
const KEY = 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4';
const OTHER_KEY = generateLicenseKey(seededRandom('another license'));
const CODE_FEATURES = ['batch', 'export'];

let vendor: TestVendor;
beforeEach(async () => {
  vendor = await testVendor();
});
afterEach(() => vendor.dispose());

/** The portal's answer to an initialization code, under a license key. */
function answer(initializationCode: string, terms: { key?: string; validUntil?: Date | null; features?: string[]; codeFeatures?: string[] } = {}): string {
  const read = checkInitializationCode(initializationCode);
  if (!read.ok) throw new Error(read.code);
  return issueActivationCode({
    secret: activationCodeSecret(licenseKeyDigest(parseLicenseKey(terms.key ?? KEY)), 'studio'),
    initialization: read.value,
    validUntil: terms.validUntil === undefined ? new Date('2027-11-23T12:00:00Z') : terms.validUntil,
    features: terms.features ?? ['export'],
    codeFeatures: terms.codeFeatures ?? CODE_FEATURES,
  }).text;
}

async function openDevice(overrides: Partial<AirlockOptions> = {}) {
  const options = await vendor.options({ codeFeatures: CODE_FEATURES, ...overrides });
  return { options, airlock: await Airlock.open(options) };
}

/** A device with a license installed from typed codes. */
async function codeActivated(overrides: Partial<AirlockOptions> = {}) {
  const { options, airlock } = await openDevice(overrides);
  const initializationCode = await airlock.createInitializationCode({ licenseKey: KEY });
  const activationCode = answer(initializationCode);
  await airlock.installActivationCode(activationCode);
  return { options, airlock, initializationCode, activationCode };
}

describe('activation by typed codes', () => {
  it('shows an initialization code, installs the activation code as typed, and answers from memory with its end and features', async () => {
    const { options, airlock } = await openDevice();
    const initializationCode = await airlock.createInitializationCode({ licenseKey: KEY.toLowerCase().replaceAll('-', ' ') });
    expect(initializationCode).toMatch(/^1[0-9A-HJKMNP-TV-Z]{3}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(airlock.pendingInitializationCode).toBe(initializationCode);
    expect(airlock.check()).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });
    const typed = answer(initializationCode).toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o');
    const license = await airlock.installActivationCode(typed);
    expect(license).toEqual({
      licenseId: `code:${initializationCode}`,
      product: 'studio',
      kind: 'term',
      revision: 1,
      trial: false,
      validUntil: new Date('2027-11-24T00:00:00Z'),
      features: ['export'],
      meters: [],
      metadata: [],
      allowOffline: true,
      clockSkewTolerance: 300_000,
      licenseFileId: answer(initializationCode),
    });
    expect(airlock.check()).toEqual({ ok: true, license });
    expect([airlock.hasFeature('export'), airlock.hasFeature('batch')]).toEqual([true, false]);
    expect(airlock.checkFeature('batch')).toMatchObject({ ok: false, code: 'FEATURE_NOT_LICENSED' });
    expect(airlock.pendingInitializationCode).toBeNull();

    const reopened = await Airlock.open(options);
    expect(reopened.check()).toMatchObject({ ok: true, license: { features: ['export'], validUntil: new Date('2027-11-24T00:00:00Z') } });
    vendor.clock.set(new Date('2027-11-24T00:00:00Z'));
    expect(reopened.check()).toMatchObject({ ok: false, code: 'LICENSE_EXPIRED' });
  });

  it('has no meters, refreshes or files: those commands are refused and change nothing', async () => {
    const { airlock, options } = await codeActivated();
    const before = await storeBytes(options);
    await expectCode(airlock.consume('renders'), 'LICENSE_TYPE_NOT_LICENSED');
    await expectCode(airlock.createRefreshRequest(), 'ACTIVATED_BY_CODE');
    await expectCode(airlock.applyRefreshFile('a refresh file'), 'ACTIVATED_BY_CODE');
    await expectCode(airlock.deactivate(), 'ACTIVATED_BY_CODE');
    expect(airlock.usage('renders')).toBeUndefined();
    expect(await storeBytes(options)).toEqual(before);
  });

  it('refuses a mistyped code without counting it, and a wrong one as an attempt: after 10 the initialization code is forgotten', async () => {
    const { airlock, options } = await openDevice();
    const initializationCode = await airlock.createInitializationCode({ licenseKey: KEY });
    const genuine = answer(initializationCode);
    const mistyped = genuine.slice(0, 3) + (genuine[3] === 'A' ? 'B' : 'A') + genuine.slice(4);
    expect((await expectCode(airlock.installActivationCode(mistyped), 'ACTIVATION_CODE_INVALID')).detail).toMatchObject({ kind: 'activation' });
    await expectCode(airlock.installActivationCode(initializationCode), 'ACTIVATION_CODE_INVALID');
    const forged = answer(initializationCode, { key: OTHER_KEY });
    for (let attempt = 1; attempt <= 10; attempt++) {
      const error = await expectCode(airlock.installActivationCode(forged), 'ACTIVATION_CODE_MISMATCH');
      expect(error.detail).toEqual({ initializationCode, attemptsLeft: 10 - attempt });
      expect(airlock.check()).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });
    }
    expect(airlock.pendingInitializationCode).toBeNull();
    await expectCode(airlock.installActivationCode(genuine), 'ACTIVATION_REQUEST_UNKNOWN');
    expect((await Airlock.open(options)).check()).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });
  });

  it('refuses the answer to another device, to an older initialization code, or to codeFeatures listed otherwise', async () => {
    const other = await openDevice({ fingerprint: 'device-b' });
    const { airlock } = await openDevice();
    const older = await airlock.createInitializationCode({ licenseKey: KEY });
    const current = await airlock.createInitializationCode({ licenseKey: KEY });
    expect(current).not.toBe(older);
    await expectCode(airlock.installActivationCode(answer(await other.airlock.createInitializationCode({ licenseKey: KEY }))), 'ACTIVATION_CODE_MISMATCH');
    await expectCode(airlock.installActivationCode(answer(older)), 'ACTIVATION_CODE_MISMATCH');
    await expectCode(airlock.installActivationCode(answer(current, { codeFeatures: ['export', 'batch'] })), 'ACTIVATION_CODE_MISMATCH');
    await expectCode(airlock.installActivationCode(answer(current, { validUntil: new Date('2026-11-01T00:00:00Z') })), 'LICENSE_EXPIRED');
    expect(airlock.check()).toMatchObject({ ok: false, code: 'NOT_ACTIVATED' });
    await airlock.installActivationCode(answer(current));
    expect(airlock.check().ok).toBe(true);
  });

  it('checks the license key before showing anything', async () => {
    const { airlock } = await openDevice();
    await expectCode(airlock.createInitializationCode({ licenseKey: KEY.slice(0, -1) + 'A' }), 'LICENSE_KEY_MALFORMED');
    expect(airlock.pendingInitializationCode).toBeNull();
  });

  it('answers STORE_TAMPERED when the store holds an activation code that no longer verifies', async () => {
    const { options, initializationCode } = await codeActivated();
    const binding = { product: 'studio', fingerprint: 'device-a' };
    const read = await readStore(options.storePath, binding);
    if (read.kind !== 'ok') throw new Error(read.kind);
    const granted = answer(initializationCode, { features: ['batch', 'export'], key: OTHER_KEY });
    await writeFile(options.storePath, sealStore({ ...read.state, codeLicense: { ...read.state.codeLicense!, activationCode: granted } }, binding, read.salt));
    const edited = await Airlock.open(options);
    expect(edited.check()).toEqual({ ok: false, code: 'STORE_TAMPERED', detail: { reason: 'the installed activation code no longer verifies' } });
    expect(edited.hasFeature('batch')).toBe(false);
  });

  it('gives the license up with a deactivation code the portal can verify, shown again when asked again', async () => {
    const { airlock, options, initializationCode } = await codeActivated();
    const deactivationCode = await airlock.createDeactivationCode();
    expect(airlock.check()).toMatchObject({ ok: false, code: 'DEVICE_DEACTIVATED' });
    expect(await airlock.createDeactivationCode()).toBe(deactivationCode);
    expect((await Airlock.open(options)).deactivationCode).toBe(deactivationCode);
    const read = checkDeactivationCode(deactivationCode);
    const initialization = checkInitializationCode(initializationCode);
    if (!read.ok || !initialization.ok) throw new Error('unreadable');
    expect(verifyDeactivationCode(read.value, activationCodeSecret(licenseKeyDigest(parseLicenseKey(KEY)), 'studio'), initialization.value).ok).toBe(true);
    // The device may be activated again, by a new code.
    await airlock.installActivationCode(answer(await airlock.createInitializationCode({ licenseKey: KEY })));
    expect(airlock.check().ok).toBe(true);
  });

  it('is replaced by a license from files, and refused while one is in force', async () => {
    const { airlock } = await codeActivated();
    const issued = await vendor.answer(await airlock.createActivationRequest({ licenseKey: KEY }));
    await airlock.installLicenseFile(issued.text);
    expect(airlock.check()).toMatchObject({ ok: true, license: { licenseId: 'lic-1' } });
    await expectCode(airlock.createInitializationCode({ licenseKey: KEY }), 'DEVICE_ALREADY_ACTIVATED');
    await expectCode(airlock.createDeactivationCode(), 'NOT_ACTIVATED');
  });

  it('refuses codeFeatures it cannot carry', async () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => `f${i}`);
    for (const codeFeatures of [tooMany, ['a', 'a'], ['bad name']]) {
      await expectCode(
        vendor.options({ codeFeatures }).then((options) => Airlock.open(options)),
        'REQUEST_INVALID',
      );
    }
  });
});
