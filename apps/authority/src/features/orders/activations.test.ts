import { openActivatedLicense, type LicenseItem } from '@airlock/core';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Activation } from './activate-order.ts';
import { acmeUser, globexUser, mistyped, orderRowCounts, placeOrder, registrationKeyOf, seedOrderCatalogue } from './testing/order-fixtures.ts';

const plant = registrationKeyOf('orders/acme-plant');
const lab = registrationKeyOf('orders/acme-lab');

const order1: LicenseItem[] = [
  { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
  { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2027-11-22' },
];
const order2: LicenseItem[] = [{ product: 'automation', licenseType: 'bot-runner', quantity: 3, kind: 'pilot', expiresOn: '2026-12-23' }];
const order3: LicenseItem[] = [
  { product: 'automation', licenseType: 'bot-creator', quantity: 1, kind: 'term', expiresOn: '2027-11-22' },
  { product: 'automation', licenseType: 'bot-runner', quantity: 2, kind: 'term', expiresOn: '2027-05-31' },
];

describeEachStore('order activation', (context) => {
  const lrns: string[] = [];
  const activate = (lrn: string, registrationKey: string, options: { as?: typeof acmeUser; customerId?: string } = {}) =>
    context().request({
      method: 'POST',
      url: options.customerId ? `/v1/customers/${options.customerId}/activations` : '/v1/activations',
      payload: { lrn, registrationKey },
      ...(options.as ? { as: options.as } : {}),
    });

  beforeAll(async () => {
    const { request } = context();
    await seedOrderCatalogue(request);
    for (const items of [order1, order2, order3]) lrns.push((await placeOrder(request, 'acme', items)).lrn);
  });

  it('merges three orders activated in turn: the pilot lives only in its own license', async () => {
    const { authority, clock } = context();
    const activations: Activation[] = [];
    for (const lrn of lrns) {
      const response = await activate(lrn, plant, { as: acmeUser, customerId: 'acme' });
      expect(response.statusCode, response.body).toBe(201);
      activations.push(response.json<Activation>());
    }
    expect(activations.map(({ revision, items, lrns: merged, repeated }) => ({ revision, items, lrns: merged, repeated }))).toEqual([
      {
        revision: 1,
        items: [
          { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2027-11-22' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
        ],
        lrns: lrns.slice(0, 1),
        repeated: false,
      },
      {
        revision: 2,
        items: [
          { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2027-11-22' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 3, kind: 'pilot', expiresOn: '2026-12-23' },
        ],
        lrns: lrns.slice(0, 2),
        repeated: false,
      },
      {
        revision: 3,
        items: [
          { product: 'automation', licenseType: 'bot-creator', quantity: 3, kind: 'term', expiresOn: '2027-11-22' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
          { product: 'automation', licenseType: 'bot-runner', quantity: 2, kind: 'term', expiresOn: '2027-05-31' },
        ],
        lrns: lrns.slice(0, 3),
        repeated: false,
      },
    ]);
    // Each is a signed document for that RK that answers the one before it.
    const opened = await Promise.all(
      activations.map((activation) => openActivatedLicense(activation.text, { now: clock.now(), trust: authority.trust, registrationKey: plant })),
    );
    expect(
      opened.map(({ claims }) => ({
        revision: claims.revision,
        answers: claims.answers,
        activatedLrn: claims.activatedLrn,
        customerId: claims.customerId,
        items: claims.items,
      })),
    ).toEqual(
      activations.map((activation, index) => ({
        revision: index + 1,
        answers: index === 0 ? [] : [activations[index - 1]!.licenseId],
        activatedLrn: lrns[index],
        customerId: 'acme',
        items: activation.items,
      })),
    );
  });

  it('gives the same license again for the same LRN and RK, however typed, and issues nothing', async () => {
    const { database } = context();
    const first = await context().request({ method: 'GET', url: '/v1/customers/acme/orders' });
    const before = await orderRowCounts(database.db);
    const typed = lrns[0]!.toLowerCase().replace(/-/g, ' ');
    const again = await activate(typed, plant.toLowerCase().replace(/-/g, ''));
    expect(again.statusCode).toBe(200);
    const activation = again.json<Activation>();
    const order = first.json<{ lrn: string; activation: { licenseId: string } | null }[]>().find((candidate) => candidate.lrn === lrns[0]);
    expect({
      licenseId: activation.licenseId,
      revision: activation.revision,
      latestRevision: activation.latestRevision,
      repeated: activation.repeated,
      lrn: activation.lrn,
    }).toEqual({ licenseId: order?.activation?.licenseId, revision: 1, latestRevision: 3, repeated: true, lrn: lrns[0] });
    const stored = await database.db
      .withTables<{ activated_licenses: { id: string; text: string } }>()
      .selectFrom('activated_licenses')
      .select('text')
      .where('id', '=', activation.licenseId)
      .executeTakeFirstOrThrow();
    expect(activation.text).toBe(stored.text);
    expect(await orderRowCounts(database.db)).toEqual(before);
  });

  it('refuses an activated LRN for another RK without naming the RK it is bound to', async () => {
    const { database } = context();
    const before = await orderRowCounts(database.db);
    const refused = await activate(lrns[1]!, lab, { as: acmeUser, customerId: 'acme' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'LRN_ALREADY_ACTIVATED', errors: { lrn: lrns[1], activatedAt: expect.any(String) } });
    expect(refused.body).not.toContain(plant);
    expect(refused.body).not.toContain(plant.replace(/-/g, ''));
    expect(await orderRowCounts(database.db)).toEqual(before);
  });

  it('names a mistyped RK, a malformed RK, a malformed LRN and an unknown LRN, in that order, changing nothing', async () => {
    const { database } = context();
    const before = await orderRowCounts(database.db);
    const answers = await Promise.all([
      activate(lrns[0]!, mistyped(plant)),
      activate(lrns[0]!, 'XBWJ-N5F3-EP7S'),
      activate(lrns[0]!, 'XBWJ-N5F3-EP7S-3BY!'),
      activate('LRN-7K3Q-M2ZD-09XA', mistyped(plant)),
      activate('LRN-7K3Q-M2ZD-09XA', plant),
      activate('LRN-7K3Q-M2ZD-09XA-HV4T', plant),
    ]);
    expect(answers.map((answer) => `${answer.statusCode} ${answer.json<{ code: string }>().code}`)).toEqual([
      '400 REGISTRATION_KEY_CHECKSUM',
      '400 REGISTRATION_KEY_MALFORMED',
      '400 REGISTRATION_KEY_MALFORMED',
      '400 REGISTRATION_KEY_CHECKSUM',
      '400 LRN_MALFORMED',
      '404 LRN_NOT_FOUND',
    ]);
    expect(answers[2]?.json()).toMatchObject({ errors: { reason: 'unexpected character', character: '!', index: 18 } });
    expect(await orderRowCounts(database.db)).toEqual(before);
  });

  it("keeps customers apart: another customer's LRN is unknown, another customer's RK refused", async () => {
    const { request, database } = context();
    const globexOrder = await placeOrder(request, 'globex', [{ product: 'insight', licenseType: 'dashboards', quantity: 1, kind: 'permanent' }]);
    const before = await orderRowCounts(database.db);
    const answers = await Promise.all([
      // A Globex user with an Acme LRN on Globex's own route: unknown, as a made-up LRN would be.
      activate(lrns[2]!, lab, { as: globexUser, customerId: 'globex' }),
      // A Globex user on Acme's route: refused before anything runs.
      activate(lrns[2]!, lab, { as: globexUser, customerId: 'acme' }),
      // A customer user on the vendor's route.
      activate(globexOrder.lrn, lab, { as: globexUser }),
      // Globex's order onto an RK that holds Acme's licenses, even by the vendor.
      activate(globexOrder.lrn, plant),
      activate(globexOrder.lrn, plant, { as: globexUser, customerId: 'globex' }),
    ]);
    expect(answers.map((answer) => `${answer.statusCode} ${answer.json<{ code: string }>().code}`)).toEqual([
      '404 LRN_NOT_FOUND',
      '404 NOT_FOUND',
      '403 FORBIDDEN',
      '409 REGISTRATION_KEY_OTHER_CUSTOMER',
      '409 REGISTRATION_KEY_OTHER_CUSTOMER',
    ]);
    expect(await orderRowCounts(database.db)).toEqual(before);
    const own = await activate(globexOrder.lrn, registrationKeyOf('orders/globex-plant'), { as: globexUser, customerId: 'globex' });
    expect({ status: own.statusCode, revision: own.json<Activation>().revision, customerId: own.json<Activation>().customerId }).toEqual({
      status: 201,
      revision: 1,
      customerId: 'globex',
    });
  });

  it('serializes activations racing onto one RK: revisions 1 to n, each answering the one before', async () => {
    const { request, authority, clock } = context();
    const shared = registrationKeyOf('orders/acme-racing');
    const racing = [];
    for (let index = 0; index < 6; index++) {
      racing.push(await placeOrder(request, 'acme', [{ product: 'automation', licenseType: 'bot-runner', quantity: index + 1, kind: 'permanent' }]));
    }
    const answers = await Promise.all(racing.map((order) => activate(order.lrn, shared)));
    expect(answers.map((answer) => answer.statusCode)).toEqual(racing.map(() => 201));
    const activations = answers.map((answer) => answer.json<Activation>()).sort((a, b) => a.revision - b.revision);
    expect(activations.map((activation) => activation.revision)).toEqual([1, 2, 3, 4, 5, 6]);
    const opened = await Promise.all(
      activations.map((activation) => openActivatedLicense(activation.text, { now: clock.now(), trust: authority.trust, registrationKey: shared })),
    );
    expect(opened.map(({ claims }) => claims.answers)).toEqual(activations.map((_, index) => (index === 0 ? [] : [activations[index - 1]!.licenseId])));
    const last = activations.at(-1)!;
    expect(last.items).toEqual([{ product: 'automation', licenseType: 'bot-runner', quantity: 21, kind: 'permanent' }]);
    expect([...last.lrns].sort()).toEqual(racing.map((order) => order.lrn).sort());
  });

  it('lets one RK win an LRN raced to several', async () => {
    const { request, database } = context();
    const order = await placeOrder(request, 'acme', [{ product: 'automation', licenseType: 'bot-creator', quantity: 1, kind: 'permanent' }]);
    const contenders = ['a', 'b', 'c', 'd', 'e'].map((seed) => registrationKeyOf(`orders/contender-${seed}`));
    const answers = await Promise.all(contenders.map((rk) => activate(order.lrn, rk)));
    const outcomes = answers.map((answer) => `${answer.statusCode} ${answer.statusCode === 201 ? '' : answer.json<{ code: string }>().code}`.trim());
    expect(outcomes.filter((outcome) => outcome === '201')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== '201')).toEqual([
      '409 LRN_ALREADY_ACTIVATED',
      '409 LRN_ALREADY_ACTIVATED',
      '409 LRN_ALREADY_ACTIVATED',
      '409 LRN_ALREADY_ACTIVATED',
    ]);
    const winner = contenders[outcomes.indexOf('201')]!;
    const bound = await database.db
      .withTables<{ activated_licenses: { order_id: string; registration_key: string } }>()
      .selectFrom('activated_licenses')
      .select('registration_key')
      .where('order_id', '=', order.id)
      .execute();
    expect(bound).toEqual([{ registration_key: winner }]);
    // The losers' RKs hold nothing: their rows were rolled back with their refusal.
    const rkRows = await database.db
      .withTables<{ registration_keys: { registration_key: string } }>()
      .selectFrom('registration_keys')
      .select('registration_key')
      .where('registration_key', 'in', contenders)
      .execute();
    expect(rkRows).toEqual([{ registration_key: winner }]);
  });

  it('shows the activation in the order read, to the vendor and to the customer', async () => {
    const { request } = context();
    const list = await request({ method: 'GET', url: '/v1/customers/acme/orders', as: acmeUser });
    const first = list.json<{ lrn: string; activation: unknown }[]>().find((order) => order.lrn === lrns[0]);
    expect(first?.activation).toEqual({
      registrationKey: plant,
      licenseId: expect.any(String),
      revision: 1,
      activatedAt: expect.any(String),
      activatedBy: 'customer-user:acme-buyer',
    });
  });

  it('audits each new activation with what it issued, and nothing for a repeated one', async () => {
    const { database } = context();
    const events = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'after'])
      .where('action', '=', 'order.activate')
      .orderBy('id')
      .limit(3)
      .execute();
    expect(events.map((event) => ({ actor: event.actor, action: event.action, after: event.after }))).toEqual(
      [1, 2, 3].map((revision, index) => ({
        actor: 'customer-user:acme-buyer',
        action: 'order.activate',
        after: expect.objectContaining({ lrn: lrns[index], registrationKey: plant, revision, lrns: lrns.slice(0, revision) }),
      })),
    );
  });

  it('answers any typed text with a typing error or an unknown LRN, and changes nothing (fuzz)', async () => {
    const { database } = context();
    const before = await orderRowCounts(database.db);
    const typable = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZabcILOo -—!ß'), maxLength: 40 });
    const expected = new Set([
      '400 REQUEST_INVALID',
      '400 REGISTRATION_KEY_MALFORMED',
      '400 REGISTRATION_KEY_CHECKSUM',
      '400 LRN_MALFORMED',
      '404 LRN_NOT_FOUND',
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(typable, fc.string(), fc.constant(plant)),
        fc.oneof(typable, fc.string(), fc.constant('LRN-0000-0000-0000-0000')),
        async (registrationKey, lrn) => {
          const answer = await activate(lrn, registrationKey);
          expect(expected).toContain(`${answer.statusCode} ${answer.json<{ code: string }>().code}`);
        },
      ),
      { numRuns: 150 },
    );
    expect(await orderRowCounts(database.db)).toEqual(before);
  });
});

describeEachStore(
  'order activation with keys kept in the database',
  (context) => {
    it('signs with a key read from the database, even on the one connection of an embedded store', async () => {
      const { request } = context();
      await seedOrderCatalogue(request);
      const order = await placeOrder(request, 'acme', order1);
      const response = await request({ method: 'POST', url: '/v1/activations', payload: { lrn: order.lrn, registrationKey: plant } });
      expect({ status: response.statusCode, revision: response.json<Activation>().revision }).toEqual({ status: 201, revision: 1 });
    });
  },
  ({ db, keys }) => ({
    // As the persistent keys do when their cache is older than a few seconds: a query of their own.
    keys: { ...keys, signer: async () => (await sql`select 1`.execute(db), keys.signer()) },
  }),
);
