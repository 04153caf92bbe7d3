import { checkSeatReduction, type LicenseItem, type Outcome } from '@airlock/core';
import { accept, endOfCalendarDate, refuse, utcDate } from '@airlock/core/internal';
import { activatedGrantsOn, itemInForce, type InstalledActivatedLicense } from '../state/activated-license-state.ts';
import { compareNames, usersOverLimits, type TenantState } from '../state/site-state.ts';

/**
 * What an activated license (docs/design.md, F5) means on the site, as pure functions of the license and
 * the time: which items are in force on a day, what they grant, when the license ends, and
 * whether a tenant may take it. The site enforces the result with the same checks as an OLF's.
 *
 * An order's item names a product, a license type, a quantity and a kind, but no category: the
 * authority's catalogue knows whether a type is counted in seats, consumption or on/off, and
 * the signed document does not say. So the site grants each license type a quantity and lets
 * the question decide how it is counted: a seat check-out reads it as seats, a consumption as
 * the meter's limit, a feature check as on (quantity 1 or more). The catalogue gives each type
 * one category and a product asks one kind of question of each of its types, so this counts
 * exactly as a carried category would, without guessing a category the document does not hold.
 */

/** The last day every item of the license is over, as the checks compare it. */
export interface ActivatedLicenseEnd {
  readonly endsOn: string;
  /** The midnight UTC ending `endsOn` (ms): from then on, nothing is in force. */
  readonly expiresAt: number;
}

/** The status shows a license with a permanent item as never ending: this is its end date for the core's status rule. */
const NEVER_ENDS_ON = '9999-12-31';

const ends = new WeakMap<InstalledActivatedLicense, ActivatedLicenseEnd | null>();

/**
 * When the license ends: the latest expiry of its items, or null while it holds a permanent
 * item (or no item at all: then it grants nothing, but nothing of it ends either). Memoised:
 * every licensed check compares it.
 */
export function activatedLicenseEnd(license: InstalledActivatedLicense | null): ActivatedLicenseEnd | null {
  if (!license) return null;
  let end = ends.get(license);
  if (end === undefined) ends.set(license, (end = endOf(license.items)));
  return end;
}

/**
 * When a license type's seats stop being licensed: the latest expiry of the items of that type
 * in force on `now`'s day, or null while one of them is permanent (or none is in force). A
 * borrow of the type never runs past it (docs/floating.md, Borrowing).
 */
export function activatedTypeEnd(license: InstalledActivatedLicense, type: string, now: Date): ActivatedLicenseEnd | null {
  const today = utcDate(now);
  return endOf(license.items.filter((item) => item.licenseType === type && itemInForce(item, today)));
}

function endOf(items: readonly LicenseItem[]): ActivatedLicenseEnd | null {
  if (items.length === 0 || items.some((item) => item.kind === 'permanent')) return null;
  const endsOn = items.reduce((latest, item) => (item.expiresOn !== undefined && item.expiresOn > latest ? item.expiresOn : latest), '');
  return endsOn === '' ? null : { endsOn, expiresAt: endOfCalendarDate(endsOn).getTime() };
}

/** The dates the core's status rule reads (`siteLicenseStatus`): from the issue day to the end, or to a far day when it never ends. */
export function activatedLicensePeriod(license: InstalledActivatedLicense): { readonly startsOn: string; readonly endsOn: string } {
  return { startsOn: utcDate(new Date(license.issuedAt)), endsOn: activatedLicenseEnd(license)?.endsOn ?? NEVER_ENDS_ON };
}

/**
 * The tenant as licensed on `now`'s day. An OLF's grants do not change with the day; an
 * activated license's do (an item ends at the midnight closing its `expiresOn`), so a tenant
 * licensed by one is given, in a copy, the grants of the day. The state itself is not changed:
 * its `grants` index is rebuilt from the events, and this is what the checks read.
 */
export function tenantOnDay(tenant: TenantState, now: Date): TenantState {
  const license = tenant.activated;
  if (!license) return tenant;
  const grants = activatedGrantsOn(license, now);
  return grants === tenant.grants ? tenant : { ...tenant, grants };
}

/**
 * Whether a tenant may take an activated license now (its document already verified and for
 * this tenant). First failure wins:
 * 1. `ACTIVATED_LICENSE_NOT_NEWER`: its revision is not above every revision the tenant took
 *    before — an old file, or the same one again, never rolls the license back (an OLF installed
 *    meanwhile does not reset this);
 * 2. `LICENSE_EXPIRED`: every item of it is past its expiry today, so it would grant nothing;
 * 3. `SEAT_REDUCTION_BELOW_USE`, as for an OLF: no type may hold more users with a seat than
 *    the license's quantity of it today (a type it does not grant has none), naming per type
 *    the use, the new limit and every user, so the admin can de-provision first.
 *
 * @example
 * ```ts
 * checkActivatedLicenseInstall(tenant, license, now); // { ok: true, value: undefined }
 * ```
 */
