import { type LicenseItem, DAY } from '@airlock/core';
import { utcDate } from '@airlock/core/internal';
import { compareNames } from './names.ts';

/*
 * An activated license (docs/design.md, F5) as a tenant's state holds it, and what it grants on
 * a day; the rest of its meaning — when it ends, its status, whether a tenant may take it — is in
 * rules/activated-license-terms.ts.
 */

/** An activated license as a tenant keeps it: the authority's terms, and when the site took them. */
export interface InstalledActivatedLicense {
  /** The document's id (`jti`). */
  readonly licenseId: string;
  readonly registrationKey: string;
  readonly customerId: string;
  readonly revision: number;
  readonly activatedLrn: string;
  /** Every LRN merged into it, in the order they were activated. */
  readonly lrns: readonly string[];
  readonly items: readonly LicenseItem[];
  /** When the authority issued it (ms). */
  readonly issuedAt: number;
  /** When this site installed it (ms). */
  readonly installedAt: number;
  /** The document as the authority signed it: it certifies the site key to devices (docs/floating.md). Absent in licenses installed before. */
  readonly certificate?: string;
}

/**
 * What an activated license grants one license type on a day: a quantity with no category, for
 * the application's question to decide (`entitlementOf`).
 */
export interface ActivatedGrant {
  readonly type: string;
  readonly category: null;
  readonly quantity: number;
}

/**
 * Whether an item counts on a UTC day: a permanent item always; a term, pilot or temporary
 * item until its `expiresOn`, that day included.
 *
 * @example
 * ```ts
 * itemInForce({ product: 'rpa', licenseType: 'runner', quantity: 5, kind: 'term', expiresOn: '2026-12-31' }, '2026-12-31'); // true
 * ```
 */
export function itemInForce(item: LicenseItem, today: string): boolean {
  if (item.kind === 'permanent') return true;
  return item.expiresOn !== undefined && item.expiresOn >= today;
}

const grantsByDay = new WeakMap<InstalledActivatedLicense, { readonly day: number; readonly grants: ReadonlyMap<string, ActivatedGrant> }>();

/**
 * Per license type, the sum of the quantities of the items in force on `now`'s UTC day, sorted by
 * type. Memoised per license and day: every licensed check of the tenant reads it.
 *
 * @example
 * ```ts
 * activatedGrantsOn(license, now).get('bot-runner'); // { type: 'bot-runner', category: null, quantity: 15 }
 * ```
 */
export function activatedGrantsOn(license: InstalledActivatedLicense, now: Date): ReadonlyMap<string, ActivatedGrant> {
  const day = Math.floor(now.getTime() / DAY);
  const known = grantsByDay.get(license);
  if (known?.day === day) return known.grants;
  const today = utcDate(now);
  const totals = new Map<string, number>();
  for (const item of license.items) {
    if (itemInForce(item, today)) totals.set(item.licenseType, (totals.get(item.licenseType) ?? 0) + item.quantity);
  }
  const types = [...totals.keys()].sort(compareNames);
  const grants = new Map(types.map((type) => [type, { type, category: null, quantity: totals.get(type) ?? 0 }] as const));
  grantsByDay.set(license, { day, grants });
  return grants;
}
