import type { LicenseFileRequest, Quantities, SiteEntitlement } from '@airlock/core';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Database, LicenseFileRequestTable } from '../../db/schema.ts';
import { rebaselineStatuses, type RebaselineStatus } from '../rebaselines/site-rebaselines.ts';
import { requireCustomer, type CycleSequence, type RegisteredSite, type SiteTenant } from './offline-license-queries.ts';

/**
 * What the OLF rules decide on for a batch of LFRs of one customer, read in a few queries for
 * the whole batch instead of a dozen per OLF. It is read inside the issuing transaction, once
 * the customer's row is locked, so nothing issued by anyone else can change it before commit.
 */
export interface OlfBatchFacts {
  readonly customer: { readonly id: string; readonly accountEndsOn: string };
  /** The batch's LFRs that belong to the customer, by id. */
  readonly lfrs: ReadonlyMap<string, LfrRow>;
  /** The customer's sites those LFRs come from, by (lower-case) GUID. */
  readonly sites: ReadonlyMap<string, RegisteredSite>;
  /** The latest LFR seen from each of their site tenants, by `siteTenantKey`. */
  readonly latest: ReadonlyMap<string, CycleSequence>;
  /** Those LFRs already answered by an OLF. */
  readonly used: ReadonlySet<string>;
  readonly purchased: Quantities;
  /** The category of each license type the batch asks for that the catalogue knows. */
  readonly categories: ReadonlyMap<string, SiteEntitlement['category']>;
  /** What every site tenant of the customer holds today, summed per type (`heldByOtherSiteTenants` before the exception). */
  readonly heldInForce: Quantities;
  /** What each of the batch's site tenants holds (in force or ended), by `siteTenantKey`. */
  readonly held: ReadonlyMap<string, HeldOlf>;
  /** The vendor's decision on the batch's LFRs that state a restore from a backup, by LFR id. */
  readonly rebaselines: ReadonlyMap<string, RebaselineStatus>;
}

/** What the rules and the signing read of an LFR (its usage is in its claims). */
const LFR_COLUMNS = ['id', 'site_guid', 'tenant', 'cycle', 'sequence', 'site_key_thumbprint'] as const;

/**
 * An LFR's claims as issuing reads them: each seat type's count without its holders' names.
 * The rules read counts and the OLF names no holder; a tenant's LFR may name 100,000 holders
 * of a type, megabytes the database would otherwise send and parse at every issue.
 */
export type IssuingClaims = Omit<LicenseFileRequest, 'usage'> & {
  readonly usage: Omit<LicenseFileRequest['usage'], 'seats'> & { readonly seats: readonly { readonly type: string; readonly used: number }[] };
};
export type LfrRow = Pick<Selectable<LicenseFileRequestTable>, (typeof LFR_COLUMNS)[number]> & { readonly claims: IssuingClaims };

/** `claims` with `usage.seats[].users` removed, in the database. */
const claimsWithoutHolders = sql<IssuingClaims>`jsonb_set(claims, '{usage,seats}', coalesce((select jsonb_agg(seat - 'users') from jsonb_array_elements(claims->'usage'->'seats') as seat), '[]'::jsonb))`;

/** The OLF a site tenant holds: its id, last day and quantities, as `held_entitlements` keeps them. */
export interface HeldOlf {
  readonly olfId: string;
  readonly end: string;
  readonly entitlements: readonly { readonly type: string; readonly quantity: number }[];
}

/** One key per (site, tenant): a GUID has no `/`, so the key cannot be read two ways. */
export function siteTenantKey(at: SiteTenant): string {
  return `${at.siteGuid}/${at.tenant}`;
}

/**
 * Locks the customer's row (NOT_FOUND when there is none) and reads the facts for these LFR ids
 * and license types. `today` (UTC) decides which holds are still in force.
 */
