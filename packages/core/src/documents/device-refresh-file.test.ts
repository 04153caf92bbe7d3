import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dearmor } from '../encoding/armor.ts';
import { decryptCompact } from '../encoding/jose-compact.ts';
import { days, minutes } from '../time/duration.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { DEVICE_FINGERPRINT as FINGERPRINT, deviceFileParties, itIsSealedToItsDevice } from '../testing/device-file-cases.ts';
import type { DeviceLicenseTerms } from './device-claims.ts';
import {
  isNewerDeviceRefresh,
  issueDeviceRefreshFile,
  openDeviceRefreshFile,
  refreshAppliesTo,
  type DeviceRefreshFile,
  type RefreshedDevice,
} from './device-refresh-file.ts';
import { expectCode } from '../testing/tampering.ts';

const parties = await deviceFileParties();
const { now, authority, device, openContext } = parties;
const LICENSE_FILE_ID = '6f1c2b9e-4a7d-4c3b-9e8f-0a1b2c3d4e5f';

/** The activation the authority recorded: the device license file it issued, and the device's key. */
const activated: RefreshedDevice = {
  license: {
    jti: LICENSE_FILE_ID,
    licenseId: 'lic-42',
    product: 'studio',
    fingerprint: FINGERPRINT,
    deviceKeyThumbprint: device.signingKey.kid,
    revision: 1,
  },
  deviceEncryptionKey: device.encryptionKey.publicJwk,
};

const terms: DeviceLicenseTerms = {
  licenseKind: 'term',
  revision: 2,
  validUntil: new Date('2028-11-23T00:00:00Z'),
  entitlements: { features: ['export', 'batch', 'cloud-render'], meters: [{ meter: 'renders', limit: 5000 }] },
  metadata: [{ name: 'edition', value: 'Enterprise' }],
  checks: { allowOffline: true, clockSkewTolerance: minutes(10) },
};

function refresh(overrides: Partial<DeviceLicenseTerms> = {}, signer = authority.signer) {
  return issueDeviceRefreshFile(activated, { ...terms, ...overrides }, { now, random: seededRandom('refresh'), signer });
}

describe('device refresh file', () => {
  it('opens on the device with its exact claims, answering the license file it refreshes', async () => {
    const issued = await refresh();
    const opened = await openDeviceRefreshFile(issued.text, openContext);
    const expected: DeviceRefreshFile = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `device:${FINGERPRINT}`,
      answers: [LICENSE_FILE_ID],
      refreshes: LICENSE_FILE_ID,
      licenseId: 'lic-42',
      product: 'studio',
      fingerprint: FINGERPRINT,
      deviceKeyThumbprint: device.signingKey.kid,
      licenseKind: 'term',
      revision: 2,
      validUntil: 1858550400,
      entitlements: { features: ['export', 'batch', 'cloud-render'], meters: [{ meter: 'renders', limit: 5000 }] },
      metadata: [{ name: 'edition', value: 'Enterprise' }],
      checks: { allowOffline: true, clockSkewTolerance: 600 },
    };
    // The signed layer inside the encryption: what a site shows devices to certify its key.
    const jws = await decryptCompact(dearmor(issued.text).body, openContext.deviceEncryptionKey.privateKey);
    expect(opened).toEqual({ claims: expected, signerKey: authority.signingKey.publicJwk, revocations: undefined, jws });
    expect(issued.claims).toEqual(expected);
  });

  it("is not issued with a revision below the license file's, and is at the same one (it renews meter allotments)", async () => {
    const later = { ...activated, license: { ...activated.license, revision: 3 } };
    const error = await expectCode(issueDeviceRefreshFile(later, terms, { now, random: seededRandom('refresh'), signer: authority.signer }), 'PAYLOAD_INVALID');
    expect(error.detail).toEqual({ document: 'device-refresh-file', path: '/revision', reason: "a refresh must not have a revision below the license's 3" });
    expect((await refresh({ revision: 1 })).claims.revision).toBe(1);
  });

  it('is not issued for a permanent license with an end', async () => {
    await expectCode(refresh({ licenseKind: 'permanent', validUntil: new Date(now.getTime() + days(1)) }), 'PAYLOAD_INVALID');
  });

  itIsSealedToItsDevice({
    parties,
    document: 'device-refresh-file',
    noun: 'refresh file',
    armour: 'DEVICE LICENSE REFRESH FILE',
    secrets: ['lic-42', FINGERPRINT, 'cloud-render', 'Enterprise'],
    issue: (signer) => refresh({}, signer),
    open: openDeviceRefreshFile,
  });
});

describe('applying a device refresh', () => {
  const installed = { jti: LICENSE_FILE_ID, licenseId: 'lic-42' };

  it('applies to the license file it refreshes, not to another activation', () => {
    expect([
      refreshAppliesTo(installed, { refreshes: LICENSE_FILE_ID, licenseId: 'lic-42' }),
      refreshAppliesTo(installed, { refreshes: 'an-earlier-activation', licenseId: 'lic-42' }),
      refreshAppliesTo(installed, { refreshes: LICENSE_FILE_ID, licenseId: 'lic-7' }),
    ]).toEqual([true, false, false]);
  });

  it('is newer only with a higher revision: an older or equal one is not', () => {
    expect([1, 2, 3].map((revision) => isNewerDeviceRefresh(2, { revision }))).toEqual([false, false, true]);
  });

  it('is newer at the same revision only when issued later than the file held', () => {
    expect([100, 101].map((iat) => isNewerDeviceRefresh(2, { revision: 2, iat }, 100))).toEqual([false, true]);
    expect(isNewerDeviceRefresh(2, { revision: 2, iat: 101 })).toBe(false);
    expect(isNewerDeviceRefresh(2, { revision: 1, iat: 101 }, 100)).toBe(false);
  });

  it('is newer exactly when its revision is above the current one, whatever the revisions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_147_483_647 }), fc.integer({ min: 1, max: 2_147_483_647 }), (current, revision) => {
        expect(isNewerDeviceRefresh(current, { revision })).toBe(revision > current);
      }),
    );
  });

  it('is never applied twice: once applied, the same refresh is no longer newer', async () => {
    const { claims } = await refresh();
    let current = activated.license.revision;
    const applied: number[] = [];
    for (const candidate of [claims, claims]) {
      if (refreshAppliesTo(installed, candidate) && isNewerDeviceRefresh(current, candidate)) {
        current = candidate.revision;
        applied.push(candidate.revision);
      }
    }
    expect({ current, applied }).toEqual({ current: 2, applied: [2] });
  });
});
