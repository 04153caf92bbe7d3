import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';

describeEachStore('the catalogue', (context) => {
  it('creates a product with license types and lists them', async () => {
    const { request } = context();
    expect((await request({ method: 'POST', url: '/v1/products', payload: { id: 'automation', name: 'Automation 360' } })).statusCode).toBe(201);
    const runner = await request({
      method: 'POST',
      url: '/v1/products/automation/license-types',
      payload: { id: 'bot-runner', name: 'Bot Runner', category: 'seat' },
    });
    expect(runner.statusCode).toBe(201);
    const list = await request({ method: 'GET', url: '/v1/products' });
    expect(list.json()).toEqual([
      { id: 'automation', name: 'Automation 360', licenseTypes: [{ id: 'bot-runner', productId: 'automation', name: 'Bot Runner', category: 'seat' }] },
    ]);
  });

  it('writes the change and its audit event together', async () => {
    const { database } = context();
    const events = await database.db.selectFrom('audit_events').select(['actor', 'action', 'object_id']).orderBy('id').execute();
    expect(events).toEqual([
      { actor: 'admin:test-admin', action: 'product.create', object_id: 'automation' },
      { actor: 'admin:test-admin', action: 'license-type.create', object_id: 'bot-runner' },
    ]);
  });

  it('answers a duplicate with CONFLICT and changes nothing', async () => {
    const { request } = context();
    const again = await request({ method: 'POST', url: '/v1/products', payload: { id: 'automation', name: 'Other' } });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ status: 409, code: 'CONFLICT', title: 'CONFLICT' });
    expect(again.json()).toMatchObject({ errors: { product: 'automation', reason: 'the product id automation is taken: choose another' } });
    expect((await request({ method: 'GET', url: '/v1/products' })).json()).toHaveLength(1);
  });

  it('says a license-type id is taken when another product has it: the ids are unique across products', async () => {
    const { request } = context();
    expect((await request({ method: 'POST', url: '/v1/products', payload: { id: 'studio', name: 'Studio' } })).statusCode).toBe(201);
    const clash = await request({ method: 'POST', url: '/v1/products/studio/license-types', payload: { id: 'bot-runner', name: 'Runner', category: 'seat' } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({
      code: 'CONFLICT',
      errors: {
        licenseType: 'bot-runner',
        reason: 'the license-type id bot-runner is taken by product automation: license-type ids are unique across products, choose another',
      },
    });
    const products = (await request({ method: 'GET', url: '/v1/products' })).json<{ id: string; licenseTypes: unknown[] }[]>();
    expect(products.find((product) => product.id === 'studio')?.licenseTypes).toEqual([]);
  });

  it('refuses a malformed body with REQUEST_INVALID', async () => {
    const { request } = context();
    const response = await request({ method: 'POST', url: '/v1/products', payload: { id: 'Bad Id!', name: '' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'REQUEST_INVALID' });
  });

  it('refuses an anonymous caller and a customer user', async () => {
    const { request } = context();
    expect((await request({ method: 'GET', url: '/v1/products', as: { kind: 'anonymous' } })).json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(
      (
        await request({ method: 'POST', url: '/v1/products', payload: { id: 'x', name: 'x' }, as: { kind: 'customer-user', id: 'u1', customerId: 'c1' } })
      ).json(),
    ).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});
