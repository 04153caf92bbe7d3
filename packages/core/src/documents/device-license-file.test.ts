import { describe, expect, it } from 'vitest';
import { dearmor } from '../encoding/armor.ts';
import { decryptCompact } from '../encoding/jose-compact.ts';
import { minutes } from '../time/duration.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestParty, type TestParty } from '../testing/test-parties.ts';
import { DEVICE_FINGERPRINT as FINGERPRINT, deviceFileParties, itIsSealedToItsDevice } from '../testing/device-file-cases.ts';
import { issueDeviceActivationRequest, openDeviceActivationRequest } from './device-activation-request.ts';
import {
  deviceLicenseFileKind,
  issueDeviceLicenseFile,
  openDeviceLicenseFile,
  type DeviceLicenseFile,
  type DeviceLicenseGrant,
} from './device-license-file.ts';
import { issueDocument } from './envelope.ts';
import { expectCode } from '../testing/tampering.ts';

const parties = await deviceFileParties();
const { now, authority, device, openContext } = parties;

const grant: DeviceLicenseGrant = {
  licenseId: 'lic-42',
  licenseKind: 'term',
  revision: 1,
  validUntil: new Date('2027-11-23T00:00:00Z'),
  entitlements: {
    features: ['export', 'batch'],
    meters: [
      { meter: 'renders', limit: 1000 },
      { meter: 'seats-api', limit: null },
    ],
  },
  metadata: [{ name: 'edition', value: 'Professional' }],
  checks: { allowOffline: true, clockSkewTolerance: minutes(5) },
};

/** The authority's view of an activation request from the given device. */
async function activation(from: TestParty = device) {
  const { text } = await issueDeviceActivationRequest(
    {
      product: 'studio',
      fingerprint: FINGERPRINT,
      credential: { method: 'license-key', licenseKey: 'KX7Q-2MZD-09XA-HV4T' },
      deviceEncryptionKey: from.encryptionKey.publicJwk,
      sdkVersion: '1.4.0',
      authorityEncryptionKey: authority.encryptionCertificate,
    },
    { now, random: seededRandom('activation'), signer: from.signingKey, trust: authority.trust },
  );
  return openDeviceActivationRequest(text, { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey });
}

const request = await activation();

function license(overrides: Partial<DeviceLicenseGrant> = {}, signer = authority.signer) {
  return issueDeviceLicenseFile(request, { ...grant, ...overrides }, { now, random: seededRandom('license'), signer });
}

