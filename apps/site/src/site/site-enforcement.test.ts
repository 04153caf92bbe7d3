import { days, minutes } from '@airlock/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, feature, licenseTenant, meter, refusal, seat, type TestSite } from '../testing/site-fixtures.ts';

/** docs/design.md, F3 and F6: what licensed applications ask a site, and how tenants stay apart. */
describe('enforcement on a site', () => {
  let test: TestSite;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
  });

  it('refuses every licensed request before a license is installed', async () => {
    const { site } = test;
    expect(await refusal(() => site.checkFeature('default', 'export'))).toEqual({ code: 'SITE_NOT_LICENSED', detail: { tenant: 'default' } });
    expect((await refusal(site.checkoutSeat('default', 'bot-runner', 'ana'))).code).toBe('SITE_NOT_LICENSED');
    expect((await refusal(site.consume('default', 'bot-runs', 1))).code).toBe('SITE_NOT_LICENSED');
    expect(await refusal(() => site.checkFeature('green', 'export'))).toEqual({ code: 'TENANT_NOT_FOUND', detail: { tenant: 'green' } });
  });

  it('grants the features of the license and no others', async () => {
    const { site } = test;
    await licenseTenant(test, 'default', [feature('export'), feature('batch', 0)]);
    expect(site.checkFeature('default', 'export')).toEqual({ tenant: 'default', feature: 'export', granted: true });
    expect(await refusal(() => site.checkFeature('default', 'batch'))).toEqual({
      code: 'FEATURE_NOT_LICENSED',
      detail: { tenant: 'default', feature: 'batch' },
    });
    expect((await refusal(() => site.checkFeature('default', 'print'))).code).toBe('FEATURE_NOT_LICENSED');
  });

  it('assigns seats up to the limit, once per user, and frees them on release', async () => {
    const { site } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 2), meter('bot-runs', 10)]);
    expect(await site.checkoutSeat('default', 'bot-runner', 'ana')).toEqual({
      tenant: 'default',
      type: 'bot-runner',
      user: 'ana',
      assigned: true,
      used: 1,
      limit: 2,
    });
    expect(await site.checkoutSeat('default', 'bot-runner', 'ana')).toEqual({
      tenant: 'default',
      type: 'bot-runner',
      user: 'ana',
      assigned: false,
      used: 1,
      limit: 2,
    });
    await site.checkoutSeat('default', 'bot-runner', 'bo');
    expect(await refusal(site.checkoutSeat('default', 'bot-runner', 'cy'))).toEqual({
      code: 'SEAT_LIMIT_REACHED',
      detail: { tenant: 'default', type: 'bot-runner', limit: 2, used: 2 },
    });
    expect(await refusal(site.checkoutSeat('default', 'bot-runs', 'cy'))).toEqual({
      code: 'LICENSE_TYPE_NOT_LICENSED',
      detail: { tenant: 'default', type: 'bot-runs', expected: 'seat' },
    });
    expect(await site.releaseSeat('default', 'bot-runner', 'ana')).toEqual({ tenant: 'default', type: 'bot-runner', user: 'ana', released: true, used: 1 });
    expect(await site.releaseSeat('default', 'bot-runner', 'ana')).toEqual({ tenant: 'default', type: 'bot-runner', user: 'ana', released: false, used: 1 });
    expect(await site.checkoutSeat('default', 'bot-runner', 'cy')).toMatchObject({ assigned: true, used: 2 });
    expect(site.status('default').seats).toEqual([{ type: 'bot-runner', used: 2, limit: 2, users: ['bo', 'cy'] }]);
  });

  it('records consumption up to the meter limit, all or nothing', async () => {
    const { site } = test;
    await licenseTenant(test, 'default', [meter('bot-runs', 10), seat('bot-runner', 1)]);
    expect(await site.consume('default', 'bot-runs', 7)).toEqual({ tenant: 'default', meter: 'bot-runs', amount: 7, total: 7, limit: 10 });
    expect(await refusal(site.consume('default', 'bot-runs', 4))).toEqual({
      code: 'METER_LIMIT_REACHED',
      detail: { tenant: 'default', meter: 'bot-runs', used: 7, amount: 4, limit: 10 },
    });
    expect(await site.consume('default', 'bot-runs', 3)).toMatchObject({ total: 10 });
    expect((await refusal(site.consume('default', 'bot-runner', 1))).code).toBe('LICENSE_TYPE_NOT_LICENSED');
    expect(site.status('default').meters).toEqual([{ meter: 'bot-runs', used: 10, limit: 10 }]);
  });

  it('refuses licensed work from the day after the end date, and calls the license expiring soon 30 days before', async () => {
    const { site, desk, identity, clock } = test;
    await site.installToken('default', await desk.token(identity.guid));
    const lfr = await site.generateLfr('default');
    await site.installOlf('default', await desk.answer(lfr.text, { entitlements: [feature('export')], end: '2026-12-31' }));
    expect(site.status('default').status).toBe('active');
    clock.set(new Date('2026-12-01T23:59:59.999Z'));
    expect(site.status('default').status).toBe('active');
    clock.set(new Date('2026-12-02T00:00:00Z'));
    expect(site.status('default').status).toBe('expiring-soon');
    clock.set(new Date('2026-12-31T23:59:59.999Z'));
    expect(site.checkFeature('default', 'export').granted).toBe(true);
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(await refusal(() => site.checkFeature('default', 'export'))).toEqual({
      code: 'LICENSE_EXPIRED',
      detail: { tenant: 'default', endsOn: '2026-12-31', now: '2027-01-01T00:00:00.000Z' },
    });
    expect(site.status('default')).toMatchObject({ status: 'expired', license: { expires: { left: 0 } } });
  });

  it('refuses licensed work and changes when the clock is set back past the tolerance, and takes it back once the clock is right', async () => {
    const { site, clock } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 3), feature('export')]);
    await site.checkoutSeat('default', 'bot-runner', 'ana');
    clock.advance(-minutes(5));
    expect(site.checkFeature('default', 'export').granted).toBe(true);
    clock.advance(-1);
    const refused = await refusal(site.checkoutSeat('default', 'bot-runner', 'bo'));
    expect(refused.code).toBe('CLOCK_ROLLED_BACK');
    expect((await refusal(() => site.checkFeature('default', 'export'))).code).toBe('CLOCK_ROLLED_BACK');
    expect((await refusal(site.generateLfr('default'))).code).toBe('CLOCK_ROLLED_BACK');
    expect((await refusal(site.deprovision('default', 'ana'))).code).toBe('CLOCK_ROLLED_BACK');
    expect(site.status('default')).toMatchObject({ status: 'tampered', tampered: { code: 'CLOCK_ROLLED_BACK' } });
    clock.advance(minutes(5) + 1);
    expect(await site.checkoutSeat('default', 'bot-runner', 'bo')).toMatchObject({ assigned: true });
    expect(site.status('default').status).toBe('active');
  });

  it('remembers the latest time it answered at, not only what its ledger recorded', async () => {
    const { site, clock } = test;
    await licenseTenant(test, 'default', [feature('export')]);
    clock.advance(days(2));
    expect(site.checkFeature('default', 'export').granted).toBe(true);
    clock.advance(-days(1));
    expect((await refusal(() => site.checkFeature('default', 'export'))).code).toBe('CLOCK_ROLLED_BACK');
  });

  it('keeps tenants apart: their own license, seats, meters and cycle', async () => {
    const { site, clock } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 1), meter('bot-runs', 5)]);
    await licenseTenant(test, 'blue', [seat('bot-runner', 2), meter('bot-runs', 50)]);
    await site.checkoutSeat('default', 'bot-runner', 'ana');
    expect((await refusal(site.checkoutSeat('default', 'bot-runner', 'bo'))).code).toBe('SEAT_LIMIT_REACHED');
    expect(await site.checkoutSeat('blue', 'bot-runner', 'ana')).toMatchObject({ assigned: true, used: 1, limit: 2 });
    expect(await site.checkoutSeat('blue', 'bot-runner', 'bo')).toMatchObject({ assigned: true, used: 2, limit: 2 });
    await site.consume('default', 'bot-runs', 5);
    expect(await site.consume('blue', 'bot-runs', 40)).toMatchObject({ total: 40, limit: 50 });

    // A lapsed cycle locks its own tenant only.
    await site.generateLfr('blue');
    clock.advance(days(7));
    expect(site.status('blue').status).toBe('locked');
    expect(site.status('default').status).toBe('active');
    expect((await refusal(site.checkoutSeat('blue', 'bot-runner', 'cy'))).code).toBe('CYCLE_LOCKED');
    expect(await site.releaseSeat('default', 'bot-runner', 'ana')).toMatchObject({ released: true });
    expect(await site.checkoutSeat('default', 'bot-runner', 'cy')).toMatchObject({ assigned: true });
    expect(site.tenants()).toEqual([
      { tenant: 'default', registrationKey: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/), status: 'active' },
      { tenant: 'blue', registrationKey: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/), status: 'locked' },
    ]);
    expect(site.tenants()[0]!.registrationKey).not.toBe(site.tenants()[1]!.registrationKey);
  });

  it('reassigns a seat from one user to another, and refuses what cannot be moved', async () => {
    const { site } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 2)]);
    await site.checkoutSeat('default', 'bot-runner', 'ana');
    await site.checkoutSeat('default', 'bot-runner', 'bo');
    expect(await site.reassign('default', 'bot-runner', 'ana', 'cy')).toEqual({ tenant: 'default', type: 'bot-runner', from: 'ana', to: 'cy' });
    expect(site.status('default').seats).toEqual([{ type: 'bot-runner', used: 2, limit: 2, users: ['bo', 'cy'] }]);
    expect(await refusal(site.reassign('default', 'bot-runner', 'ana', 'dee'))).toEqual({
      code: 'SEAT_NOT_HELD',
      detail: { tenant: 'default', type: 'bot-runner', user: 'ana' },
    });
    expect((await refusal(site.reassign('default', 'bot-runner', 'bo', 'cy'))).code).toBe('CONFLICT');
    expect(await site.deprovision('default', 'nobody')).toEqual({ tenant: 'default', user: 'nobody', freed: [] });
  });

  it('adds a tenant with a Registration Key of its own, once', async () => {
    const { site } = test;
    const added = await site.addTenant('green');
    expect(added).toMatchObject({ tenant: 'green', status: 'unlicensed' });
    expect((await refusal(site.addTenant('green'))).code).toBe('CONFLICT');
    expect(site.status('green')).toMatchObject({ tenant: 'green', registrationKey: added.registrationKey, status: 'unlicensed' });
  });

  it('lists who holds each seat since when, and the latest events, in the usage audit', async () => {
    const { site, clock } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 2), meter('bot-runs', 10)]);
    const assignedAt = clock.now().toISOString();
    await site.checkoutSeat('default', 'bot-runner', 'ana');
    clock.advance(minutes(1));
    await site.consume('default', 'bot-runs', 2);
    await site.deprovision('default', 'nobody');
    const usage = site.usage('default', { events: 3 });
    expect(usage).toMatchObject({
      tenant: 'default',
      seats: [{ type: 'bot-runner', used: 1, limit: 2, users: [{ user: 'ana', since: assignedAt }] }],
      meters: [{ meter: 'bot-runs', used: 2, limit: 10 }],
    });
    expect(usage.events.map((entry) => entry.event.t)).toEqual(['seat-assigned', 'olf-installed', 'lfr-generated']);
    expect(usage.ledger.sequence).toBe(usage.events[0]!.sequence + 1);
    expect(site.usage('default', { events: 0 }).events).toEqual([]);
  });
});
