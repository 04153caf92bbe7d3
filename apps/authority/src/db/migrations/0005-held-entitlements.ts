import { sql, type Kysely } from 'kysely';

/**
 * What each (site, tenant) holds: the entitlements of its latest OLF (by the cycle and sequence
 * of the LFR it answers), one row per license type, replaced when a later OLF is issued. The
 * allocation check sums the other rows of the customer instead of reading every OLF it ever
 * issued. Existing databases are filled from their OLFs, latest per (site, tenant).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table held_entitlements (
      customer_id text not null references customers(id),
      site_guid text not null references sites(guid),
      tenant text not null,
      license_type_id text not null,
      quantity integer not null,
      olf_id text not null references offline_license_files(id),
      ends_on date not null,
      primary key (site_guid, tenant, license_type_id)
    );
    create index held_entitlements_customer on held_entitlements (customer_id);
    insert into held_entitlements (customer_id, site_guid, tenant, license_type_id, quantity, olf_id, ends_on)
    select latest.customer_id, latest.site_guid, latest.tenant, held.type, sum(held.quantity), latest.id, latest.ends_on
    from (
      select distinct on (olf.site_guid, olf.tenant) olf.id, olf.customer_id, olf.site_guid, olf.tenant, olf.ends_on, olf.entitlements
      from offline_license_files olf
      join license_file_requests lfr on lfr.id = olf.lfr_id
      order by olf.site_guid, olf.tenant, lfr.cycle desc, lfr.sequence desc
    ) latest
    cross join lateral jsonb_to_recordset(latest.entitlements) as held(type text, quantity integer)
    group by latest.customer_id, latest.site_guid, latest.tenant, held.type, latest.id, latest.ends_on;
  `.execute(db);
}
