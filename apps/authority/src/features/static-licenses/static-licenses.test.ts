import type { EnablementToken, LicenseItem } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Principal } from '../../http/permissions.ts';
import { makeLfr, seedCustomer, seedEnabledSite } from '../offline-licenses/testing/offline-licensing-fixtures.ts';
import { orderRowCounts, registrationKeyOf } from '../orders/testing/order-fixtures.ts';
import { itemsInForce, staticLicensesEnded } from './static-licenses.ts';

const site = createTestParty('static-licenses/acme-plant');
const plant = registrationKeyOf('static-licenses/acme-plant');
const lab = registrationKeyOf('static-licenses/acme-plant', 'lab');
const depot = registrationKeyOf('static-licenses/globex-depot');
const DAY = 86_400_000;

const runners: LicenseItem = { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' };
const creators: LicenseItem = { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2026-11-30' };
const pilot: LicenseItem = { product: 'automation', licenseType: 'bot-runner', quantity: 3, kind: 'pilot', expiresOn: '2027-01-31' };

describe('the rules of static licenses', () => {
  it('ends them the day after the date a customer was marked with, in UTC', () => {
    expect(staticLicensesEnded(null, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(staticLicensesEnded('2026-12-31', new Date('2026-12-31T23:59:59.999Z'))).toBe(false);
    expect(staticLicensesEnded('2026-12-31', new Date('2027-01-01T00:00:00Z'))).toBe(true);
  });

  it('keeps in force permanent items, and the others until their expiry day included', () => {
    expect(itemsInForce([runners, creators, pilot], '2026-11-30')).toEqual([runners, creators, pilot]);
    expect(itemsInForce([runners, creators, pilot], '2026-12-01')).toEqual([runners, pilot]);
    expect(itemsInForce([runners, creators, pilot], '2027-02-01')).toEqual([runners]);
  });
});

/**
 * The move off static licenses at the authority (docs/connected.md, "Moving off static
 * licenses"): the vendor marks a customer with the last day its orders may be activated, after
 * which activating one is refused, and lists every Registration Key still on static licenses.
 */
describeEachStore('moving customers off static licenses', (context) => {
  const lrns: Record<string, string> = {};
  let token: EnablementToken;
  const customerUser: Principal = { kind: 'customer-user', id: 'acme-buyer', customerId: 'acme' };
  const mark = (renewUntil: unknown, options: { customer?: string; as?: Principal } = {}) =>
    context().request({
      method: 'PUT',
      url: `/v1/customers/${options.customer ?? 'acme'}/static-licenses`,
      payload: { renewUntil },
      ...(options.as ? { as: options.as } : {}),
    });
  const activate = (lrn: string, registrationKey: string) =>
    context().request({ method: 'POST', url: '/v1/activations', payload: { lrn: lrns[lrn], registrationKey } });
  const list = async (query = '') =>
    (await context().request({ method: 'GET', url: `/v1/static-licenses${query}` })).json<{ licenses: Record<string, unknown>[]; next: string | null }>();

  beforeAll(async () => {
    const { database, authority, clock, deps, request } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10, 'bot-creator': 5 } }, clock.now());
    await seedCustomer(database.db, { id: 'globex', accountEndsOn: '2027-12-31', purchased: {} }, clock.now());
    await database.db.updateTable('customers').set({ name: 'Acme Plant Systems' }).where('id', '=', 'acme').execute();
    token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site, now: clock.now(), random: deps.random });
    const orders: [string, string, LicenseItem[]][] = [
      ['first', 'acme', [runners, creators]],
      ['second', 'acme', [pilot]],
      ['lab', 'acme', [runners]],
      ['depot', 'globex', [runners]],
    ];
    for (const [name, customer, items] of orders) {
      const placed = await request({ method: 'POST', url: `/v1/customers/${customer}/orders`, payload: { items } });
      expect(placed.statusCode, placed.body).toBe(201);
      lrns[name] = placed.json<{ lrn: string }>().lrn;
    }
  });

  it('marks a customer with its last day for activating orders, audited, and answers its static licenses', async () => {
    const { database, clock } = context();
    const marked = await mark('2026-11-23');
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ customerId: 'acme', customerName: 'Acme Plant Systems', renewUntil: '2026-11-23', ended: false, licenses: [] });
    // The same date again changes nothing and records nothing.
    expect((await mark('2026-11-23')).statusCode).toBe(200);
    const events = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'object_type', 'object_id', 'before', 'after', 'at'])
      .where('action', '=', 'customer.static-licenses')
      .execute();
    expect(events).toEqual([
      {
        actor: 'admin:test-admin',
        action: 'customer.static-licenses',
        object_type: 'customer',
        object_id: 'acme',
        before: { renewUntil: null },
        after: { renewUntil: '2026-11-23' },
        at: clock.now(),
      },
    ]);
  });

  it('refuses a date that is no day, an unknown customer, and anyone but vendor staff who may change customers, changing nothing', async () => {
    const { database } = context();
    const before = await orderRowCounts(database.db);
    expect((await mark('2027-02-30')).json()).toMatchObject({ status: 400, code: 'DATE_INVALID', errors: { field: 'renewUntil', value: '2027-02-30' } });
    expect((await mark('next week')).json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect((await mark('2027-01-01', { customer: 'nobody' })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { customer: 'nobody' } });
    expect((await mark('2030-01-01', { as: customerUser })).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await mark('2030-01-01', { as: { kind: 'token', id: 't', scopes: ['customers:read', 'licenses:read'] } })).json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      errors: { needs: 'customers:write' },
    });
    expect(await orderRowCounts(database.db)).toEqual(before);
    const customer = await database.db.selectFrom('customers').select('static_renew_until').where('id', '=', 'acme').executeTakeFirstOrThrow();
    expect(customer.static_renew_until).toBe('2026-11-23');
  });

  it('activates orders up to that day; from the day after refuses STATIC_LICENSES_ENDED before writing anything, but gives back a license issued before', async () => {
    const { database, clock } = context();
    const first = await activate('first', plant);
    expect(first.statusCode, first.body).toBe(201);
    clock.advance(DAY);
    const before = await orderRowCounts(database.db);
    const refused = await activate('second', plant);
    expect(refused.json()).toMatchObject({ status: 409, code: 'STATIC_LICENSES_ENDED', errors: { customerId: 'acme', renewUntil: '2026-11-23' } });
    // Also for a Registration Key never activated before: no row of it is written.
    expect((await activate('lab', lab)).json()).toMatchObject({ status: 409, code: 'STATIC_LICENSES_ENDED' });
    expect(await orderRowCounts(database.db)).toEqual(before);
    // The same LRN for the same RK is the license issued before, not a renewal.
    const again = await activate('first', plant);
    expect(again.json()).toMatchObject({ repeated: true, revision: 1, licenseId: first.json<{ licenseId: string }>().licenseId });
    // Another customer is not concerned.
    expect((await activate('depot', depot)).statusCode).toBe(201);
  });

  it('activates again once the date is moved later or cleared', async () => {
    expect((await mark('2026-11-24')).json()).toMatchObject({ renewUntil: '2026-11-24', ended: false });
    expect((await activate('second', plant)).statusCode).toBe(201);
    expect((await mark(null)).json()).toMatchObject({ renewUntil: null, ended: false });
    expect((await activate('lab', lab)).statusCode).toBe(201);
    expect((await mark('2026-11-01')).json()).toMatchObject({ renewUntil: '2026-11-01', ended: true });
  });

  it('lists every Registration Key still on static licenses: its latest license with the items in force today, by customer', async () => {
    const { clock } = context();
    const { licenses, next } = await list();
    expect(next).toBeNull();
    const activatedAt = (days: number) => new Date(Date.parse('2026-11-23T10:00:00Z') + days * DAY).toISOString();
    const acme = { customerId: 'acme', customerName: 'Acme Plant Systems', renewUntil: '2026-11-01', moving: false };
    expect(licenses).toEqual([
      ...[
        { ...acme, registrationKey: lab, revision: 1, activatedAt: activatedAt(1), items: [runners] },
        { ...acme, registrationKey: plant, revision: 2, activatedAt: activatedAt(1), items: [creators, runners, pilot] },
      ]
        .sort((a, b) => a.registrationKey.localeCompare(b.registrationKey))
        .map((license) => ({ ...license, licenseId: expect.any(String) })),
      {
        customerId: 'globex',
        customerName: 'globex',
        registrationKey: depot,
        licenseId: expect.any(String),
        revision: 1,
        activatedAt: activatedAt(1),
        items: [runners],
        renewUntil: null,
        moving: false,
      },
    ]);
    // The term item ends with its expiry day.
    clock.set(new Date('2026-12-01T00:00:00Z'));
    const later = (await list('?customerId=acme')).licenses.find((license) => license.registrationKey === plant);
    expect(later?.items).toEqual([runners, pilot]);
    clock.set(new Date('2026-11-24T10:00:00Z'));
  });

  it('pages by customer and Registration Key', async () => {
    const all = (await list()).licenses.map((license) => String(license.registrationKey));
    const first = await list('?limit=2');
    expect(first.licenses.map((license) => license.registrationKey)).toEqual(all.slice(0, 2));
    expect(first.next).toBe(`acme/${all[1]}`);
    const second = await list(`?limit=2&after=${encodeURIComponent(first.next ?? '')}`);
    expect(second).toEqual({ licenses: [expect.objectContaining({ customerId: 'globex', registrationKey: depot })], next: null });
    expect((await list('?customerId=globex')).licenses.map((license) => license.registrationKey)).toEqual([depot]);
    const { request } = context();
    for (const query of ['?limit=0', '?limit=ten', '?after=nothing', '?customerId=Not_A_Slug']) {
      expect((await request({ method: 'GET', url: `/v1/static-licenses${query}` })).json(), query).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    }
  });

  it('says a Registration Key is moving once an LFR replacing its license arrives, and drops it once an OLF answers that LFR', async () => {
    const { request, database, authority, deps } = context();
    const summary = async () =>
      (await request({ method: 'GET', url: '/v1/customers/acme/static-licenses' })).json<{
        licenses: { registrationKey: string; licenseId: string; moving: boolean }[];
      }>();
    const held = (await summary()).licenses.find((license) => license.registrationKey === plant)!;
    expect(held.moving).toBe(false);
    // The tenant's LFR names the license it replaces (its `replaces` claim, stored by the upload).
    const { text, claims } = await makeLfr(authority, {
      token,
      site,
      now: new Date('2026-11-23T12:00:00Z'),
      random: deps.random,
      seats: { 'bot-runner': ['ada'] },
    });
    const uploaded = await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    await database.db.updateTable('license_file_requests').set({ replaces_license_id: held.licenseId }).where('id', '=', claims.jti).execute();
    expect((await summary()).licenses.find((license) => license.registrationKey === plant)).toMatchObject({ licenseId: held.licenseId, moving: true });
    const issued = await request({
      method: 'POST',
      url: `/v1/customers/acme/lfrs/${claims.jti}/olf`,
      payload: { start: '2026-11-24', end: '2027-06-30', entitlements: [{ type: 'bot-runner', quantity: 5 }] },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect((await summary()).licenses.map((license) => license.registrationKey)).toEqual([lab]);
    expect((await list()).licenses.map((license) => license.registrationKey)).toEqual([lab, depot]);
  });

  it('is for vendor staff who may read licenses', async () => {
    const { request } = context();
    expect((await request({ method: 'GET', url: '/v1/static-licenses', as: customerUser })).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await request({ method: 'GET', url: '/v1/customers/acme/static-licenses', as: customerUser })).json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect((await request({ method: 'GET', url: '/v1/static-licenses', as: { kind: 'token', id: 't', scopes: ['customers:read'] } })).json()).toMatchObject({
      status: 403,
      errors: { needs: 'licenses:read' },
    });
    expect((await request({ method: 'GET', url: '/v1/customers/nobody/static-licenses' })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
