import { days, hours, minutes, type Milliseconds } from '../time/duration.ts';

/** How a license lives in time. Subscription validity is decided by an outside system. */
export type LicenseKind = 'permanent' | 'term' | 'subscription' | 'pilot' | 'temporary' | 'consumption';

/** Every kind of license a policy may name. */
export const licenseKinds: readonly LicenseKind[] = ['permanent', 'term', 'subscription', 'pilot', 'temporary', 'consumption'];

/**
 * A licensing policy: the template a license is created from. Every duration the flows name (docs/design.md, 3) is
 * a setting here, with its value there as the default. "Policy" means licensing rules only;
 * who may do what is `permissions`, elsewhere.
 */
export interface LicensingPolicy {
  readonly kind: LicenseKind;
  /** Offline and air-gapped activation allowed; licenses inherit it and may override it. */
  readonly allowOffline: boolean;
  /** Most devices one license may be active on at once; `null` for no limit. */
  readonly maxActivations: number | null;
  /** How long an enablement token may be installed after it was issued. */
  readonly enablementTokenTtl: Milliseconds;
  /** A cycle must complete this long after its first LFR, or the site locks. */
  readonly cycleWindowFromFirstLfr: Milliseconds;
  /** ...and this long after its latest LFR. */
  readonly cycleWindowFromLatestLfr: Milliseconds;
  /** A clock may run this far behind a time already seen before it counts as set back. */
  readonly clockSkewTolerance: Milliseconds;
  /** A license is "expiring soon" this long before it ends. */
  readonly expiringSoonWindow: Milliseconds;
  /** Lowest site version that may take part in offline licensing, `null` for any. */
  readonly minimumSiteVersion: string | null;
  /**
   * How long a device activated online may go without a successful validation or check-in
   * before its license stops working (after `offlineGracePeriod`); `null` for no limit.
   */
  readonly maxOfflinePeriod: Milliseconds | null;
  /** How long past `maxOfflinePeriod` a device still works, told that a check-in is overdue. */
  readonly offlineGracePeriod: Milliseconds;
  /** How long past its end a device license still works, told that it is in grace. */
  readonly expiryGracePeriod: Milliseconds;
  /**
   * The most of a meter's limit one device license file may allot to its device; `null` for an
   * even share of what is left among the activations the license may still have.
   */
  readonly meterAllotment: number | null;
  /** How far past a meter's limit devices may go, in percent of the limit (a soft limit). */
  readonly meterOveragePercent: number;
  /** Whether a device that reports a virtual machine or a container may be activated. */
  readonly allowVirtualMachines: boolean;
}

/** The policy a license gets when its vendor sets nothing: the durations docs/design.md names. */
export const defaultLicensingPolicy: LicensingPolicy = Object.freeze({
  kind: 'term',
  allowOffline: true,
  maxActivations: 1,
  enablementTokenTtl: hours(24),
  cycleWindowFromFirstLfr: days(7),
  cycleWindowFromLatestLfr: hours(48),
  clockSkewTolerance: minutes(5),
  expiringSoonWindow: days(30),
  minimumSiteVersion: null,
  maxOfflinePeriod: null,
  offlineGracePeriod: 0,
  expiryGracePeriod: 0,
  meterAllotment: null,
  meterOveragePercent: 0,
  allowVirtualMachines: true,
});

/** A policy from partial settings, the defaults filling the rest. */
export function licensingPolicy(settings: Partial<LicensingPolicy> = {}): LicensingPolicy {
  return Object.freeze({ ...defaultLicensingPolicy, ...settings });
}
