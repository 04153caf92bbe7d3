import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { createTestAuthority } from '@airlock/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activatedDevice, expectCode, storeBytes, testVendor, type TestVendor } from '../test/test-vendor.ts';
import { Airlock } from './index.ts';

let vendor: TestVendor;
beforeEach(async () => {
  vendor = await testVendor();
});
afterEach(() => vendor.dispose());

/** The store with one byte changed, as an editor or a bad disk would. */
async function flipByte(path: string, at: (length: number) => number): Promise<void> {
  const bytes = await readFile(path);
  const index = at(bytes.length);
  bytes[index] = bytes[index]! ^ 0x01;
  await writeFile(path, bytes);
}

describe('a store edited on disk', () => {
  it.each([
    ['the encrypted state', (n: number) => Math.floor(n / 2)],
    ['the header', () => 30],
    ['the checksum', (n: number) => n - 10],
  ])('answers STORE_TAMPERED when a byte of %s changes, and writes nothing over it', async (_where, at) => {
    const { options } = await activatedDevice(vendor);
    await flipByte(options.storePath, at);
    const edited = await storeBytes(options);
    const airlock = await Airlock.open(options);
    const result = airlock.check();
    expect(result).toMatchObject({ ok: false, code: 'STORE_TAMPERED' });
    expect(airlock.hasFeature('export')).toBe(false);
    await expectCode(airlock.consume('renders'), 'STORE_TAMPERED');
    await expectCode(airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }), 'STORE_TAMPERED');
    await expectCode(airlock.setVariable('a', 'b'), 'STORE_TAMPERED');
    await expectCode(airlock.deactivate(), 'STORE_TAMPERED');
    expect(await storeBytes(options)).toEqual(edited);
  });

  it('answers STORE_TAMPERED for a store cut short or emptied', async () => {
    const { options } = await activatedDevice(vendor);
    const whole = await readFile(options.storePath, 'utf8');
    await writeFile(options.storePath, whole.slice(0, whole.length / 2));
    expect((await Airlock.open(options)).check()).toMatchObject({ code: 'STORE_TAMPERED' });
    await writeFile(options.storePath, '');
    expect((await Airlock.open(options)).check()).toMatchObject({ code: 'STORE_TAMPERED' });
  });
});

describe('a store copied to another device', () => {
  it('is refused with STORE_WRONG_DEVICE: the license does not travel with the file', async () => {
    const { options } = await activatedDevice(vendor, {}, { fingerprint: 'device-a' });
    const other = await vendor.options({ fingerprint: 'device-b' });
    await copyFile(options.storePath, other.storePath);
    const copied = await Airlock.open(other);
    expect(copied.check()).toMatchObject({ ok: false, code: 'STORE_WRONG_DEVICE', detail: { reason: 'the store was made on another device' } });
    expect(copied.hasFeature('export')).toBe(false);
    await expectCode(copied.consume('renders'), 'STORE_WRONG_DEVICE');
  });

  it('is refused for another product at the same path', async () => {
    const { options } = await activatedDevice(vendor);
    const other = await Airlock.open({ ...options, product: 'other-product' });
    expect(other.check()).toMatchObject({ code: 'STORE_WRONG_DEVICE' });
  });
});

describe('a stored license that no longer verifies', () => {
  it('is not in force, answers the code of its verification, and gives way to a new activation', async () => {
    const { options } = await activatedDevice(vendor);
    const other = await createTestAuthority('another-vendor');
    const repinned = await Airlock.open({ ...options, rootKey: other.root.publicJwk, authorityEncryptionKey: other.encryptionCertificate });
    expect(repinned.check()).toMatchObject({ ok: false, code: 'KEY_CERTIFICATE_INVALID', detail: { stored: 'the installed license no longer verifies' } });
    expect(repinned.license).toBeNull();
    await expect(repinned.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' })).resolves.toMatch(/DEVICE ACTIVATION REQUEST/);
  });
});

describe('a clock set back', () => {
  it('answers CLOCK_ROLLED_BACK beyond the tolerance, and ok within it or once the clock is right', async () => {
    const { airlock } = await activatedDevice(vendor);
    vendor.clock.advance(3_600_000);
    expect(airlock.check().ok).toBe(true);
    vendor.clock.advance(-300_000);
    expect(airlock.check().ok).toBe(true);
    vendor.clock.advance(-1);
    expect(airlock.check()).toMatchObject({ ok: false, code: 'CLOCK_ROLLED_BACK' });
    expect(airlock.hasFeature('export')).toBe(false);
    await expectCode(airlock.consume('renders'), 'CLOCK_ROLLED_BACK');
    vendor.clock.advance(1);
    expect(airlock.check().ok).toBe(true);
  });

  it('is caught across a restart: the latest time seen is kept in the store', async () => {
    const { airlock, options } = await activatedDevice(vendor);
    vendor.clock.advance(86_400_000);
    await airlock.consume('renders');
    vendor.clock.advance(-2 * 86_400_000);
    const reopened = await Airlock.open(options);
    expect(reopened.check()).toMatchObject({ ok: false, code: 'CLOCK_ROLLED_BACK' });
    await expectCode(reopened.consume('renders'), 'CLOCK_ROLLED_BACK');
  });

  it('takes a clock set back before the license file was issued as set back, not as a file from the future', async () => {
    const { options } = await activatedDevice(vendor);
    vendor.clock.advance(-86_400_000);
    const reopened = await Airlock.open(options);
    expect(reopened.check()).toMatchObject({ ok: false, code: 'CLOCK_ROLLED_BACK' });
  });

  it('refuses to install a license file while the clock is set back', async () => {
    const options = await vendor.options();
    const airlock = await Airlock.open(options);
    const request = await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
    const answer = await vendor.answer(request);
    vendor.clock.advance(-3_600_000);
    await expectCode(airlock.installLicenseFile(answer.text), 'CLOCK_ROLLED_BACK');
  });
});
