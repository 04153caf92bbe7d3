import { sql, type Kysely } from 'kysely';

/**
 * The highest position of each (site, tenant)'s usage ledger that an LFR reported: the number
 * of records and the hash-chain head there. An LFR reporting fewer records, or another head at
 * the same count, comes from an older copy of the ledger put back (LEDGER_ROLLED_BACK). The row
 * names the LFR that first reported the position. Existing databases are filled from their
 * LFRs: per (site, tenant), the highest sequence, with the head of the latest LFR that reported it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ledger_positions (
      site_guid text not null references sites(guid),
      tenant text not null,
      sequence bigint not null check (sequence >= 0),
      head text not null,
      lfr_id text not null references license_file_requests(id),
      reported_at timestamptz not null,
      primary key (site_guid, tenant)
    );
    insert into ledger_positions (site_guid, tenant, sequence, head, lfr_id, reported_at)
    select distinct on (site_guid, tenant)
      site_guid, tenant, (usage->'ledger'->>'sequence')::bigint, usage->'ledger'->>'head', id, received_at
    from license_file_requests
    where usage->'ledger'->>'sequence' is not null and usage->'ledger'->>'head' is not null
    order by site_guid, tenant, (usage->'ledger'->>'sequence')::bigint desc, cycle desc, sequence desc;
  `.execute(db);
}
