import { minutes } from '@airlock/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { CLAIM_MS, createLetterSender, MAX_ATTEMPTS, type LetterSender } from './mail-outbox.ts';
import { smtpTransport } from './mail-transport.ts';
import type { OrderView } from './order-reads.ts';
import { placeOrder, seedOrderCatalogue } from './testing/order-fixtures.ts';
import { startTestSmtpServer, type ReceivedMail } from './testing/test-smtp-server.ts';

/**
 * License letters over real SMTP: a local SMTP server receives what the authority sends, and
 * the tests read the messages that arrived. Retries are driven by the test clock and explicit
 * `deliverPending()` calls, never by waiting.
 */
const smtp = await startTestSmtpServer();
afterAll(() => smtp.stop());

const FROM = 'Airlock Licenses <licenses@vendor.test>';
const PUBLIC_URL = 'https://licenses.vendor.test';
const dashboards = [{ product: 'insight', licenseType: 'dashboards', quantity: 1, kind: 'permanent' }] as const;
let sender: LetterSender;

/** The one message that carries this LRN in its subject; fails if it arrived twice or never. */
function letterFor(lrn: string): ReceivedMail {
  const found = smtp.received.filter((mail) => mail.parsed.subject?.includes(lrn));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describeEachStore(
  'license letters over SMTP',
  (context) => {
    const read = async (order: { id: string; customerId: string }) =>
      (await context().request({ method: 'GET', url: `/v1/customers/${order.customerId}/orders/${order.id}` })).json<OrderView>();

    beforeAll(async () => {
      await seedOrderCatalogue(context().request);
    });

    it('sends the letter right after the order commits: both parts, the LRN in each, how to activate', async () => {
      const { request, clock } = context();
      const order = await placeOrder(request, 'acme', [
        { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
        { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2027-11-22' },
      ]);
      await sender.idle();
      const mail = letterFor(order.lrn);
      const { parsed } = mail;
      expect({
        envelope: mail.envelope,
        from: parsed.from?.text,
        to: Array.isArray(parsed.to) ? undefined : parsed.to?.text,
        subject: parsed.subject,
        messageId: parsed.messageId,
      }).toEqual({
        envelope: { from: 'licenses@vendor.test', to: ['licenses@acme.test'] },
        from: '"Airlock Licenses" <licenses@vendor.test>',
        to: 'licenses@acme.test',
        subject: `Your license letter: ${order.lrn}`,
        messageId: `<${order.letters[0]!.id}@vendor.test>`,
      });
      expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
      expect(parsed.text).toContain(`Hello Acme & Sons <Plant>,`);
      expect(parsed.text).toContain(`\n    ${order.lrn}\n`);
      expect(parsed.text).toContain('  - Automation, Bot Runner (automation/bot-runner): 5, permanent');
      expect(parsed.text).toContain('  - Automation, Bot Creator (automation/bot-creator): 2, term until 2027-11-22');
      expect(parsed.text).toContain(`Sign in to the customer portal (${PUBLIC_URL}/portal/orders), open Orders, and enter this LRN and that RK`);
      expect(parsed.text).not.toContain('airlock order activate');
      const html = parsed.html || '';
      expect(html).toContain(`font-weight: bold; letter-spacing: 0.05em">${order.lrn}</p>`);
      expect(html).toContain('Hello Acme &amp; Sons &lt;Plant&gt;,');
      expect(html).toContain('<li>Automation, Bot Runner (automation/bot-runner): 5, permanent</li>');
      expect(html).not.toContain('<Plant>');
      expect((await read(order)).letters).toEqual([
        {
          ...order.letters[0],
          status: 'sent',
          attempts: 1,
          nextAttemptAt: null,
          sentAt: clock.now().toISOString(),
          waiting: null,
        },
      ]);
    });

    it('keeps the order while SMTP is down, and delivers the letter once it is back', async () => {
      const { request, clock } = context();
      await smtp.stop();
      const order = await placeOrder(request, 'acme', [...dashboards]);
      await sender.idle();
      const failed = (await read(order)).letters[0]!;
      expect(failed).toMatchObject({
        status: 'queued',
        attempts: 1,
        nextAttemptAt: new Date(clock.now().getTime() + minutes(1)).toISOString(),
        waiting: 'the last attempt failed; it will be tried again',
      });
      expect(failed.lastError).toMatch(/ECONNREFUSED/);
      expect(await sender.deliverPending()).toEqual({ sent: 0, retrying: 0, failed: 0 });

      await smtp.start();
      expect(await sender.deliverPending()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      clock.advance(minutes(1));
      expect(await sender.deliverPending()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(letterFor(order.lrn).envelope.to).toEqual(['licenses@acme.test']);
      expect((await read(order)).letters[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null, sentAt: clock.now().toISOString() });
    });

    it('backs off 1, 2, 4 … 60 minutes, gives up after the last attempt, and sends a resend', async () => {
      const { request, clock } = context();
      await smtp.stop();
      const order = await placeOrder(request, 'globex', [...dashboards]);
      await sender.idle();
      const waits: number[] = [];
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        const letter = (await read(order)).letters[0]!;
        const wait = Date.parse(letter.nextAttemptAt!) - clock.now().getTime();
        waits.push(wait / minutes(1));
        clock.advance(wait - 1);
        expect(await sender.deliverPending()).toEqual({ sent: 0, retrying: 0, failed: 0 });
        clock.advance(1);
        expect(await sender.deliverPending()).toEqual(attempt < MAX_ATTEMPTS ? { sent: 0, retrying: 1, failed: 0 } : { sent: 0, retrying: 0, failed: 1 });
      }
      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60]);
      expect((await read(order)).letters[0]).toMatchObject({
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        nextAttemptAt: null,
        waiting: null,
        lastError: expect.stringMatching(/ECONNREFUSED/),
      });

      await smtp.start();
      clock.advance(minutes(600));
      expect(await sender.deliverPending()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      const resent = await request({ method: 'POST', url: `/v1/customers/globex/orders/${order.id}/letters`, payload: {} });
      await sender.idle();
      expect(resent.statusCode).toBe(201);
      expect((await read(order)).letters.map((letter) => [letter.status, letter.attempts])).toEqual([
        ['failed', MAX_ATTEMPTS],
        ['sent', 1],
      ]);
      expect(letterFor(order.lrn).envelope.to).toEqual(['it@globex.test']);
    });

    it('marks a letter the server refuses for good as failed at once', async () => {
      const { request } = context();
      smtp.refuse('nobody@globex.test');
      const order = await placeOrder(request, 'globex', [...dashboards]);
      await sender.idle();
      await request({ method: 'POST', url: `/v1/customers/globex/orders/${order.id}/letters`, payload: { to: 'nobody@globex.test' } });
      await sender.idle();
      const letters = (await read(order)).letters;
      expect(letters.map((letter) => [letter.to, letter.status, letter.attempts])).toEqual([
        ['it@globex.test', 'sent', 1],
        ['nobody@globex.test', 'failed', 1],
      ]);
      expect(letters[1]!.lastError).toMatch(/550/);
      // Both outcomes are audited with the order, so webhooks subscribed to order.letter.* hear of them.
      const events = await context()
        .database.db.selectFrom('audit_events')
        .select(['actor', 'action', 'object_type', 'after'])
        .where('object_id', '=', order.id)
        .where('action', 'like', 'order.letter.%')
        .orderBy('id')
        .execute();
      expect(events).toEqual([
        {
          actor: 'system',
          action: 'order.letter.sent',
          object_type: 'order',
          after: expect.objectContaining({ letter: expect.objectContaining({ id: letters[0]!.id, to: 'it@globex.test' }), attempts: 1 }),
        },
        { actor: 'admin:test-admin', action: 'order.letter.resend', object_type: 'order', after: expect.anything() },
        {
          actor: 'system',
          action: 'order.letter.failed',
          object_type: 'order',
          after: expect.objectContaining({
            letter: expect.objectContaining({ id: letters[1]!.id, to: 'nobody@globex.test' }),
            permanent: true,
            error: expect.stringMatching(/550/),
          }),
        },
      ]);
    });

    it('lets another replica send a letter whose claim ran out (its sender died mid-send)', async () => {
      const { request, database, clock } = context();
      await smtp.stop();
      const order = await placeOrder(request, 'globex', [...dashboards]);
      await sender.idle();
      await smtp.start();
      clock.advance(minutes(1));
      // As if a replica had claimed it and died before it could say how the delivery went.
      await sql`update mail_outbox set claimed_until = ${new Date(clock.now().getTime() + CLAIM_MS)} where order_id = ${order.id}`.execute(database.db);
      expect(await sender.deliverPending()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      clock.advance(CLAIM_MS);
      expect(await sender.deliverPending()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      letterFor(order.lrn);
    });

    it('sends each letter once when several replicas deliver at the same moment', async () => {
      const { request, database, clock } = context();
      await smtp.stop();
      const orders: OrderView[] = [];
      for (let index = 0; index < 6; index++) orders.push(await placeOrder(request, 'acme', [...dashboards]));
      await sender.idle();
      await smtp.start();
      clock.advance(minutes(1));
      const replicas = [sender, ...[1, 2, 3].map(() => createLetterSender({ db: database.db, clock, transport: smtpTransport(smtp.url), from: FROM }))];
      const reports = await Promise.all(replicas.map((replica) => replica.deliverPending()));
      expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(orders.length);
      for (const order of orders) letterFor(order.lrn);
    });
  },
  ({ db, clock }) => {
    sender = createLetterSender({ db, clock, transport: smtpTransport(smtp.url), from: FROM });
    return { mail: { sender, publicUrl: PUBLIC_URL } };
  },
);
