import { bench, describe } from 'vitest';
import { activatedDevice, START, testVendor } from '../test/test-vendor.ts';

/**
 * The SDK's hot path next to a raw baseline: `check()` and `hasFeature()` answer from the
 * license kept in memory (a clock read, two comparisons, a Set lookup), never from disk or
 * cryptography. Target: under 2 µs median each. The clock reads the real one, as an app's
 * does, shifted to the test authority's dates.
 */
const vendor = await testVendor();
const offset = START.getTime() - Date.now();
const { airlock } = await activatedDevice(vendor, {}, { now: () => new Date(Date.now() + offset) });
const features = new Map<string, boolean>([['export', true]]);

if (!airlock.check().ok || !airlock.hasFeature('export')) throw new Error('the benchmark device is not licensed');

describe('license checks on a device', () => {
  bench('baseline: Map lookup', () => {
    features.get('export');
  });
  bench('check()', () => {
    airlock.check();
  });
  bench('hasFeature()', () => {
    airlock.hasFeature('export');
  });
});
