import { checkClock, defaultLicensingPolicy, type Outcome } from '@airlock/core';
import { accept, endOfCalendarDate, lockedSince, refuse } from '@airlock/core/internal';
import type { LedgerProblem } from '../ledger/ledger.ts';
import type { InstalledLicense } from '../state/site-events.ts';
import { activatedLicenseEnd, tenantOnDay } from './activated-license-terms.ts';
import { entitlementOf, holderKey, seatsInUse, type TenantState } from '../state/site-state.ts';
import { tenantPolicy } from './tenant-policy.ts';

/**
 * The checks a licensed application asks the site for (docs/design.md, F3), as pure functions of the
 * tenant's state and the time. Refusals are data with stable codes; the site turns them into
 * errors at its edge.
 */

/** What the site knows of its own soundness when it answers. */
export interface SiteConditions {
  readonly now: Date;
  /** Why the ledger cannot be trusted, or null when it verified. */
  readonly ledgerProblem: LedgerProblem | null;
  /** The latest instant the site has seen (its ledger's newest record, earlier requests): ms. */
  readonly latestSeen: number;
}

/**
 * The site can be relied on at all: its ledger verified (`LEDGER_TAMPERED`, `LEDGER_ROLLED_BACK`:
 * nothing derived from it holds, so this comes first), and its clock is not behind what it has
 * already seen by more than the policy's tolerance (`CLOCK_ROLLED_BACK`: every window below is
 * measured with that clock).
 */
export function checkSiteSound(conditions: SiteConditions): Outcome {
  const problem = conditions.ledgerProblem;
  if (problem) return refuse(problem.code, problem.detail);
  if (conditions.latestSeen > 0 && conditions.now.getTime() < conditions.latestSeen - defaultLicensingPolicy.clockSkewTolerance) {
    const clock = checkClock(conditions.now, new Date(conditions.latestSeen), defaultLicensingPolicy);
    if (!clock.ok) return clock;
  }
  return accept();
}

/**
 * The tenant may do licensed work now. Precedence, first failure wins, gravest first:
 * 1. `TENANT_NOT_FOUND`; 2. the site is sound (`checkSiteSound`);
 * 2a. `REBASELINE_REQUIRED`: the site was restored from a backup and the vendor has not yet
 *    accepted the gap for this tenant (nothing the backup lost may be used again before);
 * 3. `SITE_NOT_LICENSED`: neither an OLF nor an activated license was ever installed;
 * 4. `CYCLE_LOCKED`: a cycle lapsed — whatever the license's dates say (docs/design.md, F2);
 * 5. `LICENSE_EXPIRED`: from midnight UTC ending the license's end date (an activated
 *    license's: the latest expiry of its items; never while it holds a permanent item).
 * The tenant accepted is the tenant as licensed today (`tenantOnDay`): an activated license's
 * items count until the end of their own expiry day.
 * The start date is not enforced, as in `siteLicenseStatus`: an OLF starts the day it is
 * issued and lies ahead of the site only by clock skew around midnight.
 *
 * @example
 * ```ts
 * const licensed = checkLicensed(state.tenants.get('default'), 'default', conditions);
 * if (!licensed.ok) throw new AirlockError(licensed.code, licensed.detail);
 * ```
 */
export function checkLicensed(tenant: TenantState | undefined, tenantId: string, conditions: SiteConditions): Outcome<TenantState> {
  if (!tenant) return refuse('TENANT_NOT_FOUND', { tenant: tenantId });
  const sound = checkSiteSound(conditions);
  if (!sound.ok) return sound;
  const awaiting = checkNotAwaitingRebaseline(tenant);
  if (!awaiting.ok) return awaiting;
  const { license, activated } = tenant;
  if (!license && !activated) return refuse('SITE_NOT_LICENSED', { tenant: tenantId });
  const { now } = conditions;
  const locked = lockedSince(tenant.cycle, now, tenantPolicy(tenant.token));
  if (locked) return refuse('CYCLE_LOCKED', { tenant: tenantId, cycle: tenant.cycle.cycle, lockedAt: locked.toISOString(), now: now.toISOString() });
  const end = license ? { endsOn: license.end, expiresAt: expiryOf(license) } : activatedLicenseEnd(activated);
  if (end && now.getTime() >= end.expiresAt) {
    return refuse('LICENSE_EXPIRED', { tenant: tenantId, endsOn: end.endsOn, now: now.toISOString() });
  }
  return accept(tenantOnDay(tenant, now));
}

/**
 * The tenant is not waiting for the vendor to accept a restore from a backup
 * (`REBASELINE_REQUIRED`, naming the head the ledger reached, the head put back and how many
 * records were lost).
 */
