import { sql, type Kysely } from 'kysely';

/**
 * Connected sites and the move off static licenses (docs/connected.md):
 * - a policy says how its customers' sites exchange license files — by hand (`files`), over a
 *   link (`connected`), or either — whether a person approves each answer over the link, how
 *   often a connected site exchanges, and the lowest site version connected mode needs;
 * - a customer may be marked for migration off static licenses, with the last day an order may
 *   still be activated for it;
 * - an LFR records how it came (by hand or over the link) and the activated license it replaces;
 * - each site tenant that exchanged over the link has its last exchange, for the console;
 * - the ids of the signed exchange requests taken, so none is taken twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table policies
      add column site_licensing text not null default 'files-or-connected'
        check (site_licensing in ('files', 'files-or-connected', 'connected')),
      add column connected_approval text not null default 'automatic'
        check (connected_approval in ('automatic', 'manual')),
      add column exchange_interval_ms bigint not null default 86400000
        check (exchange_interval_ms between 300000 and 2678400000),
      add column minimum_connected_site_version text
  `.execute(db);
  await sql`alter table customers add column static_renew_until date`.execute(db);
  await sql`
    alter table license_file_requests
      add column via text not null default 'file' check (via in ('file', 'link')),
      add column replaces_license_id text
  `.execute(db);
  await sql`create index license_file_requests_replaces on license_file_requests (replaces_license_id) where replaces_license_id is not null`.execute(db);
  await sql`
    create table site_links (
      site_guid text not null references sites (guid),
      tenant text not null,
      customer_id text not null references customers (id),
      site_version text not null,
      first_exchange_at timestamptz not null,
      last_exchange_at timestamptz not null,
      last_status text not null,
      last_lfr_id text,
      last_code text,
      primary key (site_guid, tenant)
    )
  `.execute(db);
  await sql`create index site_links_customer on site_links (customer_id)`.execute(db);
  await sql`
    create table site_exchange_requests (
      id text primary key,
      site_guid text not null,
      received_at timestamptz not null,
      expires_at timestamptz not null
    )
  `.execute(db);
  await sql`create index site_exchange_requests_expiry on site_exchange_requests (expires_at)`.execute(db);
}
