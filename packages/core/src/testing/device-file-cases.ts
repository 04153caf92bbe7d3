import { expect, it } from 'vitest';
import type { OpenDeviceLicenseContext } from '../documents/device-claims.ts';
import { dearmor } from '../encoding/armor.ts';
import type { AuthoritySigner } from '../trust/trust-anchor.ts';
import { expectCode } from './tampering.ts';
import { createTestAuthority, createTestParty } from './test-parties.ts';

/**
 * Test support for the files the authority seals to one device, the device license file and the
 * device refresh file (docs/design.md, F4): the same authority and device for both, the context the
 * device opens them with, and the cases both must pass, armoured, opaque and opened by their device
 * alone.
 */
export const DEVICE_FINGERPRINT = 'mid:5f2b9c0e41d84a7bb3e6c1d2f0a9e8b7';

export type DeviceFileParties = Awaited<ReturnType<typeof deviceFileParties>>;

/** The authority, the device it seals files to, and the context that device opens them with. */
export async function deviceFileParties() {
  const now = new Date('2026-11-23T10:00:00Z');
  const authority = await createTestAuthority();
  const device = createTestParty('device');
  const openContext: OpenDeviceLicenseContext = {
    now,
    trust: authority.trust,
    fingerprint: DEVICE_FINGERPRINT,
    deviceEncryptionKey: device.encryptionKey,
    deviceSigningKid: device.signingKey.kid,
  };
  return { now, authority, device, openContext };
}

export interface SealedDeviceFile {
  readonly parties: DeviceFileParties;
  /** The document's name in refusals: `device-license-file`. */
  readonly document: string;
  /** What the tests' names call it: `license file`. */
  readonly noun: string;
  /** The words of its armour lines: `DEVICE LICENSE FILE`. */
  readonly armour: string;
  /** Values in its claims that must not show in the file, even decoded. */
  readonly secrets: readonly string[];
  /** Issues one for the parties' device, signed by the authority unless another signer is given. */
  issue(signer?: AuthoritySigner): Promise<{ readonly text: string }>;
  open(text: string, context: OpenDeviceLicenseContext): Promise<unknown>;
}

/** The cases every file sealed to one device passes: armoured, opaque, and opened by that device alone. */
export function itIsSealedToItsDevice(file: SealedDeviceFile) {
  const { device, openContext } = file.parties;

  it('is armoured under its own header line', async () => {
    const { text } = await file.issue();
    expect(text.split('\n')[0]).toBe(`-----BEGIN AIRLOCK ${file.armour}-----`);
    expect(text.endsWith(`\n-----END AIRLOCK ${file.armour}-----\n`)).toBe(true);
  });

  it('shows none of its contents in the file, even decoded', async () => {
    const { text } = await file.issue();
    const decoded = dearmor(text)
      .body.split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('latin1'));
    const visible = [text, ...decoded].join('\n');
    expect(file.secrets.filter((secret) => visible.includes(secret))).toEqual([]);
  });

  it('opens only with the device encryption key, refusing another key as WRONG_RECIPIENT', async () => {
    const { text } = await file.issue();
    await expectCode(file.open(text, { ...openContext, deviceEncryptionKey: createTestParty('other-device').encryptionKey }), 'WRONG_RECIPIENT');
  });

  it(`refuses a ${file.noun} for another fingerprint as WRONG_RECIPIENT`, async () => {
    const { text } = await file.issue();
    const error = await expectCode(file.open(text, { ...openContext, fingerprint: 'mid:another-machine' }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({ expected: 'device:mid:another-machine', found: `device:${DEVICE_FINGERPRINT}` });
  });

  it(`refuses a ${file.noun} bound to another device signing key as WRONG_RECIPIENT`, async () => {
    const { text } = await file.issue();
    const regenerated = createTestParty('regenerated').signingKey.kid;
    const error = await expectCode(file.open(text, { ...openContext, deviceSigningKid: regenerated }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({
      document: file.document,
      reason: 'bound to another device key',
      expected: regenerated,
      found: device.signingKey.kid,
    });
  });

  it(`refuses a ${file.noun} signed by a key the pinned root did not certify`, async () => {
    const impostor = await createTestAuthority('impostor');
    const { text } = await file.issue(impostor.signer);
    await expectCode(file.open(text, openContext), 'KEY_CERTIFICATE_INVALID');
  });
}
