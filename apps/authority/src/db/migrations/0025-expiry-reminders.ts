import { sql, type Kysely } from 'kysely';

/**
 * Expiry reminders (README, "Expiry reminders"):
 * - `expiry_reminders`: one row per reminder decided — what (kind and object), which deadline,
 *   which threshold — with the letter it queued, or none when the customer unsubscribed from the
 *   kind. Its unique key is what makes the scanner idempotent: across restarts, and across
 *   replicas scanning the same database at once, a reminder is decided once. The deadline is in
 *   the key, so a renewal (a later end date) earns reminders of its own.
 * - `reminder_opt_outs`: the kinds a customer unsubscribed from; no row means subscribed.
 * - `mail_outbox.headers`: extra header fields of a letter (the reminders' List-Unsubscribe,
 *   RFC 8058); null for the license letters, which have none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table expiry_reminders (
      id text primary key,
      kind text not null check (kind in ('account', 'device-license', 'olf-due')),
      object_id text not null,
      customer_id text not null references customers(id),
      due_at timestamptz not null,
      threshold_days integer not null check (threshold_days > 0),
      days_left integer not null,
      letter_id text references mail_outbox(id),
      decided_at timestamptz not null,
      unique (kind, object_id, due_at, threshold_days)
    );
    create index expiry_reminders_customer on expiry_reminders (customer_id, decided_at);
    create index expiry_reminders_due on expiry_reminders (due_at);

    create table reminder_opt_outs (
      customer_id text not null references customers(id),
      kind text not null check (kind in ('account', 'device-license', 'olf-due')),
      opted_out_at timestamptz not null,
      opted_out_by text not null,
      primary key (customer_id, kind)
    );

    alter table mail_outbox add column headers jsonb;
  `.execute(db);
}
