import { sql, type Kysely } from 'kysely';

/**
 * Webhooks (README, "Webhooks"; features/webhooks/):
 * - `webhook_endpoints`: where the vendor's tools want events, which events, and the signing
 *   secret sealed under the key passphrase (the previous one too, for 24 hours after a rotation);
 *   `consecutive_failures` and `failing_since` decide the automatic disabling.
 * - `webhook_deliveries`: the outbox. One row per event and subscribed endpoint, written in the
 *   transaction of the change (with its audit event), so a delivery exists exactly when the change
 *   committed; sent after commit by whichever replica claims it (`claimed_until` is the lease).
 *   `seq` orders the events of one object for one endpoint.
 * - `webhook_attempts`: the delivery log, one row per POST with its answer or error and duration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_endpoints (
      id text primary key,
      url text not null,
      description text not null,
      events jsonb not null,
      enabled boolean not null,
      secret_sealed text not null,
      previous_secret_sealed text,
      previous_secret_expires_at timestamptz,
      consecutive_failures integer not null default 0,
      failing_since timestamptz,
      disabled_reason text,
      created_at timestamptz not null,
      created_by text not null,
      updated_at timestamptz not null
    );

    create table webhook_deliveries (
      id bigserial primary key,
      endpoint_id text not null references webhook_endpoints(id),
      event_id text not null,
      event_type text not null,
      object_type text not null,
      object_id text not null,
      payload text not null,
      status text not null check (status in ('queued', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      claimed_until timestamptz,
      last_status_code integer,
      last_error text,
      created_at timestamptz not null,
      delivered_at timestamptz
    );
    create unique index webhook_deliveries_event on webhook_deliveries (endpoint_id, event_id);
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at, id) where status = 'queued';
    create index webhook_deliveries_object on webhook_deliveries (endpoint_id, object_type, object_id, id) where status = 'queued';
    create index webhook_deliveries_list on webhook_deliveries (endpoint_id, id);

    create table webhook_attempts (
      id bigserial primary key,
      delivery_id bigint not null references webhook_deliveries(id),
      at timestamptz not null,
      status_code integer,
      error text,
      duration_ms integer not null
    );
    create index webhook_attempts_delivery on webhook_attempts (delivery_id, id);
  `.execute(db);
}
