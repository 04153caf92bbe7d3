import fc from 'fast-check';
import { allErrorCodes, isAirlockError } from '@airlock/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatedDevice, storeBytes, testVendor, type TestVendor } from '../test/test-vendor.ts';
import { Airlock, type AirlockOptions } from './index.ts';

/**
 * Whatever text reaches installLicenseFile or applyRefreshFile, or comes back from the
 * authority as a check-in receipt — random, truncated, a genuine document with characters
 * changed or spliced — is refused with a registered AirlockError code, and neither the store
 * file nor what `check` answers changes. The genuine documents are ones the device must refuse
 * even intact (a license file for a request it has forgotten, a refresh it has applied, a
 * receipt answering an earlier request), so that a change that keeps a document valid is
 * still a refusal, after every layer of checks.
 */
let vendor: TestVendor;
let genuineLicense: string;
let genuineRefresh: string;
let genuineReceipt: string;
/** What the authority stand-in answers `refresh()` with as its receipt. */
let nextReceipt: unknown;
let active: { airlock: Airlock; options: AirlockOptions };
let waiting: { airlock: Airlock; options: AirlockOptions };

beforeAll(async () => {
  vendor = await testVendor();
  const standIn = (() =>
    Promise.resolve(
      Response.json({ activationId: 'act-1', licenseId: 'lic-1', status: 'active', revision: 2, receipt: nextReceipt }),
    )) as unknown as typeof fetch;
  const device = await activatedDevice(vendor, {}, { authorityUrl: 'http://authority.test', fetch: standIn });
  active = device;
  genuineReceipt = await vendor.receipt('0c8e7d6a-5b4f-4e3d-8c2b-1a0f9e8d7c6b');
  genuineRefresh = await vendor.refresh(device.issued, { revision: 2 });
  await device.airlock.applyRefreshFile(genuineRefresh);
  const options = await vendor.options({ fingerprint: 'device-w' });
  const airlock = await Airlock.open(options);
  genuineLicense = (await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }))).text;
  // Eight newer requests push the one the license answers out of the outstanding list.
  for (let i = 0; i < 8; i++) await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
  waiting = { airlock, options };
});
afterAll(() => vendor.dispose());

const registered = new Set<string>(allErrorCodes);

/** Text near a genuine document: cut, a character replaced, or a piece of another inserted. */
function nearly(genuine: () => string) {
  return fc.oneof(
    fc.nat().map((n) => genuine().slice(0, n % genuine().length)),
    fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([n, c]) => {
      const text = genuine();
      const i = n % text.length;
      return text.slice(0, i) + c + text.slice(i + 1);
    }),
    fc.tuple(fc.nat(), fc.string({ maxLength: 40 })).map(([n, s]) => {
      const text = genuine();
      const i = n % text.length;
      return text.slice(0, i) + s + text.slice(i);
    }),
  );
}

const inputs = (genuine: () => string) =>
  fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ maxLength: 200 }).map((body) => `-----BEGIN AIRLOCK DEVICE LICENSE FILE-----\n${body}\n-----END AIRLOCK DEVICE LICENSE FILE-----\n`),
    nearly(genuine),
    fc.constantFrom(null, undefined, 42, {}, [], 'x'.repeat(1_048_577)),
  );

async function expectCleanRefusal(run: () => Promise<unknown>, device: { airlock: Airlock; options: AirlockOptions }) {
  const before = await storeBytes(device.options);
  const checkBefore = device.airlock.check();
  const error: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAirlockError(error), String(error)).toBe(true);
  if (isAirlockError(error)) expect(registered.has(error.code)).toBe(true);
  expect(await storeBytes(device.options)).toEqual(before);
  expect(device.airlock.check()).toEqual(checkBefore);
}

describe('malformed files', () => {
  it('start from genuine files the device refuses intact', async () => {
    await expectCleanRefusal(() => waiting.airlock.installLicenseFile(genuineLicense), waiting);
    await expectCleanRefusal(() => active.airlock.applyRefreshFile(genuineRefresh), active);
    nextReceipt = genuineReceipt;
    await expectCleanRefusal(() => active.airlock.refresh(), active);
  });

  it('installLicenseFile refuses them with a registered code and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        inputs(() => genuineLicense),
        async (text) => {
          await expectCleanRefusal(() => waiting.airlock.installLicenseFile(text as string), waiting);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('applyRefreshFile refuses them with a registered code and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        inputs(() => genuineRefresh),
        async (text) => {
          await expectCleanRefusal(() => active.airlock.applyRefreshFile(text as string), active);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refresh() refuses them as its check-in receipt with a registered code and changes nothing', async () => {
    await fc.assert(
      // An answer with no receipt at all (an authority from before receipts) records no contact and is not refused.
      fc.asyncProperty(
        inputs(() => genuineReceipt).filter((receipt) => receipt !== undefined),
        async (receipt) => {
          nextReceipt = receipt;
          await expectCleanRefusal(() => active.airlock.refresh(), active);
        },
      ),
      { numRuns: 150 },
    );
  });
});
