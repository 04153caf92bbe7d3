import { sql, type Kysely } from 'kysely';

/**
 * Orders, their activations and the mail outbox (docs/design.md, F5).
 * - `orders`: one row per order, with its unique LRN and the unsigned order license.
 * - `registration_keys`: one row per RK that ever received a license: the row activations of
 *   that RK lock, so that its revisions never fork; it also binds the RK to one customer.
 * - `activated_licenses`: every license an activation issued, one per order (an LRN binds to
 *   one RK) and one per (RK, revision).
 * - `mail_outbox`: letters written in the transaction of the change that sends them, delivered
 *   after commit by whichever replica claims them first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table orders (
      id text primary key,
      customer_id text not null references customers(id),
      lrn text not null,
      items jsonb not null,
      order_license text not null,
      created_at timestamptz not null,
      created_by text not null
    );
    create unique index orders_lrn on orders (lrn);
    create index orders_customer on orders (customer_id, created_at);

    create table registration_keys (
      registration_key text primary key,
      customer_id text not null references customers(id),
      latest_revision integer not null default 0,
      first_activated_at timestamptz not null
    );

    create table activated_licenses (
      id text primary key,
      registration_key text not null references registration_keys(registration_key),
      customer_id text not null references customers(id),
      revision integer not null,
      order_id text not null references orders(id),
      activated_lrn text not null,
      lrns jsonb not null,
      items jsonb not null,
      text text not null,
      issued_at timestamptz not null,
      issued_by text not null,
      unique (registration_key, revision),
      unique (order_id)
    );

    create table mail_outbox (
      id text primary key,
      seq bigserial not null,
      order_id text references orders(id),
      recipient text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      status text not null check (status in ('queued', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      claimed_until timestamptz,
      last_error text,
      message_id text,
      queued_at timestamptz not null,
      queued_by text not null,
      sent_at timestamptz
    );
    create index mail_outbox_due on mail_outbox (next_attempt_at) where status = 'queued';
    create index mail_outbox_order on mail_outbox (order_id, queued_at);
  `.execute(db);
}
