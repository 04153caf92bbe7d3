import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';

describeEachStore('the audit API', (context) => {
  it('reads the audit log newest first, with each object before and after', async () => {
    const { request, clock } = context();
    const created = await request({ method: 'POST', url: '/v1/products', payload: { id: 'automation', name: 'Automation 360' } });
    clock.advance(60_000);
    await request({ method: 'POST', url: '/v1/products/automation/license-types', payload: { id: 'bot-runner', name: 'Bot Runner', category: 'seat' } });

    const response = await request({ method: 'GET', url: '/v1/audit' });
    expect(response.statusCode).toBe(200);
    const events = response.json<Record<string, unknown>[]>();
    expect(events.map((event) => event.action)).toEqual(['license-type.create', 'product.create']);
    expect(events[1]).toEqual({
      id: expect.any(String),
      at: '2026-11-23T10:00:00.000Z',
      actor: 'admin:test-admin',
      action: 'product.create',
      objectType: 'product',
      objectId: 'automation',
      before: null,
      after: expect.objectContaining({ id: 'automation', name: 'Automation 360' }),
      requestId: created.headers['x-request-id'],
    });
  });

  it('filters by object and pages back with the deprecated beforeId and limit', async () => {
    const { request } = context();
    const forProduct = (await request({ method: 'GET', url: '/v1/audit?objectType=product&objectId=automation' })).json<{ action: string }[]>();
    expect(forProduct.map((event) => event.action)).toEqual(['product.create']);
    const newest = (await request({ method: 'GET', url: '/v1/audit?limit=1' })).json<{ items: { id: string; action: string }[]; next: string }>();
    expect(newest.items.map((event) => event.action)).toEqual(['license-type.create']);
    const older = (await request({ method: 'GET', url: `/v1/audit?beforeId=${newest.items[0]!.id}` })).json<{ action: string }[]>();
    expect(older.map((event) => event.action)).toEqual(['product.create']);
    const oldOne = (await request({ method: 'GET', url: `/v1/audit?beforeId=${newest.items[0]!.id}&limit=5000` })).json<{ action: string }[]>();
    expect(oldOne.map((event) => event.action)).toEqual(['product.create']);
    const next = (await request({ method: 'GET', url: `/v1/audit?limit=1&after=${newest.next}` })).json<{ items: { action: string }[]; next: string | null }>();
    expect(next).toEqual({ items: [expect.objectContaining({ action: 'product.create' })], next: null });
  });

  it('refuses a caller without audit:read, and a malformed query', async () => {
    const { request } = context();
    const reader = { kind: 'token', id: 't1', scopes: ['audit:read'] } as const;
    expect((await request({ method: 'GET', url: '/v1/audit', as: reader })).statusCode).toBe(200);
    expect((await request({ method: 'GET', url: '/v1/audit', as: { kind: 'token', id: 't2', scopes: ['catalogue:read'] } })).json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect((await request({ method: 'GET', url: '/v1/audit', as: { kind: 'customer-user', id: 'u1', customerId: 'acme' } })).json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect((await request({ method: 'GET', url: '/v1/audit?limit=0' })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect((await request({ method: 'GET', url: '/v1/audit?color=red' })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect((await request({ method: 'GET', url: '/v1/audit?beforeId=5&sort=id' })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect((await request({ method: 'GET', url: '/v1/audit?beforeId=5&limit=0' })).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
  });
});
