import { expect, it, beforeAll } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { PRODUCT, seedDeviceCatalogue } from '../devices/testing/device-fixtures.ts';

describeEachStore("a product's trial offer", (context) => {
  const url = `/v1/products/${PRODUCT}/trial`;
  const put = (payload: object, productUrl = url) => context().request({ method: 'PUT', url: productUrl, payload });
  const offer = { enabled: true, days: 14, features: ['export'], meters: [{ meter: 'renders', limit: 10 }], allowOffline: false };
  const audit = (action: string) =>
    context().database.db.selectFrom('audit_events').select(['actor', 'object_id', 'before', 'after']).where('action', '=', action).orderBy('id').execute();

  beforeAll(async () => {
    await seedDeviceCatalogue(context().database.db, context().clock.now());
  });

  it('is set, read, replaced and withdrawn, each change audited with before and after', async () => {
    expect((await context().request({ method: 'GET', url })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const set = await put(offer);
    expect(set.statusCode).toBe(200);
    const expected = {
      productId: PRODUCT,
      enabled: true,
      days: 14,
      endsAt: null,
      features: ['export'],
      meters: [{ meter: 'renders', limit: 10 }],
      allowOffline: false,
      policyId: null,
      updatedAt: '2026-11-23T10:00:00.000Z',
    };
    expect(set.json()).toEqual(expected);
    expect((await context().request({ method: 'GET', url })).json()).toEqual(expected);

    const replaced = await put({ enabled: false, endsAt: '2027-01-31T00:00:00Z', features: [], meters: [], allowOffline: true, policyId: 'standard' });
    expect(replaced.json()).toMatchObject({ enabled: false, days: null, endsAt: '2027-01-31T00:00:00.000Z', allowOffline: true, policyId: 'standard' });
    expect(await audit('product.trial-set')).toEqual([
      { actor: 'admin:test-admin', object_id: PRODUCT, before: null, after: expected },
      { actor: 'admin:test-admin', object_id: PRODUCT, before: expected, after: replaced.json() },
    ]);

    expect((await context().request({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await context().request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await context().request({ method: 'DELETE', url })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await audit('product.trial-withdraw')).toEqual([{ actor: 'admin:test-admin', object_id: PRODUCT, before: replaced.json(), after: null }]);
  });

  it('refuses an offer that cannot be, saying why, and writes nothing', async () => {
    const before = await context().database.db.selectFrom('audit_events').select('id').execute();
    const noLength = { ...offer, days: undefined };
    expect((await put({ ...offer, endsAt: '2027-01-31T00:00:00Z' })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID', errors: { field: 'days' } });
    expect((await put(noLength)).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID', errors: { field: 'days' } });
    expect((await put({ ...offer, features: ['export', 'export'] })).json()).toMatchObject({ code: 'REQUEST_INVALID', errors: { field: 'features' } });
    expect((await put({ ...offer, days: 0 })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect((await put({ ...offer, policyId: 'ghost' })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { policy: 'ghost' } });
    expect((await put(offer, '/v1/products/ghost/trial')).json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { product: 'ghost' } });
    expect(await context().database.db.selectFrom('audit_events').select('id').execute()).toEqual(before);
    expect(await context().database.db.selectFrom('trial_offers').selectAll().execute()).toEqual([]);
  });

  it("is the vendor's to set: a customer may not", async () => {
    const answer = await context().request({ method: 'PUT', url, payload: offer, as: { kind: 'customer-user', id: 'u1', customerId: 'acme' } });
    expect(answer.statusCode).toBe(403);
  });
});
