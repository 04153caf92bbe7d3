import { describe, expect, it } from 'vitest';
import { armor, dearmor } from '../encoding/armor.ts';
import { encryptCompact, signCompact, type JoseHeader } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import {
  deviceActivationRequestKind,
  issueDeviceActivationRequest,
  openDeviceActivationRequest,
  type DeviceActivationInput,
  type DeviceActivationRequest,
  type DeviceCredential,
} from './device-activation-request.ts';
import { encryptedTyp } from './document-kind.ts';
import { expectCode } from '../testing/tampering.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const device = createTestParty('device');
const LICENSE_KEY = 'KX7Q-2MZD-09XA-HV4T';
const FINGERPRINT = 'mid:5f2b9c0e41d84a7bb3e6c1d2f0a9e8b7';

const input: DeviceActivationInput = {
  product: 'studio',
  fingerprint: FINGERPRINT,
  credential: { method: 'license-key', licenseKey: LICENSE_KEY },
  deviceEncryptionKey: device.encryptionKey.publicJwk,
  deviceName: 'Workstation 7 (plant B)',
  sdkVersion: '1.4.0',
  appVersion: '2026.3-rc1',
  authorityEncryptionKey: authority.encryptionCertificate,
};

const openContext = { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey };

function request(overrides: Partial<DeviceActivationInput> = {}, at = now) {
  return issueDeviceActivationRequest(
    { ...input, ...overrides },
    { now: at, random: seededRandom('activation'), signer: device.signingKey, trust: authority.trust },
  );
}

/** A request sealed by hand, to forge what `issueDeviceActivationRequest` would never write. */
async function seal(header: JoseHeader, claims: object, signer = device.signingKey): Promise<string> {
  const jws = await signCompact({ typ: deviceActivationRequestKind.typ, ...header }, claims, signer.privateKey);
  const jweHeader = { typ: encryptedTyp(deviceActivationRequestKind), cty: deviceActivationRequestKind.typ, kid: authority.encryptionKey.kid };
  return armor(deviceActivationRequestKind.label, await encryptCompact(jweHeader, jws, authority.encryptionKey.publicKey, seededRandom('seal')));
}

