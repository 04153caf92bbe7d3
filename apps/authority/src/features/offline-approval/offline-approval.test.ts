import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Db } from '../../db/database.ts';
import { approvedMinimumSiteVersion, stricterMinimumVersion } from './offline-approval.ts';

const acmeUser = { kind: 'customer-user', id: 'u1', customerId: 'acme' } as const;
const globexUser = { kind: 'customer-user', id: 'u2', customerId: 'globex' } as const;
const ask = { reason: 'air-gapped', details: 'The plant network has no route out.', minimumSiteVersion: '40' };

/** Everything a refusal could have touched. */
async function state(db: Db): Promise<unknown> {
  const { rows } = await sql`
    select (select count(*)::int from audit_events) as audit,
           (select jsonb_agg(jsonb_build_object('id', id, 'status', status, 'note', decision_note) order by created_at, id) from offline_requests) as requests,
           (select jsonb_object_agg(id, offline_approval) from customers) as approvals`.execute(db);
  return rows[0];
}

describeEachStore('offline approval', (context) => {
  const ids: string[] = [];

  it('takes a customer user’s request as pending, for the customer too', async () => {
    const { request, clock } = context();
    await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } });
    for (const id of ['acme', 'globex']) {
      await request({
        method: 'POST',
        url: '/v1/customers',
        payload: { id, name: id, contactEmail: `it@${id}.test`, accountEndsOn: '2027-12-31', policyId: 'standard' },
      });
    }
    const asked = await request({ method: 'POST', url: '/v1/customers/acme/offline-requests', payload: ask, as: acmeUser });
    expect(asked.statusCode).toBe(201);
    const body = asked.json<{ id: string }>();
    ids.push(body.id);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      customerId: 'acme',
      ...ask,
      status: 'pending',
      requestedBy: 'customer-user:u1',
      // No account behind this test principal: the actor stands for its name.
      requestedByName: 'customer-user:u1',
      requestedAt: clock.now().toISOString(),
      decidedBy: null,
      decidedByName: null,
      decidedAt: null,
      decisionNote: null,
    });
    expect((await request({ method: 'GET', url: '/v1/customers/acme', as: acmeUser })).json()).toMatchObject({ offlineApproval: 'pending' });
  });

  it('refuses a second request while one is pending, changing nothing', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    const again = await request({ method: 'POST', url: '/v1/customers/acme/offline-requests', payload: ask, as: acmeUser });
    expect(again.json()).toMatchObject({ status: 409, code: 'CONFLICT', errors: { customer: 'acme', offlineApproval: 'pending' } });
    expect(await state(database.db)).toEqual(before);
  });

  it('lets the vendor deny, and the customer ask again', async () => {
    const { request, clock } = context();
    clock.advance(60_000);
    const denied = await request({
      method: 'POST',
      url: `/v1/offline-requests/${ids[0]!}/decision`,
      payload: { decision: 'deny', note: 'Use cloud licensing.' },
    });
    expect(denied.statusCode).toBe(200);
    expect(denied.json()).toMatchObject({
      status: 'denied',
      decidedBy: 'admin:test-admin',
      decidedAt: clock.now().toISOString(),
      decisionNote: 'Use cloud licensing.',
    });
    expect((await request({ method: 'GET', url: '/v1/customers/acme' })).json()).toMatchObject({ offlineApproval: 'denied' });

    clock.advance(60_000);
    const second = await request({
      method: 'POST',
      url: '/v1/customers/acme/offline-requests',
      payload: { reason: 'regulated-industry', details: 'Defence contractor.' },
      as: acmeUser,
    });
    expect(second.json()).toMatchObject({ status: 'pending', reason: 'regulated-industry', minimumSiteVersion: null });
    ids.push(second.json<{ id: string }>().id);
  });

  it('lets the vendor approve; the customer is then approved', async () => {
    const { request, database } = context();
    const approved = await request({ method: 'POST', url: `/v1/offline-requests/${ids[1]!}/decision`, payload: { decision: 'approve' } });
    expect(approved.json()).toMatchObject({ id: ids[1], status: 'approved', decisionNote: null });
    expect((await request({ method: 'GET', url: '/v1/customers/acme', as: acmeUser })).json()).toMatchObject({ offlineApproval: 'approved' });
    expect(await approvedMinimumSiteVersion(database.db, 'acme')).toBeNull();
  });

  it('lists a customer’s requests, newest first', async () => {
    const { request } = context();
    const list = await request({ method: 'GET', url: '/v1/customers/acme/offline-requests', as: acmeUser });
    expect(list.json<{ id: string; status: string }[]>().map(({ id, status }) => ({ id, status }))).toEqual([
      { id: ids[1], status: 'approved' },
      { id: ids[0], status: 'denied' },
    ]);
    expect((await request({ method: 'GET', url: '/v1/customers/globex/offline-requests' })).json()).toEqual([]);
  });

  it('names who asked and who decided by their e-mail, keeping the actors the audit log names', async () => {
    const { request, database, clock } = context();
    await database.db
      .insertInto('admins')
      .values({ id: 'test-admin', email: 'licensing-desk@vendor.test', password_hash: 'not used', must_change_password: false, created_at: clock.now() })
      .execute();
    await database.db
      .insertInto('customer_users')
      .values({ id: 'u1', customer_id: 'acme', email: 'buyer@acme.test', password_hash: 'not used', created_at: clock.now() })
      .execute();
    const list = (await request({ method: 'GET', url: '/v1/customers/acme/offline-requests' })).json<
      { requestedBy: string; requestedByName: string; decidedBy: string; decidedByName: string }[]
    >();
    expect(list.map(({ requestedBy, requestedByName, decidedBy, decidedByName }) => ({ requestedBy, requestedByName, decidedBy, decidedByName }))).toEqual([
      { requestedBy: 'customer-user:u1', requestedByName: 'buyer@acme.test', decidedBy: 'admin:test-admin', decidedByName: 'licensing-desk@vendor.test' },
      { requestedBy: 'customer-user:u1', requestedByName: 'buyer@acme.test', decidedBy: 'admin:test-admin', decidedByName: 'licensing-desk@vendor.test' },
    ]);
    await database.db.deleteFrom('customer_users').where('id', '=', 'u1').execute();
    await database.db.deleteFrom('admins').where('id', '=', 'test-admin').execute();
  });

  it('audits each request and each decision with the customer’s approval before and after', async () => {
    const { database } = context();
    const events = await database.db
      .selectFrom('audit_events')
      .select([
        'actor',
        'action',
        'object_id',
        sql<string>`before->>'customerOfflineApproval'`.as('before'),
        sql<string>`after->>'customerOfflineApproval'`.as('after'),
      ])
      .where('object_type', '=', 'offline-request')
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { actor: 'customer-user:u1', action: 'offline-request.create', object_id: ids[0], before: null, after: 'pending' },
      { actor: 'admin:test-admin', action: 'offline-request.deny', object_id: ids[0], before: 'pending', after: 'denied' },
      { actor: 'customer-user:u1', action: 'offline-request.create', object_id: ids[1], before: 'denied', after: 'pending' },
      { actor: 'admin:test-admin', action: 'offline-request.approve', object_id: ids[1], before: 'pending', after: 'approved' },
    ]);
  });

  it('refuses deciding twice, an unknown request and an approved customer asking again, changing nothing', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    const twice = await request({ method: 'POST', url: `/v1/offline-requests/${ids[0]!}/decision`, payload: { decision: 'approve' } });
    expect(twice.json()).toMatchObject({ status: 409, code: 'CONFLICT', errors: { offlineRequest: ids[0], status: 'denied' } });
    const unknown = await request({ method: 'POST', url: '/v1/offline-requests/00000000-0000-4000-8000-000000000000/decision', payload: { decision: 'deny' } });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const approvedAgain = await request({ method: 'POST', url: '/v1/customers/acme/offline-requests', payload: ask, as: acmeUser });
    expect(approvedAgain.json()).toMatchObject({ status: 409, code: 'CONFLICT', errors: { offlineApproval: 'approved' } });
    const badReason = await request({ method: 'POST', url: '/v1/customers/globex/offline-requests', payload: { ...ask, reason: 'because' } });
    expect(badReason.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect(await state(database.db)).toEqual(before);
  });

  it('keeps customers apart and decisions with the vendor', async () => {
    const { request, database } = context();
    const before = await state(database.db);
    expect((await request({ method: 'GET', url: '/v1/customers/acme/offline-requests', as: globexUser })).json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect((await request({ method: 'POST', url: '/v1/customers/acme/offline-requests', payload: ask, as: globexUser })).json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    await request({ method: 'POST', url: '/v1/customers/globex/offline-requests', payload: ask, as: globexUser });
    const [pending] = await request({ method: 'GET', url: '/v1/customers/globex/offline-requests', as: globexUser }).then((response) =>
      response.json<{ id: string }[]>(),
    );
    const afterAsking = await state(database.db);
    expect(afterAsking).not.toEqual(before);

    const selfApproval = await request({
      method: 'POST',
      url: `/v1/offline-requests/${pending!.id}/decision`,
      payload: { decision: 'approve' },
      as: globexUser,
    });
    expect(selfApproval.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const readOnlyToken = { kind: 'token', id: 't1', scopes: ['customers:read', 'customers:write'] } as const;
    const tokenApproval = await request({
      method: 'POST',
      url: `/v1/offline-requests/${pending!.id}/decision`,
      payload: { decision: 'approve' },
      as: readOnlyToken,
    });
    expect(tokenApproval.json()).toMatchObject({ status: 403, code: 'FORBIDDEN', errors: { needs: 'approvals:write' } });
    expect(await state(database.db)).toEqual(afterAsking);

    const approver = { kind: 'token', id: 't2', scopes: ['approvals:write'] } as const;
    const approved = await request({ method: 'POST', url: `/v1/offline-requests/${pending!.id}/decision`, payload: { decision: 'approve' }, as: approver });
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: 'token:t2' });
    expect(await approvedMinimumSiteVersion(database.db, 'globex')).toBe('40');
  });

  it('takes the stricter of two minimum versions, null standing for any', () => {
    expect(stricterMinimumVersion(null, null)).toBeNull();
    expect(stricterMinimumVersion('40', null)).toBe('40');
    expect(stricterMinimumVersion(null, '39.5')).toBe('39.5');
    expect(stricterMinimumVersion('40.0.1', '40.0')).toBe('40.0.1');
    expect(stricterMinimumVersion('40.9', '40.10')).toBe('40.10');
  });
});
