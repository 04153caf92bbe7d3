import { days, hours, minutes } from '@airlock/core';
import { createTestAuthority } from '@airlock/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, feature, licenseTenant, meter, refusal, seat, START, type TestSite } from '../testing/site-fixtures.ts';

/**
 * docs/design.md, F1 and F2 on the site's side, against a test authority issuing real tokens and OLFs:
 * enabling, the LFR → OLF cycle, its windows, superseded requests, and seat reductions.
 */
describe('the offline licensing cycle on a site', () => {
  let test: TestSite;
  beforeEach(async () => {
    test = await createTestSite();
  });

  it('enables a tenant with a token, opens a cycle with an LFR and closes it with the OLF', async () => {
    const { site, desk, identity, clock } = test;
    expect(site.status('default')).toMatchObject({ status: 'unlicensed', enablement: null, license: null });

    const installed = await site.installToken('default', await desk.token(identity.guid));
    expect(installed).toMatchObject({ tenant: 'default', customerId: 'acme', cycleWindows: { fromFirstLfr: 7 * 86_400, fromLatestLfr: 48 * 3600 } });
    expect(site.status('default')).toMatchObject({ status: 'unlicensed', enablement: { tokenId: installed.tokenId, customerId: 'acme' } });

    const lfr = await site.generateLfr('default');
    expect(lfr).toMatchObject({ tenant: 'default', cycle: 1, sequence: 1, supersedes: null, cycleOpenedAt: START.toISOString() });
    expect(lfr.text).toMatch(/^-----BEGIN AIRLOCK LICENSE FILE REQUEST-----\n/);
    const read = await desk.read(lfr.text);
    expect(read).toMatchObject({
      jti: lfr.id,
      siteGuid: identity.guid,
      tenant: 'default',
      cycle: 1,
      sequence: 1,
      customerId: 'acme',
      installed: null,
      answers: [installed.tokenId],
      usage: { seats: [], meters: [], ledger: lfr.ledger },
    });
    expect(site.status('default')).toMatchObject({
      status: 'awaiting-olf',
      cycle: {
        status: 'awaiting-olf',
        cycle: 1,
        sequence: 1,
        latestLfrId: lfr.id,
        deadlines: {
          firstLfrAt: START.toISOString(),
          lfrExpires: { at: new Date(START.getTime() + hours(48)).toISOString(), left: hours(48) },
          locks: { at: new Date(START.getTime() + days(7)).toISOString(), left: days(7) },
          installBefore: { at: new Date(START.getTime() + hours(48)).toISOString(), left: hours(48) },
        },
      },
    });

    clock.advance(hours(3));
    const olf = await desk.answer(lfr.text, { entitlements: [seat('bot-runner', 5), meter('bot-runs', 100), feature('export')], end: '2027-11-22' });
    const license = await site.installOlf('default', olf);
    expect(license).toMatchObject({ tenant: 'default', lfrId: lfr.id, cycle: 1, start: '2026-11-23', end: '2027-11-22', replaces: null });
    expect(site.status('default')).toMatchObject({
      status: 'active',
      license: { olfId: license.olfId, answersLfr: lfr.id, endsOn: '2027-11-22', expires: { at: '2027-11-23T00:00:00.000Z' } },
      cycle: { status: 'idle', cycle: 1, deadlines: null },
      seats: [{ type: 'bot-runner', used: 0, limit: 5, users: [] }],
      meters: [{ meter: 'bot-runs', used: 0, limit: 100 }],
      features: [{ feature: 'export', granted: true }],
    });
  });

  it('reports the use and the installed license in the next LFR, with a ledger head further on', async () => {
    const { site, desk } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 5), meter('bot-runs', 100)]);
    await site.checkoutSeat('default', 'bot-runner', 'grace');
    await site.checkoutSeat('default', 'bot-runner', 'ada');
    await site.consume('default', 'bot-runs', 7);
    const first = site.status('default').license!;
    const lfr = await site.generateLfr('default');
    const read = await desk.read(lfr.text);
    expect(read).toMatchObject({
      cycle: 2,
      sequence: 1,
      installed: { olfId: first.olfId, start: first.startsOn, end: first.endsOn },
      usage: { seats: [{ type: 'bot-runner', used: 2, users: ['ada', 'grace'] }], meters: [{ type: 'bot-runs', total: 7 }] },
    });
    expect(read.answers).toEqual([expect.any(String), first.olfId]);
  });

  it('makes every earlier LFR of the cycle useless when it makes a new one', async () => {
    const { site, desk, identity, clock } = test;
    await site.installToken('default', await desk.token(identity.guid));
    const first = await site.generateLfr('default');
    clock.advance(minutes(10));
    const second = await site.generateLfr('default');
    expect(second).toMatchObject({ cycle: 1, sequence: 2, supersedes: first.id, cycleOpenedAt: first.cycleOpenedAt });
    expect(second.ledger.sequence).toBeGreaterThan(first.ledger.sequence);

    const stale = await desk.answer(first.text, { entitlements: [seat('bot-runner', 5)] });
    expect(await refusal(site.installOlf('default', stale))).toEqual({
      code: 'LFR_SUPERSEDED',
      detail: { answers: first.id, latestLfrId: second.id, cycle: 1, sequence: 2 },
    });
    expect(site.status('default')).toMatchObject({ status: 'awaiting-olf', license: null });
    const fresh = await desk.answer(second.text, { entitlements: [seat('bot-runner', 5)] });
    await site.installOlf('default', fresh);
    expect(site.status('default').status).toBe('active');
    // The cycle is closed: the same file again is a replay, another answer to that LFR has no cycle left.
    expect((await refusal(site.installOlf('default', fresh))).code).toBe('DOCUMENT_REPLAYED');
    const another = await desk.answer(second.text, { entitlements: [seat('bot-runner', 9)] });
    expect((await refusal(site.installOlf('default', another))).code).toBe('NO_OPEN_CYCLE');
    // Each refusal of an authentic file is in the usage audit.
    const refused = site
      .usage('default')
      .events.filter((entry) => entry.event.t === 'document-refused')
      .map((entry) => entry.event);
    expect(refused).toEqual([
      { t: 'document-refused', tenant: 'default', document: 'offline-license-file', documentId: expect.any(String), code: 'NO_OPEN_CYCLE', by: 'site-admin' },
      { t: 'document-refused', tenant: 'default', document: 'offline-license-file', documentId: expect.any(String), code: 'LFR_SUPERSEDED', by: 'site-admin' },
    ]);
  });

  it('refuses an OLF once the latest LFR is 48 hours old, and takes one for a regenerated LFR', async () => {
    const { site, desk, identity, clock } = test;
    await site.installToken('default', await desk.token(identity.guid));
    const lfr = await site.generateLfr('default');
    clock.advance(hours(48) - 1);
    const olf = await desk.answer(lfr.text, { entitlements: [seat('bot-runner', 1)] });
    clock.advance(1);
    expect(site.status('default')).toMatchObject({ status: 'awaiting-olf', cycle: { status: 'lfr-expired' } });
    expect((await refusal(site.installOlf('default', olf))).code).toBe('LFR_EXPIRED');
    const again = await site.generateLfr('default');
    expect(again).toMatchObject({ cycle: 1, sequence: 2 });
    await site.installOlf('default', await desk.answer(again.text, { entitlements: [seat('bot-runner', 1)] }));
    expect(site.status('default').status).toBe('active');
  });

  it('locks the tenant when 7 days pass without an OLF, and unlocks it when a new cycle completes', async () => {
    const { site, desk, clock } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 2)]);
    await site.checkoutSeat('default', 'bot-runner', 'ana');
    const lfr = await site.generateLfr('default');
    for (let day = 1; day < 7; day++) {
      clock.advance(days(1));
      await site.generateLfr('default');
    }
    const late = await desk.answer((await site.generateLfr('default')).text, { entitlements: [seat('bot-runner', 2)] });
    clock.set(new Date(START.getTime() + days(7)));
    expect(site.status('default')).toMatchObject({
      status: 'locked',
      cycle: { status: 'locked', lockedSince: new Date(START.getTime() + days(7)).toISOString() },
    });
    expect((await refusal(site.checkoutSeat('default', 'bot-runner', 'bo'))).code).toBe('CYCLE_LOCKED');
    expect((await refusal(site.installOlf('default', late))).code).toBe('CYCLE_LOCKED');
    expect(lfr.cycle).toBe(2);

    const next = await site.generateLfr('default');
    expect(next).toMatchObject({ cycle: 3, sequence: 1 });
    expect(site.status('default').status).toBe('locked');
    await site.installOlf('default', await desk.answer(next.text, { entitlements: [seat('bot-runner', 2)] }));
    expect(site.status('default')).toMatchObject({ status: 'active', cycle: { status: 'idle', cycle: 3, lockedSince: null } });
    expect(await site.checkoutSeat('default', 'bot-runner', 'bo')).toMatchObject({ assigned: true, used: 2 });
  });

  it('refuses a reduction below the seats in use, naming each type, its use, its new limit and its users', async () => {
    const { site, desk } = test;
    await licenseTenant(test, 'default', [seat('bot-runner', 3), seat('bot-creator', 2)]);
    for (const user of ['cy', 'ana', 'bo']) await site.checkoutSeat('default', 'bot-runner', user);
    await site.checkoutSeat('default', 'bot-creator', 'ana');
    const lfr = await site.generateLfr('default');
    const reduced = await desk.answer(lfr.text, { entitlements: [seat('bot-runner', 1)] });
    expect(await refusal(site.installOlf('default', reduced))).toEqual({
      code: 'SEAT_REDUCTION_BELOW_USE',
      detail: {
        violations: [
          { type: 'bot-creator', used: 1, limit: 0, users: ['ana'] },
          { type: 'bot-runner', used: 3, limit: 1, users: ['ana', 'bo', 'cy'] },
        ],
      },
    });
    expect(site.status('default')).toMatchObject({
      status: 'awaiting-olf',
      seats: [
        { type: 'bot-creator', limit: 2 },
        { type: 'bot-runner', limit: 3 },
      ],
    });

    expect(await site.deprovision('default', 'ana')).toEqual({ tenant: 'default', user: 'ana', freed: ['bot-creator', 'bot-runner'] });
    expect(await site.deprovision('default', 'cy')).toEqual({ tenant: 'default', user: 'cy', freed: ['bot-runner'] });
    await site.installOlf('default', reduced);
    expect(site.status('default')).toMatchObject({ status: 'active', seats: [{ type: 'bot-runner', used: 1, limit: 1, users: ['bo'] }] });
  });

  it('refuses tokens that are expired, for another site, from another authority, replayed, or for too old a site', async () => {
    const { site, desk, identity, clock } = test;
    const stale = await desk.token(identity.guid);
    clock.advance(hours(24));
    expect((await refusal(site.installToken('default', stale))).code).toBe('TOKEN_EXPIRED');
    expect((await refusal(site.installToken('default', await desk.token(identity.guid, { siteGuid: '00000000-0000-4000-8000-000000000000' })))).code).toBe(
      'WRONG_RECIPIENT',
    );
    const stranger = await createTestAuthority('another authority');
    expect((await refusal(site.installToken('default', await desk.token(identity.guid, { authority: stranger })))).code).toBe('KEY_CERTIFICATE_INVALID');
    expect(await refusal(site.installToken('default', await desk.token(identity.guid, { minimumSiteVersion: '41.10' })))).toEqual({
      code: 'SITE_VERSION_TOO_OLD',
      detail: { siteVersion: '41.2.0', minimumSiteVersion: '41.10' },
    });
    expect(site.status('default').enablement).toBeNull();
    const token = await desk.token(identity.guid, { minimumSiteVersion: '41.2' });
    await site.installToken('default', token);
    expect((await refusal(site.installToken('default', token))).code).toBe('DOCUMENT_REPLAYED');
  });

  it('refuses an LFR or an OLF on a tenant that is not enabled, and names an unknown tenant', async () => {
    const { site } = test;
    expect(await refusal(site.generateLfr('default'))).toEqual({ code: 'NOT_ENABLED', detail: { tenant: 'default' } });
    expect((await refusal(site.installOlf('default', 'anything'))).code).toBe('NOT_ENABLED');
    expect(await refusal(site.generateLfr('nobody'))).toEqual({ code: 'TENANT_NOT_FOUND', detail: { tenant: 'nobody' } });
    expect(await refusal(() => site.status('nobody'))).toEqual({ code: 'TENANT_NOT_FOUND', detail: { tenant: 'nobody' } });
  });

  it('takes the cycle windows of the customer policy from the token', async () => {
    const { site, desk, identity, clock } = test;
    await site.installToken('default', await desk.token(identity.guid, { cycleWindows: { fromFirstLfr: days(2), fromLatestLfr: hours(1) } }));
    await site.generateLfr('default');
    clock.advance(hours(1));
    expect(site.status('default').cycle.status).toBe('lfr-expired');
    clock.advance(days(2));
    expect(site.status('default').status).toBe('locked');
  });
});