describe('device activation request', () => {
  it("opens on the authority with its exact claims, the device key that signed it and that key's thumbprint", async () => {
    const issued = await request();
    const opened = await openDeviceActivationRequest(issued.text, openContext);
    const expected: DeviceActivationRequest = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `authority:${authority.root.kid}`,
      answers: [],
      product: 'studio',
      fingerprint: FINGERPRINT,
      credential: { method: 'license-key', licenseKey: LICENSE_KEY },
      deviceEncryptionKey: device.encryptionKey.publicJwk as DeviceActivationRequest['deviceEncryptionKey'],
      deviceName: 'Workstation 7 (plant B)',
      sdkVersion: '1.4.0',
      appVersion: '2026.3-rc1',
    };
    expect(opened).toEqual({ claims: expected, signerKey: device.signingKey.publicJwk, signerKid: device.signingKey.kid });
    expect(issued.claims).toEqual(expected);
  });

  it('names a user for a user-based license and leaves out the optional claims it was not given', async () => {
    const { text } = await request({ credential: { method: 'user', username: 'ada@example.com' }, deviceName: undefined, appVersion: undefined });
    const { claims } = await openDeviceActivationRequest(text, openContext);
    expect(claims).toEqual({
      v: 1,
      jti: claims.jti,
      iat: 1795428000,
      aud: `authority:${authority.root.kid}`,
      answers: [],
      product: 'studio',
      fingerprint: FINGERPRINT,
      credential: { method: 'user', username: 'ada@example.com' },
      deviceEncryptionKey: device.encryptionKey.publicJwk,
      sdkVersion: '1.4.0',
    });
  });

  it("asks for the product's trial with no license key or user name", async () => {
    const { text } = await request({ credential: { method: 'trial' } });
    const { claims } = await openDeviceActivationRequest(text, openContext);
    expect(claims.credential).toEqual({ method: 'trial' });
  });

  it('refuses a signed trial request that carries a license key beside it, as PAYLOAD_INVALID', async () => {
    const { claims } = await request();
    const forged = await seal(
      { kid: device.signingKey.kid, jwk: device.signingKey.publicJwk },
      { ...claims, credential: { method: 'trial', licenseKey: LICENSE_KEY } },
    );
    await expectCode(openDeviceActivationRequest(forged, openContext), 'PAYLOAD_INVALID');
  });

  it('never carries a password, even when one is handed to it', async () => {
    const credential = { method: 'user', username: 'ada@example.com', password: 'hunter2' } as DeviceCredential;
    const { text } = await request({ credential });
    const { claims } = await openDeviceActivationRequest(text, openContext);
    expect(claims.credential).toEqual({ method: 'user', username: 'ada@example.com' });
  });

  it('refuses a signed request that carries a password, as PAYLOAD_INVALID', async () => {
    const { claims } = await request();
    const credential = { method: 'user', username: 'ada@example.com', password: 'hunter2' };
    const forged = await seal({ kid: device.signingKey.kid, jwk: device.signingKey.publicJwk }, { ...claims, credential });
    await expectCode(openDeviceActivationRequest(forged, openContext), 'PAYLOAD_INVALID');
  });

  it('is armoured under its own header line', async () => {
    const { text } = await request();
    expect(text.split('\n')[0]).toBe('-----BEGIN AIRLOCK DEVICE ACTIVATION REQUEST-----');
    expect(text.endsWith('\n-----END AIRLOCK DEVICE ACTIVATION REQUEST-----\n')).toBe(true);
  });

  it('shows neither the license key nor any other claim in the file, even decoded', async () => {
    const { text } = await request();
    const decoded = dearmor(text)
      .body.split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('latin1'));
    const visible = [text, ...decoded].join('\n');
    const secrets = [LICENSE_KEY, FINGERPRINT, 'Workstation 7', 'studio', device.signingKey.publicJwk.x];
    expect(secrets.filter((secret) => visible.includes(secret))).toEqual([]);
  });

  it('opens only with the authority encryption key, refusing another key as WRONG_RECIPIENT', async () => {
    const { text } = await request();
    await expectCode(openDeviceActivationRequest(text, { ...openContext, encryptionKey: device.encryptionKey }), 'WRONG_RECIPIENT');
  });

  it('refuses a request made for another authority as WRONG_RECIPIENT', async () => {
    const { text } = await request();
    const error = await expectCode(openDeviceActivationRequest(text, { ...openContext, rootKid: device.signingKey.kid }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({ expected: `authority:${device.signingKey.kid}`, found: `authority:${authority.root.kid}` });
  });

  it('refuses a replayed request', async () => {
    const { text, claims } = await request();
    await expectCode(openDeviceActivationRequest(text, { ...openContext, isReplay: (id) => id === claims.jti }), 'DOCUMENT_REPLAYED');
  });

  it('refuses a request whose jwk header names another key than the one that signed it', async () => {
    const { claims } = await request();
    const other = createTestParty('other-device').signingKey;
    const swapped = await seal({ kid: other.kid, jwk: other.publicJwk }, claims);
    await expectCode(openDeviceActivationRequest(swapped, openContext), 'SIGNATURE_INVALID');
    const mismatched = await seal({ kid: device.signingKey.kid, jwk: other.publicJwk }, claims);
    const error = await expectCode(openDeviceActivationRequest(mismatched, openContext), 'SIGNATURE_INVALID');
    expect(error.detail).toEqual({ reason: 'kid is not the thumbprint of jwk' });
  });

  it('refuses a signed request whose device encryption key is not a key, as KEY_INVALID', async () => {
    const { claims } = await request();
    const deviceEncryptionKey = { kty: 'OKP', crv: 'X25519', x: '!'.repeat(43) };
    const forged = await seal({ kid: device.signingKey.kid, jwk: device.signingKey.publicJwk }, { ...claims, deviceEncryptionKey });
    await expectCode(openDeviceActivationRequest(forged, openContext), 'KEY_INVALID');
  });

  it('is not encrypted to a key the pinned root did not certify for encryption, or no longer valid', async () => {
    const impostor = await createTestAuthority('impostor');
    await expectCode(request({ authorityEncryptionKey: impostor.encryptionCertificate }), 'KEY_CERTIFICATE_INVALID');
    await expectCode(request({ authorityEncryptionKey: authority.signer.certificate }), 'KEY_CERTIFICATE_INVALID');
    await expectCode(request({}, new Date('2036-01-01T00:00:00Z')), 'KEY_CERTIFICATE_INVALID');
  });

  it('takes only an X25519 key as the device encryption key', async () => {
    await expectCode(request({ deviceEncryptionKey: device.signingKey.publicJwk }), 'KEY_INVALID');
  });

  it('is not made with a fingerprint longer than 128 characters or holding a space, or a license key longer than 64', async () => {
    const details = await Promise.all([
      expectCode(request({ fingerprint: 'f'.repeat(129) }), 'PAYLOAD_INVALID'),
      expectCode(request({ credential: { method: 'license-key', licenseKey: 'K'.repeat(65) } }), 'PAYLOAD_INVALID'),
    ]).then((errors) => errors.map((error) => error.detail.path));
    expect(details).toEqual(['/fingerprint', '/credential']);
    await expectCode(request({ fingerprint: 'my machine' }), 'PAYLOAD_INVALID');
    await expect(request({ fingerprint: 'f'.repeat(128) })).resolves.toBeDefined();
  });

  it('carries the revision an activated device holds when it asks for an update, and none on a first activation', async () => {
    const [first, update] = await Promise.all([request(), request({ currentRevision: 3 })]);
    const opened = await openDeviceActivationRequest(update.text, openContext);
    expect(['currentRevision' in first.claims, opened.claims.currentRevision]).toEqual([false, 3]);
    await expectCode(request({ currentRevision: 0 }), 'PAYLOAD_INVALID');
  });

  it('carries what the device found of a virtual machine or container, exactly those two answers, and nothing when not told', async () => {
    const told = await request({
      environment: { virtualMachine: true, container: false, signals: ['dmi:sys_vendor=QEMU'] } as DeviceActivationInput['environment'],
    });
    const opened = await openDeviceActivationRequest(told.text, openContext);
    expect(opened.claims.environment).toEqual({ virtualMachine: true, container: false });
    expect('environment' in (await request()).claims).toBe(false);
    const { claims } = await request();
    const forged = await seal(
      { kid: device.signingKey.kid, jwk: device.signingKey.publicJwk },
      { ...claims, environment: { virtualMachine: 'no', container: false } },
    );
    const error = await expectCode(openDeviceActivationRequest(forged, openContext), 'PAYLOAD_INVALID');
    expect(error.detail.path).toBe('/environment/virtualMachine');
  });
});
