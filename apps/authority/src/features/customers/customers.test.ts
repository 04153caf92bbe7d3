import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Db } from '../../db/database.ts';
import { getCustomer, getPurchased } from './customers.ts';

const acme = { id: 'acme', name: 'Acme Plants', contactEmail: 'licensing@acme.test', accountEndsOn: '2027-12-31', policyId: 'standard' };
const globex = { id: 'globex', name: 'Globex', contactEmail: 'it@globex.test', accountEndsOn: '2027-06-30', policyId: 'standard' };
const acmeUser = { kind: 'customer-user', id: 'u1', customerId: 'acme' } as const;

/** Every row a refusal could have touched: the counts, and what the customers bought. */
async function state(db: Db): Promise<unknown> {
  const { rows } = await sql`
    select (select count(*)::int from customers) as customers,
           (select count(*)::int from audit_events) as audit,
           (select coalesce(jsonb_agg(p order by p.customer_id, p.license_type_id), '[]') from purchased_entitlements p) as purchases`.execute(db);
  return rows[0];
}

describeEachStore('customers and their purchases', (context) => {
  it('opens customer accounts under a policy', async () => {
    const { request } = context();
    await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } });
    await request({ method: 'POST', url: '/v1/products', payload: { id: 'automation', name: 'Automation' } });
    for (const type of [
      { id: 'bot-runner', category: 'seat' },
      { id: 'bot-creator', category: 'seat' },
      { id: 'api-credits', category: 'meter' },
    ]) {
      await request({ method: 'POST', url: '/v1/products/automation/license-types', payload: { ...type, name: type.id } });
    }
    const created = await request({ method: 'POST', url: '/v1/customers', payload: acme });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ ...acme, offlineApproval: null, entitlements: [] });
    expect((await request({ method: 'POST', url: '/v1/customers', payload: globex })).statusCode).toBe(201);
    expect((await request({ method: 'GET', url: '/v1/customers' })).json()).toEqual([
      { ...acme, offlineApproval: null, entitlements: [] },
      { ...globex, offlineApproval: null, entitlements: [] },
    ]);
  });

  it('replaces what a customer bought and audits before and after', async () => {
    const { request, database } = context();
    const first = await request({
      method: 'PUT',
      url: '/v1/customers/acme/entitlements',
      payload: {
        entitlements: [
          { licenseTypeId: 'bot-runner', quantity: 10 },
          { licenseTypeId: 'api-credits', quantity: 5000 },
        ],
      },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      ...acme,
      offlineApproval: null,
      entitlements: [
        { licenseTypeId: 'api-credits', quantity: 5000 },
        { licenseTypeId: 'bot-runner', quantity: 10 },
      ],
    });
    const second = await request({
      method: 'PUT',
      url: '/v1/customers/acme/entitlements',
      payload: {
        entitlements: [
          { licenseTypeId: 'bot-runner', quantity: 12 },
          { licenseTypeId: 'bot-creator', quantity: 2 },
        ],
      },
    });
    expect(second.json()).toMatchObject({
      entitlements: [
        { licenseTypeId: 'bot-creator', quantity: 2 },
        { licenseTypeId: 'bot-runner', quantity: 12 },
      ],
    });
    expect(await getPurchased(database.db, 'acme')).toEqual({ 'bot-runner': 12, 'bot-creator': 2 });
    expect(await getPurchased(database.db, 'globex')).toEqual({});

    const events = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'before', 'after'])
      .where('action', '=', 'customer.entitlements.replace')
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { actor: 'admin:test-admin', action: 'customer.entitlements.replace', before: {}, after: { 'bot-runner': 10, 'api-credits': 5000 } },
      {
        actor: 'admin:test-admin',
        action: 'customer.entitlements.replace',
        before: { 'bot-runner': 10, 'api-credits': 5000 },
        after: { 'bot-runner': 12, 'bot-creator': 2 },
      },
    ]);
  });

  it('reads one customer with what it bought', async () => {
    const { request, database } = context();
    const expected = {
      ...acme,
      offlineApproval: null,
      entitlements: [
        { licenseTypeId: 'bot-creator', quantity: 2 },
        { licenseTypeId: 'bot-runner', quantity: 12 },
      ],
    };
    expect((await request({ method: 'GET', url: '/v1/customers/acme' })).json()).toEqual(expected);
    expect(await getCustomer(database.db, 'acme')).toEqual(expected);
    await expect(getCustomer(database.db, 'nobody')).rejects.toMatchObject({ code: 'NOT_FOUND', detail: { customer: 'nobody' } });
  });

  it('refuses bad purchases with their codes and changes nothing', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    const put = (entitlements: unknown, customer = 'acme') =>
      request({ method: 'PUT', url: `/v1/customers/${customer}/entitlements`, payload: { entitlements } }).then((response) => response.json<unknown>());

    expect(
      await put([
        { licenseTypeId: 'bot-runner', quantity: -1 },
        { licenseTypeId: 'bot-creator', quantity: 2.5 },
      ]),
    ).toMatchObject({
      status: 400,
      code: 'QUANTITY_INVALID',
      errors: {
        entitlements: [
          { licenseTypeId: 'bot-runner', quantity: -1 },
          { licenseTypeId: 'bot-creator', quantity: 2.5 },
        ],
      },
    });
    expect(await put([{ licenseTypeId: 'bot-runner', quantity: 1e12 }])).toMatchObject({ code: 'QUANTITY_INVALID' });
    expect(
      await put([
        { licenseTypeId: 'bot-runner', quantity: 1 },
        { licenseTypeId: 'ghost', quantity: 1 },
      ]),
    ).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      errors: { licenseTypes: ['ghost'] },
    });
    expect(
      await put([
        { licenseTypeId: 'bot-runner', quantity: 1 },
        { licenseTypeId: 'bot-runner', quantity: 2 },
      ]),
    ).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect(await put([], 'nobody')).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { customer: 'nobody' } });
    expect(await state(database.db)).toEqual(before);
  });

  it('refuses a bad account, an unknown policy and a taken id, changing nothing', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    const post = (payload: object) => request({ method: 'POST', url: '/v1/customers', payload }).then((response) => response.json<unknown>());
    expect(await post({ ...acme, id: 'new', accountEndsOn: '2027-02-30' })).toMatchObject({
      status: 400,
      code: 'DATE_INVALID',
      errors: { field: 'accountEndsOn', value: '2027-02-30' },
    });
    expect(await post({ ...acme, id: 'new', policyId: 'ghost' })).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { policy: 'ghost' } });
    expect(await post({ ...acme, name: 'Another Acme' })).toMatchObject({ status: 409, code: 'CONFLICT', errors: { customer: 'acme' } });
    expect(await post({ ...acme, id: 'new', contactEmail: 'not an address' })).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect(await state(database.db)).toEqual(before);
  });

  it('shows a customer user its own account and nothing else', async () => {
    const { request } = context();
    const own = await request({ method: 'GET', url: '/v1/customers/acme', as: acmeUser });
    expect(own.json()).toMatchObject({ id: 'acme' });
    expect((await request({ method: 'GET', url: '/v1/customers/globex', as: acmeUser })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await request({ method: 'GET', url: '/v1/customers', as: acmeUser })).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('lets a customer user neither open accounts nor change what it bought', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    const own = await request({ method: 'PUT', url: '/v1/customers/acme/entitlements', payload: { entitlements: [] }, as: acmeUser });
    expect(own.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const open = await request({ method: 'POST', url: '/v1/customers', payload: { ...acme, id: 'mine' }, as: acmeUser });
    expect(open.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await state(database.db)).toEqual(before);
  });

  it('renews an account by moving its end date, changes its contact and policy, and audits before and after', async () => {
    const { request, database } = context();
    await request({ method: 'POST', url: '/v1/policies', payload: { id: 'strict', name: 'Strict' } });
    const renewed = await request({
      method: 'PATCH',
      url: '/v1/customers/acme',
      payload: { accountEndsOn: '2028-12-31', contactEmail: 'renewals@acme.test', policyId: 'strict' },
    });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json()).toMatchObject({
      ...acme,
      accountEndsOn: '2028-12-31',
      contactEmail: 'renewals@acme.test',
      policyId: 'strict',
      entitlements: [
        { licenseTypeId: 'bot-creator', quantity: 2 },
        { licenseTypeId: 'bot-runner', quantity: 12 },
      ],
    });
    expect(await getCustomer(database.db, 'acme')).toMatchObject({ accountEndsOn: '2028-12-31', policyId: 'strict' });
    expect(await getCustomer(database.db, 'globex')).toMatchObject({ accountEndsOn: globex.accountEndsOn, contactEmail: globex.contactEmail });
    const [event] = await database.db
      .selectFrom('audit_events')
      .select(['action', 'object_id', 'before', 'after'])
      .where('action', '=', 'customer.update')
      .execute();
    expect(event).toEqual({
      action: 'customer.update',
      object_id: 'acme',
      before: { ...acme },
      after: { ...acme, accountEndsOn: '2028-12-31', contactEmail: 'renewals@acme.test', policyId: 'strict' },
    });
  });

  it('refuses a bad change to an account, and a customer user changing its own, changing nothing', async () => {
    const { request, database } = context();
    const before = [await state(database.db), await getCustomer(database.db, 'acme')];
    const patch = (payload: object, customer = 'acme', as?: typeof acmeUser) =>
      request({ method: 'PATCH', url: `/v1/customers/${customer}`, payload, ...(as ? { as } : {}) }).then((response) => response.json<unknown>());
    expect(await patch({ accountEndsOn: '2028-02-30' })).toMatchObject({ status: 400, code: 'DATE_INVALID', errors: { field: 'accountEndsOn' } });
    expect(await patch({ name: 'Renamed', policyId: 'ghost' })).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { policy: 'ghost' } });
    expect(await patch({ name: 'Renamed' }, 'nobody')).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { customer: 'nobody' } });
    expect(await patch({ id: 'renamed' })).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect(await patch({ contactEmail: 'no address' })).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect(await patch({ accountEndsOn: '2030-01-01' }, 'acme', acmeUser)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect([await state(database.db), await getCustomer(database.db, 'acme')]).toEqual(before);
  });
});
