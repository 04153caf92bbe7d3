import { sql, type Kysely } from 'kysely';

/**
 * The indexes of the lists paged after 0019 (README, "Lists: pages, sorts and search"): the
 * audit log newest first by each filter it takes alone (object type, object id, actor,
 * action), each followed by the id its pages run on, and a prefix search of the object id;
 * the vendor-wide offline-licensing requests newest first, all or by status; the connected site
 * tenants by customer or last exchange, each followed by the tenant's key (GUID/tenant), and
 * sites by a prefix of their name across customers, for the search of that list. The audit
 * log's first object index (0001) is dropped: 0019's object index, followed by the id, serves
 * everything it did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index audit_events_list_type on audit_events (object_type, id);
    create index audit_events_list_object_id on audit_events (object_id, id);
    create index audit_events_list_actor on audit_events (actor, id);
    create index audit_events_list_action on audit_events (action, id);
    create index audit_events_list_object_id_prefix on audit_events ((lower(object_id)) text_pattern_ops);
    drop index audit_events_object;

    create index offline_requests_list_created on offline_requests (created_at, id);
    create index offline_requests_list_status on offline_requests (status, created_at, id);

    create index site_links_list_customer on site_links (customer_id, (site_guid || '/' || tenant));
    create index site_links_list_exchange on site_links (last_exchange_at, (site_guid || '/' || tenant));
    create index sites_list_name_prefix on sites ((lower(name) collate "C"));
  `.execute(db);
}
