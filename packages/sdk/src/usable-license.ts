import { type Refusal } from '@airlock/core';
import { refuse } from '@airlock/core/internal';
import type { DeviceLicense, LicenseView } from './device-license.ts';
import type { VerifiedLicense } from './device-exchanges.ts';

/**
 * What `check` answers for a verified license, worked out once when the license or the
 * device's last contact with the authority changes: the answers themselves, frozen, and the
 * instants at which the answer changes (docs/devices.md, "Offline periods for online licenses"
 * and "Grace after expiry").
 */

/**
 * Why a license that may be used now is on borrowed time: a check-in is overdue
 * (`CHECK_IN_OVERDUE`) or the license is past its end, in its grace (`LICENSE_IN_GRACE`).
 * `until` is when `check` will start refusing (CHECK_IN_REQUIRED, LICENSE_EXPIRED).
 */
export interface CheckNotice {
  readonly code: 'CHECK_IN_OVERDUE' | 'LICENSE_IN_GRACE';
  readonly until: Date;
}

/** What `check` and `checkFeature` answer: the license (with a notice on borrowed time), or why it may not be used now. */
export type CheckResult = { readonly ok: true; readonly license: DeviceLicense; readonly notice?: CheckNotice } | Refusal;

/**
 * The usable license, with every answer `check` gives for it and the instants at which the
 * answer changes, worked out once when it changes (a file installed, a receipt taken), so that
 * `check` is a few comparisons.
 */
export interface Usable {
  readonly view: LicenseView;
  /** The verified license files; null for a license activated by typed codes. */
  readonly verified: VerifiedLicense | null;
  readonly ok: CheckResult;
  /** When the next check-in is due (the last contact plus `maxOffline`), or null: never. */
  readonly checkInDue: Date | null;
  /** From this instant on, `check` gives a notice (the earlier of the license's end and the check-in due). */
  readonly noticeFrom: number;
  readonly inGrace: CheckResult;
  readonly overdue: CheckResult;
  /** From this instant on, CHECK_IN_REQUIRED (the check-in due plus the offline grace). */
  readonly lockedFrom: number;
  readonly checkInRequired: Refusal;
  /** From this instant on, LICENSE_EXPIRED (the license's end plus its grace after expiry). */
  readonly expiredFrom: number;
  readonly expired: Refusal;
  /** LICENSE_SUSPENDED while the authority last said the vendor suspended the license; null otherwise. */
  readonly suspended: Refusal | null;
}

export /**
 * Every answer `check` gives for a verified license, and when each applies. The last contact
 * is the authority's time of the newest receipt (or of the license file); a license whose file
 * sets no `maxOffline` is never due.
 */
function usableLicense(view: LicenseView, verified: VerifiedLicense | null, lastContact: number, suspended: Refusal | null = null): Usable {
  const { license } = view;
  const due = view.maxOfflineMs === null ? Number.POSITIVE_INFINITY : lastContact + view.maxOfflineMs;
  const lockedFrom = due + view.offlineGraceMs;
  const iso = (ms: number) => new Date(ms).toISOString();
  const notice = (code: CheckNotice['code'], until: number): CheckResult =>
    Object.freeze({ ok: true, license, notice: Object.freeze({ code, until: new Date(until) }) });
  return {
    view,
    verified,
    ok: Object.freeze({ ok: true, license }),
    checkInDue: Number.isFinite(due) ? new Date(due) : null,
    noticeFrom: Math.min(view.endsAt, due),
    inGrace: notice('LICENSE_IN_GRACE', view.graceEndsAt),
    overdue: notice('CHECK_IN_OVERDUE', lockedFrom),
    lockedFrom,
    checkInRequired: Object.freeze(
      Number.isFinite(due)
        ? refuse('CHECK_IN_REQUIRED', { lastContact: iso(lastContact), dueAt: iso(due), graceEndedAt: iso(lockedFrom) })
        : refuse('CHECK_IN_REQUIRED'),
    ),
    expiredFrom: view.graceEndsAt,
    expired: Object.freeze(refuse('LICENSE_EXPIRED', { expiredAt: license.validUntil?.toISOString() ?? null })),
    suspended: suspended === null ? null : Object.freeze(suspended),
  };
}
