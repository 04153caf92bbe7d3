import { generateKeyPair, heartbeatMac, leaseHeartbeatKey, openSiteBorrow, openSiteLease } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, licenseTenant, refusal, seat, type TestSite } from '../testing/site-fixtures.ts';

const random = seededRandom('floating-tests/device');
const FINGERPRINT = 'device-1';

function deviceKey() {
  return generateKeyPair('X25519', random);
}

/** docs/floating.md: leases, heartbeats, culling, borrows, from one pool with named seats. */
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
    const lease = await openSiteLease(grant.lease, { now: clock.now(), trust: { root: desk.authority.root.publicJwk }, fingerprint: FINGERPRINT, siteGuid: identity.guid, tenant: 'default' });
    expect(lease.claims.leaseId).toBe(grant.leaseId);
    expect(lease.siteKid).toBe(identity.signingKey.kid);
    clock.advance(10 * 60_000);
    const answer = site.floating.heartbeat('default', grant.leaseId, 'bm9uY2U');
    const heartbeatKey = leaseHeartbeatKey(key.privateKey, lease.claims.siteKey, grant.leaseId);
    expect(answer.mac).toBe(heartbeatMac(heartbeatKey, { leaseId: grant.leaseId, nonce: 'bm9uY2U', exp: answer.exp }));
    expect(answer.exp).toBe(Math.floor((clock.now().getTime() + 900_000) / 1000));
  });

  it('never lends more seats than the license grants, named and floating together, however requests race', async () => {
    const { site } = test;
    await site.checkoutSeat('default', 'designer', 'named');
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, index) =>
      site.floating.lease('default', { type: 'designer', user: `u${index}`, fingerprint: `d${index}`, deviceKey: deviceKey().publicJwk })));
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
    expect(lfr.usage.floating).toEqual([{
      type: 'designer', leases: 1, borrows: 1,
      days: [{ day: '2026-11-23', peak: 3, borrowed: 0 }, { day: '2026-11-24', peak: 3, borrowed: 1 }],
    }]);
  });
});
