import type { LicenseItem } from '@airlock/core';
import type { ColumnType, Generated, JSONColumnType, Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The tables of migration 0008, as Kysely sees them. They are declared here, beside the only
 * feature that reads them, and joined to the shared schema with `withTables`: a transaction and
 * its `orderTables(trx)` view run on the same connection.
 */
type Timestamp = ColumnType<Date, Date, Date>;

// A type, not an interface: `withTables` wants an index signature, which only types get implicitly.
export type OrderTables = {
  orders: OrderTable;
  registration_keys: RegistrationKeyTable;
  activated_licenses: ActivatedLicenseTable;
  mail_outbox: MailOutboxTable;
};

export interface OrderTable {
  id: string;
  customer_id: string;
  /** The License Reference Number, canonical (`LRN-XXXX-XXXX-XXXX-XXXX`); unique. */
  lrn: string;
  items: JSONColumnType<LicenseItem[]>;
  /** The unsigned order license (armoured text). */
  order_license: string;
  created_at: Timestamp;
  created_by: string;
}

/** An RK that received a license: locked by its activations; bound to one customer. */
export interface RegistrationKeyTable {
  registration_key: string;
  customer_id: string;
  /** The revision of its latest activated license (0 before the first one is written). */
  latest_revision: number;
  first_activated_at: Timestamp;
}

export interface ActivatedLicenseTable {
  /** The document's id (`jti`). */
  id: string;
  registration_key: string;
  customer_id: string;
  revision: number;
  order_id: string;
  activated_lrn: string;
  lrns: JSONColumnType<string[]>;
  items: JSONColumnType<LicenseItem[]>;
  text: string;
  issued_at: Timestamp;
  issued_by: string;
}

export type LetterStatus = 'queued' | 'sent' | 'failed';

export interface MailOutboxTable {
  id: string;
  /** Insertion order: letters queued in the same millisecond still list in the order they were written. */
  seq: Generated<number>;
  order_id: string | null;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: LetterStatus;
  attempts: number;
  /** Not before this time (the backoff after a failed attempt). */
  next_attempt_at: Timestamp;
  /** A replica is sending it until then; another may claim it after (it crashed mid-send). */
  claimed_until: Timestamp | null;
  last_error: string | null;
  message_id: string | null;
  queued_at: Timestamp;
  queued_by: string;
  sent_at: Timestamp | null;
  /** Extra header fields (migration 0025), e.g. a reminder's List-Unsubscribe; null for none. */
  headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
}

export type OrdersDatabase = Database & OrderTables;

/**
 * The database, or a transaction, with the order tables: same connection, wider types.
 *
 * @example
 * ```ts
 * await db.transaction().execute(async (trx) => orderTables(trx).selectFrom('orders').selectAll().execute());
 * ```
 */
export function orderTables(db: Transaction<Database>): Transaction<OrdersDatabase>;
export function orderTables(db: Kysely<Database>): Kysely<OrdersDatabase>;
export function orderTables(db: Kysely<Database>): Kysely<OrdersDatabase> {
  return db.withTables<OrderTables>();
}
