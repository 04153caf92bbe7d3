import { Type } from '@sinclair/typebox';
import type { AuthoritySigner } from '../trust/trust-anchor.ts';
import type { OpenedDeviceActivationRequest } from './device-activation-request.ts';
import {
  deviceLicenseClaims,
  issueBoundDeviceLicense,
  openBoundDeviceLicense,
  type DeviceLicenseTerms,
  type OpenDeviceLicenseContext,
} from './device-claims.ts';
import { commonClaims, defineKind, type DocumentClaims } from './document-kind.ts';
import type { IssueContext, IssuedDocument, OpenedDocument } from './envelope.ts';

/**
 * Device license file (docs/design.md, F4): the authority's answer to one device activation request.
 * Signed by the authority and encrypted to the X25519 key the device put in its request. It
 * names the request it answers, the device's fingerprint and the thumbprint of the device key
 * that signed the request, so it works on that device only; from then on the SDK checks the
 * license, its features and meters with no network, enforcing `validUntil` and `checks`.
 */
export const deviceLicenseFileKind = defineKind({
  name: 'device-license-file',
  typ: 'airlock-device-license+jwt',
  label: 'DEVICE LICENSE FILE',
  signer: 'authority',
  encrypted: true,
  schema: Type.Object({ ...commonClaims, ...deviceLicenseClaims }, { additionalProperties: false }),
});

/** The claims of a device license file. */
export type DeviceLicenseFile = DocumentClaims<typeof deviceLicenseFileKind>;

/** The license a device is activated on: its id at the authority and the terms decided for it. */
export interface DeviceLicenseGrant extends DeviceLicenseTerms {
  readonly licenseId: string;
}

/**
 * Issues the device license file that answers an opened activation request. Everything that
 * binds the license to the device (request id, product, fingerprint, the signing key's
 * thumbprint, and the key it is encrypted to) is copied from the request, never typed again;
 * only the license's own data is new. Whether the license may be activated here (credential,
 * `allowOffline`, subscriptions online only, a free slot) is for the licensing rules.
 *
 * @example
 * ```ts
 * const request = await openDeviceActivationRequest(upload, { now, rootKid, encryptionKey });
 * const { text } = await issueDeviceLicenseFile(request,
 *   { licenseId: 'lic-42', licenseKind: 'term', revision: 1, validUntil: new Date('2027-11-23T00:00:00Z'),
 *     entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] }, metadata: [],
 *     checks: { allowOffline: true, clockSkewTolerance: minutes(5) } },
 *   { now, random, signer });
 * ```
 */
export async function issueDeviceLicenseFile(
  request: Pick<OpenedDeviceActivationRequest, 'claims' | 'signerKid'>,
  license: DeviceLicenseGrant,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: AuthoritySigner },
): Promise<IssuedDocument<typeof deviceLicenseFileKind>> {
  const { claims } = request;
  const binding = { licenseId: license.licenseId, product: claims.product, fingerprint: claims.fingerprint, deviceKeyThumbprint: request.signerKid };
  return issueBoundDeviceLicense(
    deviceLicenseFileKind,
    { answers: claims.jti, binding, terms: license, deviceEncryptionKey: claims.deviceEncryptionKey },
    {},
    context,
  );
}

/**
 * Reads a device license file on the device: every envelope check (its encryption key, the
 * authority's chain to the pinned root, this fingerprint as audience), then that it is bound
 * to this device's signing key, then its terms. That it answers the request this device made
 * is for the SDK, which knows the request's id.
 *
 * @example
 * ```ts
 * const license = await openDeviceLicenseFile(text,
 *   { now, trust, fingerprint, deviceEncryptionKey: keys.encryption, deviceSigningKid: keys.signing.kid });
 * ```
 */
export async function openDeviceLicenseFile(text: unknown, context: OpenDeviceLicenseContext): Promise<OpenedDocument<typeof deviceLicenseFileKind>> {
  return openBoundDeviceLicense(deviceLicenseFileKind, text, context);
}
