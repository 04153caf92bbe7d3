import { meterGrant, type DeviceMeterGrant, type LicenseKind } from '@airlock/core';
import { fromNumericDate, type DeviceLicenseClaims } from '@airlock/core/internal';

/**
 * The license a device holds, as the application reads it: the device license file's terms,
 * or those of the newest refresh applied. Frozen; a new object after every install or refresh.
 */
export interface DeviceLicense {
  /** The license at the authority. */
  readonly licenseId: string;
  readonly product: string;
  readonly kind: LicenseKind;
  /** 1 at activation, one more at each refresh. */
  readonly revision: number;
  /** When the license ends, or null when it never does. */
  readonly validUntil: Date | null;
  readonly features: readonly string[];
  /** Each meter with its limit (null: unlimited). */
  readonly meters: readonly { readonly meter: string; readonly limit: number | null }[];
  /** The vendor's metadata for the license. */
  readonly metadata: readonly { readonly name: string; readonly value: string }[];
  /** Whether the license may travel as files (refresh and deactivation files). */
  readonly allowOffline: boolean;
  /** How far the clock may run behind the latest time seen before it counts as set back (ms). */
  readonly clockSkewTolerance: number;
  /** The id of the device license file this activation installed. */
  readonly licenseFileId: string;
  /** True for the product's trial, which the device asked for with no license key. */
  readonly trial: boolean;
}

/**
 * The license in the form the hot path reads: sets and maps built once, when a file is
 * verified, so that `check` and `hasFeature` are a few comparisons and a hash lookup.
 */
export interface LicenseView {
  readonly license: DeviceLicense;
  readonly features: ReadonlySet<string>;
  /** Each meter's share this file grants (docs/devices.md, "Meter limits shared by devices"). */
  readonly meterGrants: ReadonlyMap<string, DeviceMeterGrant>;
  /** The device's last usage report the file's allotments count from (0: none). */
  readonly reportedThrough: number;
  /** When the file in force was issued (NumericDate): a refresh of the same revision must be later. */
  readonly issuedAt: number;
  /** `validUntil` in ms, or Infinity. */
  readonly endsAt: number;
  /** `endsAt` plus the grace after expiry (`checks.expiryGrace`): from then on the license is expired. */
  readonly graceEndsAt: number;
  /** How long the device may go without a check-in receipt (ms), or null: never asked to come online. */
  readonly maxOfflineMs: number | null;
  /** How long past that the license still works, with a notice (ms). */
  readonly offlineGraceMs: number;
  readonly toleranceMs: number;
}

/** The view of verified claims: the license file's, or the newest refresh's. */
export function licenseView(claims: DeviceLicenseClaims & { readonly iat: number }, licenseFileId: string): LicenseView {
  const license: DeviceLicense = deepFreeze({
    licenseId: claims.licenseId,
    product: claims.product,
    kind: claims.licenseKind,
    revision: claims.revision,
    validUntil: claims.validUntil === null ? null : fromNumericDate(claims.validUntil),
    features: [...claims.entitlements.features],
    meters: claims.entitlements.meters.map(({ meter, limit }) => ({ meter, limit })),
    metadata: claims.metadata.map(({ name, value }) => ({ name, value })),
    allowOffline: claims.checks.allowOffline,
    clockSkewTolerance: claims.checks.clockSkewTolerance * 1000,
    licenseFileId,
    trial: claims.trial === true,
  });
  const endsAt = license.validUntil === null ? Number.POSITIVE_INFINITY : license.validUntil.getTime();
  // Checks a file issued before these existed leaves out read as no offline limit and no grace.
  const { maxOffline = null, offlineGrace = 0, expiryGrace = 0 } = claims.checks;
  return {
    license,
    features: new Set(license.features),
    meterGrants: new Map(claims.entitlements.meters.map((meter) => [meter.meter, Object.freeze(meterGrant(meter))])),
    reportedThrough: claims.reportedThrough ?? 0,
    issuedAt: claims.iat,
    endsAt,
    graceEndsAt: endsAt + expiryGrace * 1000,
    maxOfflineMs: maxOffline === null ? null : maxOffline * 1000,
    offlineGraceMs: offlineGrace * 1000,
    toleranceMs: license.clockSkewTolerance,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    // A frozen Date can still be set; `endsAt`, which checks read, is kept apart from it.
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
