import { minutes } from '@airlock/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, feature, licenseTenant, meter, refusal, seat, type TestSite } from '../testing/site-fixtures.ts';

/** The site's state is its ledger's events: rebuilt at every start, durable before it is acknowledged. */
describe('the site and its ledger', () => {
  let test: TestSite;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'], checkpointEvery: 5 });
  });

  async function busyTenant(): Promise<void> {
    await licenseTenant(test, 'default', [seat('bot-runner', 3), meter('bot-runs', 100), feature('export')]);
    await test.site.checkoutSeat('default', 'bot-runner', 'ana');
    await test.site.checkoutSeat('default', 'bot-runner', 'bo');
    await test.site.releaseSeat('default', 'bot-runner', 'ana');
    await test.site.consume('default', 'bot-runs', 12);
    await test.site.generateLfr('default');
  }

  it('rebuilds exactly the same state after a restart, from a checkpoint and the records after it', async () => {
    await busyTenant();
    const before = { status: test.site.status('default'), usage: test.site.usage('default'), info: test.site.info() };
    await test.restart();
    expect(test.store.checkpoints.length).toBeGreaterThan(1);
    expect({ status: test.site.status('default'), usage: test.site.usage('default'), info: test.site.info() }).toEqual(before);
  });

  it('rebuilds the same state from the records alone, without any checkpoint', async () => {
    await busyTenant();
    const before = { status: test.site.status('default'), usage: test.site.usage('default') };
    await test.site.close();
    test.store.checkpoints = [];
    await test.restart();
    expect({ status: test.site.status('default'), usage: test.site.usage('default') }).toEqual(before);
  });

  it('stamps records no earlier than the one before while the clock is a little behind, and rebuilds the same audit', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 3)]);
    test.clock.advance(-minutes(4));
    await test.site.checkoutSeat('default', 'bot-runner', 'ana');
    await test.site.deprovision('default', 'ana');
    const stamps = test.store.records.map((record) => record.at);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const before = test.site.usage('default');
    await test.restart();
    expect(test.site.usage('default')).toEqual({ ...before, now: test.clock.now().toISOString() });
  });

  it('gives no more seats than there are to many check-outs at once, and each user one seat', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 5)]);
    await test.site.checkoutSeat('default', 'bot-runner', 'holder');
    const users = Array.from({ length: 60 }, (_, i) => `user-${i % 30}`);
    const outcomes = await Promise.allSettled(users.map((user) => test.site.checkoutSeat('default', 'bot-runner', user)));
    const granted = outcomes.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value);
    const refused = outcomes
      .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
      .map((outcome) => (outcome.reason as { code: string }).code);
    const holders = new Set(granted.map((checkout) => checkout.user));
    expect(holders.size).toBe(4);
    expect(granted.filter((checkout) => checkout.assigned)).toHaveLength(4);
    expect(new Set(refused)).toEqual(new Set(['SEAT_LIMIT_REACHED']));
    expect(granted.length + refused.length).toBe(60);
    expect(test.site.status('default').seats).toEqual([{ type: 'bot-runner', used: 5, limit: 5, users: ['holder', ...[...holders].sort()] }]);
    await test.restart();
    expect(test.site.status('default').seats[0]!.used).toBe(5);
  });

  it('undoes what a failed write would have changed, refuses writes until restarted, and loses nothing acknowledged', async () => {
    await licenseTenant(test, 'default', [seat('bot-runner', 3), feature('export')]);
    await test.site.checkoutSeat('default', 'bot-runner', 'ana');
    test.store.failNextWrite = true;
    // The third request reads bo's seat before the write fails: it must not be told bo holds one.
    const outcomes = await Promise.allSettled([
      test.site.checkoutSeat('default', 'bot-runner', 'bo'),
      test.site.checkoutSeat('default', 'bot-runner', 'cy'),
      test.site.checkoutSeat('default', 'bot-runner', 'bo'),
    ]);
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as { code: string }).code)).toEqual([
      'LEDGER_UNAVAILABLE',
      'LEDGER_UNAVAILABLE',
      'LEDGER_UNAVAILABLE',
    ]);
    expect(test.site.status('default').seats).toEqual([{ type: 'bot-runner', used: 1, limit: 3, users: ['ana'] }]);
    expect((await refusal(test.site.checkoutSeat('default', 'bot-runner', 'dee'))).code).toBe('LEDGER_UNAVAILABLE');
    expect(test.site.ready()).toEqual({ ok: false, code: 'LEDGER_UNAVAILABLE' });
    expect(test.site.checkFeature('default', 'export').granted).toBe(true);
    expect(await test.site.checkoutSeat('default', 'bot-runner', 'ana')).toMatchObject({ assigned: false, used: 1 });
    await test.restart();
    expect(test.site.status('default').seats).toEqual([{ type: 'bot-runner', used: 1, limit: 3, users: ['ana'] }]);
    expect(await test.site.checkoutSeat('default', 'bot-runner', 'bo')).toMatchObject({ assigned: true });
  });

  it('refuses licensed work and every change on a ledger that failed verification, and says so in the status', async () => {
    await busyTenant();
    test.store.problem = { code: 'LEDGER_TAMPERED', detail: { sequence: 4, reason: 'the chain hash does not match' } };
    await test.restart();
    const tampered = { code: 'LEDGER_TAMPERED', detail: { sequence: 4, reason: 'the chain hash does not match' } };
    expect(await refusal(() => test.site.checkFeature('default', 'export'))).toEqual(tampered);
    expect(await refusal(test.site.checkoutSeat('default', 'bot-runner', 'bo'))).toEqual(tampered);
    expect(await refusal(test.site.consume('default', 'bot-runs', 1))).toEqual(tampered);
    expect(await refusal(test.site.generateLfr('default'))).toEqual(tampered);
    expect(await refusal(test.site.deprovision('default', 'bo'))).toEqual(tampered);
    expect(test.site.status('default')).toMatchObject({ status: 'tampered', tampered });
    expect(test.site.info().ledger.problem).toEqual(tampered);
  });

  it('refuses in the same way a ledger put back from an older copy', async () => {
    await busyTenant();
    const problem = {
      code: 'LEDGER_ROLLED_BACK',
      detail: { witnessed: { sequence: 20, hash: 'a'.repeat(64) }, found: { sequence: 12, hash: 'b'.repeat(64) } },
    } as const;
    test.store.problem = problem;
    await test.restart();
    expect(await refusal(test.site.checkoutSeat('default', 'bot-runner', 'bo'))).toEqual({ code: problem.code, detail: problem.detail });
    expect(test.site.status('blue').status).toBe('tampered');
  });
});
