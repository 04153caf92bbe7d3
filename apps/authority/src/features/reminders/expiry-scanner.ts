import { type Random } from '@airlock/core';
import { newDocumentId, type Clock } from '@airlock/core/internal';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { queueLetter } from '../orders/mail-outbox.ts';
import { letterBrand } from '../orders/orders.ts';
import { findExpiryCandidates, type ExpiryCandidate } from './expiry-candidates.ts';
import { composeReminderLetter } from './reminder-letter.ts';
import { reminderDue, type DueReminder } from './reminder-thresholds.ts';
import { signUnsubscribeToken } from './unsubscribe-token.ts';

/**
 * The expiry scanner (README, "Expiry reminders"). Each scan reads what lapses within the
 * largest threshold, picks for each the one reminder its deadline calls for (`reminderDue`: the
 * most urgent threshold reached, so a scanner that was down catches up with one letter, not
 * three), and decides each reminder not decided before in one transaction of its own:
 * 1. the reminder's row — its unique key (kind, object, deadline, threshold) is the claim: a
 *    second scan, after a restart or on another replica at the same moment, inserts nothing
 *    (PostgreSQL makes a concurrent insert of the same key wait for the first to commit) and
 *    goes no further;
 * 2. the letter to the customer's contact, in the mail outbox, unless the customer unsubscribed
 *    from this kind;
 * 3. the audit event (`customer.account-expiring`, `device-license.expiring`, `site.olf-due`),
 *    also for an unsubscribed kind: the vendor still learns of it, and so do its webhooks.
 * Letters leave after commit, through the outbox's sender. Time comes from the injected clock.
 */

const REMINDER_ACTOR = 'system';

export interface ReminderScannerDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: Random;
  /** Days before a deadline, largest first. */
  readonly thresholds: readonly number[];
  readonly unsubscribeKey: Uint8Array;
  /** The authority's address as customers reach it: links in letters, one-click unsubscribe. */
  readonly publicUrl?: string | undefined;
}

export interface ScanReport {
  /** Reminders decided by this scan. */
  readonly decided: number;
  /** Of those, letters queued (the others were for kinds the customer unsubscribed from). */
  readonly queued: number;
}

/**
 * Runs one scan at the clock's now.
 *
 * @example
 * ```ts
 * const report = await scanForExpiries({ db, clock, random, thresholds: [30, 7, 1], unsubscribeKey });
 * if (report.queued > 0) void sender.kick();
 * ```
 */
export async function scanForExpiries(deps: ReminderScannerDeps): Promise<ScanReport> {
  const now = deps.clock.now();
  const window = Math.max(0, ...deps.thresholds);
  if (window === 0) return { decided: 0, queued: 0 };
  const candidates = await findExpiryCandidates(deps.db, now, window);
  const decidedBefore = await decidedKeys(deps.db, now);
  let decided = 0;
  let queued = 0;
  for (const candidate of candidates) {
    const due = reminderDue(candidate.dueAt, now, deps.thresholds);
    if (!due || decidedBefore.has(keyOf(candidate.kind, candidate.objectId, candidate.dueAt, due.threshold))) continue;
    const outcome = await deps.db.transaction().execute((trx) => decide(trx, deps, candidate, due, now));
    if (outcome === 'skipped') continue;
    decided++;
    if (outcome === 'queued') queued++;
  }
  return { decided, queued };
}

/**
 * The reminders decided for deadlines still ahead, read once per scan before any transaction:
 * most scans find everything decided and write nothing. The unique key, not this read, is what
 * keeps two scans from deciding one reminder twice.
 */
async function decidedKeys(db: Db, now: Date): Promise<Set<string>> {
  const rows = await db.selectFrom('expiry_reminders').select(['kind', 'object_id', 'due_at', 'threshold_days']).where('due_at', '>', now).execute();
  return new Set(rows.map((row) => keyOf(row.kind, row.object_id, row.due_at, row.threshold_days)));
}

function keyOf(kind: string, objectId: string, dueAt: Date, threshold: number): string {
  return JSON.stringify([kind, objectId, dueAt.getTime(), threshold]);
}

async function decide(
  trx: Transaction<Database>,
  deps: ReminderScannerDeps,
  candidate: ExpiryCandidate,
  due: DueReminder,
  now: Date,
): Promise<'queued' | 'unsubscribed' | 'skipped'> {
  const id = newDocumentId(deps.random);
  const claimed = await trx
    .insertInto('expiry_reminders')
    .values({
      id,
      kind: candidate.kind,
      object_id: candidate.objectId,
      customer_id: candidate.customerId,
      due_at: candidate.dueAt,
      threshold_days: due.threshold,
      days_left: due.daysLeft,
      letter_id: null,
      decided_at: now,
    })
    .onConflict((conflict) => conflict.columns(['kind', 'object_id', 'due_at', 'threshold_days']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return 'skipped';

  const customer = await trx.selectFrom('customers').select(['name', 'contact_email']).where('id', '=', candidate.customerId).executeTakeFirstOrThrow();
  const optedOut = await trx
    .selectFrom('reminder_opt_outs')
    .select('kind')
    .where('customer_id', '=', candidate.customerId)
    .where('kind', '=', candidate.kind)
    .executeTakeFirst();
  let letter: { id: string; to: string } | null = null;
  if (!optedOut) {
    const links = unsubscribeLinks(deps, candidate);
    const composed = composeReminderLetter({
      customerName: customer.name,
      subject: candidate.subject,
      lastDay: candidate.lastDay,
      daysLeft: due.daysLeft,
      publicUrl: deps.publicUrl,
      brand: await letterBrand(trx, deps.publicUrl),
      unsubscribeUrl: links?.page,
    });
    const headers = links ? { 'List-Unsubscribe': `<${links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : undefined;
    const letterId = await queueLetter(trx, deps.random, { to: customer.contact_email, letter: composed, headers, by: { actor: REMINDER_ACTOR, now } });
    await trx.updateTable('expiry_reminders').set({ letter_id: letterId }).where('id', '=', id).execute();
    letter = { id: letterId, to: customer.contact_email };
  }
  await recordAudit(trx, {
    actor: REMINDER_ACTOR,
    action: candidate.audit.action,
    objectType: candidate.audit.objectType,
    objectId: candidate.audit.objectId,
    after: { ...candidate.audit.deadline, daysLeft: due.daysLeft, threshold: due.threshold, customerId: candidate.customerId, mailed: letter !== null, letter },
    at: now,
  });
  return letter ? 'queued' : 'unsubscribed';
}

/**
 * The letter's links: the page a person opens, and the address a mail reader posts to for a
 * one-click unsubscribe (RFC 8058). None without a public address: an absolute link is needed.
 */
function unsubscribeLinks(deps: ReminderScannerDeps, candidate: ExpiryCandidate): { page: string; oneClick: string } | null {
  if (!deps.publicUrl) return null;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const token = encodeURIComponent(signUnsubscribeToken(deps.unsubscribeKey, { customerId: candidate.customerId, kind: candidate.kind }));
  return { page: `${base}/reminders/unsubscribe?token=${token}`, oneClick: `${base}/v1/reminders/unsubscribe?token=${token}` };
}
