import type { LicenseHolder } from './license-holder.ts';
import type { Activation } from './store-state.ts';

/**
 * What the authority tells a device of its activation when it validates (`refresh`) or checks
 * in (docs/devices.md, "Vendor control over devices"). The device trusts the answer as it
 * trusts every answer of the authority's device API: it came over HTTPS from the authority it
 * was configured with; it is not a signed document.
 */
export type AuthorityStatus = 'active' | 'deactivated' | 'suspended' | 'blocked' | 'expired';

const statuses: readonly string[] = ['active', 'deactivated', 'suspended', 'blocked', 'expired'];

/**
 * The status the authority gave (the one its check-in receipt signs, else its answer's):
 * `active` when it gives none (an authority that knew no other); one this SDK does not know,
 * which a later authority may add, is read as not active: `suspended`, so that `check()`
 * refuses until an answer it knows says otherwise.
 */
export function statusOf(status: unknown): AuthorityStatus {
  if (status === undefined) return 'active';
  return typeof status === 'string' && statuses.includes(status) ? (status as AuthorityStatus) : 'suspended';
}

/** True when the status leaves the device without a license: deactivated or blocked. */
export function endsLicense(status: AuthorityStatus): boolean {
  return status === 'deactivated' || status === 'blocked';
}

/**
 * Acts on the status, saved before it is in force: deactivated or blocked disables the license
 * (`check()` then answers DEVICE_DEACTIVATED or DEVICE_BLOCKED); suspended makes `check()`
 * answer LICENSE_SUSPENDED until a later answer says otherwise; active (or expired, which the
 * authority answers only for a license not suspended) lifts a suspension; the license file
 * itself says when it ends. Inside `exclusive`.
 */
export async function applyAuthorityStatus(holder: LicenseHolder, status: AuthorityStatus): Promise<void> {
  const { state, activation, usable } = holder.activeState();
  if (endsLicense(status)) {
    const ended: Activation = { ...withoutFlags(activation), status: 'deactivated', ...(status === 'blocked' ? { blocked: true } : {}) };
    await holder.write({ ...state, activation: ended, pendingRequests: [] }, null);
    return;
  }
  const suspended = status === 'suspended';
  if (suspended === (activation.suspended === true)) return;
  const next: Activation = suspended ? { ...activation, suspended: true } : withoutFlags(activation);
  await holder.write({ ...state, activation: next }, usable.verified);
}

function withoutFlags(activation: Activation): Activation {
  const copy = { ...activation };
  delete copy.suspended;
  delete copy.blocked;
  return copy;
}