export function checkActivatedLicenseInstall(tenant: TenantState, license: InstalledActivatedLicense, now: Date): Outcome {
  if (license.revision <= tenant.activatedRevision) {
    return refuse('ACTIVATED_LICENSE_NOT_NEWER', { tenant: tenant.id, installed: tenant.activatedRevision, found: license.revision });
  }
  const end = activatedLicenseEnd(license);
  if (end && now.getTime() >= end.expiresAt) return refuse('LICENSE_EXPIRED', { tenant: tenant.id, endsOn: end.endsOn, now: now.toISOString() });
  const limits = Object.fromEntries([...activatedGrantsOn(license, now).values()].map((grant) => [grant.type, grant.quantity]));
  const seats = checkSeatReduction(usersOverLimits(tenant, limits), limits);
  return seats.ok ? accept() : seats;
}

/** An item as the status shows it: its expiry spelled out, whether it counts today, and the time left. */
export interface ActivatedItemStatus {
  readonly product: string;
  readonly licenseType: string;
  readonly quantity: number;
  readonly kind: LicenseItem['kind'];
  /** The last day it counts (UTC); null for a permanent item. */
  readonly expiresOn: string | null;
  readonly inForce: boolean;
  /** The midnight ending `expiresOn` and the ms left until it (negative once passed); null for a permanent item. */
  readonly expires: { readonly at: string; readonly left: number } | null;
}

/** What a site admin is shown of a tenant's activated license. */
export interface ActivatedLicenseStatus {
  readonly licenseId: string;
  readonly registrationKey: string;
  readonly customerId: string;
  readonly revision: number;
  readonly activatedLrn: string;
  readonly lrns: string[];
  readonly issuedAt: string;
  readonly installedAt: string;
  /** The last day anything of it counts; null while a permanent item keeps it in force. */
  readonly endsOn: string | null;
  /** Every item, by kind (permanent, term, pilot, temporary), then product, type and expiry. */
  readonly items: ActivatedItemStatus[];
  /** Per license type, what the items in force grant today. */
  readonly entitlements: { readonly licenseType: string; readonly quantity: number }[];
}

const kindOrder: Readonly<Record<LicenseItem['kind'], number>> = { permanent: 0, term: 1, pilot: 2, temporary: 3 };

/**
 * The activated license as the status shows it on `now`'s day.
 *
 * @example
 * ```ts
 * activatedLicenseStatus(tenant.activated, now).items[0]; // { kind: 'permanent', expiresOn: null, inForce: true, ... }
 * ```
 */
export function activatedLicenseStatus(license: InstalledActivatedLicense, now: Date): ActivatedLicenseStatus {
  const today = utcDate(now);
  const items = [...license.items].sort(
    (a, b) =>
      kindOrder[a.kind] - kindOrder[b.kind] ||
      compareNames(a.product, b.product) ||
      compareNames(a.licenseType, b.licenseType) ||
      compareNames(a.expiresOn ?? '', b.expiresOn ?? ''),
  );
  return {
    licenseId: license.licenseId,
    registrationKey: license.registrationKey,
    customerId: license.customerId,
    revision: license.revision,
    activatedLrn: license.activatedLrn,
    lrns: [...license.lrns],
    issuedAt: new Date(license.issuedAt).toISOString(),
    installedAt: new Date(license.installedAt).toISOString(),
    endsOn: activatedLicenseEnd(license)?.endsOn ?? null,
    items: items.map((item) => {
      const expiresAt = item.kind === 'permanent' || item.expiresOn === undefined ? null : endOfCalendarDate(item.expiresOn);
      return {
        product: item.product,
        licenseType: item.licenseType,
        quantity: item.quantity,
        kind: item.kind,
        expiresOn: item.kind === 'permanent' ? null : (item.expiresOn ?? null),
        inForce: itemInForce(item, today),
        expires: expiresAt ? { at: expiresAt.toISOString(), left: expiresAt.getTime() - now.getTime() } : null,
      };
    }),
    entitlements: [...activatedGrantsOn(license, now).values()].map((grant) => ({ licenseType: grant.type, quantity: grant.quantity })),
  };
}
