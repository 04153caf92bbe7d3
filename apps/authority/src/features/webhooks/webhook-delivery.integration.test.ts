import { hours } from '@airlock/core';
import { deriveSealingKey, type SealingKey } from '@airlock/core/internal';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { admin, describeEachStore, stores, TestClock, type TestContext } from '../../../test/harness.ts';
import { openDatabase, type Db } from '../../db/database.ts';
import { recordAudit, recordAudits } from '../../http/audit.ts';
import { startTestReceiver, type TestReceiver } from './testing/webhook-receiver.ts';
import { createEndpoint } from './webhook-endpoints.ts';
import { createWebhookSender, type WebhookSender } from './webhook-sender.ts';
import { verifySignature } from './webhook-signature.ts';

const sealing: SealingKey = await deriveSealingKey('webhook test passphrase', new Uint8Array(16).fill(7));
const random = { bytes: (n: number) => new Uint8Array(n).fill(128) };
const retry = { baseMs: hours(1), maxMs: hours(6) };
/**
 * A POST to the test receiver on loopback answers in milliseconds, but on a loaded machine it can
 * take seconds; a timeout there would turn a delivery into a retry the test did not expect. The
 * leases and backoffs the tests check run on the injected clock, not on this.
 */
const POST_TIMEOUT_MS = 20_000;

function senderFor(context: TestContext, key: SealingKey, db: Db = context.database.db): WebhookSender {
  return createWebhookSender({ db, clock: context.clock, random, sealing: key, timeoutMs: POST_TIMEOUT_MS, retry });
}

/** Writes an audit event (and so its deliveries) in a transaction of its own, as a change would. */
async function change(db: Db, at: Date, objectId: string, action = 'customer.update', after: object = { n: 1 }): Promise<void> {
  await db.transaction().execute((trx) => recordAudit(trx, { actor: 'admin:test', action, objectType: 'customer', objectId, after, at }));
}

async function deliveriesOf(db: Db, endpointId: string) {
  return db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('id').execute();
}

/** Moves the clock to the next retry of the endpoint's queued deliveries (those waiting for an earlier one are due already). */
async function untilDue(context: TestContext, endpointId: string): Promise<void> {
  const next = await context.database.db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '>', context.clock.now())
    .executeTakeFirst();
  if (next?.at) context.clock.set(new Date(Math.max(context.clock.now().getTime(), new Date(next.at).getTime())));
}

