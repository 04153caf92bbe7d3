import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activatedDevice, defaultTerms, expectCode, storeBytes, testVendor, type TestVendor } from '../test/test-vendor.ts';
import { Airlock } from './index.ts';

let vendor: TestVendor;
beforeEach(async () => {
  vendor = await testVendor();
});
afterEach(() => vendor.dispose());

const upgraded = {
  validUntil: new Date('2028-11-23T00:00:00Z'),
  entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 100 }] },
};

describe('refresh files', () => {
  it('applies a newer refresh: new features, limits and end, kept across restarts', async () => {
    const { airlock, options, issued } = await activatedDevice(vendor);
    await airlock.consume('renders', 9);
    vendor.clock.advance(60_000);
    const license = await airlock.applyRefreshFile(await vendor.refresh(issued, upgraded));
    expect(license).toMatchObject({ revision: 2, features: ['export', 'batch'], validUntil: upgraded.validUntil, licenseFileId: issued.claims.jti });
    expect(airlock.hasFeature('batch')).toBe(true);
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 9, limit: 100, remaining: 91, overage: 0, overageAllowance: 0 });
    expect(airlock.usage('previews')).toBeUndefined();
    const reopened = await Airlock.open(options);
    expect(reopened.check()).toMatchObject({ ok: true, license: { revision: 2, features: ['export', 'batch'] } });
  });

  it('renews an expired license', async () => {
    const { airlock, issued } = await activatedDevice(vendor);
    vendor.clock.set(defaultTerms.validUntil!);
    expect(airlock.check()).toMatchObject({ code: 'LICENSE_EXPIRED' });
    await airlock.applyRefreshFile(await vendor.refresh(issued, upgraded));
    expect(airlock.check().ok).toBe(true);
  });

  it('refuses a refresh that is not newer (REFRESH_NOT_NEWER), so an old file never rolls back', async () => {
    const { airlock, options, issued } = await activatedDevice(vendor);
    const second = await vendor.refresh(issued, { ...upgraded, revision: 2 });
    const third = await vendor.refresh(issued, { revision: 3 });
    await airlock.applyRefreshFile(third);
    const before = await storeBytes(options);
    const error = await expectCode(airlock.applyRefreshFile(second), 'REFRESH_NOT_NEWER');
    expect(error.detail).toEqual({ held: 3, found: 2 });
    await expectCode(airlock.applyRefreshFile(third), 'REFRESH_NOT_NEWER');
    expect(airlock.license?.revision).toBe(3);
    expect(await storeBytes(options)).toEqual(before);
  });

  it('refuses a refresh made for another device (WRONG_RECIPIENT)', async () => {
    const deviceA = await activatedDevice(vendor, {}, { fingerprint: 'device-a' });
    const deviceB = await activatedDevice(vendor, {}, { fingerprint: 'device-b' });
    await expectCode(deviceB.airlock.applyRefreshFile(await vendor.refresh(deviceA.issued, upgraded)), 'WRONG_RECIPIENT');
    expect(deviceB.airlock.license?.revision).toBe(1);
  });

  it("refuses a refresh of this device's earlier activation (WRONG_RECIPIENT)", async () => {
    const { airlock, issued: first } = await activatedDevice(vendor);
    await airlock.deactivate();
    const second = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
    await airlock.installLicenseFile(second.text);
    const error = await expectCode(airlock.applyRefreshFile(await vendor.refresh(first, upgraded)), 'WRONG_RECIPIENT');
    expect(error.detail).toMatchObject({ reason: 'it refreshes another activation', expected: second.claims.jti, found: first.claims.jti });
  });

  it('refuses refresh files for a license that may not travel as files (OFFLINE_NOT_ALLOWED)', async () => {
    const { airlock, issued } = await activatedDevice(vendor, { checks: { allowOffline: false, clockSkewTolerance: 300_000 } });
    await expectCode(airlock.applyRefreshFile(await vendor.refresh(issued, upgraded)), 'OFFLINE_NOT_ALLOWED');
  });

  it('refuses a refresh on a device with no license, or a deactivated one', async () => {
    const { airlock, issued } = await activatedDevice(vendor);
    const refresh = await vendor.refresh(issued, upgraded);
    const fresh = await Airlock.open(await vendor.options({ fingerprint: 'device-c' }));
    await expectCode(fresh.applyRefreshFile(refresh), 'NOT_ACTIVATED');
    await airlock.deactivate();
    await expectCode(airlock.applyRefreshFile(refresh), 'DEVICE_DEACTIVATED');
  });
});
