import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activatedDevice, expectCode, storeBytes, testVendor, type TestVendor } from '../test/test-vendor.ts';
import { Airlock } from './index.ts';

let vendor: TestVendor;
beforeEach(async () => {
  vendor = await testVendor();
});
afterEach(() => vendor.dispose());

describe('deactivation', () => {
  it('writes a deactivation file with the unreported consumption and the variables, and disables the license', async () => {
    const { airlock, issued } = await activatedDevice(vendor);
    await airlock.consume('renders', 3);
    await airlock.consume('previews', 40);
    await airlock.setVariable('last-project', 'turbine-7');
    const { text, submitted } = await airlock.deactivate();
    expect(submitted).toBe(false);
    const opened = await vendor.openDeactivation(text);
    expect(opened.signerKid).toBe(issued.request.signerKid);
    expect(opened.claims).toMatchObject({
      answers: [issued.claims.jti],
      licenseId: 'lic-1',
      product: 'studio',
      fingerprint: 'device-a',
      licenseRevision: 1,
      consumption: [
        { meter: 'renders', amount: 3 },
        { meter: 'previews', amount: 40 },
      ],
      variables: [{ name: 'last-project', value: 'turbine-7' }],
    });
    expect(airlock.check()).toEqual({ ok: false, code: 'DEVICE_DEACTIVATED', detail: {} });
    expect(airlock.hasFeature('export')).toBe(false);
    expect(airlock.license).toBeNull();
    expect(airlock.deactivationFile).toBe(text);
    expect(airlock.variables).toEqual([]);
  });

  it('stays deactivated across restarts, keeping the file to upload', async () => {
    const { airlock, options } = await activatedDevice(vendor);
    const { text } = await airlock.deactivate();
    const reopened = await Airlock.open(options);
    expect(reopened.check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
    expect(reopened.deactivationFile).toBe(text);
    expect(reopened.deactivationSubmitted).toBe(false);
  });

  it('refuses a second deactivation (DEVICE_DEACTIVATED) and changes nothing', async () => {
    const { airlock, options } = await activatedDevice(vendor);
    await airlock.deactivate();
    const before = await storeBytes(options);
    await expectCode(airlock.deactivate(), 'DEVICE_DEACTIVATED');
    await expectCode(airlock.consume('renders'), 'DEVICE_DEACTIVATED');
    expect(await storeBytes(options)).toEqual(before);
  });

  it('refuses to install the old license file again (ACTIVATION_REQUEST_UNKNOWN)', async () => {
    const { airlock, issued } = await activatedDevice(vendor);
    await airlock.deactivate();
    await expectCode(airlock.installLicenseFile(issued.text), 'ACTIVATION_REQUEST_UNKNOWN');
    expect(airlock.check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
  });

  it('activates again with a new request, starting its consumption from zero', async () => {
    const { airlock } = await activatedDevice(vendor);
    await airlock.consume('renders', 10);
    await airlock.deactivate();
    const again = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
    await airlock.installLicenseFile(again.text);
    expect(airlock.check().ok).toBe(true);
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 0, limit: 10, remaining: 10, overage: 0, overageAllowance: 0 });
    expect(airlock.deactivationFile).toBeNull();
  });

  it('refuses to write a deactivation file for a license that may not travel as files (OFFLINE_NOT_ALLOWED)', async () => {
    const { airlock, options } = await activatedDevice(vendor, { checks: { allowOffline: false, clockSkewTolerance: 300_000 } });
    const before = await storeBytes(options);
    await expectCode(airlock.deactivate(), 'OFFLINE_NOT_ALLOWED');
    expect(airlock.check().ok).toBe(true);
    expect(await storeBytes(options)).toEqual(before);
  });

  it('refuses to deactivate a device with no license (NOT_ACTIVATED)', async () => {
    const airlock = await Airlock.open(await vendor.options());
    await expectCode(airlock.deactivate(), 'NOT_ACTIVATED');
  });
});

describe('device variables', () => {
  it('are set, replaced, removed and kept across restarts', async () => {
    const options = await vendor.options();
    const airlock = await Airlock.open(options);
    await airlock.setVariable('last-project', 'turbine-7');
    await airlock.setVariable('seat', 'lab-4');
    await airlock.setVariable('last-project', 'turbine-8');
    expect(airlock.variable('last-project')).toBe('turbine-8');
    await airlock.setVariable('seat', null);
    const reopened = await Airlock.open(options);
    expect(reopened.variables).toEqual([{ name: 'last-project', value: 'turbine-8' }]);
  });

  it('refuses bad names, long values and more than 100 variables with REQUEST_INVALID', async () => {
    const airlock = await Airlock.open(await vendor.options());
    await expectCode(airlock.setVariable('has space', 'x'), 'REQUEST_INVALID');
    await expectCode(airlock.setVariable('long', 'x'.repeat(1025)), 'REQUEST_INVALID');
    for (let i = 0; i < 100; i++) await airlock.setVariable(`v${i}`, String(i));
    await expectCode(airlock.setVariable('one-more', 'x'), 'REQUEST_INVALID');
    await airlock.setVariable('v0', 'replaced');
    expect(airlock.variables).toHaveLength(100);
  });
});
