import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activatedDevice, expectCode, storeBytes, testVendor, type TestVendor } from '../test/test-vendor.ts';
import { Airlock } from './index.ts';

let vendor: TestVendor;
beforeEach(async () => {
  vendor = await testVendor();
});
afterEach(() => vendor.dispose());

describe('consumption', () => {
  it('counts consumption against the meter limit, up to the limit exactly', async () => {
    const { airlock } = await activatedDevice(vendor);
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 0, limit: 10, remaining: 10, overage: 0, overageAllowance: 0 });
    expect(await airlock.consume('renders', 4)).toEqual({ meter: 'renders', used: 4, limit: 10, remaining: 6, overage: 0, overageAllowance: 0 });
    expect(await airlock.consume('renders')).toEqual({ meter: 'renders', used: 5, limit: 10, remaining: 5, overage: 0, overageAllowance: 0 });
    expect(await airlock.consume('renders', 5)).toEqual({ meter: 'renders', used: 10, limit: 10, remaining: 0, overage: 0, overageAllowance: 0 });
  });

  it('refuses consumption past the limit with METER_LIMIT_REACHED, recording nothing', async () => {
    const { airlock, options } = await activatedDevice(vendor);
    await airlock.consume('renders', 8);
    const before = await storeBytes(options);
    const error = await expectCode(airlock.consume('renders', 3), 'METER_LIMIT_REACHED');
    expect(error.detail).toEqual({ meter: 'renders', used: 8, amount: 3, limit: 10, remaining: 2, overageAllowance: 0 });
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 8, limit: 10, remaining: 2, overage: 0, overageAllowance: 0 });
    expect(await storeBytes(options)).toEqual(before);
  });

  it('has no limit on a meter whose limit is null', async () => {
    const { airlock } = await activatedDevice(vendor);
    expect(await airlock.consume('previews', 1_000_000_000)).toEqual({
      meter: 'previews',
      used: 1_000_000_000,
      limit: null,
      remaining: null,
      overage: 0,
      overageAllowance: 0,
    });
  });

  it('refuses a meter the license lacks and amounts that are not whole numbers from 1', async () => {
    const { airlock } = await activatedDevice(vendor);
    const missing = await expectCode(airlock.consume('exports'), 'LICENSE_TYPE_NOT_LICENSED');
    expect(missing.detail).toEqual({ type: 'exports', expected: 'meter' });
    for (const amount of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1_000_000_001]) {
      await expectCode(airlock.consume('renders', amount), 'QUANTITY_INVALID');
    }
    expect(airlock.usage('renders')?.used).toBe(0);
  });

  it('keeps consumption across restarts', async () => {
    const { airlock, options } = await activatedDevice(vendor);
    await airlock.consume('renders', 7);
    const reopened = await Airlock.open(options);
    expect(reopened.usage('renders')).toEqual({ meter: 'renders', used: 7, limit: 10, remaining: 3, overage: 0, overageAllowance: 0 });
    await expectCode(reopened.consume('renders', 4), 'METER_LIMIT_REACHED');
  });

  it('never goes past the limit under concurrent calls', async () => {
    const { airlock } = await activatedDevice(vendor);
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => airlock.consume('renders')));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    expect(airlock.usage('renders')?.used).toBe(10);
  });
});
