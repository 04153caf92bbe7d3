import { sql, type Kysely } from 'kysely';

/**
 * Offline-approval requests keep the customer's own words beside the reason they pick from the
 * list (regulated industry, air-gapped network, other): the vendor decides on both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table offline_requests add column details text not null default '';
    create index offline_requests_customer on offline_requests (customer_id, created_at);
    create index enablement_tokens_site on enablement_tokens (site_guid, issued_at);
  `.execute(db);
}
