import { sql, type Kysely } from 'kysely';

/**
 * Re-baselines of sites restored from a backup: one row per LFR that states a ledger restore
 * (`ledgerRestore`: the head the site's ledger once reached and the head put back). The row is
 * `pending` until the vendor decides: `accepted` resets the site tenant's ledger position to
 * the LFR's and lets the OLF answering it be issued (it carries `rebaseline`); `refused` leaves
 * that LFR unanswerable. `recorded_*` is the position the authority held when the LFR came,
 * so the vendor sees what it knew next to what the site says it lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table site_rebaselines (
      lfr_id text primary key references license_file_requests(id),
      site_guid text not null references sites(guid),
      tenant text not null,
      reached_sequence bigint not null check (reached_sequence > 0),
      reached_head text not null,
      restored_sequence bigint not null check (restored_sequence >= 0 and restored_sequence < reached_sequence),
      restored_head text not null,
      reported_sequence bigint not null,
      reported_head text not null,
      recorded_sequence bigint,
      recorded_head text,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'refused')),
      received_at timestamptz not null,
      decided_at timestamptz,
      decided_by text,
      note text
    );
    create index site_rebaselines_by_site on site_rebaselines (site_guid, received_at);
  `.execute(db);
}