export async function loadOlfBatchFacts(
  trx: Transaction<Database>,
  customerId: string,
  asked: { readonly lfrIds: readonly string[]; readonly types: readonly string[] },
  today: string,
): Promise<OlfBatchFacts> {
  const customer = await requireCustomer(trx, customerId, true);
  const lfrIds = [...new Set(asked.lfrIds)];
  const lfrRows =
    lfrIds.length === 0
      ? []
      : await trx
          .selectFrom('license_file_requests')
          .select([...LFR_COLUMNS, claimsWithoutHolders.as('claims')])
          .where('id', 'in', lfrIds)
          .where('customer_id', '=', customerId)
          .execute();
  const guids = [...new Set(lfrRows.map((lfr) => lfr.site_guid))];
  const [sites, latest, used, purchased, categories, heldInForce, held, rebaselines] = await Promise.all([
    sitesOf(trx, customerId, guids),
    latestOf(trx, guids),
    lfrRows.length === 0
      ? []
      : trx
          .selectFrom('offline_license_files')
          .select('lfr_id')
          .where(
            'lfr_id',
            'in',
            lfrRows.map((lfr) => lfr.id),
          )
          .execute(),
    trx.selectFrom('purchased_entitlements').select(['license_type_id', 'quantity']).where('customer_id', '=', customerId).execute(),
    asked.types.length === 0
      ? []
      : trx
          .selectFrom('license_types')
          .select(['id', 'category'])
          .where('id', 'in', [...new Set(asked.types)])
          .execute(),
    heldInForceOf(trx, customerId, today),
    heldOf(trx, guids),
    rebaselineStatuses(
      trx,
      lfrRows.filter((lfr) => lfr.claims.ledgerRestore !== undefined).map((lfr) => lfr.id),
    ),
  ]);
  return {
    customer,
    lfrs: new Map(lfrRows.map((lfr) => [lfr.id, lfr])),
    sites,
    latest,
    used: new Set(used.map((row) => row.lfr_id)),
    purchased: Object.fromEntries(purchased.map((row) => [row.license_type_id, row.quantity])),
    categories: new Map(categories.map((row) => [row.id, row.category])),
    heldInForce,
    held,
    rebaselines,
  };
}

async function sitesOf(trx: Transaction<Database>, customerId: string, guids: readonly string[]): Promise<Map<string, RegisteredSite>> {
  if (guids.length === 0) return new Map();
  const rows = await trx.selectFrom('sites').select(['guid', 'site_key_thumbprint']).where('customer_id', '=', customerId).where('guid', 'in', guids).execute();
  return new Map(rows.map((row) => [row.guid, { guid: row.guid, siteKeyThumbprint: row.site_key_thumbprint }]));
}

/** The latest LFR of every tenant of these sites, by (cycle, sequence), as `latestLfr` finds it for one. */
async function latestOf(trx: Transaction<Database>, guids: readonly string[]): Promise<Map<string, CycleSequence>> {
  if (guids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('license_file_requests')
    .select(['site_guid', 'tenant', 'cycle', 'sequence'])
    .distinctOn(['site_guid', 'tenant'])
    .where('site_guid', 'in', guids)
    .orderBy('site_guid')
    .orderBy('tenant')
    .orderBy('cycle', 'desc')
    .orderBy('sequence', 'desc')
    .execute();
  return new Map(rows.map((row) => [siteTenantKey({ siteGuid: row.site_guid, tenant: row.tenant }), { cycle: row.cycle, sequence: row.sequence }]));
}

async function heldInForceOf(trx: Transaction<Database>, customerId: string, today: string): Promise<Quantities> {
  const rows = await trx
    .selectFrom('held_entitlements')
    .select((eb) => ['license_type_id', eb.fn.sum<number>('quantity').as('quantity')])
    .where('customer_id', '=', customerId)
    .where('ends_on', '>=', today)
    .groupBy('license_type_id')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.license_type_id, Number(row.quantity)]));
}

async function heldOf(trx: Transaction<Database>, guids: readonly string[]): Promise<Map<string, HeldOlf>> {
  if (guids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('held_entitlements')
    .select(['site_guid', 'tenant', 'license_type_id', 'quantity', 'olf_id', 'ends_on'])
    .where('site_guid', 'in', guids)
    .orderBy('license_type_id')
    .execute();
  const held = new Map<string, HeldOlf & { entitlements: { type: string; quantity: number }[] }>();
  for (const row of rows) {
    const key = siteTenantKey({ siteGuid: row.site_guid, tenant: row.tenant });
    const olf = held.get(key) ?? { olfId: row.olf_id, end: row.ends_on, entitlements: [] };
    olf.entitlements.push({ type: row.license_type_id, quantity: row.quantity });
    held.set(key, olf);
  }
  return held;
}
