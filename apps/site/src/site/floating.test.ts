import { days, generateKeyPair, heartbeatMac, hours, leaseHeartbeatKey, minutes, openSiteBorrow, openSiteLease, type SiteEntitlement } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { leaseRequest, newDeviceKey } from '../testing/floating-devices.ts';
import { createTestSite, feature, licenseTenant, meter, refusal, seat, START, type TestSite } from '../testing/site-fixtures.ts';
import type { SiteEvent } from '../state/site-events.ts';
import { item, TestActivationDesk } from '../testing/activated-license-testing.ts';

const random = seededRandom('floating-tests/other-keys');
const FINGERPRINT = 'device-1';
const deviceKey = newDeviceKey;
const ask = leaseRequest;

/** Runs a tenant through a first cycle whose OLF ends on `end` (a calendar date). */
async function licenseTenantUntil(test: TestSite, tenant: string, entitlements: readonly SiteEntitlement[], end: string): Promise<void> {
  await test.site.installToken(tenant, await test.desk.token(test.identity.guid));
  const lfr = await test.site.generateLfr(tenant);
  await test.site.installOlf(tenant, await test.desk.answer(lfr.text, { entitlements, end }));
}

/** docs/floating.md: leases, heartbeats, culling, borrows, from one pool with named seats. */
/** The promise's outcome, or a failure when it takes more than ten seconds: for what must happen at once, with room for a loaded machine. */
function within<T>(promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('floating seats on a site', () => {
  let test: TestSite;
  beforeEach(async () => {
    test = await createTestSite();
    await licenseTenant(test, 'default', [seat('designer', 2)]);
  });

  it('leases a seat with a lease document the device verifies up to the pinned root, and heartbeats it', async () => {
    const { site, clock, desk, identity } = test;
    const key = deviceKey();
    const grant = await site.floating.lease('default', { type: 'designer', user: 'ana', fingerprint: FINGERPRINT, deviceKey: key.publicJwk });
    expect(grant).toMatchObject({ type: 'designer', user: 'ana', ttlSeconds: 900, heartbeatSeconds: 300, renewed: false, used: 1, limit: 2 });
    const lease = await openSiteLease(grant.lease, {
      now: clock.now(),
      trust: { root: desk.authority.root.publicJwk },
      fingerprint: FINGERPRINT,
      siteGuid: identity.guid,
      tenant: 'default',
    });
    expect(lease.claims.leaseId).toBe(grant.leaseId);
    expect(lease.siteKid).toBe(identity.signingKey.kid);
    clock.advance(10 * 60_000);
    const recorded = test.store.records.length;
    const answer = site.floating.heartbeat('default', grant.leaseId, 'bm9uY2U');
    // Answered from memory: nothing is written.
    expect(test.store.records.length).toBe(recorded);
    const heartbeatKey = leaseHeartbeatKey(key.privateKey, lease.claims.siteKey, grant.leaseId);
    expect(answer.mac).toBe(heartbeatMac(heartbeatKey, { leaseId: grant.leaseId, nonce: 'bm9uY2U', exp: answer.exp }));
    expect(answer.exp).toBe(Math.floor((clock.now().getTime() + 900_000) / 1000));
  });

  it('never lends more seats than the license grants, named and floating together, however requests race', async () => {
    const { site } = test;
    await site.checkoutSeat('default', 'designer', 'named');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        site.floating.lease('default', { type: 'designer', user: `u${index}`, fingerprint: `d${index}`, deviceKey: deviceKey().publicJwk }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect((await refusal(site.checkoutSeat('default', 'designer', 'other'))).code).toBe('SEAT_LIMIT_REACHED');
  });

  it('culls a lease whose heartbeats stopped, and keeps one that heartbeats', async () => {
    const { site, clock } = test;
    const kept = await site.floating.lease('default', { type: 'designer', user: 'ana', fingerprint: 'a', deviceKey: deviceKey().publicJwk });
    const dropped = await site.floating.lease('default', { type: 'designer', user: 'bo', fingerprint: 'b', deviceKey: deviceKey().publicJwk });
    clock.advance(10 * 60_000);
    site.floating.heartbeat('default', kept.leaseId, 'n1');
    clock.advance(6 * 60_000);
    expect(await site.floating.cull()).toBe(1);
    expect(site.floating.view('default').leases.map((lease) => lease.leaseId)).toEqual([kept.leaseId]);
    expect((await refusal(() => site.floating.heartbeat('default', dropped.leaseId, 'n2'))).code).toBe('LEASE_NOT_FOUND');
  });

  it('culls by itself every cull interval: a device killed without a word frees its seat within a period and an interval', async () => {
    test = await createTestSite({ cullInterval: 50 });
    await licenseTenant(test, 'default', [seat('designer', 1)]);
    const { site, clock } = test;
    await site.floating.lease('default', ask('ana', 'a'));
    expect((await refusal(site.floating.lease('default', ask('bo', 'b')))).code).toBe('SEAT_LIMIT_REACHED');
    clock.advance(minutes(15));
    // The cull timer frees the seat in memory and then records it: wait for both (up to 10 s of a
    // loaded machine's time; a quiet one takes a few intervals).
    const culled = () => site.floating.view('default').leases.length === 0 && test.store.records.at(-1)?.event.t === 'lease-ended';
    for (let tries = 0; tries < 400 && !culled(); tries++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(site.floating.view('default').leases).toEqual([]);
    expect(test.store.records.at(-1)!.event).toMatchObject({ t: 'lease-ended', reason: 'expired' });
    expect(await site.floating.lease('default', ask('bo', 'b'))).toMatchObject({ used: 1 });
    await site.close();
  });

  it('still holds a lease after a restart, for one full period from the start', async () => {
    const { clock } = test;
    const grant = await test.site.floating.lease('default', { type: 'designer', user: 'ana', fingerprint: 'a', deviceKey: deviceKey().publicJwk });
    clock.advance(14 * 60_000);
    const site = await test.restart();
    clock.advance(10 * 60_000);
    expect(await site.floating.cull()).toBe(0);
    expect(site.floating.heartbeat('default', grant.leaseId, 'n1').leaseId).toBe(grant.leaseId);
    clock.advance(16 * 60_000);
    expect(await site.floating.cull()).toBe(1);
  });

  it('turns a lease into a borrow that holds the seat until it ends or is returned', async () => {
    const { site, clock, desk } = test;
    const grant = await site.floating.lease('default', { type: 'designer', user: 'ana', fingerprint: 'a', deviceKey: deviceKey().publicJwk });
    const borrow = await site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 3 });
    expect(borrow.leaseId).toBe(grant.leaseId);
    const file = await openSiteBorrow(borrow.borrow, { now: clock.now(), trust: { root: desk.authority.root.publicJwk }, fingerprint: 'a' });
    expect(file.claims.exp * 1000).toBe(clock.now().getTime() + 3 * 86_400_000);
    expect(site.floating.view('default').types).toEqual([{ type: 'designer', limit: 2, named: 0, leased: 0, borrowed: 1, used: 1 }]);
    clock.advance(2 * 86_400_000);
    expect(await site.floating.cull()).toBe(0);
    expect(await site.floating.giveBack('default', borrow.leaseId)).toEqual({ leaseId: borrow.leaseId, returned: true });
    expect(site.floating.view('default').leases).toEqual([]);
    expect((await refusal(site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 8 }))).code).toBe('LEASE_TTL_INVALID');
  });

  describe('one lease per device, type and user', () => {
    it('replaces the lease a device asks for again instead of taking a second seat, and the old lease id no longer heartbeats', async () => {
      const { site } = test;
      const first = await site.floating.lease('default', ask('ana', 'a'));
      const again = await site.floating.lease('default', ask('ana', 'a'));
      expect(again).toMatchObject({ renewed: true, used: 1, limit: 2 });
      expect(again.leaseId).not.toBe(first.leaseId);
      expect(site.floating.view('default').leases.map((lease) => lease.leaseId)).toEqual([again.leaseId]);
      expect(site.floating.view('default').types).toEqual([{ type: 'designer', limit: 2, named: 0, leased: 1, borrowed: 0, used: 1 }]);
      expect(await refusal(() => site.floating.heartbeat('default', first.leaseId, 'n1'))).toMatchObject({ code: 'LEASE_NOT_FOUND' });
      expect(site.floating.heartbeat('default', again.leaseId, 'n1').leaseId).toBe(again.leaseId);
      // Releasing the replaced lease frees nothing: the device still holds its seat.
      expect(await site.floating.release('default', first.leaseId)).toEqual({ leaseId: first.leaseId, released: false });
      expect(site.floating.view('default').types[0]).toMatchObject({ used: 1 });
    });

    it('gives another user on the same device, or another device of the same user, a seat of its own', async () => {
      const { site } = test;
      await site.floating.lease('default', ask('ana', 'a'));
      expect(await site.floating.lease('default', ask('bo', 'a'))).toMatchObject({ renewed: false, used: 2 });
      expect((await refusal(site.floating.lease('default', ask('ana', 'b')))).code).toBe('SEAT_LIMIT_REACHED');
    });

    it('renews a lease for a device whose seat is among those in use when every seat is taken', async () => {
      const { site } = test;
      await site.floating.lease('default', ask('ana', 'a'));
      await site.checkoutSeat('default', 'designer', 'named');
      expect(await site.floating.lease('default', ask('ana', 'a'))).toMatchObject({ renewed: true, used: 2, limit: 2 });
    });

    it('refuses a lease to a device that holds the seat as a borrow (CONFLICT), and keeps the borrow', async () => {
      const { site } = test;
      const borrow = await site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 1 });
      expect(await refusal(site.floating.lease('default', ask('ana', 'a')))).toMatchObject({ code: 'CONFLICT', detail: { leaseId: borrow.leaseId } });
      expect(site.floating.view('default').leases).toMatchObject([{ leaseId: borrow.leaseId, kind: 'borrow' }]);
    });
  });

  describe('one pool with named seats', () => {
    it('counts leases against named check-outs and named seats against leases', async () => {
      const { site } = test;
      await site.checkoutSeat('default', 'designer', 'nina');
      const lease = await site.floating.lease('default', ask('ana', 'a'));
      expect(lease).toMatchObject({ used: 2, limit: 2 });
      expect(await refusal(site.floating.lease('default', ask('bo', 'b')))).toEqual({
        code: 'SEAT_LIMIT_REACHED',
        detail: { tenant: 'default', type: 'designer', limit: 2, used: 2 },
      });
      expect(await refusal(site.checkoutSeat('default', 'designer', 'nora'))).toEqual({
        code: 'SEAT_LIMIT_REACHED',
        detail: { tenant: 'default', type: 'designer', limit: 2, used: 2 },
      });
      expect((await refusal(site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 1 }))).code).toBe('SEAT_LIMIT_REACHED');

      await site.floating.release('default', lease.leaseId);
      expect(await site.checkoutSeat('default', 'designer', 'nora')).toMatchObject({ assigned: true, used: 2 });
      await site.releaseSeat('default', 'designer', 'nina');
      expect(await site.floating.lease('default', ask('bo', 'b'))).toMatchObject({ used: 2 });
      expect(site.floating.view('default').types).toEqual([{ type: 'designer', limit: 2, named: 1, leased: 1, borrowed: 0, used: 2 }]);
    });

    it('never has more seats in use than the license grants when 50 leases race named check-outs and borrows, and after a restart neither', async () => {
      test = await createTestSite({ checkpointEvery: 7 });
      await licenseTenant(test, 'default', [seat('designer', 5)]);
      const { site } = test;
      const requests = Array.from({ length: 70 }, (_, index): Promise<unknown> => {
        if (index % 7 === 3) return site.checkoutSeat('default', 'designer', `named-${index}`);
        if (index % 7 === 5) return site.floating.borrow('default', { type: 'designer', user: `b${index}`, fingerprint: `b${index}`, days: 1 });
        // Some devices ask twice at once: one seat each, never two.
        return site.floating.lease('default', ask(`u${index % 40}`, `d${index % 40}`));
      });
      const outcomes = await Promise.allSettled(requests);
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: string }).code] : []));
      expect(new Set(refused)).toEqual(new Set(['SEAT_LIMIT_REACHED']));
      const view = site.floating.view('default');
      const named = site.status('default').seats[0]!.users.length;
      expect(view.types).toEqual([
        {
          type: 'designer',
          limit: 5,
          named,
          leased: view.leases.filter((lease) => lease.kind === 'lease').length,
          borrowed: view.leases.filter((lease) => lease.kind === 'borrow').length,
          used: 5,
        },
      ]);
      expect(named + view.leases.length).toBe(5);
      expect(view.days[0]!.days).toEqual([{ day: '2026-11-23', peak: 5, borrowed: view.types[0]!.borrowed }]);
      expect((await refusal(site.floating.lease('default', ask('late', 'late')))).code).toBe('SEAT_LIMIT_REACHED');

      await test.restart();
      const after = test.site.floating.view('default');
      expect({ types: after.types, leases: after.leases }).toEqual({ types: view.types, leases: view.leases });
      expect((await refusal(test.site.checkoutSeat('default', 'designer', 'late'))).code).toBe('SEAT_LIMIT_REACHED');
      expect((await refusal(test.site.floating.lease('default', ask('late', 'late')))).code).toBe('SEAT_LIMIT_REACHED');
    });

    it('lends only types the license grants as seats: LICENSE_TYPE_NOT_LICENSED otherwise', async () => {
      await licenseTenant(test, 'default', [seat('designer', 2), meter('renders', 10), feature('export')]);
      for (const type of ['viewer', 'renders', 'export']) {
        expect(await refusal(test.site.floating.lease('default', ask('ana', 'a', type)))).toEqual({
          code: 'LICENSE_TYPE_NOT_LICENSED',
          detail: { tenant: 'default', type, expected: 'seat' },
        });
        expect((await refusal(test.site.floating.borrow('default', { type, user: 'ana', fingerprint: 'a', days: 1 }))).code).toBe('LICENSE_TYPE_NOT_LICENSED');
      }
      expect(test.site.floating.view('default').leases).toEqual([]);
    });

    it('keeps the leases a smaller license no longer covers, and lends no more until the use is below it', async () => {
      const { site } = test;
      const leases = [await site.floating.lease('default', ask('ana', 'a')), await site.floating.lease('default', ask('bo', 'b'))];
      await licenseTenant(test, 'default', [seat('designer', 1)]);
      expect(site.floating.view('default').types).toEqual([{ type: 'designer', limit: 1, named: 0, leased: 2, borrowed: 0, used: 2 }]);
      expect(site.floating.heartbeat('default', leases[0]!.leaseId, 'n1').leaseId).toBe(leases[0]!.leaseId);
      await site.floating.release('default', leases[0]!.leaseId);
      expect((await refusal(site.floating.lease('default', ask('cy', 'c')))).code).toBe('SEAT_LIMIT_REACHED');
      await site.floating.release('default', leases[1]!.leaseId);
      expect(await site.floating.lease('default', ask('cy', 'c'))).toMatchObject({ used: 1, limit: 1 });
    });
  });

  describe('refused where the site cannot lend', () => {
    it('refuses a tenant that is not licensed (SITE_NOT_LICENSED) and one that does not exist (TENANT_NOT_FOUND)', async () => {
      test = await createTestSite({ tenants: ['default', 'blue'] });
      const { site } = test;
      expect((await refusal(site.floating.lease('blue', ask('ana', 'a')))).code).toBe('SITE_NOT_LICENSED');
      expect((await refusal(site.floating.borrow('blue', { type: 'designer', user: 'ana', fingerprint: 'a', days: 1 }))).code).toBe('SITE_NOT_LICENSED');
      expect((await refusal(() => site.floating.heartbeat('blue', 'L1', 'n1'))).code).toBe('SITE_NOT_LICENSED');
      expect((await refusal(site.floating.lease('green', ask('ana', 'a')))).code).toBe('TENANT_NOT_FOUND');
      expect((await refusal(site.floating.revoke('green', 'L1', 'admin'))).code).toBe('TENANT_NOT_FOUND');
      expect(test.store.records.filter((record) => record.event.t === 'lease-granted' || record.event.t === 'seat-borrowed')).toEqual([]);
    });

    it('refuses leases, heartbeats and borrows while the tenant is locked (CYCLE_LOCKED), and lends again once it is unlocked', async () => {
      const { site, clock } = test;
      await site.floating.configure('default', { leaseTtlSeconds: 86_400, borrowMaxDays: 7 }, 'admin');
      const held = await site.floating.lease('default', ask('ana', 'a'));
      await site.generateLfr('default');
      // Kept alive by its heartbeats until the open cycle lapses.
      for (let step = 0; step < 40; step++) {
        clock.advance(hours(6));
        if (site.status('default').status === 'locked') break;
        site.floating.heartbeat('default', held.leaseId, `n${step}`);
      }
      expect(site.status('default').status).toBe('locked');
      expect((await refusal(site.floating.lease('default', ask('bo', 'b')))).code).toBe('CYCLE_LOCKED');
      expect(await refusal(() => site.floating.heartbeat('default', held.leaseId, 'locked'))).toMatchObject({ code: 'CYCLE_LOCKED' });
      expect((await refusal(site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 1 }))).code).toBe('CYCLE_LOCKED');
      expect(site.floating.view('default').leases).toMatchObject([{ leaseId: held.leaseId, kind: 'lease' }]);

      await licenseTenant(test, 'default', [seat('designer', 2)]);
      expect(site.floating.heartbeat('default', held.leaseId, 'unlocked').leaseId).toBe(held.leaseId);
      expect(await site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 1 })).toMatchObject({ leaseId: held.leaseId });
    });

    it('refuses leases, heartbeats and borrows once the license has expired (LICENSE_EXPIRED), and culls what it lent', async () => {
      test = await createTestSite();
      const { site, clock } = test;
      await licenseTenantUntil(test, 'default', [seat('designer', 2)], '2026-11-30');
      await site.floating.configure('default', { leaseTtlSeconds: 86_400, borrowMaxDays: 7 }, 'admin');
      clock.set(new Date('2026-11-30T20:00:00Z'));
      const held = await site.floating.lease('default', ask('ana', 'a'));
      clock.set(new Date('2026-11-30T23:59:00Z'));
      site.floating.heartbeat('default', held.leaseId, 'last');
      clock.set(new Date('2026-12-01T00:00:00Z'));
      expect((await refusal(site.floating.lease('default', ask('bo', 'b')))).code).toBe('LICENSE_EXPIRED');
      expect(await refusal(() => site.floating.heartbeat('default', held.leaseId, 'expired'))).toMatchObject({ code: 'LICENSE_EXPIRED' });
      expect((await refusal(site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 1 }))).code).toBe('LICENSE_EXPIRED');
      // Its heartbeats refused, the lease ends at its own end, like any lease that stops heartbeating.
      clock.set(new Date('2026-12-01T23:59:01Z'));
      expect(await site.floating.cull()).toBe(1);
      expect(site.floating.view('default').leases).toEqual([]);
    });

    it('refuses leases, heartbeats and borrows on a clock set back (CLOCK_ROLLED_BACK), and culls nothing meanwhile', async () => {
      const { site, clock } = test;
      const held = await site.floating.lease('default', ask('ana', 'a'));
      clock.advance(minutes(20));
      site.floating.view('default');
      clock.advance(-minutes(5) - 1);
      expect((await refusal(site.floating.lease('default', ask('bo', 'b')))).code).toBe('CLOCK_ROLLED_BACK');
      expect(await refusal(() => site.floating.heartbeat('default', held.leaseId, 'n1'))).toMatchObject({ code: 'CLOCK_ROLLED_BACK' });
      expect((await refusal(site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 1 }))).code).toBe('CLOCK_ROLLED_BACK');
      expect((await refusal(site.floating.release('default', held.leaseId))).code).toBe('CLOCK_ROLLED_BACK');
      expect(await site.floating.cull()).toBe(0);
      expect(site.floating.view('default').leases).toHaveLength(1);
      clock.advance(minutes(5) + 1);
      expect(await site.floating.cull()).toBe(1);
    });

    it('refuses to lend or borrow on a tampered ledger (LEDGER_TAMPERED)', async () => {
      const held = await test.site.floating.lease('default', ask('ana', 'a'));
      test.store.problem = { code: 'LEDGER_TAMPERED', detail: { sequence: 4, reason: 'the chain hash does not match' } };
      const site = await test.restart();
      expect((await refusal(site.floating.lease('default', ask('bo', 'b')))).code).toBe('LEDGER_TAMPERED');
      expect((await refusal(site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 1 }))).code).toBe('LEDGER_TAMPERED');
      expect(await refusal(() => site.floating.heartbeat('default', held.leaseId, 'n1'))).toMatchObject({ code: 'LEDGER_TAMPERED' });
      expect(await site.floating.cull()).toBe(0);
    });

    it('refuses a device key that is not X25519 (KEY_INVALID) and a wait out of bounds (REQUEST_INVALID)', async () => {
      const { site } = test;
      const ed25519 = generateKeyPair('Ed25519', random).publicJwk;
      expect((await refusal(site.floating.lease('default', { ...ask('ana', 'a'), deviceKey: ed25519 }))).code).toBe('KEY_INVALID');
      expect((await refusal(site.floating.lease('default', { ...ask('ana', 'a'), deviceKey: { kty: 'OKP', crv: 'X25519', x: 'short' } }))).code).toBe(
        'KEY_INVALID',
      );
      for (const wait of [-1, 301, 1.5])
        expect((await refusal(site.floating.lease('default', ask('ana', 'a', 'designer', wait)))).code).toBe('REQUEST_INVALID');
      // A point of low order: no heartbeat key can be derived with it, so no heartbeat could ever be answered.
      const lowOrder = { kty: 'OKP', crv: 'X25519', x: Buffer.alloc(32).toString('base64url') };
      expect((await refusal(site.floating.lease('default', { ...ask('ana', 'a'), deviceKey: lowOrder }))).code).toBe('KEY_INVALID');
      expect(site.floating.view('default').leases).toEqual([]);
    });
  });

  describe('release and revocation', () => {
    it('releases a lease once: a second release, an unknown id and a borrow id release nothing', async () => {
      const { site } = test;
      const lease = await site.floating.lease('default', ask('ana', 'a'));
      const borrow = await site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 2 });
      expect(await site.floating.release('default', lease.leaseId)).toEqual({ leaseId: lease.leaseId, released: true });
      expect(await site.floating.release('default', lease.leaseId)).toEqual({ leaseId: lease.leaseId, released: false });
      expect(await site.floating.release('default', 'no-such-lease')).toEqual({ leaseId: 'no-such-lease', released: false });
      expect(await site.floating.release('default', borrow.leaseId)).toEqual({ leaseId: borrow.leaseId, released: false });
      expect(await site.floating.giveBack('default', lease.leaseId)).toEqual({ leaseId: lease.leaseId, returned: false });
      expect(site.floating.view('default').leases).toMatchObject([{ leaseId: borrow.leaseId, kind: 'borrow' }]);
      expect(await site.floating.giveBack('default', borrow.leaseId)).toEqual({ leaseId: borrow.leaseId, returned: true });
      expect(await site.floating.giveBack('default', borrow.leaseId)).toEqual({ leaseId: borrow.leaseId, returned: false });
      const ends = test.store.records.map((record) => record.event).filter((event) => event.t === 'lease-ended');
      expect(ends).toEqual([
        { t: 'lease-ended', tenant: 'default', leaseId: lease.leaseId, reason: 'released' },
        { t: 'lease-ended', tenant: 'default', leaseId: borrow.leaseId, reason: 'returned' },
      ]);
    });

    it('releases a lease whatever the license says now: a locked tenant still takes seats back', async () => {
      const { site, clock } = test;
      const lease = await site.floating.lease('default', ask('ana', 'a'));
      await site.generateLfr('default');
      clock.advance(days(8));
      expect(site.status('default').status).toBe('locked');
      expect(await site.floating.release('default', lease.leaseId)).toEqual({ leaseId: lease.leaseId, released: true });
    });

    it('revokes a lease or a borrow: the seat is free at once, the next heartbeat is LEASE_NOT_FOUND, and the audit names who', async () => {
      test = await createTestSite();
      await licenseTenant(test, 'default', [seat('designer', 1)]);
      const { site } = test;
      const lease = await site.floating.lease('default', ask('ana', 'a'));
      expect((await refusal(site.floating.lease('default', ask('bo', 'b')))).code).toBe('SEAT_LIMIT_REACHED');
      expect(await site.floating.revoke('default', lease.leaseId, 'tess')).toEqual({ leaseId: lease.leaseId, revoked: true });
      expect(await refusal(() => site.floating.heartbeat('default', lease.leaseId, 'n1'))).toMatchObject({ code: 'LEASE_NOT_FOUND' });
      expect((await refusal(site.floating.revoke('default', lease.leaseId, 'tess'))).code).toBe('LEASE_NOT_FOUND');

      const borrow = await site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 3 });
      await site.floating.revoke('default', borrow.leaseId, 'tess');
      expect(await site.floating.lease('default', ask('cy', 'c'))).toMatchObject({ used: 1, limit: 1 });
      const revocations = site
        .usage('default')
        .events.map((entry) => entry.event)
        .filter((event) => event.t === 'lease-ended');
      expect(revocations).toEqual([
        { t: 'lease-ended', tenant: 'default', leaseId: borrow.leaseId, reason: 'revoked', by: 'tess' },
        { t: 'lease-ended', tenant: 'default', leaseId: lease.leaseId, reason: 'revoked', by: 'tess' },
      ]);
    });

    it('does not remove a tenant that holds leases (TENANT_IN_USE)', async () => {
      test = await createTestSite({ tenants: ['default', 'blue'] });
      await licenseTenant(test, 'blue', [seat('designer', 1)]);
      await test.site.floating.lease('blue', ask('ana', 'a'));
      expect(await refusal(test.site.removeTenant('blue'))).toMatchObject({
        code: 'TENANT_IN_USE',
        detail: { tenant: 'blue', holds: expect.arrayContaining(['seats']) as unknown },
      });
      expect(test.site.tenants().map((tenant) => tenant.tenant)).toContain('blue');
    });
  });

  describe('borrowing', () => {
    const borrow = (user: string, fingerprint: string, days: number) => test.site.floating.borrow('default', { type: 'designer', user, fingerprint, days });

    it('is off when the longest borrow is 0 days (BORROW_NOT_ALLOWED), and bounded by it (LEASE_TTL_INVALID)', async () => {
      const { site } = test;
      expect((await refusal(borrow('ana', 'a', 8))).code).toBe('LEASE_TTL_INVALID');
      expect((await refusal(borrow('ana', 'a', 0))).code).toBe('LEASE_TTL_INVALID');
      expect((await refusal(borrow('ana', 'a', 1.5))).code).toBe('LEASE_TTL_INVALID');
      expect(await borrow('ana', 'a', 7)).toMatchObject({ expiresAt: new Date(START.getTime() + days(7)).toISOString() });
      await site.floating.configure('default', { leaseTtlSeconds: 900, borrowMaxDays: 2 }, 'admin');
      expect(await refusal(borrow('bo', 'b', 3))).toEqual({ code: 'LEASE_TTL_INVALID', detail: { tenant: 'default', days: 3, min: 1, max: 2 } });
      await site.floating.configure('default', { leaseTtlSeconds: 900, borrowMaxDays: 0 }, 'admin');
      expect((await refusal(borrow('bo', 'b', 1))).code).toBe('BORROW_NOT_ALLOWED');
      expect(site.floating.view('default').leases).toHaveLength(1);
    });

    it('never runs past the end of the license, and ends there (`ended`) when the culler passes', async () => {
      test = await createTestSite();
      const { site, clock } = test;
      await licenseTenantUntil(test, 'default', [seat('designer', 2)], '2026-11-25');
      const granted = await borrow('ana', 'a', 7);
      expect(granted.expiresAt).toBe('2026-11-26T00:00:00.000Z');
      const file = await openSiteBorrow(granted.borrow, { now: clock.now(), trust: { root: test.desk.authority.root.publicJwk }, fingerprint: 'a' });
      expect(new Date(file.claims.exp * 1000).toISOString()).toBe('2026-11-26T00:00:00.000Z');
      clock.set(new Date('2026-11-25T23:59:59.999Z'));
      expect(await site.floating.cull()).toBe(0);
      clock.set(new Date('2026-11-26T00:00:00Z'));
      expect(await site.floating.cull()).toBe(1);
      expect(site.floating.view('default').leases).toEqual([]);
      expect(test.store.records.at(-1)!.event).toEqual({ t: 'lease-ended', tenant: 'default', leaseId: granted.leaseId, reason: 'ended' });
      expect(await site.floating.giveBack('default', granted.leaseId)).toEqual({ leaseId: granted.leaseId, returned: false });
    });

    it('answers the same borrow asked again: the same lease id and end, one seat, one borrow counted', async () => {
      const { site, clock } = test;
      const first = await borrow('ana', 'a', 3);
      clock.advance(hours(5));
      const again = await borrow('ana', 'a', 5);
      expect({ leaseId: again.leaseId, expiresAt: again.expiresAt }).toEqual({ leaseId: first.leaseId, expiresAt: first.expiresAt });
      const file = await openSiteBorrow(again.borrow, { now: clock.now(), trust: { root: test.desk.authority.root.publicJwk }, fingerprint: 'a' });
      expect(file.claims.exp * 1000).toBe(Date.parse(first.expiresAt));
      expect(site.floating.view('default').types).toEqual([{ type: 'designer', limit: 2, named: 0, leased: 0, borrowed: 1, used: 1 }]);
      expect(site.floating.view('default').days).toEqual([{ type: 'designer', days: [{ day: '2026-11-23', peak: 1, borrowed: 1 }] }]);
      expect(test.store.records.filter((record) => record.event.t === 'seat-borrowed')).toHaveLength(1);
    });

    it('takes a borrow of a device without a lease as a new seat, ends it at its own end, and frees it for a lease', async () => {
      const { site, clock } = test;
      await site.floating.lease('default', ask('bo', 'b'));
      const granted = await borrow('ana', 'a', 2);
      expect((await refusal(site.floating.lease('default', ask('cy', 'c')))).code).toBe('SEAT_LIMIT_REACHED');
      expect(await refusal(() => site.floating.heartbeat('default', granted.leaseId, 'n1'))).toMatchObject({ code: 'LEASE_NOT_FOUND' });
      clock.advance(days(2));
      await site.floating.cull();
      expect(site.floating.view('default').leases.map((lease) => lease.kind)).toEqual([]);
      expect(await site.floating.lease('default', ask('cy', 'c'))).toMatchObject({ used: 1 });
    });

    it('turns a lease into the borrow: its heartbeats end, and one seat is held either way', async () => {
      const { site } = test;
      const lease = await site.floating.lease('default', ask('ana', 'a'));
      const granted = await borrow('ana', 'a', 1);
      expect(granted.leaseId).toBe(lease.leaseId);
      expect(await refusal(() => site.floating.heartbeat('default', lease.leaseId, 'n1'))).toMatchObject({ code: 'LEASE_NOT_FOUND' });
      expect(site.floating.view('default').types).toEqual([{ type: 'designer', limit: 2, named: 0, leased: 0, borrowed: 1, used: 1 }]);
    });
  });

  describe('settings', () => {
    it('takes a lease period from 1 minute to 24 hours and a longest borrow from 0 to 90 days, and refuses the rest (LEASE_TTL_INVALID)', async () => {
      const { site } = test;
      const set = (leaseTtlSeconds: number, borrowMaxDays: number) => site.floating.configure('default', { leaseTtlSeconds, borrowMaxDays }, 'admin');
      expect(site.floating.view('default').settings).toEqual({ leaseTtlSeconds: 900, borrowMaxDays: 7 });
      for (const [ttl, borrowMax] of [
        [59, 7],
        [86_401, 7],
        [0, 7],
        [90.5, 7],
        [900, -1],
        [900, 91],
        [900, 1.5],
      ] as const) {
        expect({ ttl, borrowMax, code: (await refusal(set(ttl, borrowMax))).code }).toEqual({ ttl, borrowMax, code: 'LEASE_TTL_INVALID' });
      }
      expect(site.floating.view('default').settings).toEqual({ leaseTtlSeconds: 900, borrowMaxDays: 7 });
      expect(await set(60, 0)).toEqual({ leaseTtlSeconds: 60, borrowMaxDays: 0 });
      expect(await set(86_400, 90)).toEqual({ leaseTtlSeconds: 86_400, borrowMaxDays: 90 });
      expect(await set(60, 90)).toEqual({ leaseTtlSeconds: 60, borrowMaxDays: 90 });
      expect(await site.floating.lease('default', ask('ana', 'a'))).toMatchObject({ ttlSeconds: 60, heartbeatSeconds: 20 });
      expect(await site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 90 })).toMatchObject({
        expiresAt: new Date(START.getTime() + days(90)).toISOString(),
      });
      await test.restart();
      expect(test.site.floating.view('default').settings).toEqual({ leaseTtlSeconds: 60, borrowMaxDays: 90 });
    });

    it('applies a new lease period from the next renewal of each lease', async () => {
      const { site, clock } = test;
      const lease = await site.floating.lease('default', ask('ana', 'a'));
      await site.floating.configure('default', { leaseTtlSeconds: 120, borrowMaxDays: 7 }, 'admin');
      clock.advance(minutes(1));
      // A lease keeps the period it was granted with: its device heartbeats at the pace the lease document says.
      expect(site.floating.heartbeat('default', lease.leaseId, 'n1').exp).toBe(Math.floor((clock.now().getTime() + minutes(15)) / 1000));
      expect(await site.floating.lease('default', ask('ana', 'a'))).toMatchObject({ renewed: true, ttlSeconds: 120 });
    });
  });

  describe('what administrators and the vendor see', () => {
    it('keeps the daily peak of seats in use, named and floating, and the borrows made, per type', async () => {
      test = await createTestSite();
      await licenseTenant(test, 'default', [seat('designer', 5), seat('viewer', 2)]);
      const { site, clock } = test;
      await site.checkoutSeat('default', 'designer', 'nina');
      const a = await site.floating.lease('default', ask('ana', 'a'));
      await site.floating.lease('default', ask('bo', 'b'));
      await site.floating.borrow('default', { type: 'designer', user: 'cy', fingerprint: 'c', days: 3 });
      await site.floating.release('default', a.leaseId);
      await site.floating.lease('default', ask('dee', 'd', 'viewer'));
      clock.advance(minutes(16));
      expect(await site.floating.cull()).toBe(2);
      clock.advance(days(1));
      await site.floating.lease('default', ask('eve', 'e'));
      const expected = [
        {
          type: 'designer',
          days: [
            { day: '2026-11-23', peak: 4, borrowed: 1 },
            { day: '2026-11-24', peak: 3, borrowed: 0 },
          ],
        },
        { type: 'viewer', days: [{ day: '2026-11-23', peak: 1, borrowed: 0 }] },
      ];
      expect(site.floating.view('default').days).toEqual(expected);
      await test.restart();
      expect(test.site.floating.view('default').days).toEqual(expected);
    });

    it('carries the seats held over to the days that lend nothing new, up to today, and ends them where they end', async () => {
      test = await createTestSite();
      await licenseTenant(test, 'default', [seat('designer', 5)]);
      const { site, clock } = test;
      await site.checkoutSeat('default', 'designer', 'nina');
      await site.checkoutSeat('default', 'designer', 'nora');
      await site.floating.borrow('default', { type: 'designer', user: 'cy', fingerprint: 'c', days: 3 });
      clock.set(new Date('2026-11-25T12:00:00Z'));
      await site.releaseSeat('default', 'designer', 'nina');
      clock.set(new Date('2026-11-26T09:00:00Z'));
      const held = [
        { day: '2026-11-23', peak: 3, borrowed: 1 },
        { day: '2026-11-24', peak: 3, borrowed: 0 },
        { day: '2026-11-25', peak: 3, borrowed: 0 },
      ];
      expect(site.floating.view('default').days).toEqual([{ type: 'designer', days: [...held, { day: '2026-11-26', peak: 2, borrowed: 0 }] }]);
      clock.set(new Date('2026-11-26T11:00:00Z'));
      expect(await site.floating.cull()).toBe(1);
      clock.set(new Date('2026-11-28T08:00:00Z'));
      const through = [
        ...held,
        { day: '2026-11-26', peak: 2, borrowed: 0 },
        { day: '2026-11-27', peak: 1, borrowed: 0 },
        { day: '2026-11-28', peak: 1, borrowed: 0 },
      ];
      expect(site.floating.view('default').days).toEqual([{ type: 'designer', days: through }]);
      await site.releaseSeat('default', 'designer', 'nora');
      clock.set(new Date('2026-11-30T08:00:00Z'));
      expect(site.floating.view('default').days).toEqual([{ type: 'designer', days: through }]);
      await test.restart();
      expect(test.site.floating.view('default').days).toEqual([{ type: 'designer', days: through }]);
    });

    it('lists borrows, revocations and settings in the tenant history, and not the ordinary grants and ends of leases', async () => {
      const { site, clock } = test;
      const released = await site.floating.lease('default', ask('ana', 'a'));
      await site.floating.lease('default', ask('ana', 'a'));
      await site.floating.release('default', (await site.floating.lease('default', ask('ana', 'a'))).leaseId);
      const revoked = await site.floating.lease('default', ask('bo', 'b'));
      await site.floating.revoke('default', revoked.leaseId, 'tess');
      const culled = await site.floating.lease('default', ask('cy', 'c'));
      clock.advance(minutes(16));
      expect(await site.floating.cull()).toBe(1);
      const borrowed = await site.floating.borrow('default', { type: 'designer', user: 'dee', fingerprint: 'd', days: 1 });
      await site.floating.giveBack('default', borrowed.leaseId);
      await site.floating.configure('default', { leaseTtlSeconds: 600, borrowMaxDays: 3 }, 'tess');
      const listed = site
        .usage('default')
        .events.map((entry) => entry.event)
        .filter((event) => ['lease-granted', 'seat-borrowed', 'lease-ended', 'floating-settings-set'].includes(event.t));
      expect(listed).toEqual([
        { t: 'floating-settings-set', tenant: 'default', leaseTtl: 600_000, borrowMax: days(3), by: 'tess' },
        { t: 'lease-ended', tenant: 'default', leaseId: borrowed.leaseId, reason: 'returned' },
        {
          t: 'seat-borrowed',
          tenant: 'default',
          leaseId: borrowed.leaseId,
          type: 'designer',
          user: 'dee',
          fingerprint: 'd',
          until: clock.now().getTime() + days(1),
        },
        { t: 'lease-ended', tenant: 'default', leaseId: revoked.leaseId, reason: 'revoked', by: 'tess' },
      ]);
      expect(
        [released.leaseId, culled.leaseId].every((id) => test.store.records.some((record) => record.event.t === 'lease-ended' && record.event.leaseId === id)),
      ).toBe(true);
    });

    it('shows every lease and borrow with its kind, holder and end', async () => {
      const { site, clock } = test;
      const lease = await site.floating.lease('default', ask('ana', 'a'));
      clock.advance(minutes(1));
      const borrowed = await site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 2 });
      clock.advance(minutes(1));
      site.floating.heartbeat('default', lease.leaseId, 'n1');
      expect(site.floating.view('default')).toEqual({
        tenant: 'default',
        now: clock.now().toISOString(),
        settings: { leaseTtlSeconds: 900, borrowMaxDays: 7 },
        types: [{ type: 'designer', limit: 2, named: 0, leased: 1, borrowed: 1, used: 2 }],
        leases: [
          {
            leaseId: lease.leaseId,
            kind: 'lease',
            type: 'designer',
            user: 'ana',
            fingerprint: 'a',
            since: START.toISOString(),
            expiresAt: new Date(clock.now().getTime() + minutes(15)).toISOString(),
          },
          {
            leaseId: borrowed.leaseId,
            kind: 'borrow',
            type: 'designer',
            user: 'bo',
            fingerprint: 'b',
            since: new Date(START.getTime() + minutes(1)).toISOString(),
            expiresAt: borrowed.expiresAt,
          },
        ],
        days: [{ type: 'designer', days: [{ day: '2026-11-23', peak: 2, borrowed: 1 }] }],
      });
    });
  });

  describe('licensed by an activated license', () => {
    it('lends seats whose lease and borrow the device verifies, certified by the activated license, and borrows end with the items of their type', async () => {
      test = await createTestSite({ tenants: ['blue'] });
      const { site, clock, identity } = test;
      const orders = new TestActivationDesk(test.desk.authority, clock);
      const rk = site.tenants()[0]!.registrationKey;
      const activated = await orders.activate(rk, [item('designer', 1, 'term', '2026-11-27'), item('viewer', 1)]);
      await site.installActivatedLicense(activated.text);
      const key = deviceKey();
      const grant = await site.floating.lease('blue', { type: 'designer', user: 'ana', fingerprint: 'a', deviceKey: key.publicJwk });
      const trust = { root: test.desk.authority.root.publicJwk };
      const lease = await openSiteLease(grant.lease, { now: clock.now(), trust, fingerprint: 'a', siteGuid: identity.guid, tenant: 'blue' });
      expect(lease.claims).toMatchObject({ leaseId: grant.leaseId, type: 'designer', user: 'ana' });
      const answer = site.floating.heartbeat('blue', grant.leaseId, 'n1');
      expect(answer.mac).toBe(
        heartbeatMac(leaseHeartbeatKey(key.privateKey, lease.claims.siteKey, grant.leaseId), { leaseId: grant.leaseId, nonce: 'n1', exp: answer.exp }),
      );
      expect((await refusal(site.floating.lease('blue', ask('bo', 'b')))).code).toBe('SEAT_LIMIT_REACHED');

      const borrowed = await site.floating.borrow('blue', { type: 'designer', user: 'ana', fingerprint: 'a', days: 7 });
      expect(borrowed.expiresAt).toBe('2026-11-28T00:00:00.000Z');
      await openSiteBorrow(borrowed.borrow, { now: clock.now(), trust, fingerprint: 'a', siteGuid: identity.guid, tenant: 'blue' });
      // The license never ends (a permanent item of another type): a type's seats end with its own items.
      const permanent = await site.floating.borrow('blue', { type: 'viewer', user: 'ana', fingerprint: 'a', days: 7 });
      expect(permanent.expiresAt).toBe(new Date(START.getTime() + days(7)).toISOString());
    });
  });

  describe('a license installed before sites lent floating seats', () => {
    /** Rewrites the ledger as an earlier release wrote it: its OLF installed without the signed layer, and no checkpoint. */
    async function asInstalledBefore(): Promise<void> {
      await test.site.close();
      for (const record of test.store.records) {
        const event: SiteEvent = record.event;
        if (event.t === 'olf-installed') {
          const { certificate, ...license } = event.license;
          expect(certificate).toEqual(expect.any(String));
          (record as { event: SiteEvent }).event = { ...event, license };
        }
      }
      test.store.checkpoints = [];
      await test.restart();
    }

    it('answers SITE_LICENSE_NOT_CERTIFIABLE until the next OLF is installed, and keeps named seats working', async () => {
      await asInstalledBefore();
      const { site } = test;
      expect((await refusal(site.floating.lease('default', ask('ana', 'a')))).code).toBe('SITE_LICENSE_NOT_CERTIFIABLE');
      expect((await refusal(site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 1 }))).code).toBe(
        'SITE_LICENSE_NOT_CERTIFIABLE',
      );
      expect(site.floating.view('default').leases).toEqual([]);
      expect(await site.checkoutSeat('default', 'designer', 'nina')).toMatchObject({ assigned: true });
      await licenseTenant(test, 'default', [seat('designer', 2)]);
      const grant = await site.floating.lease('default', ask('ana', 'a'));
      await openSiteLease(grant.lease, {
        now: test.clock.now(),
        trust: { root: test.desk.authority.root.publicJwk },
        fingerprint: 'a',
        siteGuid: test.identity.guid,
        tenant: 'default',
      });
    });

    it('answers SITE_LICENSE_NOT_CERTIFIABLE for a tenant restored from a checkpoint an earlier release saved, with the default settings', async () => {
      await test.site.checkoutSeat('default', 'designer', 'nina');
      await test.site.close();
      const checkpoint = test.store.checkpoints.at(-1)!;
      expect(checkpoint.head.sequence).toBe(test.store.records.length);
      const state = checkpoint.state as { tenants: Record<string, unknown>[] };
      // What an earlier release saved: no certificate, no leases, no daily use, no settings.
      for (const tenant of state.tenants) {
        for (const added of ['leases', 'usageDays', 'floatingSettings']) delete tenant[added];
        if (tenant.license) delete (tenant.license as Record<string, unknown>).certificate;
      }
      expect(JSON.stringify(state)).not.toContain('certificate');
      const site = await test.restart();
      expect((await refusal(site.floating.lease('default', ask('ana', 'a')))).code).toBe('SITE_LICENSE_NOT_CERTIFIABLE');
      expect(site.floating.view('default')).toMatchObject({
        settings: { leaseTtlSeconds: 900, borrowMaxDays: 7 },
        types: [{ type: 'designer', limit: 2, named: 1, used: 1 }],
        leases: [],
      });
      expect(await site.checkoutSeat('default', 'designer', 'nora')).toMatchObject({ assigned: true, used: 2 });
    });
  });

  describe('across restarts', () => {
    it('keeps leases and borrows through a checkpoint and a restart: the same seats, heartbeats that verify, the same lease for the same device', async () => {
      test = await createTestSite({ checkpointEvery: 1 });
      await licenseTenant(test, 'default', [seat('designer', 3)]);
      const { clock, desk, identity } = test;
      const key = deviceKey();
      const grant = await test.site.floating.lease('default', { type: 'designer', user: 'ana', fingerprint: 'a', deviceKey: key.publicJwk });
      const borrowed = await test.site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 2 });
      await test.site.checkoutSeat('default', 'designer', 'nina');
      const before = test.site.floating.view('default');
      const site = await test.restart();
      expect(test.store.checkpoints.at(-1)!.head.sequence).toBe(test.store.records.length);
      expect({ ...site.floating.view('default'), now: before.now }).toEqual(before);
      const lease = await openSiteLease(grant.lease, {
        now: clock.now(),
        trust: { root: desk.authority.root.publicJwk },
        fingerprint: 'a',
        siteGuid: identity.guid,
        tenant: 'default',
      });
      clock.advance(minutes(5));
      const answer = site.floating.heartbeat('default', grant.leaseId, 'after-restart');
      expect(answer.mac).toBe(
        heartbeatMac(leaseHeartbeatKey(key.privateKey, lease.claims.siteKey, grant.leaseId), {
          leaseId: grant.leaseId,
          nonce: 'after-restart',
          exp: answer.exp,
        }),
      );
      expect((await refusal(site.floating.lease('default', ask('cy', 'c')))).code).toBe('SEAT_LIMIT_REACHED');
      expect(await site.floating.lease('default', ask('ana', 'a'))).toMatchObject({ renewed: true, used: 3 });
      expect(await site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 1 })).toMatchObject({
        leaseId: borrowed.leaseId,
        expiresAt: borrowed.expiresAt,
      });
    });

    it('culls after a restart only the leases that do not come back within one period', async () => {
      const { clock } = test;
      const back = await test.site.floating.lease('default', ask('ana', 'a'));
      await test.site.floating.lease('default', ask('bo', 'b'));
      clock.advance(hours(3));
      const site = await test.restart();
      clock.advance(minutes(14));
      site.floating.heartbeat('default', back.leaseId, 'back');
      clock.advance(minutes(2));
      expect(await site.floating.cull()).toBe(1);
      expect(site.floating.view('default').leases.map((lease) => lease.leaseId)).toEqual([back.leaseId]);
    });
  });

  describe('waiting in line', () => {
    beforeEach(async () => {
      test = await createTestSite();
      await licenseTenant(test, 'default', [seat('designer', 1)]);
    });

    it('gives a waiting request the seat as soon as a lease is released', async () => {
      const { site } = test;
      // It never looks again on its own within its wait: only the release can wake it.
      site.floating.waitPoll = 120_000;
      const held = await site.floating.lease('default', ask('ana', 'a'));
      const waiting = site.floating.lease('default', ask('bo', 'b', 'designer', 60));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await site.floating.release('default', held.leaseId);
      expect(await within(waiting)).toMatchObject({ user: 'bo', used: 1, limit: 1 });
    });

    it('serves waiting requests first come, first served', async () => {
      const { site } = test;
      const held = await site.floating.lease('default', ask('ana', 'a'));
      const served: string[] = [];
      const first = site.floating.lease('default', ask('bo', 'b', 'designer', 2)).then((grant) => (served.push('bo'), grant));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = site.floating.lease('default', ask('cy', 'c', 'designer', 2)).then((grant) => (served.push('cy'), grant));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await site.floating.release('default', held.leaseId);
      const bo = await first;
      await site.floating.release('default', bo.leaseId);
      await second;
      expect(served).toEqual(['bo', 'cy']);
    });

    it("keeps each waiting request's place in line while it looks again for a seat", async () => {
      const { site } = test;
      const held = await site.floating.lease('default', ask('ana', 'a'));
      const served: string[] = [];
      const first = site.floating.lease('default', ask('bo', 'b', 'designer', 3)).then((grant) => (served.push('bo'), grant));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = site.floating.lease('default', ask('cy', 'c', 'designer', 3)).then((grant) => (served.push('cy'), grant));
      // The first request has looked again (after a second) and found no seat; the second has not yet.
      await new Promise((resolve) => setTimeout(resolve, 850));
      await site.floating.release('default', held.leaseId);
      const bo = await first;
      expect(served).toEqual(['bo']);
      await site.floating.release('default', bo.leaseId);
      await second;
      expect(served).toEqual(['bo', 'cy']);
    });

    it('gives a freed seat to the request waiting in line, not to one that arrives while the release is being written', async () => {
      const { site } = test;
      /** A request that arrives at the next turn of the event loop: what it was answered (`granted` or the code). */
      const arrive = (request: ReturnType<typeof ask>) =>
        new Promise<string>((resolve) => {
          setImmediate(() =>
            resolve(
              site.floating.lease('default', request).then(
                () => 'granted',
                (error: { code: string }) => error.code,
              ),
            ),
          );
        });
      const held = await site.floating.lease('default', ask('ana', 'a'));
      const waiting = site.floating.lease('default', ask('bo', 'b', 'designer', 2));
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Arrives after the release is recorded and before the ledger acknowledges it.
      const arriving = arrive(ask('cy', 'c'));
      await site.floating.release('default', held.leaseId);
      expect(await arriving).toBe('SEAT_LIMIT_REACHED');
      const bo = await waiting;
      expect(bo).toMatchObject({ user: 'bo' });

      await site.floating.release('default', bo.leaseId);
      await site.checkoutSeat('default', 'designer', 'nina');
      const next = site.floating.lease('default', ask('dee', 'd', 'designer', 2));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const alsoArriving = arrive(ask('eve', 'e'));
      await site.releaseSeat('default', 'designer', 'nina');
      expect(await alsoArriving).toBe('SEAT_LIMIT_REACHED');
      expect(await next).toMatchObject({ user: 'dee' });
    });

    it('refuses with SEAT_LIMIT_REACHED once the wait runs out, and gets at once a seat a named release or a de-provisioning frees', async () => {
      const { site } = test;
      await site.checkoutSeat('default', 'designer', 'nina');
      const started = performance.now();
      expect(await refusal(site.floating.lease('default', ask('bo', 'b', 'designer', 1)))).toMatchObject({ code: 'SEAT_LIMIT_REACHED' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(990);
      site.floating.waitPoll = 120_000;
      const waiting = site.floating.lease('default', ask('bo', 'b', 'designer', 60));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await site.releaseSeat('default', 'designer', 'nina');
      expect(await within(waiting)).toMatchObject({ user: 'bo', used: 1 });
      // A user de-provisioned frees a seat for the next in line as well.
      await site.floating.release('default', (await waiting).leaseId);
      await site.checkoutSeat('default', 'designer', 'nina');
      const next = site.floating.lease('default', ask('cy', 'c', 'designer', 60));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await site.deprovision('default', 'nina');
      expect(await within(next)).toMatchObject({ user: 'cy', used: 1 });
    });

    it('gives a waiting request a seat as soon as a license with more seats is installed', async () => {
      const { site } = test;
      site.floating.waitPoll = 120_000;
      await site.floating.lease('default', ask('ana', 'a'));
      const waiting = site.floating.lease('default', ask('bo', 'b', 'designer', 60));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const lfr = await site.generateLfr('default');
      await site.installOlf('default', await test.desk.answer(lfr.text, { entitlements: [seat('designer', 2)] }));
      expect(await within(waiting)).toMatchObject({ user: 'bo', used: 2, limit: 2 });
    });

    it('stops waiting when the site closes', async () => {
      test.site.floating.waitPoll = 120_000;
      await test.site.floating.lease('default', ask('ana', 'a'));
      const waiting = refusal(test.site.floating.lease('default', ask('bo', 'b', 'designer', 60)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await test.site.close();
      expect((await within(waiting)).code).toBe('SEAT_LIMIT_REACHED');
    });

    it('takes a request whose caller went away out of the line: the seat freed goes to the next, not to no one', async () => {
      const { site } = test;
      site.floating.waitPoll = 120_000;
      const held = await site.floating.lease('default', ask('ana', 'a'));
      const caller = new AbortController();
      const abandoned = refusal(site.floating.lease('default', ask('bo', 'b', 'designer', 60), caller.signal));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const next = site.floating.lease('default', ask('cy', 'c', 'designer', 60));
      await new Promise((resolve) => setTimeout(resolve, 50));
      caller.abort();
      expect((await within(abandoned)).code).toBe('SEAT_LIMIT_REACHED');
      await site.floating.release('default', held.leaseId);
      expect(await within(next)).toMatchObject({ user: 'cy', used: 1 });
      expect(site.floating.view('default').leases.map((lease) => lease.user)).toEqual(['cy']);
    });
  });
});

describe('de-provisioning a user', () => {
  it("frees its named seats and revokes its leases and borrows on every device, and no one else's", async () => {
    const test = await createTestSite();
    await licenseTenant(test, 'default', [seat('designer', 5), seat('viewer', 5)]);
    const { site } = test;
    await site.checkoutSeat('default', 'viewer', 'ana');
    const lease = await site.floating.lease('default', ask('ana', 'laptop'));
    await site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'desktop', days: 2 });
    const other = await site.floating.lease('default', ask('bo', 'laptop'));
    expect(await site.deprovision('default', 'ana', 'account:admin')).toEqual({ tenant: 'default', user: 'ana', freed: ['designer', 'viewer'] });
    expect(site.floating.view('default').leases.map((held) => held.leaseId)).toEqual([other.leaseId]);
    expect((await refusal(() => site.floating.heartbeat('default', lease.leaseId, 'n1'))).code).toBe('LEASE_NOT_FOUND');
    expect(
      site
        .usage('default')
        .events.filter((entry) => entry.event.t === 'lease-ended')
        .map((entry) => entry.event),
    ).toEqual([expect.objectContaining({ reason: 'revoked', by: 'account:admin' }), expect.objectContaining({ reason: 'revoked', by: 'account:admin' })]);
  });
});

