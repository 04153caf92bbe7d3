import { Type } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import type { PublicJwk } from '../crypto/keys.ts';
import { Id } from '../encoding/schema.ts';
import type { AuthoritySigner } from '../trust/trust-anchor.ts';
import {
  deviceLicenseClaims,
  issueBoundDeviceLicense,
  openBoundDeviceLicense,
  type DeviceLicenseTerms,
  type OpenDeviceLicenseContext,
} from './device-claims.ts';
import type { DeviceLicenseFile } from './device-license-file.ts';
import { commonClaims, defineKind, type DocumentClaims } from './document-kind.ts';
import type { IssueContext, IssuedDocument, OpenedDocument } from './envelope.ts';

/**
 * Device license refresh file (docs/design.md, F4): the license of an activated device as the vendor has
 * since edited it (entitlements, end, metadata, checks), with no new activation. Signed by the
 * authority and encrypted to the device, like the license file it refreshes, whose binding
 * (license, product, fingerprint, device key) it repeats. Its `revision` is higher than that
 * file's; the SDK applies a refresh only when it is newer than what it holds, so an old file
 * can never roll a license back.
 */
export const deviceRefreshFileKind = defineKind({
  name: 'device-refresh-file',
  typ: 'airlock-device-refresh+jwt',
  label: 'DEVICE LICENSE REFRESH FILE',
  signer: 'authority',
  encrypted: true,
  schema: Type.Object(
    {
      ...commonClaims,
      /** Id of the device license file this refresh amends (also its only `answers`). */
      refreshes: Id,
      ...deviceLicenseClaims,
    },
    { additionalProperties: false },
  ),
});

/** The claims of a device refresh file. */
export type DeviceRefreshFile = DocumentClaims<typeof deviceRefreshFileKind>;

/** The activated device a refresh is for, as the authority recorded its activation. */
export interface RefreshedDevice {
  /** The device license file the device installed. */
  readonly license: Pick<DeviceLicenseFile, 'jti' | 'licenseId' | 'product' | 'fingerprint' | 'deviceKeyThumbprint' | 'revision'>;
  /** The device's X25519 key, from the activation request the license answered. */
  readonly deviceEncryptionKey: PublicJwk;
}

/**
 * Issues a refresh of a device's license. The binding is copied from the device license file;
 * the terms are the license as it now stands, with a revision no lower than the file's
 * (PAYLOAD_INVALID otherwise: the device would ignore it). A refresh of the same revision
 * renews the device's meter allotments (docs/devices.md, "Meter limits shared by devices").
 *
 * @example
 * ```ts
 * const { text } = await issueDeviceRefreshFile(
 *   { license: activation.license, deviceEncryptionKey: activation.request.deviceEncryptionKey },
 *   { ...terms, revision: 2, entitlements: { features: ['export', 'batch'], meters: [] } },
 *   { now, random, signer });
 * ```
 */
export async function issueDeviceRefreshFile(
  device: RefreshedDevice,
  terms: DeviceLicenseTerms,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: AuthoritySigner },
): Promise<IssuedDocument<typeof deviceRefreshFileKind>> {
  const { license } = device;
  if (terms.revision < license.revision) {
    throw new AirlockError('PAYLOAD_INVALID', {
      document: deviceRefreshFileKind.name,
      path: '/revision',
      reason: `a refresh must not have a revision below the license's ${license.revision}`,
    });
  }
  const { deviceEncryptionKey } = device;
  return issueBoundDeviceLicense(
    deviceRefreshFileKind,
    { answers: license.jti, binding: license, terms, deviceEncryptionKey },
    { refreshes: license.jti },
    context,
  );
}

/**
 * Reads a refresh file on the device: every envelope check, this fingerprint as audience, the
 * binding to this device's signing key, then its terms. Whether it applies is for the SDK:
 * see `refreshAppliesTo` and `isNewerDeviceRefresh`.
 *
 * @example
 * ```ts
 * const refresh = await openDeviceRefreshFile(text,
 *   { now, trust, fingerprint, deviceEncryptionKey: keys.encryption, deviceSigningKid: keys.signing.kid });
 * ```
 */
export async function openDeviceRefreshFile(text: unknown, context: OpenDeviceLicenseContext): Promise<OpenedDocument<typeof deviceRefreshFileKind>> {
  return openBoundDeviceLicense(deviceRefreshFileKind, text, context);
}

/**
 * True when the refresh amends the device license file the device installed (same file id and
 * license); a refresh of an earlier activation of this device does not apply.
 *
 * @example
 * ```ts
 * if (!refreshAppliesTo(installed, refresh.claims)) reject('this refresh is for another activation');
 * ```
 */
export function refreshAppliesTo(
  installed: Pick<DeviceLicenseFile, 'jti' | 'licenseId'>,
  refresh: Pick<DeviceRefreshFile, 'refreshes' | 'licenseId'>,
): boolean {
  return refresh.refreshes === installed.jti && refresh.licenseId === installed.licenseId;
}

/**
 * True when the refresh is newer than what the device holds (the license file, or the last
 * refresh applied): only then may the SDK apply it. A higher revision is newer; at the same
 * revision (a refresh that renews meter allotments) a file issued later is newer, when the
 * time the held file was issued (`iat`) is given. Equal is not newer.
 *
 * @example
 * ```ts
 * if (isNewerDeviceRefresh(current.revision, refresh.claims, current.iat)) install(refresh.claims);
 * ```
 */
export function isNewerDeviceRefresh(
  currentRevision: number,
  refresh: Pick<DeviceRefreshFile, 'revision'> & { readonly iat?: number },
  currentIssuedAt?: number,
): boolean {
  if (refresh.revision !== currentRevision) return refresh.revision > currentRevision;
  return currentIssuedAt !== undefined && refresh.iat !== undefined && refresh.iat > currentIssuedAt;
}
