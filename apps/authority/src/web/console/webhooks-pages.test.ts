import { deriveSealingKey } from '@airlock/core/internal';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { ensureFirstAdmin } from '../../features/accounts/admins.ts';
import { firstSignIn, sessionHeaders, testHeaderOrRealAuthenticator } from '../../features/accounts/testing/account-fixtures.ts';
import { startTestReceiver, type TestReceiver } from '../../features/webhooks/testing/webhook-receiver.ts';
import { createWebhookSender } from '../../features/webhooks/webhook-sender.ts';

const sealing = await deriveSealingKey('console webhook passphrase', new Uint8Array(16).fill(3));

/** The text of a fragment of markup, tags dropped and white space collapsed. */
function textOf(markup: string): string {
  return markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The console's Webhooks pages, rendered in process for a signed-in administrator: the list of
 * endpoints with their state and forms, and one endpoint's delivery log with its attempts.
 */
describeEachStore(
  'the console pages of webhooks',
  (context) => {
    let admin: Record<string, string> = {};
    let receiver: TestReceiver;
    let hookId = '';
    const get = async (url: string) => {
      const page = await context().app.inject({ method: 'GET', url, headers: admin });
      expect(page.statusCode, `${url}: ${page.body.slice(0, 500)}`).toBe(200);
      return page.body;
    };

    beforeAll(async () => {
      const { app, database, clock, deps, request } = context();
      receiver = await startTestReceiver();
      receiver.status = 500;
      const created = await request({
        method: 'POST',
        url: '/v1/webhooks',
        payload: { url: receiver.url, description: 'Support desk', events: ['product.*'] },
      });
      hookId = created.json<{ endpoint: { id: string } }>().endpoint.id;
      expect((await request({ method: 'POST', url: '/v1/products', payload: { id: 'studio', name: 'Studio' } })).statusCode).toBe(201);
      await createWebhookSender({
        db: database.db,
        clock,
        random: deps.random,
        sealing,
        // Generous: a loaded machine can take seconds to answer on loopback.
        timeoutMs: 20_000,
        retry: { baseMs: 60_000, maxMs: 3_600_000 },
      }).deliverPending();
      const first = await ensureFirstAdmin(database.db, { clock, random: deps.random });
      if (!first) throw new Error('a fresh database has no administrator yet');
      admin = sessionHeaders(await firstSignIn(app, first.email, first.password, 'a long and private passphrase'));
    });
    afterAll(async () => {
      await receiver.stop();
    });

    it('lists the endpoints with their events, state and actions, and the event catalogue', async () => {
      const body = await get('/console/webhooks');
      const text = textOf(body);
      expect(text).toContain(`${receiver.url} Support desk product.* failing: 1 in a row`);
      expect(body).toContain(`href="/console/webhooks/${hookId}"`);
      expect(body).toContain('id="create-webhook"');
      expect(text).toContain('lfr.upload A license file request was received');
      expect(text).not.toContain('auth.login');
    });

    it("shows an endpoint's deliveries with each attempt, and offers redelivery, editing, disabling and rotation", async () => {
      const text = textOf(await get(`/console/webhooks/${hookId}`));
      expect(text).toMatch(/product\.create product studio evt_\d+ · .* queued .*the receiver answered HTTP 500 .*HTTP 500 \(\d+ ms\) Redeliver/);
      expect(text).toContain('Rotate the secret');
      expect(text).toContain('Disable');
      expect(text).toContain('Save');
    });

    it('answers NOT_FOUND for an endpoint that does not exist', async () => {
      const page = await context().app.inject({ method: 'GET', url: '/console/webhooks/we_missing', headers: admin });
      expect(page.statusCode).toBe(404);
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock), webhooks: { sealing, autoSend: false } }),
);
