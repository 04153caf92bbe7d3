import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import type { LicensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, endOfCalendarDate, isCalendarDate } from '../time/duration.ts';
import { cycleStatus, type CycleStatusReport } from './cycle-status.ts';
import type { LfrCycleState } from './lfr-cycle.ts';

/** What a site admin is shown first (docs/design.md, F3). */
export type SiteLicenseState = 'tampered' | 'locked' | 'expired' | 'awaiting-olf' | 'expiring-soon' | 'active' | 'unlicensed';

/** What the status of a site tenant's license is decided from: the time, the installed OLF's dates, the cycle, tampering and the policy. */
export interface SiteLicenseFacts {
  readonly now: Date;
  /** The installed OLF's dates (UTC calendar dates, both included), or null when none is installed. */
  readonly license: { readonly startsOn: string; readonly endsOn: string } | null;
  readonly cycle: LfrCycleState;
  /** The usage ledger or the clock was found altered. */
  readonly tampered: boolean;
  readonly policy: LicensingPolicy;
}

/** The installed license's dates and the instants derived from them. */
export interface InstalledLicensePeriod {
  readonly startsOn: string;
  readonly endsOn: string;
  /** The first instant after the end date: the midnight UTC that ends `endsOn`. */
  readonly expiresAt: Date;
  /** From this instant the license is expiring soon (`expiresAt − expiringSoonWindow`). */
  readonly expiringSoonFrom: Date;
}

/** The status of a site tenant's license, the installed license's period and the cycle's report. */
export interface SiteLicenseStatus {
  readonly status: SiteLicenseState;
  /** Null when no OLF is installed. */
  readonly license: InstalledLicensePeriod | null;
  /** The cycle, with its deadlines, whatever the status. */
  readonly cycle: CycleStatusReport;
}

/**
 * The status of a site tenant's license for its admin (docs/design.md, F3), with the expiry and the cycle
 * deadlines. `DATE_INVALID` if the installed dates are malformed.
 *
 * Precedence, first match wins, gravest first:
 * 1. `tampered`: when the ledger or the clock was altered nothing derived from them holds.
 * 2. `locked`: licensed work is refused whatever the license dates say.
 * 3. `expired` (from midnight UTC ending `endsOn`): licensed work is refused.
 * 4. `awaiting-olf`: a cycle is open (its LFR maybe expired, see `cycle.status`); above
 *    `expiring-soon` because missing its deadline locks even a valid license.
 * 5. `unlicensed`: no OLF installed and no cycle open.
 * 6. `expiring-soon` (from `expiresAt − expiringSoonWindow`), else 7. `active`.
 *
 * The start date is shown but not enforced: an OLF starts the day it is issued, so it lies
 * ahead of the site only by clock skew around midnight, and a site should not turn unlicensed
 * right after an install for that.
 *
 * @example
 * ```ts
 * siteLicenseStatus({ now, license: { startsOn: '2026-01-01', endsOn: '2026-12-31' }, cycle, tampered: false, policy });
 * // { ok: true, value: { status: 'active', license: { ..., expiresAt: 2027-01-01T00:00Z },
 * //   cycle: { status: 'idle', ... } } }
 * ```
 */
export function siteLicenseStatus(facts: SiteLicenseFacts): Outcome<SiteLicenseStatus> {
  const { now, policy } = facts;
  const license = licenseInstants(facts.license, policy);
  if (!license.ok) return license;
  const cycle = cycleStatus(facts.cycle, now, policy);
  return accept({ status: pickStatus(facts, license.value, cycle), license: license.value, cycle });
}

function pickStatus(facts: SiteLicenseFacts, license: InstalledLicensePeriod | null, cycle: CycleStatusReport): SiteLicenseState {
  const now = facts.now;
  if (facts.tampered) return 'tampered';
  if (cycle.status === 'locked') return 'locked';
  if (license && now >= license.expiresAt) return 'expired';
  if (cycle.status !== 'idle') return 'awaiting-olf';
  if (!license) return 'unlicensed';
  return now >= license.expiringSoonFrom ? 'expiring-soon' : 'active';
}

function licenseInstants(dates: SiteLicenseFacts['license'], policy: LicensingPolicy): Outcome<InstalledLicensePeriod | null> {
  if (!dates) return accept(null);
  for (const field of ['startsOn', 'endsOn'] as const) {
    if (!isCalendarDate(dates[field])) return refuse('DATE_INVALID', { field, value: dates[field] });
  }
  const expiresAt = endOfCalendarDate(dates.endsOn);
  const expiringSoonFrom = addDuration(expiresAt, -policy.expiringSoonWindow);
  return accept({ startsOn: dates.startsOn, endsOn: dates.endsOn, expiresAt, expiringSoonFrom });
}