describe('what an LFR reports of floating seats', () => {
  it('reports per type the leases and borrows held and the daily peak of seats in use, named and floating', async () => {
    const test = await createTestSite();
    await licenseTenant(test, 'default', [seat('designer', 3)]);
    const { site, clock, desk } = test;
    await site.checkoutSeat('default', 'designer', 'named');
    await site.floating.lease('default', { type: 'designer', user: 'ana', fingerprint: 'a', deviceKey: deviceKey().publicJwk });
    const borrowed = await site.floating.lease('default', { type: 'designer', user: 'bo', fingerprint: 'b', deviceKey: deviceKey().publicJwk });
    await site.floating.release('default', borrowed.leaseId);
    clock.advance(86_400_000);
    await site.floating.borrow('default', { type: 'designer', user: 'bo', fingerprint: 'b', days: 2 });
    const lfr = await desk.read((await site.generateLfr('default')).text);
    expect(lfr.usage.floating).toEqual([
      {
        type: 'designer',
        leases: 1,
        borrows: 1,
        days: [
          { day: '2026-11-23', peak: 3, borrowed: 0 },
          { day: '2026-11-24', peak: 3, borrowed: 1 },
        ],
      },
    ]);
    // Two days on which nothing was taken or freed held the same seats all day: the next LFR says
    // so, as the administrators' page does.
    clock.advance(2 * 86_400_000);
    const later = await desk.read((await site.generateLfr('default')).text);
    expect(later.usage.floating?.[0]?.days.slice(-3)).toEqual([
      { day: '2026-11-24', peak: 3, borrowed: 1 },
      { day: '2026-11-25', peak: 3, borrowed: 0 },
      { day: '2026-11-26', peak: 3, borrowed: 0 },
    ]);
    expect(later.usage.floating?.[0]?.days).toEqual(site.floating.view('default').days[0]?.days);
  });
});
