import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { days, hours, type SiteLicensing } from '@airlock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, meter, refusal, seat, START, type TestSite } from '../testing/site-fixtures.ts';
import { StubAuthority } from '../testing/stub-authority.ts';
import { item, TestActivationDesk } from '../testing/activated-license-testing.ts';

/**
 * Connected mode on the site (docs/connected.md): the link carries the offline cycle's LFR and
 * OLF over HTTP to a stub authority that opens the real exchange requests and answers with real
 * OLFs. The site's clock is the test's; the link's waits (retryAfter, back-off) run on a real
 * time the test moves too, so nothing here sleeps.
 */
const CONNECTED: SiteLicensing = { files: true, connected: true, approval: 'automatic', exchangeInterval: 86_400, connectedMinimumSiteVersion: null };
const ENTITLEMENTS = [seat('bot-runner', 5), meter('bot-runs', 100)];

describe('the link of a connected tenant', () => {
  let test: TestSite;
  let stub: StubAuthority;
  let real = 0;
  beforeEach(async () => {
    real = 0;
    test = await createTestSite({ link: { tick: 0, realNow: () => real } });
    stub = await StubAuthority.start(test.desk);
    stub.behave({ kind: 'answer', entitlements: ENTITLEMENTS });
  });
  afterEach(async () => {
    await test.site.close();
    await stub.close();
  });

  const connect = async (siteLicensing: SiteLicensing = CONNECTED) => {
    const token = await test.desk.token(test.identity.guid, { siteLicensing });
    return test.site.setLicensingMode('default', { mode: 'connected', authorityUrl: stub.url, token });
  };
  const lfrEvents = () => test.site.usage('default', { events: 500 }).events.filter((entry) => entry.event.t === 'lfr-generated');

  it('licenses a tenant switched to connected mode at once, and renews its license on schedule with no file carried', async () => {
    const { site, clock } = test;
    const switched = await connect();
    expect(switched).toMatchObject({
      tenant: 'default',
      mode: 'connected',
      authorityUrl: stub.url,
      lfr: null,
      link: { mode: 'connected', authorityUrl: stub.url },
    });
    // The exchange started by the switch is under way: exchangeNow joins it, and sends nothing more.
    const status = await site.link.exchangeNow('default');
    expect(stub.seen).toEqual([{ submitted: true, lfrId: expect.any(String), tenant: 'default' }]);
    expect(status).toEqual({
      mode: 'connected',
      authorityUrl: stub.url,
      state: 'connected',
      lastExchangeAt: START.toISOString(),
      lastAnswerAt: START.toISOString(),
      pending: null,
      linkLostSince: null,
      lastError: null,
      nextExchangeAt: new Date(START.getTime() + days(1)).toISOString(),
      olfDueBy: '2027-11-24T00:00:00.000Z',
      summary: 'connected, last exchange 2026-11-23 10:00 UTC',
    });
    const first = site.status('default');
    expect(first).toMatchObject({ status: 'active', license: { answersLfr: stub.seen[0]!.lfrId }, seats: [{ type: 'bot-runner', limit: 5 }], link: status });
    expect(site.usage('default').events[0]).toMatchObject({ event: { t: 'link-exchanged', outcome: 'answered', olfId: first.license!.olfId } });
    expect(site.usage('default').events[1]).toMatchObject({ event: { t: 'olf-installed', by: 'link' } });

    // Nothing is due before the interval.
    clock.advance(hours(23));
    await site.link.tick();
    expect(stub.seen).toHaveLength(1);

    clock.advance(hours(1));
    await site.checkoutSeat('default', 'bot-runner', 'ada');
    await site.link.tick();
    expect(stub.seen).toHaveLength(2);
    const read = await test.desk.read(stub.lfrs.get(stub.seen[1]!.lfrId)!);
    expect(read).toMatchObject({
      cycle: 2,
      sequence: 1,
      installed: { olfId: first.license!.olfId },
      usage: { seats: [{ type: 'bot-runner', users: ['ada'] }] },
    });
    expect(site.status('default')).toMatchObject({
      status: 'active',
      license: { answersLfr: stub.seen[1]!.lfrId, cycle: 2 },
      link: { state: 'connected', lastAnswerAt: clock.now().toISOString() },
    });
  });

  it('waits for an answer awaiting approval, asks again after retryAfter with the same LFR, and installs the OLF it gets; a restart keeps the wait', async () => {
    const { site } = test;
    stub.behave({ kind: 'pending', retryAfter: 60, then: ENTITLEMENTS });
    await connect();
    const waiting = await site.link.exchangeNow('default');
    const lfrId = stub.seen[0]!.lfrId;
    expect(waiting).toMatchObject({
      state: 'waiting',
      pending: { lfrId, reason: 'approval' },
      lastAnswerAt: null,
      summary: expect.stringMatching(/^waiting for the authority \(approval\), last exchange 2026-11-23 10:00 UTC, OLF due by 2026-11-30 10:00 UTC$/),
    });
    expect(site.status('default')).toMatchObject({ status: 'awaiting-olf', cycle: { latestLfrId: lfrId } });

    // Not before retryAfter (real time), then once, with the same LFR.
    real += 59_000;
    await site.link.tick();
    expect(stub.seen).toHaveLength(1);
    await test.restart();
    expect(test.site.link.status('default')).toMatchObject({ state: 'waiting', pending: { lfrId, reason: 'approval' }, lastExchangeAt: START.toISOString() });
    const recorded = test.site.usage('default', { events: 500 }).events.filter((entry) => entry.event.t === 'link-exchanged');
    expect(recorded).toHaveLength(1);

    real += 1_000;
    await test.site.link.tick();
    expect(stub.seen.slice(1)).toEqual([{ submitted: false, lfrId, tenant: 'default' }]);
    expect(test.site.status('default')).toMatchObject({ status: 'active', license: { answersLfr: lfrId }, link: { state: 'connected', pending: null } });
    expect(lfrEvents()).toHaveLength(1);
  });

  it('keeps licensing while the link is lost, locks at the cycle window as offline, and unlocks with the answer once the link is back', async () => {
    const { site, clock } = test;
    await connect();
    await site.link.exchangeNow('default');
    await site.checkoutSeat('default', 'bot-runner', 'ada');

    const told: string[] = [];
    site.link.onStateChange((tenant, status) => told.push(`${tenant} ${status.state}`));
    stub.behave({ kind: 'down' });
    clock.advance(days(1));
    await site.link.tick();
    expect(told).toEqual(['default link-lost']);
    const lostAt = clock.now().toISOString();
    expect(site.link.status('default')).toMatchObject({
      state: 'link-lost',
      linkLostSince: lostAt,
      lastError: expect.stringMatching(/cannot be reached/),
      olfDueBy: new Date(clock.now().getTime() + days(7)).toISOString(),
      summary: `link lost since ${lostAt.slice(0, 16).replace('T', ' ')} UTC, OLF due by ${new Date(clock.now().getTime() + days(7)).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    });
    expect(await refusal(site.link.exchangeNow('default'))).toMatchObject({
      code: 'AUTHORITY_UNREACHABLE',
      detail: { state: 'link-lost', linkLostSince: lostAt },
    });
    expect(stub.seen).toHaveLength(3);
    const sent = stub.seen.at(-1)!.lfrId;
    expect(stub.seen[1]!.lfrId).toBe(sent);

    // Backing off (real time): nothing before 10 s after the second failure, then the same LFR again.
    await site.checkoutSeat('default', 'bot-runner', 'grace');
    real += 9_000;
    await site.link.tick();
    expect(stub.seen).toHaveLength(3);
    real += 1_000;
    await site.link.tick();
    expect(stub.seen.map((seen) => seen.lfrId)).toEqual([expect.any(String), sent, sent, sent]);
    expect(lfrEvents()).toHaveLength(2);

    // The window from the latest LFR ending, a new LFR supersedes it; the cycle's lock comes as offline.
    clock.advance(hours(37));
    real += 60_000;
    await site.link.tick();
    expect(lfrEvents()).toHaveLength(3);
    expect(site.link.status('default')).toMatchObject({ state: 'link-lost', linkLostSince: lostAt });
    clock.set(new Date(Date.parse(lostAt) + days(7)));
    expect(await refusal(site.checkoutSeat('default', 'bot-runner', 'lin'))).toMatchObject({ code: 'CYCLE_LOCKED' });
    expect(site.status('default')).toMatchObject({ status: 'locked' });

    stub.behave({ kind: 'answer', entitlements: ENTITLEMENTS });
    real += 15 * 60_000;
    await site.link.tick();
    expect(site.status('default')).toMatchObject({
      status: 'active',
      cycle: { status: 'idle', cycle: 3 },
      link: { state: 'connected', linkLostSince: null, lastError: null },
    });
    expect(told).toEqual(['default link-lost', 'default connected']);
    expect(await site.checkoutSeat('default', 'bot-runner', 'lin')).toMatchObject({ assigned: true, used: 3 });
  });

  it('takes a problem as a refusal, not a lost link, and tries again at the next interval; garbage is a lost link', async () => {
    const { site, clock } = test;
    await connect();
    await site.link.exchangeNow('default');
    stub.behave({ kind: 'problem', status: 409, code: 'LEDGER_ROLLED_BACK' });
    clock.advance(days(1));
    await site.link.tick();
    expect(site.link.status('default')).toMatchObject({
      state: 'connected',
      linkLostSince: null,
      lastError: expect.stringMatching(/^the authority refused the exchange: LEDGER_ROLLED_BACK/),
      nextExchangeAt: new Date(clock.now().getTime() + days(1)).toISOString(),
    });
    expect(site.usage('default').events[0]).toMatchObject({ event: { t: 'link-exchanged', outcome: 'refused', code: 'LEDGER_ROLLED_BACK' } });
    real += 60 * 60_000;
    await site.link.tick();
    expect(stub.seen).toHaveLength(2);

    stub.behave({ kind: 'garbage' });
    clock.advance(days(1));
    await site.link.tick();
    expect(stub.seen).toHaveLength(3);
    expect(site.link.status('default')).toMatchObject({ state: 'link-lost', lastError: 'the authority gave no usable answer: HTTP 200' });
  });

  it('stops waiting when the OLF it awaited came by hand, and makes no new LFR before its time', async () => {
    const { site } = test;
    stub.behave({ kind: 'pending', retryAfter: 60, then: ENTITLEMENTS });
    await connect();
    await site.link.exchangeNow('default');
    const lfrId = stub.seen[0]!.lfrId;
    await site.installOlf('default', await test.desk.answer(stub.lfrs.get(lfrId)!, { entitlements: ENTITLEMENTS }));
    real += 60_000;
    await site.link.tick();
    expect(stub.seen).toHaveLength(1);
    expect(site.link.status('default')).toMatchObject({ state: 'connected', pending: null });
    expect(lfrEvents()).toHaveLength(1);
  });

  it("answers the site's own refusal when it cannot make its request, and sends nothing", async () => {
    const { site, clock } = test;
    await connect();
    await site.link.exchangeNow('default');
    clock.advance(-days(1));
    expect(await refusal(site.link.exchangeNow('default'))).toMatchObject({ code: 'CLOCK_ROLLED_BACK' });
    expect(stub.seen).toHaveLength(1);
    expect(site.link.status('default')).toMatchObject({
      state: 'connected',
      linkLostSince: null,
      lastError: expect.stringMatching(/^the LFR could not be made: CLOCK_ROLLED_BACK/),
    });
  });

  it("does not hold the site's shutdown for an authority that does not answer", async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const token = await test.desk.token(test.identity.guid, { siteLicensing: CONNECTED });
      await test.site.setLicensingMode('default', { mode: 'connected', authorityUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, token });
      // The exchange the switch started waits on the silent authority (30 s at most): closing abandons it.
      const closing = test.site.close();
      await expect(Promise.race([closing.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))])).resolves.toBe(
        'closed',
      );
      // Opened again, for afterEach to close.
      await test.restart();
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('makes a new LFR at once when the OLF it got is refused for a reason a new LFR cures', async () => {
    const { site, clock } = test;
    stub.behave({ kind: 'pending', retryAfter: 1, then: ENTITLEMENTS });
    await connect();
    await site.link.exchangeNow('default');
    // The answer comes after the LFR's window: installing its OLF is refused, and a new LFR goes at the next tick.
    clock.advance(hours(49));
    stub.behave({ kind: 'answer', entitlements: ENTITLEMENTS });
    real += 1_000;
    await site.link.tick();
    expect(lfrEvents()).toHaveLength(2);
    expect(site.status('default')).toMatchObject({ status: 'active', link: { state: 'connected' } });
  });
});

describe('moving a tenant between files and connected mode', () => {
  let test: TestSite;
  let stub: StubAuthority;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['blue'] });
    stub = await StubAuthority.start(test.desk);
    stub.behave({ kind: 'answer', entitlements: ENTITLEMENTS });
  });
  afterEach(async () => {
    await test.site.close();
    await stub.close();
  });

  it('moves a tenant off its activated license: its LFRs name the license they replace, and its seat holders and meter totals stay', async () => {
    const { site, clock } = test;
    const rk = site.tenants()[0]!.registrationKey;
    const activation = await new TestActivationDesk(test.desk.authority, clock).activate(rk, [item('bot-runner', 3), item('bot-runs', 50)]);
    await site.installActivatedLicense(activation.text);
    await site.checkoutSeat('blue', 'bot-runner', 'ada');
    await site.consume('blue', 'bot-runs', 7);

    const token = await test.desk.token(test.identity.guid, { siteLicensing: CONNECTED });
    await site.setLicensingMode('blue', { mode: 'connected', authorityUrl: `${stub.url}/`, token });
    await site.link.exchangeNow('blue');
    const lfr = await test.desk.read(stub.lfrs.get(stub.seen[0]!.lfrId)!);
    expect(lfr.replaces).toEqual({ kind: 'activated-license', licenseId: activation.claims.jti, revision: 1, registrationKey: rk });
    expect(lfr.usage).toMatchObject({ seats: [{ type: 'bot-runner', users: ['ada'] }], meters: [{ type: 'bot-runs', total: 7 }] });
    expect(site.status('blue')).toMatchObject({
      status: 'active',
      activatedLicense: null,
      license: { answersLfr: lfr.jti },
      seats: [{ type: 'bot-runner', used: 1, limit: 5, users: ['ada'] }],
      meters: [{ meter: 'bot-runs', used: 7, limit: 100 }],
      link: { mode: 'connected', authorityUrl: stub.url, state: 'connected' },
    });
    // Licensed by the cycle now: the next LFR replaces nothing.
    clock.advance(days(1));
    await site.link.tick();
    expect((await test.desk.read(stub.lfrs.get(stub.seen[1]!.lfrId)!)).replaces).toBeUndefined();
  });

  it('gives the first LFR to carry by hand when a tenant with no OLF moves to files, and none when it has one', async () => {
    const { site } = test;
    const rk = site.tenants()[0]!.registrationKey;
    await site.installActivatedLicense((await new TestActivationDesk(test.desk.authority, test.clock).activate(rk, [item('bot-runner', 3)])).text);
    const moved = await site.setLicensingMode('blue', { mode: 'files', token: await test.desk.token(test.identity.guid) });
    expect(moved).toMatchObject({
      tenant: 'blue',
      mode: 'files',
      authorityUrl: null,
      lfr: { tenant: 'blue', cycle: 1, replaces: { kind: 'activated-license', registrationKey: rk } },
      link: { state: 'files', summary: expect.stringMatching(/^files/) },
    });
    await site.installOlf('blue', await test.desk.answer(moved.lfr!.text, { entitlements: ENTITLEMENTS }));
    expect((await site.setLicensingMode('blue', { mode: 'files' })).lfr).toBeNull();
  });

  it('keeps the authority URL across a move to files and back', async () => {
    const { site } = test;
    await site.setLicensingMode('blue', {
      mode: 'connected',
      authorityUrl: stub.url,
      token: await test.desk.token(test.identity.guid, { siteLicensing: CONNECTED }),
    });
    await site.link.exchangeNow('blue');
    expect(await site.setLicensingMode('blue', { mode: 'files' })).toMatchObject({ mode: 'files', authorityUrl: stub.url, lfr: null });
    expect(await refusal(site.link.exchangeNow('blue'))).toMatchObject({ code: 'NOT_CONNECTED' });
    expect(await site.setLicensingMode('blue', { mode: 'connected' })).toMatchObject({ mode: 'connected', authorityUrl: stub.url });
    await test.restart();
    expect(test.site.status('blue').link).toMatchObject({ mode: 'connected', authorityUrl: stub.url, lastExchangeAt: START.toISOString() });
  });

  it('refuses what the token or the site version does not allow, and bad input, changing nothing', async () => {
    const { site, desk, identity } = test;
    const sequence = () => site.info().ledger.sequence;
    expect(await refusal(site.setLicensingMode('blue', { mode: 'connected', authorityUrl: stub.url }))).toMatchObject({ code: 'NOT_ENABLED' });
    await site.installToken('blue', await desk.token(identity.guid));
    const before = sequence();
    // A token of an authority older than connected mode allows files only.
    expect(await refusal(site.setLicensingMode('blue', { mode: 'connected', authorityUrl: stub.url }))).toMatchObject({ code: 'CONNECTED_MODE_NOT_ALLOWED' });
    await site.installToken('blue', await desk.token(identity.guid, { siteLicensing: { ...CONNECTED, connectedMinimumSiteVersion: '41.10' } }));
    expect(await refusal(site.setLicensingMode('blue', { mode: 'connected', authorityUrl: stub.url }))).toEqual({
      code: 'SITE_VERSION_TOO_OLD',
      detail: { required: '41.10', found: '41.2.0', mode: 'connected' },
    });
    expect(site.status('blue').licensing).toEqual({
      siteVersion: '41.2.0',
      files: true,
      connected: true,
      connectedVersionOk: false,
      connectedMinimumSiteVersion: '41.10',
      approval: 'automatic',
      exchangeInterval: 86_400,
    });
    await site.installToken('blue', await desk.token(identity.guid, { siteLicensing: CONNECTED }));
    const installed = sequence();
    expect(installed).toBe(before + 2);
    for (const authorityUrl of ['ftp://licensing.example.com', 'not a url', 'https://user:pw@licensing.example.com', 'https://licensing.example.com/?a=1']) {
      expect(await refusal(site.setLicensingMode('blue', { mode: 'connected', authorityUrl }))).toMatchObject({
        code: 'REQUEST_INVALID',
        detail: { field: 'authorityUrl' },
      });
    }
    expect(await refusal(site.setLicensingMode('blue', { mode: 'connected' }))).toMatchObject({ code: 'REQUEST_INVALID', detail: { field: 'authorityUrl' } });
    expect(sequence()).toBe(installed);

    // Connected only: no move to files, no LFR by hand; the link still makes its own.
    await site.installToken('blue', await desk.token(identity.guid, { siteLicensing: { ...CONNECTED, files: false } }));
    expect(await refusal(site.setLicensingMode('blue', { mode: 'files' }))).toMatchObject({ code: 'CONNECTED_MODE_REQUIRED' });
    expect(await refusal(site.generateLfr('blue'))).toMatchObject({ code: 'CONNECTED_MODE_REQUIRED' });
    expect(site.status('blue')).toMatchObject({ cycle: { cycle: 0 }, link: { state: 'files' } });
    await site.setLicensingMode('blue', { mode: 'connected', authorityUrl: stub.url });
    expect(await site.link.exchangeNow('blue')).toMatchObject({ state: 'connected' });
  });
});
