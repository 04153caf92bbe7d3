import { AirlockError } from '@airlock/core';
import type { Db } from '../../db/database.ts';
import type { ReminderKind } from './reminder-thresholds.ts';

/** One reminder decided, as the console and the portal list them. */
export interface ReminderView {
  readonly id: string;
  readonly kind: ReminderKind;
  readonly objectId: string;
  readonly dueAt: string;
  readonly threshold: number;
  readonly daysLeft: number;
  readonly mailed: boolean;
  readonly decidedAt: string;
}

const LATEST = 100;

/** The customer's latest reminders, newest first; NOT_FOUND for an unknown customer. */
export async function listReminders(db: Db, customerId: string): Promise<ReminderView[]> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const rows = await db
    .selectFrom('expiry_reminders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LATEST)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    objectId: row.object_id,
    dueAt: row.due_at.toISOString(),
    threshold: row.threshold_days,
    daysLeft: row.days_left,
    mailed: row.letter_id !== null,
    decidedAt: row.decided_at.toISOString(),
  }));
}
