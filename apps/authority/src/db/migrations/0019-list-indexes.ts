import { sql, type Kysely } from 'kysely';

/**
 * The indexes of the paged lists (README, "Lists: pages, sorts and search"): each list's sort
 * key followed by its id, so a page after a cursor is a range scan of one index whatever its
 * depth, and prefix searches of names and ids. Names sort and search as `lower(name) collate
 * "C"`, whose btree serves both `order by` and `like 'prefix%'` under any database locale;
 * ids search with `text_pattern_ops` for the same reason. The audit log's pages of one object,
 * newest first before an id, read its object index in id order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index customers_list_name on customers ((lower(name) collate "C"), id);
    create index customers_list_id_prefix on customers (id text_pattern_ops);
    create index customers_list_ends on customers (account_ends_on, id);
    create index customers_list_created on customers (created_at, id);

    create index device_licenses_list_created on device_licenses (created_at, id);
    create index device_licenses_list_customer_created on device_licenses (customer_id, created_at, id);
    create index device_licenses_list_product_created on device_licenses (product_id, created_at, id);
    create index device_licenses_list_id_prefix on device_licenses (id text_pattern_ops);
    create index device_activations_list_activated on device_activations (license_id, activated_at, id);
    create index device_activations_list_seen on device_activations (license_id, last_seen_at, id);

    create index sites_list_registered on sites (customer_id, registered_at, guid);
    create index sites_list_name on sites (customer_id, (lower(name) collate "C"), guid);
    create index orders_list_created on orders (customer_id, created_at, id);
    create index customer_users_list_created on customer_users (customer_id, created_at, id);
    create index customer_users_list_email on customer_users (customer_id, email, id);

    create index audit_events_list_object on audit_events (object_type, object_id, id);
  `.execute(db);
}
