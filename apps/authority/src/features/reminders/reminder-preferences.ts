import { AirlockError } from '@airlock/core';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import { REMINDER_KINDS, type ReminderKind } from './reminder-thresholds.ts';

/** Whether a customer's contact receives one kind of reminder, and who last changed it. */
export interface ReminderPreference {
  readonly kind: ReminderKind;
  readonly subscribed: boolean;
  /** When it was switched off (null while subscribed: the default, or switched on again). */
  readonly unsubscribedAt: string | null;
  readonly unsubscribedBy: string | null;
}

export interface ReminderPreferences {
  readonly customerId: string;
  readonly contactEmail: string;
  readonly preferences: ReminderPreference[];
}

/** The kinds to switch on (true) or off (false); the kinds left out stay as they are. */
export type ReminderChanges = Partial<Record<ReminderKind, boolean>>;

/**
 * A customer's reminder preferences, every kind listed (subscribed unless switched off);
 * NOT_FOUND for an unknown customer.
 */
export async function getReminderPreferences(db: Db | Transaction<Database>, customerId: string): Promise<ReminderPreferences> {
  const customer = await db.selectFrom('customers').select(['id', 'contact_email']).where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const optOuts = await db.selectFrom('reminder_opt_outs').selectAll().where('customer_id', '=', customerId).execute();
  return {
    customerId,
    contactEmail: customer.contact_email,
    preferences: REMINDER_KINDS.map((kind) => {
      const optOut = optOuts.find((row) => row.kind === kind);
      return { kind, subscribed: !optOut, unsubscribedAt: optOut?.opted_out_at.toISOString() ?? null, unsubscribedBy: optOut?.opted_out_by ?? null };
    }),
  };
}

/**
 * Switches kinds of reminder on or off for a customer (the portal's and the console's form),
 * with the before and after in the audit log (`customer.reminders.update`); a change to what
 * already holds writes nothing. NOT_FOUND for an unknown customer.
 *
 * @example
 * ```ts
 * await setReminderPreferences(db, 'acme', { 'device-license': false }, by);
 * ```
 */
export async function setReminderPreferences(db: Db, customerId: string, changes: ReminderChanges, by: Actor): Promise<ReminderPreferences> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().executeTakeFirst();
    if (!locked) throw new AirlockError('NOT_FOUND', { customer: customerId });
    const before = await getReminderPreferences(trx, customerId);
    const changed = before.preferences.filter((preference) => changes[preference.kind] !== undefined && changes[preference.kind] !== preference.subscribed);
    if (changed.length === 0) return before;
    for (const { kind, subscribed } of changed) {
      if (subscribed) {
        await trx.insertInto('reminder_opt_outs').values({ customer_id: customerId, kind, opted_out_at: by.now, opted_out_by: by.actor }).execute();
      } else {
        await trx.deleteFrom('reminder_opt_outs').where('customer_id', '=', customerId).where('kind', '=', kind).execute();
      }
    }
    const after = await getReminderPreferences(trx, customerId);
    const summary = (preferences: ReminderPreferences) =>
      Object.fromEntries(preferences.preferences.map((preference) => [preference.kind, preference.subscribed]));
    await recordAudit(trx, {
      ...by,
      action: 'customer.reminders.update',
      objectType: 'customer',
      objectId: customerId,
      before: summary(before),
      after: summary(after),
      at: by.now,
    });
    return after;
  });
}

/**
 * Unsubscribes a customer from one kind of reminder, as its letter's link asks (the token
 * already verified). Doing it again changes nothing and answers the same.
 */
export async function unsubscribe(db: Db, claims: { customerId: string; kind: ReminderKind }, by: Actor): Promise<ReminderPreferences> {
  return setReminderPreferences(db, claims.customerId, { [claims.kind]: false }, by);
}