describe('device license file', () => {
  it('opens on the device with its exact claims, signed by the authority signing key', async () => {
    const issued = await license();
    const opened = await openDeviceLicenseFile(issued.text, openContext);
    const expected: DeviceLicenseFile = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `device:${FINGERPRINT}`,
      answers: [request.claims.jti],
      licenseId: 'lic-42',
      product: 'studio',
      fingerprint: FINGERPRINT,
      deviceKeyThumbprint: device.signingKey.kid,
      licenseKind: 'term',
      revision: 1,
      validUntil: 1826928000,
      entitlements: {
        features: ['export', 'batch'],
        meters: [
          { meter: 'renders', limit: 1000 },
          { meter: 'seats-api', limit: null },
        ],
      },
      metadata: [{ name: 'edition', value: 'Professional' }],
      checks: { allowOffline: true, clockSkewTolerance: 300 },
    };
    // The signed layer inside the encryption: what a site shows devices to certify its key.
    const jws = await decryptCompact(dearmor(issued.text).body, openContext.deviceEncryptionKey.privateKey);
    expect(opened).toEqual({ claims: expected, signerKey: authority.signingKey.publicJwk, revocations: undefined, jws });
    expect(issued.claims).toEqual(expected);
  });

  it('says it is a trial with `trial: true` for a trial, and says nothing of trials otherwise', async () => {
    const trial = await license({ licenseKind: 'temporary', trial: true });
    expect((await openDeviceLicenseFile(trial.text, openContext)).claims.trial).toBe(true);
    expect((await license({ trial: false })).claims).not.toHaveProperty('trial');
  });

  it('has no `trial` claim but true, as PAYLOAD_INVALID', async () => {
    const { claims } = await license();
    const made = issueDocument(deviceLicenseFileKind, { ...claims, trial: false } as unknown as DeviceLicenseFile, {
      now,
      random: seededRandom('forged'),
      signer: authority.signer,
      recipient: device.encryptionKey.publicJwk,
    });
    await expectCode(made, 'PAYLOAD_INVALID');
  });

  it('copies its binding from the request: answers it, its product, fingerprint and the key that signed it', async () => {
    const other = createTestParty('other-device');
    const fromOther = await activation(other);
    const { claims } = await issueDeviceLicenseFile(fromOther, grant, { now, random: seededRandom('license'), signer: authority.signer });
    expect({ answers: claims.answers, product: claims.product, fingerprint: claims.fingerprint, deviceKeyThumbprint: claims.deviceKeyThumbprint }).toEqual({
      answers: [fromOther.claims.jti],
      product: fromOther.claims.product,
      fingerprint: fromOther.claims.fingerprint,
      deviceKeyThumbprint: other.signingKey.kid,
    });
  });

  it('is encrypted to the key the request carried', async () => {
    const other = createTestParty('other-device');
    const { text } = await issueDeviceLicenseFile(await activation(other), grant, { now, random: seededRandom('license'), signer: authority.signer });
    const opened = await openDeviceLicenseFile(text, { ...openContext, deviceEncryptionKey: other.encryptionKey, deviceSigningKid: other.signingKey.kid });
    expect(opened.claims.deviceKeyThumbprint).toBe(other.signingKey.kid);
  });

  itIsSealedToItsDevice({
    parties,
    document: 'device-license-file',
    noun: 'license file',
    armour: 'DEVICE LICENSE FILE',
    secrets: ['lic-42', FINGERPRINT, 'renders', 'Professional'],
    issue: (signer) => license({}, signer),
    open: openDeviceLicenseFile,
  });

  it('refuses a replayed license file', async () => {
    const { text, claims } = await license();
    await expectCode(openDeviceLicenseFile(text, { ...openContext, isReplay: (id) => id === claims.jti }), 'DOCUMENT_REPLAYED');
  });

  it('is not issued with a lifetime its kind cannot have, or a feature, meter or metadata name twice', async () => {
    const details = await Promise.all([
      expectCode(license({ licenseKind: 'term', validUntil: null }), 'PAYLOAD_INVALID'),
      expectCode(license({ licenseKind: 'permanent' }), 'PAYLOAD_INVALID'),
      expectCode(license({ entitlements: { features: ['export', 'export'], meters: [] } }), 'PAYLOAD_INVALID'),
      expectCode(
        license({
          entitlements: {
            features: [],
            meters: [
              { meter: 'renders', limit: 1 },
              { meter: 'renders', limit: 2 },
            ],
          },
        }),
        'PAYLOAD_INVALID',
      ),
      expectCode(
        license({
          metadata: [
            { name: 'edition', value: 'a' },
            { name: 'edition', value: 'b' },
          ],
        }),
        'PAYLOAD_INVALID',
      ),
    ]).then((errors) => errors.map((error) => error.detail));
    expect(details).toEqual([
      { document: 'device-license-file', path: '/validUntil', reason: 'a term license must end' },
      { document: 'device-license-file', path: '/validUntil', reason: 'a permanent license has no end' },
      { document: 'device-license-file', path: '/entitlements/features', reason: 'feature export is listed twice' },
      { document: 'device-license-file', path: '/entitlements/meters', reason: 'meter renders is listed twice' },
      { document: 'device-license-file', path: '/metadata', reason: 'metadata name edition is listed twice' },
    ]);
  });

  it('issues permanent and subscription licenses without an end', async () => {
    const kinds = await Promise.all([
      license({ licenseKind: 'permanent', validUntil: null }),
      license({ licenseKind: 'subscription', validUntil: null }),
      license({ licenseKind: 'consumption', validUntil: null }),
    ]);
    expect(kinds.map(({ claims }) => [claims.licenseKind, claims.validUntil])).toEqual([
      ['permanent', null],
      ['subscription', null],
      ['consumption', null],
    ]);
  });

  it('refuses a correctly signed license file that grants a feature twice, as PAYLOAD_INVALID', async () => {
    const { claims } = await license();
    // The envelope sets v, jti and iat afresh over the ones spread from the genuine claims.
    const { text } = await issueDocument(
      deviceLicenseFileKind,
      { ...claims, entitlements: { features: ['export', 'export'], meters: [] } },
      { now, random: seededRandom('forged'), signer: authority.signer, recipient: device.encryptionKey.publicJwk },
    );
    const error = await expectCode(openDeviceLicenseFile(text, openContext), 'PAYLOAD_INVALID');
    expect(error.detail).toEqual({ document: 'device-license-file', path: '/entitlements/features', reason: 'feature export is listed twice' });
  });
});
