import { openOrderLicense, type Random } from '@airlock/core';
import { LRN_PATTERN } from '@airlock/core/internal';
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { OrderView } from './order-reads.ts';
import { acmeUser, globexUser, orderRowCounts, placeOrder, seedOrderCatalogue } from './testing/order-fixtures.ts';

const items = [
  { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
  { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2027-11-22' },
] as const;

describeEachStore('orders', (context) => {
  beforeAll(async () => {
    await seedOrderCatalogue(context().request);
  });

  it('creates an order with an LRN, its order license and a letter waiting for SMTP', async () => {
    const { request, clock } = context();
    const response = await request({ method: 'POST', url: '/v1/customers/acme/orders', payload: { items } });
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json<OrderView>();
    const queuedAt = clock.now().toISOString();
    expect(order).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      customerId: 'acme',
      lrn: expect.stringMatching(LRN_PATTERN),
      items,
      createdAt: queuedAt,
      orderLicense: expect.stringContaining('-----BEGIN AIRLOCK ORDER LICENSE-----'),
      activation: null,
      letters: [
        {
          id: expect.any(String),
          to: 'licenses@acme.test',
          subject: `Your license letter: ${order.lrn}`,
          status: 'queued',
          attempts: 0,
          lastError: null,
          queuedAt,
          nextAttemptAt: queuedAt,
          sentAt: null,
          waiting: 'SMTP is not configured (AIRLOCK_SMTP_URL): the letter waits in the outbox',
        },
      ],
    });
    const license = await openOrderLicense(order.orderLicense, { now: clock.now(), customerId: 'acme' });
    expect(license.claims).toMatchObject({ lrn: order.lrn, orderId: order.id, customerId: 'acme', items });
  });

  it('lists the customer’s orders newest first, to its users, and reads one', async () => {
    const { request, clock } = context();
    clock.advance(60_000);
    const second = await placeOrder(request, 'acme', [{ product: 'insight', licenseType: 'dashboards', quantity: 1, kind: 'pilot', expiresOn: '2026-12-31' }]);
    const list = await request({ method: 'GET', url: '/v1/customers/acme/orders', as: acmeUser });
    expect(list.statusCode).toBe(200);
    const orders = list.json<OrderView[]>();
    expect(orders.map((order) => order.id)[0]).toBe(second.id);
    expect(orders).toHaveLength(2);
    const one = await request({ method: 'GET', url: `/v1/customers/acme/orders/${second.id}`, as: acmeUser });
    expect(one.json()).toEqual(second);
    expect((await request({ method: 'GET', url: '/v1/customers/globex/orders', as: globexUser })).json()).toEqual([]);
    expect((await request({ method: 'GET', url: `/v1/customers/globex/orders/${second.id}`, as: globexUser })).json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('names every bad item at once and writes nothing', async () => {
    const { request, database } = context();
    const before = await orderRowCounts(database.db);
    const response = await request({
      method: 'POST',
      url: '/v1/customers/acme/orders',
      payload: {
        items: [
          { product: 'automation', licenseType: 'bot-runner', quantity: 1, kind: 'term' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 1, kind: 'permanent', expiresOn: '2027-01-01' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 1.5, kind: 'permanent' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 1, kind: 'pilot', expiresOn: '2027-02-30' },
        ],
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'ORDER_ITEM_INVALID',
      errors: {
        invalid: [
          { source: 'order', index: 0, product: 'automation', licenseType: 'bot-runner', reason: 'a term item needs an expiry date' },
          { source: 'order', index: 1, product: 'automation', licenseType: 'bot-runner', reason: 'a permanent item has no expiry date' },
          { source: 'order', index: 2, product: 'automation', licenseType: 'bot-runner', reason: 'quantity is not a whole number of zero or more' },
          { source: 'order', index: 3, product: 'automation', licenseType: 'bot-runner', reason: 'expiry is not a real YYYY-MM-DD date' },
        ],
      },
    });
    const later = await request({
      method: 'POST',
      url: '/v1/customers/acme/orders',
      payload: {
        items: [
          { product: 'automation', licenseType: 'bot-runner', quantity: 0, kind: 'permanent' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 1, kind: 'temporary', expiresOn: '2026-11-22' },
        ],
      },
    });
    expect(later.json()).toMatchObject({
      code: 'ORDER_ITEM_INVALID',
      errors: {
        invalid: [
          { index: 0, reason: 'quantity must be from 1 to 1000000000' },
          { index: 1, reason: 'expires before today (2026-11-23)' },
        ],
      },
    });
    expect(await orderRowCounts(database.db)).toEqual(before);
  });

  it('checks the items against the catalogue, and the customer, writing nothing', async () => {
    const { request, database } = context();
    const before = await orderRowCounts(database.db);
    const unknown = await request({
      method: 'POST',
      url: '/v1/customers/acme/orders',
      payload: {
        items: [
          { product: 'automation', licenseType: 'bot-runner', quantity: 1, kind: 'permanent' },
          { product: 'insight', licenseType: 'bot-runner', quantity: 1, kind: 'permanent' },
          { product: 'automation', licenseType: 'no-such-type', quantity: 1, kind: 'permanent' },
        ],
      },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({
      code: 'ORDER_ITEM_UNKNOWN',
      errors: {
        unknown: [
          { index: 1, product: 'insight', licenseType: 'bot-runner' },
          { index: 2, product: 'automation', licenseType: 'no-such-type' },
        ],
      },
    });
    const noCustomer = await request({ method: 'POST', url: '/v1/customers/initech/orders', payload: { items } });
    expect(noCustomer.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { customer: 'initech' } });
    const empty = await request({ method: 'POST', url: '/v1/customers/acme/orders', payload: { items: [] } });
    expect(empty.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect(await orderRowCounts(database.db)).toEqual(before);
  });

  it('keeps ordering to the vendor: a customer user may read but not order', async () => {
    const response = await context().request({ method: 'POST', url: '/v1/customers/acme/orders', payload: { items }, as: acmeUser });
    expect(response.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('queues the letter again on request, to the contact or another address, and audits it', async () => {
    const { request } = context();
    const order = await placeOrder(request, 'globex', [{ product: 'insight', licenseType: 'dashboards', quantity: 3, kind: 'permanent' }]);
    const again = await request({ method: 'POST', url: `/v1/customers/globex/orders/${order.id}/letters`, payload: {} });
    const elsewhere = await request({ method: 'POST', url: `/v1/customers/globex/orders/${order.id}/letters`, payload: { to: 'purchasing@globex.test' } });
    expect([again.statusCode, elsewhere.statusCode]).toEqual([201, 201]);
    expect(elsewhere.json<OrderView>().letters.map((letter) => [letter.to, letter.status])).toEqual([
      ['it@globex.test', 'queued'],
      ['it@globex.test', 'queued'],
      ['purchasing@globex.test', 'queued'],
    ]);
    const wrongCustomer = await request({ method: 'POST', url: `/v1/customers/acme/orders/${order.id}/letters`, payload: {} });
    expect(wrongCustomer.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const audit = await request({ method: 'GET', url: `/v1/audit?objectType=order&objectId=${order.id}` });
    expect(audit.json<{ action: string; actor: string; after: unknown }[]>().map(({ action, actor, after }) => ({ action, actor, after }))).toEqual([
      {
        action: 'order.letter.resend',
        actor: 'admin:test-admin',
        after: { letter: { id: elsewhere.json<OrderView>().letters[2]!.id, to: 'purchasing@globex.test' } },
      },
      { action: 'order.letter.resend', actor: 'admin:test-admin', after: { letter: { id: elsewhere.json<OrderView>().letters[1]!.id, to: 'it@globex.test' } } },
      {
        action: 'order.create',
        actor: 'admin:test-admin',
        after: {
          customerId: 'globex',
          lrn: order.lrn,
          items: [{ product: 'insight', licenseType: 'dashboards', quantity: 3, kind: 'permanent' }],
          letter: { id: order.letters[0]!.id, to: 'it@globex.test' },
        },
      },
    ]);
  });
});

/** A random source whose LRN draws (10 bytes) repeat the first one once, then run on. */
function repeatingFirstLrn(): Random & { lrnDraws(): number } {
  let first: Uint8Array | undefined;
  let draws = 0;
  return {
    bytes(length) {
      if (length !== 10) return new Uint8Array(randomBytes(length));
      draws += 1;
      first ??= new Uint8Array(randomBytes(10));
      return draws <= 2 ? first : new Uint8Array(randomBytes(10));
    },
    lrnDraws: () => draws,
  };
}

let random = repeatingFirstLrn();

describeEachStore(
  'order LRNs',
  (context) => {
    it('draws again when an LRN is taken, so every order keeps a unique one', async () => {
      const { request, database } = context();
      await seedOrderCatalogue(request);
      const first = await placeOrder(request, 'acme', [...items]);
      const second = await placeOrder(request, 'acme', [...items]);
      expect(random.lrnDraws()).toBe(3);
      expect(second.lrn).not.toBe(first.lrn);
      const stored = await database.db.withTables<{ orders: { lrn: string } }>().selectFrom('orders').select('lrn').orderBy('lrn').execute();
      expect(stored.map((row) => row.lrn)).toEqual([first.lrn, second.lrn].sort());
    });
  },
  () => {
    random = repeatingFirstLrn();
    return { random };
  },
);
