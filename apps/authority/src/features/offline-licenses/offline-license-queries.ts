import { AirlockError, quantityOf, type Quantities } from '@airlock/core';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * What the offline-license use cases read from the customer, site and catalogue tables. They
 * run inside the use case's transaction (a `Transaction` is a `Kysely`), so what they see is
 * what the use case decides on.
 */
type Queryable = Kysely<Database>;

export interface SiteTenant {
  readonly siteGuid: string;
  readonly tenant: string;
}

export interface CycleSequence {
  readonly cycle: number;
  readonly sequence: number;
}

/**
 * The customer's row, locked until the transaction ends when `lock` is set: configuring OLFs
 * for one customer is serialized on it, so each allocation check sees every OLF issued before.
 * `for no key update` does not block the key-share locks that foreign keys take.
 */
export async function requireCustomer(db: Queryable, customerId: string, lock = false): Promise<{ id: string; accountEndsOn: string }> {
  const query = db.selectFrom('customers').select(['id', 'account_ends_on']).where('id', '=', customerId);
  const customer = await (lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  return { id: customer.id, accountEndsOn: customer.account_ends_on };
}

export interface RegisteredSite {
  readonly guid: string;
  readonly siteKeyThumbprint: string | null;
}

/**
 * The customer's site with this GUID (registered GUIDs are lower case, so the one asked for is
 * compared case-insensitively), or undefined when the customer has no such site. With `lock`,
 * its row stays locked until the transaction ends and its key is read as last committed:
 * uploads for one site are serialized on it, so two replicas given the same LFR store it once.
 */
export async function registeredSite(db: Queryable, customerId: string, siteGuid: string, lock = false): Promise<RegisteredSite | undefined> {
  const query = db.selectFrom('sites').select(['guid', 'site_key_thumbprint']).where('guid', '=', siteGuid.toLowerCase()).where('customer_id', '=', customerId);
  const row = await (lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
  return row ? { guid: row.guid, siteKeyThumbprint: row.site_key_thumbprint } : undefined;
}

/** The latest LFR seen from one tenant of a site, by (cycle, sequence). */
export async function latestLfr(db: Queryable, at: SiteTenant): Promise<({ id: string } & CycleSequence) | undefined> {
  return db
    .selectFrom('license_file_requests')
    .select(['id', 'cycle', 'sequence'])
    .where('site_guid', '=', at.siteGuid)
    .where('tenant', '=', at.tenant)
    .orderBy('cycle', 'desc')
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** What the customer bought, per license type. */
export async function purchasedQuantities(db: Queryable, customerId: string): Promise<Quantities> {
  const rows = await db.selectFrom('purchased_entitlements').select(['license_type_id', 'quantity']).where('customer_id', '=', customerId).execute();
  return Object.fromEntries(rows.map((row) => [row.license_type_id, row.quantity]));
}

/**
 * What the customer's other site tenants hold, summed per license type (one entry, or none when
 * nothing is held): the entitlements of the latest OLF issued to each (site, tenant) other than
 * `except`, as `holdLatestOlfsCtes` keeps them. The latest is the one answering the highest (cycle,
 * sequence), which is the order the site installs them in. An OLF whose last day is before
 * `today` holds nothing any more. An OLF issued but not yet installed counts: the authority
 * cannot know, and the site may install it until its window closes.
 */
export async function heldByOtherSiteTenants(db: Queryable, customerId: string, except: SiteTenant, today: string): Promise<Quantities[]> {
  const rows = await db
    .selectFrom('held_entitlements')
    .select((eb) => ['license_type_id', eb.fn.sum<number>('quantity').as('quantity')])
    .where('customer_id', '=', customerId)
    .where((eb) => eb.not(eb.and([eb('site_guid', '=', except.siteGuid), eb('tenant', '=', except.tenant)])))
    .where('ends_on', '>=', today)
    .groupBy('license_type_id')
    .execute();
  return rows.length === 0 ? [] : [Object.fromEntries(rows.map((row) => [row.license_type_id, Number(row.quantity)]))];
}

/** An OLF just issued, as its (site, tenant) is to hold it. */
export type HeldOlfInput = SiteTenant &
  CycleSequence & {
    readonly id: string;
    readonly customerId: string;
    readonly endsOn: string;
    readonly entitlements: readonly { type: string; quantity: number }[];
  };

/**
 * The statements' part that makes newly issued OLFs what their (site, tenant)s hold: common
 * table expressions (`held_in`, `held_overtaken`, `held_latest`, `held_released`, `held_kept`)
 * for a `with` that other statements may join, so the OLFs, their audit events and their holds
 * are written in one round trip. Each OLF replaces what its site tenant held: the types it
 * names are set (inserted, or updated in place), the types it no longer names are released.
 * A site tenant to which an OLF answering a later LFR (by cycle, sequence) was issued already
 * is left alone (`held_overtaken`). The expressions read the tables as they were before the
 * statement: an OLF the same statement writes answers its own LFR, never a later one, so they
 * need not see it. At most one OLF per (site, tenant): the rules accept only its latest LFR.
 */
export function holdLatestOlfsCtes(olfs: readonly HeldOlfInput[]) {
  const input = JSON.stringify(
    olfs.map((olf) => ({
      id: olf.id,
      customer_id: olf.customerId,
      site_guid: olf.siteGuid,
      tenant: olf.tenant,
      cycle: olf.cycle,
      sequence: olf.sequence,
      ends_on: olf.endsOn,
      entitlements: olf.entitlements.map(({ type, quantity }) => ({ type, quantity })),
    })),
  );
  return sql`held_in as (
      select * from json_to_recordset(${input}::json)
        as held_in (id text, customer_id text, site_guid text, tenant text, cycle integer, sequence integer, ends_on date, entitlements jsonb)
    ), held_overtaken as (
      select distinct olf.site_guid, olf.tenant
      from offline_license_files olf
      join license_file_requests lfr on lfr.id = olf.lfr_id
      join held_in on olf.site_guid = held_in.site_guid and olf.tenant = held_in.tenant
      where (lfr.cycle, lfr.sequence) > (held_in.cycle, held_in.sequence)
    ), held_latest as (
      select * from held_in
      where not exists (select 1 from held_overtaken o where o.site_guid = held_in.site_guid and o.tenant = held_in.tenant)
    ), held_released as (
      delete from held_entitlements held using held_latest latest
      where held.site_guid = latest.site_guid and held.tenant = latest.tenant
        and not exists (select 1 from jsonb_array_elements(latest.entitlements) as kept where kept->>'type' = held.license_type_id)
    ), held_kept as (
      insert into held_entitlements (customer_id, site_guid, tenant, license_type_id, quantity, olf_id, ends_on)
      select latest.customer_id, latest.site_guid, latest.tenant, entitlement.type, entitlement.quantity, latest.id, latest.ends_on
      from held_latest latest cross join jsonb_to_recordset(latest.entitlements) as entitlement (type text, quantity integer)
      on conflict (site_guid, tenant, license_type_id) do update
        set customer_id = excluded.customer_id, quantity = excluded.quantity, olf_id = excluded.olf_id, ends_on = excluded.ends_on
    )`;
}

/** Per license type: what was bought, what the other site tenants hold, and what is left for this one. */
export interface AllocationSummary {
  readonly purchased: Quantities;
  readonly heldElsewhere: Quantities;
  readonly available: Quantities;
}

/** Sums what other site tenants hold and what is left of the purchase, for every type bought or held. */
export function summarizeAllocation(purchased: Quantities, heldByOthers: readonly Quantities[]): AllocationSummary {
  const types = [...new Set([...Object.keys(purchased), ...heldByOthers.flatMap((held) => Object.keys(held))])].sort();
  const heldElsewhere = Object.fromEntries(types.map((type) => [type, heldByOthers.reduce((sum, held) => sum + quantityOf(held, type), 0)]));
  return {
    purchased: Object.fromEntries(types.map((type) => [type, quantityOf(purchased, type)])),
    heldElsewhere,
    available: Object.fromEntries(types.map((type) => [type, Math.max(0, quantityOf(purchased, type) - quantityOf(heldElsewhere, type))])),
  };
}

/**
 * An open LFR, as a condition on `license_file_requests as lfr`: the latest of its site tenant
 * (none later by cycle, sequence) that no OLF answers yet. The bulk re-issue answers these; the
 * dashboard lists them by when their site locks.
 *
 * @example
 * ```ts
 * db.selectFrom('license_file_requests as lfr').select('lfr.id').where(isOpenLfr).execute();
 * ```
 */
export function isOpenLfr(eb: ExpressionBuilder<Database & { lfr: Database['license_file_requests'] }, 'lfr'>) {
  return eb.and([
    eb.not(eb.exists(eb.selectFrom('offline_license_files as olf').select('olf.id').whereRef('olf.lfr_id', '=', 'lfr.id'))),
    eb.not(
      eb.exists(
        eb
          .selectFrom('license_file_requests as later')
          .select('later.id')
          .whereRef('later.site_guid', '=', 'lfr.site_guid')
          .whereRef('later.tenant', '=', 'lfr.tenant')
          .where(sql<boolean>`(later.cycle, later.sequence) > (lfr.cycle, lfr.sequence)`),
      ),
    ),
  ]);
}
