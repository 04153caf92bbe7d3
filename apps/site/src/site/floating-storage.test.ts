import { minutes } from '@airlock/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { leaseRequest as ask } from '../testing/floating-devices.ts';
import { createTestSite, licenseTenant, refusal, seat, type TestSite } from '../testing/site-fixtures.ts';

/**
 * Floating seats while the ledger's disk refuses writes (docs/floating.md): a lease, borrow or
 * end the ledger did not take never happened — the live state is undone by the journal, and
 * what FloatingSeats keeps in memory (each lease's end) follows it.
 */
describe('floating seats when a ledger write fails', () => {
  let test: TestSite;
  beforeEach(async () => {
    test = await createTestSite();
    await licenseTenant(test, 'default', [seat('designer', 2)]);
  });

  /** The lease ends FloatingSeats keeps in memory, by lease id: one per lease held, never one for a lease the ledger refused. */
  const endsInMemory = () => [...(test.site.floating as unknown as { readonly ends: ReadonlyMap<string, number> }).ends.keys()].sort();
  const heldIds = () =>
    test.site.floating
      .view('default')
      .leases.map((lease) => lease.leaseId)
      .sort();

  it('grants no lease and holds nothing, in the state or in memory, when the ledger refuses the write', async () => {
    const { site, store } = test;
    const held = await site.floating.lease('default', ask('ana', 'a'));
    store.failNextWrite = true;
    expect((await refusal(site.floating.lease('default', ask('bo', 'b')))).code).toBe('LEDGER_UNAVAILABLE');
    expect(heldIds()).toEqual([held.leaseId]);
    expect(endsInMemory()).toEqual([held.leaseId]);
    expect(site.floating.view('default').types).toEqual([{ type: 'designer', limit: 2, named: 0, leased: 1, borrowed: 0, used: 1 }]);
    expect((await refusal(site.floating.lease('default', ask('bo', 'b')))).code).toBe('LEDGER_UNAVAILABLE');
    store.freeSpace();
    const granted = await site.floating.lease('default', ask('bo', 'b'));
    expect(granted).toMatchObject({ used: 2, limit: 2 });
    expect(endsInMemory()).toEqual([held.leaseId, granted.leaseId].sort());
    await test.restart();
    expect(heldIds()).toEqual([held.leaseId, granted.leaseId].sort());
  });

  it('keeps the lease a device held, alive by its heartbeats, when its renewal, release or borrow is refused', async () => {
    const { site, store, clock } = test;
    // The lease is granted well after the site started: its end in memory is all that keeps it.
    clock.advance(minutes(20));
    const held = await site.floating.lease('default', ask('ana', 'a'));
    for (const refused of [
      () => site.floating.lease('default', ask('ana', 'a')),
      () => site.floating.release('default', held.leaseId),
      () => site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 1 }),
    ]) {
      store.failNextWrite = true;
      expect((await refusal(refused())).code).toBe('LEDGER_UNAVAILABLE');
      store.freeSpace();
      clock.advance(minutes(5));
      expect(heldIds()).toEqual([held.leaseId]);
      expect(endsInMemory()).toEqual([held.leaseId]);
      expect(site.floating.heartbeat('default', held.leaseId, 'still-held').leaseId).toBe(held.leaseId);
      expect(await site.floating.cull()).toBe(0);
    }
    expect(site.floating.view('default').leases).toMatchObject([{ leaseId: held.leaseId, kind: 'lease' }]);
  });

  it('takes no borrow and keeps nothing when the ledger refuses it', async () => {
    const { site, store } = test;
    store.failNextWrite = true;
    expect((await refusal(site.floating.borrow('default', { type: 'designer', user: 'ana', fingerprint: 'a', days: 2 }))).code).toBe('LEDGER_UNAVAILABLE');
    store.freeSpace();
    expect(site.floating.view('default').types).toEqual([{ type: 'designer', limit: 2, named: 0, leased: 0, borrowed: 0, used: 0 }]);
    expect(site.floating.view('default').days).toEqual([]);
    expect(endsInMemory()).toEqual([]);
  });
});