describeEachStore(
  'webhook delivery',
  (context) => {
    let receiver: TestReceiver;
    let key: SealingKey;
    beforeAll(async () => {
      receiver = await startTestReceiver();
      key = sealing;
    });
    afterAll(async () => {
      await receiver.stop();
    });
    // Each test has endpoints of its own: those of the tests before it hear nothing more.
    afterEach(async () => {
      await context().database.db.updateTable('webhook_endpoints').set({ enabled: false }).execute();
      receiver.status = 200;
      await receiver.start();
    });

    /** A new endpoint on the receiver, subscribed to customer events, with its secret. */
    const endpoint = async (events = ['customer.*']) => {
      const { request } = context();
      const created = await request({ method: 'POST', url: '/v1/webhooks', payload: { url: receiver.url, description: 'CRM', events } });
      expect(created.statusCode).toBe(201);
      return created.json<{ endpoint: { id: string }; secret: string }>();
    };
    const disable = (id: string) => context().request({ method: 'PATCH', url: `/v1/webhooks/${id}`, payload: { enabled: false } });

    it('delivers a change made through the API once, signed with the secret shown at creation', async () => {
      const { request, clock, database } = context();
      receiver.received.length = 0;
      const { endpoint: hook, secret } = await endpoint(['product.create']);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect((await request({ method: 'POST', url: '/v1/products', payload: { id: 'crm-sync', name: 'CRM Sync' } })).statusCode).toBe(201);
      expect(await senderFor(context(), key).deliverPending()).toEqual({ delivered: 1, retrying: 0, failed: 0 });

      expect(receiver.received).toHaveLength(1);
      const [got] = receiver.received;
      const body = JSON.parse(got!.body) as Record<string, unknown>;
      expect(body).toMatchObject({
        type: 'product.create',
        actor: 'admin:test-admin',
        object: { type: 'product', id: 'crm-sync' },
        createdAt: clock.now().toISOString(),
        data: { before: null },
      });
      expect(got!.headers['airlock-event-id']).toBe(body.id);
      expect(got!.headers['airlock-event-type']).toBe('product.create');
      expect(verifySignature(secret, String(got!.headers['airlock-signature']), got!.body, clock.now())).toBe(true);
      expect(verifySignature('whsec_someone-else', String(got!.headers['airlock-signature']), got!.body, clock.now())).toBe(false);
      // Nothing more to send: delivered means delivered.
      expect(await senderFor(context(), key).deliverPending()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      const [row] = await deliveriesOf(database.db, hook.id);
      expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200, claimed_until: null });
      await disable(hook.id);
    });

    it('writes no delivery for a change whose transaction rolled back', async () => {
      const { database, clock } = context();
      const { endpoint: hook } = await endpoint();
      await expect(
        database.db.transaction().execute(async (trx) => {
          await recordAudit(trx, {
            actor: 'admin:test',
            action: 'customer.update',
            objectType: 'customer',
            objectId: 'rolled-back',
            after: {},
            at: clock.now(),
          });
          throw new Error('the change fails after its audit event');
        }),
      ).rejects.toThrow('the change fails');
      expect(await deliveriesOf(database.db, hook.id)).toEqual([]);
      await change(database.db, clock.now(), 'committed');
      expect((await deliveriesOf(database.db, hook.id)).map((row) => row.object_id)).toEqual(['committed']);
      await disable(hook.id);
    });

    it('queues the events of one transaction in their order, each with the id of its audit event, and only to the endpoints subscribed', async () => {
      const { database, clock } = context();
      const { endpoint: every } = await endpoint(['customer.*']);
      const { endpoint: updates } = await endpoint(['customer.update']);
      const at = clock.now();
      await database.db.transaction().execute((trx) =>
        recordAudits(trx, [
          { actor: 'admin:test', action: 'customer.create', objectType: 'customer', objectId: 'several', after: { n: 1 }, at },
          { actor: 'admin:test', action: 'api-token.create', objectType: 'api-token', objectId: 'not-published', at },
          { actor: 'admin:test', action: 'customer.update', objectType: 'customer', objectId: 'several', before: { n: 1 }, after: { n: 2 }, at },
        ]),
      );
      const audited = await database.db
        .selectFrom('audit_events')
        .select(['id', 'action'])
        .where('object_id', 'in', ['several', 'not-published'])
        .orderBy('id')
        .execute();
      expect(audited.map((row) => row.action)).toEqual(['customer.create', 'api-token.create', 'customer.update']);
      const eventId = (action: string) => `evt_${audited.find((row) => row.action === action)!.id}`;
      const payloads = async (id: string) => (await deliveriesOf(database.db, id)).map((row) => JSON.parse(row.payload) as Record<string, unknown>);
      expect(await payloads(every.id)).toEqual([
        {
          id: eventId('customer.create'),
          type: 'customer.create',
          createdAt: at.toISOString(),
          actor: 'admin:test',
          object: { type: 'customer', id: 'several' },
          data: { before: null, after: { n: 1 } },
        },
        {
          id: eventId('customer.update'),
          type: 'customer.update',
          createdAt: at.toISOString(),
          actor: 'admin:test',
          object: { type: 'customer', id: 'several' },
          data: { before: { n: 1 }, after: { n: 2 } },
        },
      ]);
      expect((await payloads(updates.id)).map((payload) => payload.id)).toEqual([eventId('customer.update')]);
      const [first, second] = await deliveriesOf(database.db, every.id);
      expect(Number(first!.id)).toBeLessThan(Number(second!.id));
      await disable(every.id);
      await disable(updates.id);
    });

    it('retries while the receiver is down, logging each failure, then delivers once it is back', async () => {
      const { database, clock, request } = context();
      const { endpoint: hook } = await endpoint();
      receiver.received.length = 0;
      await receiver.stop();
      await change(database.db, clock.now(), 'acme-down');
      const sender = senderFor(context(), key);
      expect(await sender.deliverPending()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      // Not due again before its backoff.
      expect(await sender.deliverPending()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      await untilDue(context(), hook.id);
      expect(await sender.deliverPending()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      await receiver.start();
      await untilDue(context(), hook.id);
      expect(await sender.deliverPending()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(receiver.received.map((got) => JSON.parse(got.body) as { object: { id: string } }).map((event) => event.object.id)).toEqual(['acme-down']);

      const [delivery] = (await request({ method: 'GET', url: `/v1/webhooks/${hook.id}/deliveries` })).json<
        { id: string; status: string; attempts: number; log: { statusCode: number | null; error: string | null }[] }[]
      >();
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 3 });
      expect(delivery!.log.map((attempt) => attempt.statusCode)).toEqual([null, null, 200]);
      expect(delivery!.log[0]!.error).toMatch(/ECONNREFUSED|refused|closed/i);
      await disable(hook.id);
    });

    it("keeps one object's events in order: a later one waits while an earlier one is retried", async () => {
      const { database, clock } = context();
      const { endpoint: hook } = await endpoint();
      receiver.received.length = 0;
      receiver.status = 503;
      for (const n of [1, 2, 3]) await change(database.db, clock.now(), 'ordered', 'customer.update', { n });
      await change(database.db, clock.now(), 'other');
      const sender = senderFor(context(), key);
      expect(await sender.deliverPending()).toEqual({ delivered: 0, retrying: 2, failed: 0 });
      expect(receiver.received.map((got) => (JSON.parse(got.body) as { object: { id: string } }).object.id).sort()).toEqual(['ordered', 'other']);
      receiver.status = 200;
      receiver.received.length = 0;
      for (let round = 0; round < 5; round++) {
        await untilDue(context(), hook.id);
        await sender.deliverPending();
      }
      const ordered = receiver.received
        .map((got) => JSON.parse(got.body) as { object: { id: string }; data: { after: { n: number } } })
        .filter((event) => event.object.id === 'ordered');
      expect(ordered.map((event) => event.data.after.n)).toEqual([1, 2, 3]);
      expect((await deliveriesOf(database.db, hook.id)).map((row) => row.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
      await disable(hook.id);
    });

    it('redelivers a delivered event on request, with the same event id', async () => {
      const { database, clock, request } = context();
      const { endpoint: hook } = await endpoint();
      receiver.received.length = 0;
      await change(database.db, clock.now(), 'again');
      const sender = senderFor(context(), key);
      await sender.deliverPending();
      const [row] = await deliveriesOf(database.db, hook.id);
      const redelivered = await request({ method: 'POST', url: `/v1/webhooks/${hook.id}/deliveries/${row!.id}/redeliver` });
      expect(redelivered.json()).toMatchObject({ id: String(row!.id), status: 'queued' });
      expect(await sender.deliverPending()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(receiver.received.map((got) => got.eventId)).toEqual([row!.event_id, row!.event_id]);
      expect((await request({ method: 'GET', url: `/v1/webhooks/${hook.id}/deliveries/${row!.id}` })).json()).toMatchObject({
        status: 'delivered',
        log: [{ statusCode: 200 }, { statusCode: 200 }],
      });
      expect((await request({ method: 'POST', url: `/v1/webhooks/${hook.id}/deliveries/999999/redeliver` })).json()).toMatchObject({ code: 'NOT_FOUND' });
      await disable(hook.id);
    });

    it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
      const { database, clock, request } = context();
      const { endpoint: hook, secret: first } = await endpoint();
      const rotated = await request({ method: 'POST', url: `/v1/webhooks/${hook.id}/rotate-secret` });
      const { secret: second } = rotated.json<{ secret: string }>();
      expect(second).not.toBe(first);
      expect(rotated.json()).toMatchObject({ endpoint: { previousSecretExpiresAt: new Date(clock.now().getTime() + hours(24)).toISOString() } });
      receiver.received.length = 0;
      const sender = senderFor(context(), key);
      await change(database.db, clock.now(), 'rotating');
      await sender.deliverPending();
      const during = receiver.received[0]!;
      const header = String(during.headers['airlock-signature']);
      expect(header.match(/v1=/g)).toHaveLength(2);
      expect(verifySignature(first, header, during.body, clock.now()) && verifySignature(second, header, during.body, clock.now())).toBe(true);
      clock.advance(hours(24) + 1000);
      await change(database.db, clock.now(), 'rotated');
      await sender.deliverPending();
      const after = receiver.received[1]!;
      expect(verifySignature(second, String(after.headers['airlock-signature']), after.body, clock.now())).toBe(true);
      expect(verifySignature(first, String(after.headers['airlock-signature']), after.body, clock.now())).toBe(false);
      await disable(hook.id);
    });

    it('disables an endpoint every attempt to which failed for three days, audits it, and keeps its later events', async () => {
      const { database, clock, request } = context();
      const watcher = await endpoint(['webhook.disabled']);
      const down = await request({ method: 'POST', url: '/v1/webhooks', payload: { url: 'http://127.0.0.1:9/never', events: ['customer.*'] } });
      const hook = down.json<{ endpoint: { id: string } }>().endpoint;
      const start = clock.now();
      await change(database.db, start, 'unreachable');
      const sender = senderFor(context(), key);
      receiver.received.length = 0;
      for (let round = 0; round < 40; round++) {
        await untilDue(context(), hook.id);
        await sender.deliverPending();
        const state = await database.db.selectFrom('webhook_endpoints').select('enabled').where('id', '=', hook.id).executeTakeFirstOrThrow();
        if (!state.enabled) break;
      }
      const disabled = (await request({ method: 'GET', url: `/v1/webhooks/${hook.id}` })).json<{
        enabled: boolean;
        disabledReason: string;
        consecutiveFailures: number;
      }>();
      expect(disabled).toMatchObject({ enabled: false });
      expect(disabled.disabledReason).toMatch(/^every attempt failed since/);
      expect(disabled.consecutiveFailures).toBeGreaterThanOrEqual(10);
      expect(clock.now().getTime() - start.getTime()).toBeGreaterThanOrEqual(hours(72));
      const audit = await database.db
        .selectFrom('audit_events')
        .select(['actor', 'action'])
        .where('object_id', '=', hook.id)
        .where('action', '=', 'webhook.disabled')
        .execute();
      expect(audit).toEqual([{ actor: 'system', action: 'webhook.disabled' }]);
      // The other endpoint heard of it.
      expect(await sender.deliverPending()).toMatchObject({ delivered: 1 });
      expect(receiver.received.map((got) => got.headers['airlock-event-type'])).toEqual(['webhook.disabled']);
      // A disabled endpoint gets no new deliveries; enabled again, it starts afresh.
      await change(database.db, clock.now(), 'while-disabled');
      expect((await deliveriesOf(database.db, hook.id)).map((row) => row.object_id)).toEqual(['unreachable']);
      const enabled = await request({ method: 'PATCH', url: `/v1/webhooks/${hook.id}`, payload: { enabled: true } });
      expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0, failingSince: null });
      await disable(hook.id);
      await disable(watcher.endpoint.id);
    });

    it('refuses a URL it would not send to and an event outside the catalogue, creating nothing', async () => {
      const { request, database } = context();
      const before = await database.db.selectFrom('webhook_endpoints').select('id').execute();
      const remoteHttp = await request({ method: 'POST', url: '/v1/webhooks', payload: { url: 'http://crm.example/in', events: ['*'] } });
      expect(remoteHttp.statusCode).toBe(400);
      expect(remoteHttp.json()).toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED' });
      const unknown = await request({ method: 'POST', url: '/v1/webhooks', payload: { url: 'https://crm.example/in', events: ['auth.*'] } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ code: 'WEBHOOK_EVENT_UNKNOWN', errors: { event: 'auth.*' } });
      expect(await database.db.selectFrom('webhook_endpoints').select('id').execute()).toEqual(before);
      const listed = await request({ method: 'GET', url: '/v1/webhooks' });
      expect(JSON.stringify(listed.json())).not.toMatch(/whsec_|secret_sealed/);
    });

    it('lets API tokens in only with the webhooks scopes', async () => {
      const { request } = context();
      const reader = { kind: 'token' as const, id: 't1', scopes: ['webhooks:read' as const] };
      expect((await request({ method: 'GET', url: '/v1/webhooks', as: reader })).statusCode).toBe(200);
      const write = await request({ method: 'POST', url: '/v1/webhooks', as: reader, payload: { url: 'https://crm.example/in', events: ['*'] } });
      expect(write.json()).toMatchObject({ code: 'FORBIDDEN', errors: { needs: 'webhooks:write' } });
      expect((await request({ method: 'GET', url: '/v1/webhooks', as: { kind: 'token', id: 't2', scopes: ['customers:read'] } })).statusCode).toBe(403);
      expect((await request({ method: 'GET', url: '/v1/webhooks', as: admin })).statusCode).toBe(200);
    });
  },
  { webhooks: { sealing, autoSend: false } },
);

