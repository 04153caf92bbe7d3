import { minutes, type Random } from '@airlock/core';
import { newDocumentId, type Clock } from '@airlock/core/internal';
import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { serialRounds } from '../../db/serial-rounds.ts';
import { recordAudit } from '../../http/audit.ts';
import { MailDeliveryError, type MailTransport } from './mail-transport.ts';
import { orderTables, type LetterStatus, type MailOutboxTable } from './order-tables.ts';

/**
 * The mail outbox. A letter is written in the transaction of the change that sends it, so an
 * order is never lost because mail was down, and no letter leaves for an order that was rolled
 * back. Delivery happens after commit, by whichever replica claims the letter first:
 * - a claim marks due letters (`FOR UPDATE SKIP LOCKED`, so two replicas never claim the same
 *   row) as being sent until `now + CLAIM_MS`, in a short transaction of its own: no database
 *   lock or PGlite connection is held while the SMTP server answers;
 * - then each is sent and marked sent, or put back with a backoff (1, 2, 4 … 60 minutes), or
 *   marked failed: refused for good by the server, or after MAX_ATTEMPTS tries;
 * - a replica that dies mid-send leaves its claim to expire, and another sends the letter then.
 *   A letter may so leave twice, never zero times; its stable Message-ID lets mail readers fold
 *   the copies.
 * Every time comes from the injected clock, so tests drive retries without waiting.
 */

export const MAX_ATTEMPTS = 8;
/** Longer than one SMTP exchange can last (see mail-transport.ts). */
export const CLAIM_MS = minutes(5);
const BATCH = 20;

/** A letter and where it stands, as the order read shows it. */
export interface LetterView {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly status: LetterStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly queuedAt: string;
  /** When the next attempt is due (queued letters only). */
  readonly nextAttemptAt: string | null;
  readonly sentAt: string | null;
  /** Why a queued letter has not left yet, in words; null otherwise. */
  readonly waiting: string | null;
}

/** A letter's content, both parts: a license letter, an expiry reminder. */
export interface Letter {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface QueueLetter {
  /** The order a license letter belongs to; absent for a letter of no order (an expiry reminder). */
  readonly orderId?: string | undefined;
  readonly to: string;
  readonly letter: Letter;
  /** Extra header fields, e.g. `List-Unsubscribe`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly by: { readonly actor: string; readonly now: Date };
}

/**
 * Writes a letter to the outbox inside the caller's transaction; it is due at once.
 *
 * @example
 * ```ts
 * await queueLetter(trx, random, { orderId, to: customer.contactEmail, letter, by });
 * ```
 */
export async function queueLetter(trx: Transaction<Database>, random: Random, input: QueueLetter): Promise<string> {
  const id = newDocumentId(random);
  await orderTables(trx)
    .insertInto('mail_outbox')
    .values({
      id,
      order_id: input.orderId ?? null,
      recipient: input.to,
      subject: input.letter.subject,
      text_body: input.letter.text,
      html_body: input.letter.html,
      status: 'queued',
      attempts: 0,
      next_attempt_at: input.by.now,
      claimed_until: null,
      last_error: null,
      message_id: null,
      queued_at: input.by.now,
      queued_by: input.by.actor,
      sent_at: null,
      headers: input.headers ? JSON.stringify(input.headers) : null,
    })
    .execute();
  return id;
}

/**
 * One outbox row as the order read shows it; what a queued letter waits for depends on
 * `mailConfigured`. A letter being sent right now (claimed: its attempt is counted when it
 * starts) is not said to have failed: `attempts` counts the attempts that have ended, and only
 * a recorded error makes "the last attempt failed".
 */
export function letterView(row: Selectable<MailOutboxTable>, mailConfigured: boolean): LetterView {
  const queued = row.status === 'queued';
  const sending = queued && row.claimed_until !== null;
  let waiting: string | null = null;
  if (queued) {
    if (!mailConfigured) waiting = 'SMTP is not configured (AIRLOCK_SMTP_URL): the letter waits in the outbox';
    else if (sending) waiting = 'being sent';
    else waiting = row.last_error === null ? 'waiting to be sent' : 'the last attempt failed; it will be tried again';
  }
  return {
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: sending ? row.attempts - 1 : row.attempts,
    lastError: row.last_error,
    queuedAt: row.queued_at.toISOString(),
    nextAttemptAt: queued ? row.next_attempt_at.toISOString() : null,
    sentAt: row.sent_at?.toISOString() ?? null,
    waiting,
  };
}

/** The wait after the given number of failed attempts: 1, 2, 4 … minutes, at most an hour. */
function retryDelay(attempts: number): number {
  return minutes(Math.min(2 ** Math.max(0, attempts - 1), 60));
}

export interface DeliveryReport {
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

export interface LetterSenderDeps {
  readonly db: Db;
  readonly clock: Clock;
  /** Absent: SMTP is not configured and letters stay queued. */
  readonly transport?: MailTransport | undefined;
  /** The sender's address; needed with a transport. */
  readonly from?: string | undefined;
}

export interface LetterSender {
  /** True when letters can leave (a transport is configured). */
  readonly configured: boolean;
  /** Claims and sends every letter due now, then says what happened. */
  deliverPending(): Promise<DeliveryReport>;
  /**
   * Starts a delivery right after a commit; the caller need not wait. Deliveries never overlap
   * on one replica, and one waiting kick serves every letter queued before it starts.
   */
  kick(): Promise<DeliveryReport>;
  /** Resolves when no delivery is under way (before the database closes). */
  idle(): Promise<void>;
}

const NOTHING: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };

/**
 * The outbox's sender for one replica, wired once where the authority starts.
 *
 * @example
 * ```ts
 * const sender = createLetterSender({ db, clock, transport: smtpTransport(url), from: 'licenses@vendor.example' });
 * await sender.deliverPending(); // { sent: 1, retrying: 0, failed: 0 }
 * ```
 */
export function createLetterSender(deps: LetterSenderDeps): LetterSender {
  const { transport } = deps;
  if (transport && !deps.from) throw new Error('a letter sender with a transport needs a from address');
  const from = deps.from ?? '';
  const deliverAll = async (): Promise<DeliveryReport> => {
    if (!transport) return NOTHING;
    const report = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const claimed = await claimDue(deps.db, deps.clock.now());
      for (const row of claimed) report[await deliver(deps, transport, from, row)]++;
      if (claimed.length < BATCH) return report;
    }
  };

