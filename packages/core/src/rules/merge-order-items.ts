import type { LicenseItem } from '../documents/claims.ts';
import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import { isCalendarDate, utcDate } from '../time/duration.ts';
import { compareText } from './compare-text.ts';
import { isQuantity } from './quantities.ts';

type ItemKind = LicenseItem['kind'];

/** Output order of kinds within one product and license type. */
const kindRank: Readonly<Record<ItemKind, number>> = { permanent: 0, term: 1, pilot: 2, temporary: 3 };

/** An item that cannot be merged, and why. */
export interface InvalidOrderItem {
  readonly source: 'previous' | 'order';
  readonly index: number;
  readonly product: string;
  readonly licenseType: string;
  readonly reason: string;
}

/**
 * The items of the license an order's activation produces (docs/design.md, F5): the order's items merged
 * into the latest activated license of the site.
 * - Previous permanent items are kept; previous term items are kept until their expiry date has
 *   passed (UTC, the day itself included): an expired term entitles nothing, and carrying it
 *   would re-sign it into every later license.
 * - Previous pilot and temporary items are dropped: they live only in their own LRN's license.
 * - Every item of the order appears, its own pilot and temporary items included.
 * - Items alike in product, license type, kind and expiry date are one line, quantities summed.
 * Output is sorted by product, license type, kind (permanent, term, pilot, temporary), expiry.
 * Every invalid item, of either list, is named in one `ORDER_ITEM_INVALID`.
 *
 * @example
 * ```ts
 * mergeOrderItems(
 *   [{ product: 'rpa', licenseType: 'runner', quantity: 5, kind: 'permanent' }],
 *   [{ product: 'rpa', licenseType: 'runner', quantity: 2, kind: 'permanent' }],
 *   now);
 * // { ok: true, value: [{ product: 'rpa', licenseType: 'runner', quantity: 7, kind: 'permanent' }] }
 * ```
 */
export function mergeOrderItems(previous: readonly LicenseItem[], order: readonly LicenseItem[], now: Date): Outcome<readonly LicenseItem[]> {
  const invalid = [...invalidItems(previous, 'previous'), ...invalidItems(order, 'order')];
  if (invalid.length > 0) return refuse('ORDER_ITEM_INVALID', { invalid });
  const today = utcDate(now);
  const kept = previous.filter((item) => carriesOver(item, today));
  return accept(sumAlike([...kept, ...order]).sort(compareItems));
}

function carriesOver(item: LicenseItem, today: string): boolean {
  if (item.kind === 'permanent') return true;
  if (item.kind === 'term') return item.expiresOn !== undefined && item.expiresOn >= today;
  return false;
}

function sumAlike(items: readonly LicenseItem[]): LicenseItem[] {
  const lines = new Map<string, LicenseItem>();
  for (const item of items) {
    const key = JSON.stringify([item.product, item.licenseType, item.kind, item.expiresOn ?? null]);
    const quantity = (lines.get(key)?.quantity ?? 0) + item.quantity;
    const line = { product: item.product, licenseType: item.licenseType, quantity, kind: item.kind };
    lines.set(key, item.expiresOn === undefined ? line : { ...line, expiresOn: item.expiresOn });
  }
  return [...lines.values()];
}

function compareItems(a: LicenseItem, b: LicenseItem): number {
  return (
    compareText(a.product, b.product) ||
    compareText(a.licenseType, b.licenseType) ||
    kindRank[a.kind] - kindRank[b.kind] ||
    compareText(a.expiresOn ?? '', b.expiresOn ?? '')
  );
}

function invalidItems(items: readonly LicenseItem[], source: InvalidOrderItem['source']): InvalidOrderItem[] {
  return items.flatMap((item, index) => {
    const reason = invalidReason(item);
    return reason ? [{ source, index, product: item.product, licenseType: item.licenseType, reason }] : [];
  });
}

function invalidReason(item: LicenseItem): string | null {
  if (!Object.hasOwn(kindRank, item.kind)) return `unknown kind ${String(item.kind)}`;
  if (!isQuantity(item.quantity)) return 'quantity is not a whole number of zero or more';
  if (item.kind === 'permanent') return item.expiresOn === undefined ? null : 'a permanent item has no expiry date';
  if (item.expiresOn === undefined) return `a ${item.kind} item needs an expiry date`;
  return isCalendarDate(item.expiresOn) ? null : 'expiry is not a real YYYY-MM-DD date';
}
