import type { LicenseFileRequest, Quantities, SiteEntitlement } from '@airlock/core';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Database, LicenseFileRequestTable } from '../../db/schema.ts';
import type { RebaselineStatus } from '../rebaselines/site-rebaselines.ts';
import { requireCustomer, type CycleSequence, type RegisteredSite, type SiteTenant } from './offline-license-queries.ts';

/**
 * What the OLF rules decide on for a batch of LFRs of one customer, read in one statement for
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
type LfrColumn = 'id' | 'site_guid' | 'tenant' | 'cycle' | 'sequence' | 'site_key_thumbprint';

/**
 * An LFR's claims as issuing reads them: each seat type's count without its holders' names.
 * The rules read counts and the OLF names no holder; a tenant's LFR may name 100,000 holders
 * of a type, megabytes the database would otherwise send and parse at every issue.
 */
export type IssuingClaims = Omit<LicenseFileRequest, 'usage'> & {
  readonly usage: Omit<LicenseFileRequest['usage'], 'seats'> & { readonly seats: readonly { readonly type: string; readonly used: number }[] };
};
export type LfrRow = Pick<Selectable<LicenseFileRequestTable>, LfrColumn> & { readonly claims: IssuingClaims };

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

/** The facts as the one statement of `loadOlfBatchFacts` returns them: JSON, one column each. */
interface FactsRow {
  readonly lfrs: LfrRow[];
  readonly sites: { guid: string; siteKeyThumbprint: string | null }[];
  readonly latest: (SiteTenant & CycleSequence)[];
  readonly used: string[];
  readonly purchased: Quantities;
  readonly categories: [string, SiteEntitlement['category']][];
  readonly held_in_force: Quantities;
  readonly held: (SiteTenant & { licenseTypeId: string; quantity: number; olfId: string; endsOn: string })[];
  readonly rebaselines: [string, RebaselineStatus][];
}

/**
 * Locks the customer's row (NOT_FOUND when there is none), then reads the facts for these LFR
 * ids and license types in one statement: the LFRs of the customer, their sites, the latest LFR
 * of each of their site tenants, which of them an OLF answers, the purchase, the categories,
 * what is held in force today (`today`, UTC) and by the batch's site tenants, and the vendor's
 * decisions on re-baselines. Two round trips, whatever the batch's size.
 */
export async function loadOlfBatchFacts(
  trx: Transaction<Database>,
  customerId: string,
  asked: { readonly lfrIds: readonly string[]; readonly types: readonly string[] },
  today: string,
): Promise<OlfBatchFacts> {
  const customer = await requireCustomer(trx, customerId, true);
  const lfrIds = [...new Set(asked.lfrIds)];
  const types = [...new Set(asked.types)];
  // `in ()` is no SQL: an empty list is asked as a list of one null, which matches nothing.
  const listOf = (values: readonly string[]) => sql.join(values.length === 0 ? [null] : values);
  // The LFRs and their sites are found by primary key first, and only then kept if the
  // customer's (`materialized`): given both conditions at once, PostgreSQL may walk the
  // customer's index instead — every LFR or site of the customer — while its statistics lag
  // behind the rows a renewal season adds.
  const { rows } = await sql<FactsRow>`
    with asked as materialized (
      select id, site_guid, tenant, cycle, sequence, site_key_thumbprint, customer_id, claims
      from license_file_requests where id in (${listOf(lfrIds)})
    ), lfr as (
      select id, site_guid, tenant, cycle, sequence, site_key_thumbprint, ${claimsWithoutHolders} as claims
      from asked where customer_id = ${customerId}
    ), guid as (select distinct site_guid from lfr),
    site as materialized (select guid, site_key_thumbprint, customer_id from sites where guid in (select site_guid from guid))
    select
      (select coalesce(json_agg(lfr), '[]') from lfr) as lfrs,
      (select coalesce(json_agg(json_build_object('guid', guid, 'siteKeyThumbprint', site_key_thumbprint)), '[]')
        from site where customer_id = ${customerId}) as sites,
      (select coalesce(json_agg(json_build_object('siteGuid', site_guid, 'tenant', tenant, 'cycle', cycle, 'sequence', sequence)), '[]') from (
        select distinct on (site_guid, tenant) site_guid, tenant, cycle, sequence from license_file_requests
        where site_guid in (select site_guid from guid) order by site_guid, tenant, cycle desc, sequence desc
      ) as latest) as latest,
      (select coalesce(json_agg(lfr_id), '[]') from offline_license_files where lfr_id in (select id from lfr)) as used,
      (select coalesce(json_object_agg(license_type_id, quantity), '{}') from purchased_entitlements where customer_id = ${customerId}) as purchased,
      (select coalesce(json_agg(json_build_array(id, category)), '[]') from license_types where id in (${listOf(types)})) as categories,
      (select coalesce(json_object_agg(license_type_id, quantity), '{}') from (
        select license_type_id, sum(quantity) as quantity from held_entitlements
        where customer_id = ${customerId} and ends_on >= ${today} group by license_type_id
      ) as in_force) as held_in_force,
      (select coalesce(json_agg(json_build_object('siteGuid', site_guid, 'tenant', tenant, 'licenseTypeId', license_type_id, 'quantity', quantity, 'olfId', olf_id, 'endsOn', ends_on) order by license_type_id), '[]')
        from held_entitlements where site_guid in (select site_guid from guid)) as held,
      (select coalesce(json_agg(json_build_array(lfr_id, status)), '[]') from site_rebaselines where lfr_id in (select id from lfr)) as rebaselines
  `.execute(trx);
  const row = rows[0]!;
  return {
    customer,
    lfrs: new Map(row.lfrs.map((lfr) => [lfr.id, lfr])),
    sites: new Map(row.sites.map((site) => [site.guid, site])),
    latest: new Map(row.latest.map((latest) => [siteTenantKey(latest), { cycle: latest.cycle, sequence: latest.sequence }])),
    used: new Set(row.used),
    purchased: row.purchased,
    categories: new Map(row.categories),
    heldInForce: row.held_in_force,
    held: heldBySiteTenant(row.held),
    rebaselines: new Map(row.rebaselines),
  };
}

function heldBySiteTenant(rows: FactsRow['held']): Map<string, HeldOlf> {
  const held = new Map<string, HeldOlf & { entitlements: { type: string; quantity: number }[] }>();
  for (const row of rows) {
    const key = siteTenantKey(row);
    const olf = held.get(key) ?? { olfId: row.olfId, end: row.endsOn, entitlements: [] };
    olf.entitlements.push({ type: row.licenseTypeId, quantity: row.quantity });
    held.set(key, olf);
  }
  return held;
}
