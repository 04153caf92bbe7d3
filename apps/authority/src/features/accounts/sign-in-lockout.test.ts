import { MINUTE } from '@airlock/core';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { createApp } from '../../app.ts';
import { seedCustomer } from '../offline-licenses/testing/offline-licensing-fixtures.ts';

const ADMIN = { email: 'locks@vendor.example', password: 'the admin passphrase' };
const USER = { email: 'buyer@acme.example', password: 'the buyer passphrase' };
const LOCK_SECONDS = 15 * 60;
const SECOND = 1000;

describeEachStore('locking an account after wrong passwords', (context) => {
  let address = 0;
  /** Each attempt from its own address: the per-address limit never answers here, the lock does. */
  const login = (email: string, password: string): Promise<LightMyRequestResponse> =>
    context().app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password }, remoteAddress: `192.0.2.${(address++ % 250) + 1}` });
  const outcome = (response: LightMyRequestResponse) =>
    `${response.statusCode} ${response.statusCode >= 400 ? response.json<{ code: string }>().code : ''}`.trim();
  const fail = async (email: string, times: number) => {
    const answers: string[] = [];
    for (let i = 0; i < times; i++) answers.push(outcome(await login(email, 'a wrong password')));
    return answers;
  };
  const lockAudits = async (email: string) =>
    context()
      .database.db.selectFrom('audit_events')
      .select(['actor', 'action', 'after'])
      .where('action', '=', 'auth.account-locked')
      .where('object_id', '=', email)
      .execute();

  beforeAll(async () => {
    const { request, database, clock } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: {} }, clock.now());
    expect((await request({ method: 'POST', url: '/v1/admins', payload: ADMIN })).statusCode).toBe(201);
    expect((await request({ method: 'POST', url: '/v1/customers/acme/users', payload: USER })).statusCode).toBe(201);
  });

  it('counts wrong passwords in a row only: a sign-in starts the count again', async () => {
    expect(await fail(ADMIN.email, 4)).toEqual(Array(4).fill('401 INVALID_CREDENTIALS'));
    expect(outcome(await login(ADMIN.email, ADMIN.password))).toBe('200');
    expect(await fail(ADMIN.email, 4)).toEqual(Array(4).fill('401 INVALID_CREDENTIALS'));
    expect(outcome(await login(ADMIN.email, ADMIN.password))).toBe('200');
    expect(await lockAudits(ADMIN.email)).toEqual([]);
  });

  it('forgets failures older than 15 minutes', async () => {
    const { clock } = context();
    expect(await fail(ADMIN.email, 4)).toEqual(Array(4).fill('401 INVALID_CREDENTIALS'));
    clock.advance(15 * MINUTE + SECOND);
    expect(await fail(ADMIN.email, 1)).toEqual(['401 INVALID_CREDENTIALS']);
    expect(outcome(await login(ADMIN.email, ADMIN.password))).toBe('200');
  });

  it('locks an administrator after 5 wrong passwords in a row for 15 minutes, the right one included, with Retry-After, and audits the lock', async () => {
    const { clock } = context();
    expect(await fail(ADMIN.email, 5)).toEqual(Array(5).fill('401 INVALID_CREDENTIALS'));
    const locked = await login(ADMIN.email, ADMIN.password);
    expect(outcome(locked)).toBe('429 ACCOUNT_LOCKED');
    expect(locked.headers['retry-after']).toBe(String(LOCK_SECONDS));
    expect(locked.headers['set-cookie']).toBeUndefined();
    expect(await lockAudits(ADMIN.email)).toEqual([
      {
        actor: 'anonymous',
        action: 'auth.account-locked',
        after: { failures: 5, lockedUntil: new Date(clock.now().getTime() + LOCK_SECONDS * 1000).toISOString(), address: expect.any(String) as string },
      },
    ]);
    clock.advance(LOCK_SECONDS * 1000 - SECOND);
    const stillLocked = await login(ADMIN.email, ADMIN.password);
    expect(outcome(stillLocked)).toBe('429 ACCOUNT_LOCKED');
    expect(stillLocked.headers['retry-after']).toBe('1');
    clock.advance(SECOND);
    expect(outcome(await login(ADMIN.email, ADMIN.password))).toBe('200');
  });

  it('locks a portal user alike', async () => {
    const { clock } = context();
    expect(await fail(USER.email.toUpperCase(), 5)).toEqual(Array(5).fill('401 INVALID_CREDENTIALS'));
    expect(outcome(await login(USER.email, USER.password))).toBe('429 ACCOUNT_LOCKED');
    clock.advance(LOCK_SECONDS * 1000);
    expect(outcome(await login(USER.email, USER.password))).toBe('200');
  });

  it("lifts a portal user's lock when the vendor resets the password", async () => {
    const { request, database } = context();
    expect(await fail(USER.email, 5)).toEqual(Array(5).fill('401 INVALID_CREDENTIALS'));
    expect(outcome(await login(USER.email, USER.password))).toBe('429 ACCOUNT_LOCKED');
    const user = await database.db.selectFrom('customer_users').select('id').where('email', '=', USER.email).executeTakeFirstOrThrow();
    const reset = await request({ method: 'POST', url: `/v1/customers/acme/users/${user.id}/password`, payload: { password: 'a password the vendor gave' } });
    expect(reset.statusCode).toBe(200);
    expect(outcome(await login(USER.email, 'a password the vendor gave'))).toBe('200');
    USER.password = 'a password the vendor gave';
  });

  it('locks an address that has no account exactly as one that has: the lock tells nothing', async () => {
    const unknown = 'nobody@vendor.example';
    expect(await fail(unknown, 5)).toEqual(Array(5).fill('401 INVALID_CREDENTIALS'));
    const locked = await login(unknown, 'anything');
    expect(outcome(locked)).toBe('429 ACCOUNT_LOCKED');
    expect(locked.headers['retry-after']).toBe(String(LOCK_SECONDS));
    const problem = withoutRequest(locked.json<Record<string, unknown>>());
    expect(await fail(ADMIN.email, 5)).toEqual(Array(5).fill('401 INVALID_CREDENTIALS'));
    const known = await login(ADMIN.email, ADMIN.password);
    expect(withoutRequest(known.json<Record<string, unknown>>())).toEqual(problem);
    expect(known.headers['retry-after']).toBe(locked.headers['retry-after']);
    expect(await lockAudits(unknown)).toHaveLength(1);
    context().clock.advance(LOCK_SECONDS * 1000);
  });

  it('locks behind a trusted proxy whatever address each guess is forwarded from, and on every replica', async () => {
    const { deps } = context();
    const behindProxy = await createApp(deps, { trustProxy: ['10.0.0.0/8'] });
    const otherReplica = await createApp(deps, { trustProxy: ['10.0.0.0/8'] });
    try {
      const answers: string[] = [];
      for (let i = 0; i < 30; i++) {
        const response = await behindProxy.inject({
          method: 'POST',
          url: '/v1/auth/sign-in',
          payload: { email: USER.email, password: `guess ${i}` },
          remoteAddress: '10.1.2.3',
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        answers.push(outcome(response));
      }
      expect(answers).toEqual([...Array(5).fill('401 INVALID_CREDENTIALS'), ...Array(25).fill('429 ACCOUNT_LOCKED')]);
      const right = {
        method: 'POST' as const,
        url: '/v1/auth/sign-in',
        payload: USER,
        remoteAddress: '10.1.2.3',
        headers: { 'x-forwarded-for': '203.0.113.200' },
      };
      expect(outcome(await behindProxy.inject(right))).toBe('429 ACCOUNT_LOCKED');
      // Another replica on the same database: the lock is a row, not a process's memory.
      expect(outcome(await otherReplica.inject(right))).toBe('429 ACCOUNT_LOCKED');
      const audits = await lockAudits(USER.email);
      expect(audits.at(-1)?.after).toMatchObject({ address: '203.0.113.5' });
    } finally {
      await behindProxy.close();
      await otherReplica.close();
    }
  });
});

/** A problem document without what names the request itself. */
function withoutRequest(problem: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(problem).filter(([key]) => key !== 'requestId' && key !== 'instance'));
}