export function checkNotAwaitingRebaseline(tenant: TenantState): Outcome {
  const { restore } = tenant;
  if (!restore) return accept();
  return refuse('REBASELINE_REQUIRED', {
    tenant: tenant.id,
    reached: restore.reached,
    restored: restore.restored,
    lost: restore.reached.sequence - restore.restored.sequence,
  });
}

const expiries = new WeakMap<InstalledLicense, number>();

/** The first instant after the license's end date (ms), memoised: every check compares it. */
export function expiryOf(license: InstalledLicense): number {
  let expiry = expiries.get(license);
  if (expiry === undefined) expiries.set(license, (expiry = endOfCalendarDate(license.end).getTime()));
  return expiry;
}

/** The licensed tenant grants the feature (quantity 1 or more): `FEATURE_NOT_LICENSED` otherwise. */
export function checkFeature(tenant: TenantState, feature: string): Outcome<{ readonly feature: string }> {
  const quantity = entitlementOf(tenant, feature, 'feature');
  if (quantity === undefined || quantity < 1) return refuse('FEATURE_NOT_LICENSED', { tenant: tenant.id, feature });
  return accept({ feature });
}

/** What a seat check-out comes to: the user holds a seat already, or gets one. */
export interface CheckoutDecision {
  readonly held: boolean;
  readonly limit: number;
  /** Seats of the type in use before this check-out. */
  readonly used: number;
}

/**
 * Decides a seat check-out for a licensed tenant. A user who holds a seat of the type keeps it
 * (idempotent: no second seat); otherwise a seat is free only while fewer users than the
 * license's quantity hold one. `LICENSE_TYPE_NOT_LICENSED` for a type the license does not
 * grant as a seat, `SEAT_LIMIT_REACHED` when every seat is taken.
 */
export function decideCheckout(tenant: TenantState, type: string, user: string): Outcome<CheckoutDecision> {
  const limit = entitlementOf(tenant, type, 'seat');
  if (limit === undefined) return refuse('LICENSE_TYPE_NOT_LICENSED', { tenant: tenant.id, type, expected: 'seat' });
  const users = tenant.seats.get(type);
  // Named seats and floating seats (leases, borrows) share the license's quantity.
  const used = seatsInUse(tenant, type);
  if (users?.has(user)) return accept({ held: true, limit, used });
  if (used >= limit) return refuse('SEAT_LIMIT_REACHED', { tenant: tenant.id, type, limit, used });
  return accept({ held: false, limit, used });
}

/** What a lease comes to: the device holds one of the type for the user already (its id), or gets one. */
export interface LeaseDecision {
  readonly held: string | null;
  readonly limit: number;
  /** Seats of the type in use before this lease, named and floating. */
  readonly used: number;
}

/**
 * Decides a floating seat for a device of a licensed tenant (docs/floating.md). A device that
 * holds a lease or borrow of the type for the user keeps it (idempotent: one seat per device,
 * type and user); otherwise a seat is free only while fewer seats than the license's quantity
 * are in use, named and floating together. `LICENSE_TYPE_NOT_LICENSED` for a type the license
 * does not grant as seats, `SEAT_LIMIT_REACHED` when every seat is in use.
 */
export function decideLease(tenant: TenantState, type: string, fingerprint: string, user: string): Outcome<LeaseDecision> {
  const limit = entitlementOf(tenant, type, 'seat');
  if (limit === undefined) return refuse('LICENSE_TYPE_NOT_LICENSED', { tenant: tenant.id, type, expected: 'seat' });
  const used = seatsInUse(tenant, type);
  const held = tenant.holders.get(holderKey(type, fingerprint, user)) ?? null;
  if (held !== null) return accept({ held, limit, used });
  if (used >= limit) return refuse('SEAT_LIMIT_REACHED', { tenant: tenant.id, type, limit, used });
  return accept({ held: null, limit, used });
}

/** What a consumption comes to: the meter's total after it, and its limit. */
export interface ConsumeDecision {
  readonly total: number;
  readonly limit: number;
}

/**
 * Decides a consumption for a licensed tenant: all or nothing. The limit is the license's
 * quantity for the meter, against everything the tenant ever consumed of it — the total its
 * LFRs report — so a renewal does not hand out the same quantity again.
 */
export function decideConsume(tenant: TenantState, meter: string, amount: number): Outcome<ConsumeDecision> {
  const limit = entitlementOf(tenant, meter, 'meter');
  if (limit === undefined) return refuse('LICENSE_TYPE_NOT_LICENSED', { tenant: tenant.id, type: meter, expected: 'meter' });
  const used = tenant.meters.get(meter) ?? 0;
  if (used + amount > limit) return refuse('METER_LIMIT_REACHED', { tenant: tenant.id, meter, used, amount, limit });
  return accept({ total: used + amount, limit });
}
