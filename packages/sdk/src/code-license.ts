import {
  activationCodeSecret,
  checkActivationCode,
  checkInitializationCode,
  deriveCodeDeviceId,
  licenseKeyDigest,
  parseLicenseKey,
  verifyActivationCode,
  type CodeLicenseTerms,
  type InitializationCode,
  type Outcome,
  MINUTE,
} from '@airlock/core';
import type { Device } from './device-exchanges.ts';
import type { DeviceLicense, LicenseView } from './device-license.ts';
import type { CodeLicense } from './store-state.ts';

/**
 * A license activated by typed codes (docs/devices.md, "Activation by typed codes"), as the
 * device verifies it: the activation code's MAC under the license key, for this device's
 * initialization code. Pure: the commands in typed-codes.ts persist what comes out.
 */

/** A verified activation code, in the form the holder puts in force. */
export interface CodeLicensed {
  readonly view: LicenseView;
}

/** How far the clock may run behind the latest time seen: a code carries no tolerance of its own. */
const CODE_CLOCK_SKEW = 5 * MINUTE;

/** This device's id in its initialization codes. */
export function codeDeviceId(device: Device): string {
  return deriveCodeDeviceId({ product: device.product, fingerprint: device.fingerprint, deviceKeyThumbprint: device.signingKey.kid });
}

/** The MAC key of the license key's codes for this product. */
export function codeSecret(device: Device, licenseKey: string): Uint8Array {
  return activationCodeSecret(licenseKeyDigest(parseLicenseKey(licenseKey)), device.product);
}

/**
 * Checks an activation code against the initialization code it must answer: that code must be
 * this device's (a store moved or edited shows here), then the MAC (ACTIVATION_CODE_MISMATCH).
 */
export function checkCodeAnswer(
  device: Device,
  codeFeatures: readonly string[],
  pending: { readonly licenseKey: string; readonly initializationCode: string; readonly activationCode: string },
): Outcome<{ readonly initialization: InitializationCode; readonly terms: CodeLicenseTerms }> | undefined {
  const initialization = checkInitializationCode(pending.initializationCode);
  const code = checkActivationCode(pending.activationCode);
  if (!initialization.ok || !code.ok || initialization.value.deviceId !== codeDeviceId(device)) return undefined;
  const terms = verifyActivationCode(code.value, { secret: codeSecret(device, pending.licenseKey), initialization: initialization.value, codeFeatures });
  return terms.ok ? { ok: true, value: { initialization: initialization.value, terms: terms.value } } : terms;
}

/** The stored code license verified again (at every open), or undefined when it no longer verifies. */
export function verifyCodeLicense(device: Device, codeFeatures: readonly string[], stored: CodeLicense): CodeLicensed | undefined {
  const checked = checkCodeAnswer(device, codeFeatures, stored);
  if (!checked?.ok) return undefined;
  return { view: codeLicenseView(device.product, stored, checked.value.terms) };
}

/**
 * What the application reads of a code license: the code's end and features, no meters and no
 * metadata. Its `licenseId` is `code:` and the initialization code (the code carries no license
 * id), its `licenseFileId` the activation code.
 */
export function codeLicenseView(product: string, codes: Pick<CodeLicense, 'initializationCode' | 'activationCode'>, terms: CodeLicenseTerms): LicenseView {
  const license: DeviceLicense = Object.freeze({
    licenseId: `code:${codes.initializationCode}`,
    product,
    kind: terms.validUntil === null ? 'permanent' : 'term',
    revision: 1,
    trial: false,
    validUntil: terms.validUntil,
    features: Object.freeze([...terms.features]),
    meters: Object.freeze([]),
    metadata: Object.freeze([]),
    allowOffline: true,
    clockSkewTolerance: CODE_CLOCK_SKEW,
    licenseFileId: codes.activationCode,
  });
  return {
    license,
    features: new Set(terms.features),
    meterGrants: new Map(),
    reportedThrough: 0,
    issuedAt: 0,
    endsAt: terms.validUntil === null ? Number.POSITIVE_INFINITY : terms.validUntil.getTime(),
    // No grace and no offline limit: a code carries neither.
    graceEndsAt: terms.validUntil === null ? Number.POSITIVE_INFINITY : terms.validUntil.getTime(),
    maxOfflineMs: null,
    offlineGraceMs: 0,
    toleranceMs: CODE_CLOCK_SKEW,
  };
}