describe.each(stores.map((store) => [store.name, store] as const))('two replicas sending one outbox (%s)', (name, store) => {
  it('sends every event, none of them twice at the same time', async () => {
    const opened = await store.open();
    const first = await openDatabase(opened.config);
    // Two replicas are two connection pools on one PostgreSQL; the embedded store has one process.
    const second = name === 'PostgreSQL' ? await openDatabase(opened.config) : first;
    const receiver = await startTestReceiver();
    try {
      receiver.delayMs = 20;
      const key = sealing;
      const clock = new TestClock(new Date('2026-11-23T10:00:00Z'));
      const by = { actor: 'admin:test', now: clock.now() };
      await createEndpoint(
        { db: first.db, random: { bytes: (n) => crypto.getRandomValues(new Uint8Array(n)) }, sealing: key, allowHttp: false },
        { url: receiver.url, events: ['customer.*'] },
        by,
      );
      for (let n = 0; n < 60; n++) await change(first.db, clock.now(), `customer-${n % 15}`, 'customer.update', { n });
      const make = (db: Db) => createWebhookSender({ db, clock, random, sealing: key, timeoutMs: POST_TIMEOUT_MS, retry });
      const [a, b] = [make(first.db), make(second.db)];
      for (let round = 0; round < 10; round++) await Promise.all([a.deliverPending(), b.deliverPending()]);
      const ids = new Set(receiver.received.map((got) => got.eventId));
      expect(ids.size).toBe(60);
      expect(receiver.received).toHaveLength(60);
      expect(receiver.overlapping).toEqual([]);
      const per = new Map<string, number[]>();
      for (const got of receiver.received) {
        const event = JSON.parse(got.body) as { object: { id: string }; data: { after: { n: number } } };
        per.set(event.object.id, [...(per.get(event.object.id) ?? []), event.data.after.n]);
      }
      for (const ns of per.values()) expect(ns).toEqual([...ns].sort((x, y) => x - y));
    } finally {
      await receiver.stop();
      if (second !== first) await second.close();
      await first.close();
      await opened.dispose();
    }
  }, 60_000);
});