  const rounds = serialRounds(deliverAll);
  return {
    configured: transport !== undefined,
    deliverPending: rounds.run,
    kick: () => (transport ? rounds.kick() : Promise.resolve(NOTHING)),
    idle: rounds.idle,
  };
}

/** Marks due letters as claimed by this replica, skipping rows another replica is claiming. */
async function claimDue(db: Db, now: Date): Promise<Selectable<MailOutboxTable>[]> {
  return db.transaction().execute(async (trx) => {
    const outbox = orderTables(trx);
    const due = await outbox
      .selectFrom('mail_outbox')
      .select('id')
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .orderBy('next_attempt_at')
      .orderBy('seq')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return outbox
      .updateTable('mail_outbox')
      .set((eb) => ({ claimed_until: new Date(now.getTime() + CLAIM_MS), attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
  });
}

type Outcome = 'sent' | 'retrying' | 'failed';

async function deliver(deps: LetterSenderDeps, transport: MailTransport, from: string, row: Selectable<MailOutboxTable>): Promise<Outcome> {
  try {
    const { messageId } = await transport.send({
      from,
      to: row.recipient,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      messageId: `<${row.id}@${domainOf(from)}>`,
      ...(row.headers ? { headers: row.headers } : {}),
    });
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      await orderTables(trx)
        .updateTable('mail_outbox')
        .set({ status: 'sent', sent_at: now, message_id: messageId, claimed_until: null, last_error: null })
        .where('id', '=', row.id)
        .execute();
      await recordLetterEvent(trx, row, 'order.letter.sent', { messageId, attempts: row.attempts }, now);
    });
    return 'sent';
  } catch (error) {
    const failure = error instanceof MailDeliveryError ? error : new MailDeliveryError(error instanceof Error ? error.message : String(error), false);
    const giveUp = failure.permanent || row.attempts >= MAX_ATTEMPTS;
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      await orderTables(trx)
        .updateTable('mail_outbox')
        .set({
          status: giveUp ? 'failed' : 'queued',
          next_attempt_at: giveUp ? now : new Date(now.getTime() + retryDelay(row.attempts)),
          claimed_until: null,
          last_error: failure.message,
        })
        .where('id', '=', row.id)
        .execute();
      if (giveUp)
        await recordLetterEvent(trx, row, 'order.letter.failed', { error: failure.message, permanent: failure.permanent, attempts: row.attempts }, now);
    });
    return giveUp ? 'failed' : 'retrying';
  }
}

/**
 * An order's letter that left, or was given up, is audited with its order (and so reaches the
 * webhooks subscribed to `order.letter.*`), in the transaction that marks it; retries are not
 * events, and letters of no order are not order events.
 */
async function recordLetterEvent(
  trx: Transaction<Database>,
  row: Selectable<MailOutboxTable>,
  action: 'order.letter.sent' | 'order.letter.failed',
  outcome: object,
  now: Date,
): Promise<void> {
  if (row.order_id === null) return;
  await recordAudit(trx, {
    actor: 'system',
    action,
    objectType: 'order',
    objectId: row.order_id,
    after: { letter: { id: row.id, to: row.recipient, subject: row.subject }, ...outcome },
    at: now,
  });
}

/** The domain of the sender's address (`Licenses <licenses@vendor.example>` → `vendor.example`). */
function domainOf(from: string): string {
  return /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'airlock.invalid';
}
