import type { Selectable } from 'kysely';
import { describe, expect, it } from 'vitest';
import { letterView } from './mail-outbox.ts';
import type { MailOutboxTable } from './order-tables.ts';

/** An outbox row as `queueLetter` writes it, changed by what happened to it since. */
function row(changes: Partial<Selectable<MailOutboxTable>>): Selectable<MailOutboxTable> {
  const at = new Date('2026-11-23T10:00:00Z');
  return {
    id: 'letter-1',
    seq: 1,
    order_id: 'order-1',
    recipient: 'licenses@acme.test',
    subject: 'Your license',
    text_body: 'text',
    html_body: 'html',
    status: 'queued',
    attempts: 0,
    next_attempt_at: at,
    claimed_until: null,
    last_error: null,
    message_id: null,
    queued_at: at,
    queued_by: 'admin:1',
    sent_at: null,
    headers: null,
    ...changes,
  };
}

describe('a letter as the order read shows it', () => {
  it('says the letter waits for SMTP when none is configured, with no attempt', () => {
    expect(letterView(row({}), false)).toMatchObject({ attempts: 0, waiting: 'SMTP is not configured (AIRLOCK_SMTP_URL): the letter waits in the outbox' });
  });

  it('does not call a letter being sent a failure: its attempt has not ended', () => {
    expect(letterView(row({ attempts: 1, claimed_until: new Date('2026-11-23T10:05:00Z') }), true)).toMatchObject({
      attempts: 0,
      waiting: 'being sent',
      lastError: null,
    });
  });

  it('says the last attempt failed only once one has, with its error', () => {
    expect(letterView(row({ attempts: 1, last_error: 'connect ECONNREFUSED' }), true)).toMatchObject({
      attempts: 1,
      waiting: 'the last attempt failed; it will be tried again',
    });
    expect(letterView(row({}), true)).toMatchObject({ attempts: 0, waiting: 'waiting to be sent' });
  });
});
