import { AirlockError, days, quantityOf, type LicenseItem, type Quantities } from '@airlock/core';
import { utcDate } from '@airlock/core/internal';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { orderTables } from '../orders/order-tables.ts';
import { heldByOtherSiteTenants, purchasedQuantities, summarizeAllocation, type AllocationSummary } from './offline-license-queries.ts';

/** An OLF's longest default term: a year less a day, so a yearly renewal never overlaps. */
const DEFAULT_TERM_DAYS = 364;

/** A license type where the static license an LFR replaces granted more than the customer may still allocate. */
export interface MigrationShortfall {
  readonly type: string;
  /** What the activated license granted of the type, in force today. */
  readonly granted: number;
  /** What the customer may still allocate to this site tenant. */
  readonly available: number;
}

/** The OLF the authority proposes for an LFR: the console's starting point, and the answer over the link. */
export interface OlfProposal {
  readonly lfrId: string;
  readonly siteGuid: string;
  readonly tenant: string;
  /** Today (UTC): an OLF starts on the day it is issued. */
  readonly start: string;
  /** The earlier of the account's end and 364 days on. */
  readonly end: string;
  readonly accountEndsOn: string;
  /** What the customer bought, what its other site tenants hold, and what is left for this one. */
  readonly allocation: AllocationSummary;
  /** Per license type, by type: what is left for this site tenant, and at least what the replaced static license granted. */
  readonly entitlements: readonly { readonly type: string; readonly quantity: number }[];
  /** The activated license the LFR replaces and what it granted in force today; null when it replaces none. */
  readonly replaced: { readonly licenseId: string; readonly granted: Quantities } | null;
  /** Where the purchases do not cover what the replaced license granted (MIGRATION_NOT_COVERED); empty otherwise. */
  readonly shortfall: readonly MigrationShortfall[];
}

/**
 * The OLF "the console would propose" for one of the customer's LFRs (docs/connected.md, "How
 * the authority answers"): from today to the earlier of the account's end and 364 days on; for
 * each license type the customer purchased or whose seats the LFR reports in use, what it may
 * still allocate to this site tenant (purchased, less what its other site tenants hold). For an
 * LFR leaving a static license (`replaces`, "Moving off static licenses"), the items of that
 * activated license in force today, summed per license type, are a floor: each type gets at
 * least what it granted, and `shortfall` lists the types where that is more than is available.
 * One function for the console's OLF form and the automatic answer over the link, so both
 * propose the same. NOT_FOUND when the LFR is not the customer's. Reads only.
 *
 * @example
 * ```ts
 * const proposal = await proposeOlf(db, { customerId: 'acme', lfrId }, now);
 * if (proposal.shortfall.length === 0) await issueOfflineLicense(deps, 'acme', lfrId, proposal, by);
 * ```
 */
export async function proposeOlf(db: Kysely<Database>, input: { readonly customerId: string; readonly lfrId: string }, now: Date): Promise<OlfProposal> {
  const { customerId, lfrId } = input;
  const [customer, lfr] = await Promise.all([
    db.selectFrom('customers').select('account_ends_on').where('id', '=', customerId).executeTakeFirst(),
    db
      .selectFrom('license_file_requests')
      .select(['site_guid', 'tenant', 'claims', 'replaces_license_id'])
      .where('id', '=', lfrId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst(),
  ]);
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  if (!lfr) throw new AirlockError('NOT_FOUND', { lfr: lfrId });
  const start = utcDate(now);
  const [purchased, heldByOthers, replaced] = await Promise.all([
    purchasedQuantities(db, customerId),
    heldByOtherSiteTenants(db, customerId, { siteGuid: lfr.site_guid, tenant: lfr.tenant }, start),
    lfr.replaces_license_id === null ? null : replacedLicense(db, customerId, lfr.replaces_license_id, start),
  ]);
  const allocation = summarizeAllocation(purchased, heldByOthers);
  const granted = replaced?.granted ?? {};
  const inUse = lfr.claims.usage.seats.map((seat) => seat.type);
  const types = [...new Set([...Object.keys(purchased).filter((type) => quantityOf(purchased, type) > 0), ...inUse, ...Object.keys(granted)])].sort();
  const available = (type: string) => quantityOf(allocation.available, type);
  return {
    lfrId,
    siteGuid: lfr.site_guid,
    tenant: lfr.tenant,
    start,
    end: [customer.account_ends_on, utcDate(new Date(now.getTime() + days(DEFAULT_TERM_DAYS)))].sort()[0]!,
    accountEndsOn: customer.account_ends_on,
    allocation,
    entitlements: types.map((type) => ({ type, quantity: Math.max(available(type), quantityOf(granted, type)) })),
    replaced,
    shortfall: Object.keys(granted)
      .sort()
      .filter((type) => quantityOf(granted, type) > available(type))
      .map((type) => ({ type, granted: quantityOf(granted, type), available: available(type) })),
  };
}

/**
 * What an activated license of the customer grants on `today`, per license type: its permanent
 * items, and the others until their `expiresOn` (inclusive); quantities of one type add up. A
 * license that is not the customer's grants nothing here: an LFR cannot claim another
 * customer's static license as its floor.
 */
async function replacedLicense(
  db: Kysely<Database>,
  customerId: string,
  licenseId: string,
  today: string,
): Promise<{ licenseId: string; granted: Quantities } | null> {
  const row = await orderTables(db)
    .selectFrom('activated_licenses')
    .select('items')
    .where('id', '=', licenseId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row) return null;
  return { licenseId, granted: grantedOn(row.items, today) };
}

/** The quantities per license type of the items in force on `today` (permanent, or not expired yet). */
function grantedOn(items: readonly LicenseItem[], today: string): Quantities {
  const granted: Record<string, number> = {};
  for (const item of items) {
    if (item.kind !== 'permanent' && (item.expiresOn === undefined || item.expiresOn < today)) continue;
    granted[item.licenseType] = (granted[item.licenseType] ?? 0) + item.quantity;
  }
  return granted;
}
